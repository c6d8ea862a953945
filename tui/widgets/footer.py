"""The row of keys at the foot of every section, drawn by one widget.

Textual's Footer makes a widget for every key shown (FooterKey) and makes them all again whenever
focus moves: about 40% of a section's widgets, each one mounted, styled and laid out, a third of
what a section cost to start. This footer keeps the keys as plain records and draws the row as one
line, exactly as Textual 8.2.8's compact Footer draws it (each key styled by a FooterKey that is
never mounted: the same stylesheet rules, so themes and the user's CSS apply as before). A
change of keys redraws one line and lays nothing out. Clicks, hover and tooltips act on the key
under the pointer, as they did on each FooterKey.

While a dialog covers the section, the app turns its workbook keys off (see
StratbookApp.check_action) and Textual tells the covered footer: it would show them greyed and
then restore them. A covered footer waits; the screen asks again when it is back on top.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual._border import get_box
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Kept longest as the footer narrows: help first (it lists every key), then quit, save, undo.
#: A section's own keys go before these, the later ones first.
KEEP_LONGEST = ("help", "quit", "save", "undo")
DRAWN_KEPT = 16
"""Lines of keys kept drawn: a section's views and focus stops each show their own keys."""


@dataclass(frozen=True, slots=True)
class ShownKey:
    """A key the footer shows, and where (`x`, `width`: cells from the footer's left edge)."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool = False
    tooltip: str = ""
    palette: bool = False
    """The command palette's key, drawn at the right edge after a bar."""
    x: int = 0
    width: int = 0

    @property
    def label(self) -> str:
        """What the key shows: "^s Save"."""
        return f"{self.key_display} {self.description}" if self.description else self.key_display

    @property
    def right(self) -> int:
        return self.x + self.width


class SteadyFooter(Footer):
    """The footer's keys, drawn as one line; changed only when the keys shown change."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keys: list[ShownKey] = []
        """The keys shown, left to right, the palette's last."""
        self.changes = 0
        """How many times the keys shown changed (each redraws the line)."""
        self._hovered: ShownKey | None = None
        self._offered: tuple[list[ShownKey], list[ShownKey]] | None = None
        """The keys the screen offered when last on top, before placing (the ones kept, the palette's)."""
        self._drawers: dict[tuple[bool, bool, bool], FooterKey] = {}
        """FooterKeys never mounted that style each kind of key: (palette, disabled, hovered)."""
        self._drawn: LRUCache[tuple, Strip] = LRUCache(DRAWN_KEPT)
        """The lines drawn, by what each was drawn from (the keys, the one hovered, the width):
        every frame that covers the footer asked for its line again, and styling each key anew
        cost 2-3 ms of every whole-screen frame (a section switched to, a dialog closed, a view
        switched and back)."""

    def compose(self) -> ComposeResult:
        return iter(())  # no key widgets: the keys are drawn by render_line

    # -- which keys ----------------------------------------------------------------
    def wanted_keys(self) -> list[ShownKey]:
        """The keys the screen's bindings offer, placed as they fit the terminal's width: on a
        narrow terminal the least needed go first (keys wider than the footer printed stray
        letters after the palette's key). As Textual 8.2.8's Footer.compose: one key per action
        (the first bound), the palette's key at the end."""
        if not self._bindings_ready:
            return []
        app = self.app
        active_bindings = self.screen.active_bindings
        by_action: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in active_bindings.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = ShownKey(binding.key, app.get_key_display(binding), binding.description,
                                                     binding.action, not enabled, tooltip or "")
        listed = list(by_action.values())
        palette: list[ShownKey] = []
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette.append(ShownKey(binding.key, app.get_key_display(binding), binding.description,
                                        binding.action, not enabled, binding.tooltip or binding.description,
                                        palette=True))
        self._offered = (listed, palette)
        return self._placed(listed, palette)

    def _placed(self, listed: list[ShownKey], palette: list[ShownKey]) -> list[ShownKey]:
        """The keys offered, placed as they fit the terminal's width (see `wanted_keys`)."""
        app = self.app
        width = app.size.width - 1
        room = width - sum(_width(k) + 2 for k in palette)
        if palette and room < 40:
            palette = [replace(palette[0], description="")]  # "^p" alone still opens the palette
            room = width - sum(_width(k) + 2 for k in palette)
        ranked = sorted(range(len(listed)), key=lambda i: _rank(listed[i], i))
        kept: set[int] = set()
        used = 0
        for index in ranked:
            need = _width(listed[index]) + 1
            if used + need <= room:
                kept.add(index)
                used += need
        placed = []
        x = 0
        for index, key in enumerate(listed):
            if index in kept:
                placed.append(replace(key, x=x, width=_width(key)))
                x += _width(key) + 1  # compact keys: a margin of one cell after each
        right = app.size.width
        for key in palette:  # docked right: a bar, the key, a margin of one cell
            width = _width(key) + 1
            placed.append(replace(key, x=right - 1 - width, width=width))
        return placed

    def update_keys(self) -> None:
        """Show the keys the screen offers now; the line is drawn again only if they changed."""
        if self.is_attached and self.screen is not self.app.screen:
            # Covered (a key opened a dialog first): the section's keys stay till it is back on
            # top, but placed for the terminal's width now: after a resize behind a dialog the
            # footer kept its narrow layout (what it dropped at 40 columns) until the dialog
            # closed, where a dialog opened at the new size shows them all.
            keys = self._placed(*self._offered) if self._offered is not None else self.keys
        else:
            keys = self.wanted_keys()
        if keys != self.keys:
            self.keys = keys
            self.changes += 1
            self._hovered = None
            self.refresh()

    def bindings_changed(self, screen: Screen) -> None:
        if screen is not screen.app.screen:
            return  # covered by a dialog: its resume refreshes the bindings again
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.update_keys()

    def on_resize(self, event: events.Resize) -> None:
        self.update_keys()

    # -- drawing -------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawers.clear()  # restyled (a theme, a stylesheet): the keys are styled again
        self._drawn.clear()

    def _drawer(self, key: ShownKey) -> FooterKey:
        """A FooterKey styled as Textual styles a mounted one of this kind, under this footer."""
        kind = (key.palette, key.disabled, key is self._hovered)
        drawer = self._drawers.get(kind)
        if drawer is None:
            drawer = FooterKey("", "", "", "", disabled=key.disabled,
                               classes="-command-palette" if key.palette else "")
            drawer.set_class(True, "-compact", update=False)  # compact, as the footer's keys are
            if key is self._hovered:
                drawer.set_reactive(FooterKey.mouse_hover, True)
            drawer._attach(self)
            stylesheet = self.app.stylesheet
            for read_from, css, tie_breaker, scope in drawer._get_default_css():  # as Widget._post_register
                stylesheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker,
                                      scope=scope)
            stylesheet.apply(drawer)
            self._drawers[kind] = drawer
        return drawer

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self.keys:
            return Strip([])
        drawn_from = (tuple(self.keys), self._hovered, self.size.width)
        strip = self._drawn.get(drawn_from)
        if strip is None:
            strip = self._drawn[drawn_from] = self._draw()
        return strip

    def _draw(self) -> Strip:
        console = self.app.console
        gap = RichStyle.from_color(None, self.background_colors[1].rich_color)
        segments: list[Segment] = []
        x = 0
        for key in self.keys:
            drawer = self._drawer(key)
            drawer.key_display, drawer.description = key.key_display, key.description
            if key.x > x:
                segments.append(Segment(" " * (key.x - x), gap))  # the footer's own background
            if key.palette:
                # As Textual 8.2.8's StylesCache.render_line draws a left border (get_inner_outer).
                base_background, background = drawer.background_colors
                inner, outer = Style(background=base_background + background), Style(background=base_background)
                border, border_color = drawer.styles.border_left
                segments.append(get_box(border, inner, outer, Style(foreground=base_background + border_color))[1][0])
            offset = 0
            for text, style, _control in drawer.render().render(console):
                # Each run carries its place in the key, as Textual's Content.to_strip gives it
                # (rich_style_with_offset): a screenshot merges runs of equal style, never these.
                segments.append(Segment(text, style + RichStyle.from_meta({"offset": (offset, 0)})))
                offset += len(text)
            x = key.right
        if self.size.width > x:
            segments.append(Segment(" " * (self.size.width - x), gap))
        return Strip(segments)

    # -- the pointer ---------------------------------------------------------------
    def _key_at(self, x: int) -> ShownKey | None:
        return next((key for key in self.keys if key.x <= x < key.right), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._key_at(event.x) if event.y == 0 else None)

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, key: ShownKey | None) -> None:
        if key is not self._hovered:
            self._hovered = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """As Textual's FooterKey: a click runs the key, or rings the bell when it is off."""
        key = self._key_at(event.x)
        if key is None:
            return
        if key.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(key.key)


def _width(key: ShownKey) -> int:
    """Cells a compact key takes: "^s Save" (the space after it is counted by the caller)."""
    return cell_len(key.label)


def _rank(key: ShownKey, index: int) -> tuple[int, int]:
    """Lower ranks are kept longer."""
    action = key.action.removeprefix("app.")
    if action in KEEP_LONGEST:
        return (0, KEEP_LONGEST.index(action))
    return (1, index)
