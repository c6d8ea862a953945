"""A footer that is rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its key widgets whenever focus moves (40-60 ms). On
the SWOT board the cursor crosses between four lists that share one set of keys,
and that rebuild was most of the cost of `h` and `l`; other sections move focus
between parts with the same keys too. This footer compares what it would show
and skips the rebuild when nothing changed. Every section uses it.

While a dialog covers the section, the app turns its workbook keys off (see
StratbookApp.check_action) and Textual asks the covered footer to update: it
would rebuild twice for nothing, once as the dialog opens and once as it closes.
A covered footer waits; the screen asks again when it is back on top.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.compose import compose
from textual.geometry import Size
from textual.reactive import Reactive
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Kept longest as the footer narrows: help first (it lists every key), then quit, save, undo.
#: A section's own keys go before these, the later ones first.
KEEP_LONGEST = ("help", "quit", "save", "undo")


class SteadyKey(FooterKey):
    """A footer key whose new size lays nothing out again. A relabelled key is resized by the
    layout that shows the new view; Textual then asks for a second layout of the whole screen
    (every widget's `virtual_size` asks for one when it changes), though a key has no children
    and nothing to scroll: 3 to 4 ms more for every switch of views."""

    virtual_size = Reactive(Size(0, 0), layout=False)


class SteadyFooter(Footer):
    """A Footer that skips rebuilding when the shown keys are the same as before."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self._width = 0
        """The width the keys were last laid out for."""
        self._rebuild_pending = False

    def compose(self) -> ComposeResult:
        """Textual's keys, as many as fit: on a narrow terminal the least needed go first
        (a row of keys wider than the footer printed stray letters after the palette hint)."""
        keys = list(super().compose())
        for key in keys:
            if type(key) is FooterKey:  # made by Footer.compose, not yet mounted
                key.__class__ = SteadyKey
                # Compact from the start, as it will be: Textual 8.2.8 gives the class as the key
                # mounts (FooterKey.compact: the footer's, or True for the palette's key), which
                # worked out the key's styles a second time.
                compact = self.compact or key.has_class("-command-palette")
                key.set_class(compact, "-compact", update=False)
        palette = [k for k in keys if isinstance(k, FooterKey) and k.has_class("-command-palette")]
        listed = [k for k in keys if k not in palette]
        self._width = self.app.size.width
        width = self._width - 1
        room = width - sum(_width(k) + 2 for k in palette)
        if palette and room < 40:
            palette[0].description = ""  # "^p" alone still opens the palette
            room = width - sum(_width(k) + 2 for k in palette)
        ranked = sorted(range(len(listed)), key=lambda i: _rank(listed[i], i))
        kept: set[int] = set()
        used = 0
        for index in ranked:
            need = _width(listed[index]) + 1
            if used + need <= room:
                kept.add(index)
                used += need
        yield from (key for index, key in enumerate(listed) if index in kept)
        yield from palette

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self._shown = None
            self._rebuild_soon()

    def _rebuild_soon(self) -> None:
        """One rebuild for however many reasons arrive before it runs: as the first screen
        mounts, its keys settle in steps, and each step rebuilt the footer's keys again."""
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self.screen is not self.app.screen:
            # Covered since it was asked for (a key opened a dialog first): built now, it would
            # show the covered section's keys, turned off. Built when the screen is back on top.
            self._shown = None
            return
        if not self._relabel():
            await self.recompose()

    def _relabel(self) -> bool:
        """Show the new keys in the key widgets already there, mounting only keys beyond them: a
        section's views (the risk register and its heat map) offer other keys in the same places,
        and unmounting and mounting every key for that cost a third of switching views. Keys
        not needed now are hidden, not removed (a removal lays the screen out again once it is
        done: a second layout per switch), and shown again when a view needs them. Done at once,
        so the new keys are laid out with the new view, in one frame. False (nothing done) when
        the keys are not all plain keys."""
        if not self.is_attached or self._pruning:
            return False
        wanted = list(compose(self))
        shown = list(self.query_children("*").exclude(".-textual-system"))
        if not all(type(key) is SteadyKey for key in (*wanted, *shown)):
            return False
        new_keys = [key for key in wanted if not key.has_class("-command-palette")]
        old_keys = [key for key in shown if not key.has_class("-command-palette")]
        new_palette = [key for key in wanted if key.has_class("-command-palette")]
        old_palette = [key for key in shown if key.has_class("-command-palette")]
        if len(new_palette) != len(old_palette):
            return False
        for new, old in [*zip(new_keys, old_keys), *zip(new_palette, old_palette)]:
            old.display = True
            if (old.key, old.key_display, old.description, old.action, old._disabled, old.tooltip) == \
                    (new.key, new.key_display, new.description, new.action, new._disabled, new.tooltip):
                continue
            old.key, old.key_display, old.description, old.action = new.key, new.key_display, new.description, new.action
            old._disabled = new._disabled
            old.set_class(new._disabled, "-disabled")
            old.tooltip = new.tooltip
            old.refresh(layout=True)
        for old in old_keys[len(new_keys):]:
            old.display = False
        if len(new_keys) > len(old_keys):
            extra = new_keys[len(old_keys):]
            self.mount_all(extra, before=old_palette[0] if old_palette else None)
        self._ask_layout_now()
        return True

    def _ask_layout_now(self) -> None:
        """Post the footer's and its relabelled keys' layout requests now, not when each is next
        idle (Textual 8.2.8's Widget._check_refresh, from Widget._on_idle): the keys' requests
        came after the screen had laid out the new view, and it laid the whole screen out a
        second time for them, one more frame for every switch of views. Posted now, they reach
        the screen before it goes idle and lays out once."""
        for widget in (self, *self.children):
            if widget._layout_required:
                widget._check_refresh()

    def bindings_changed(self, screen: Screen) -> None:
        if screen is not screen.app.screen:
            return  # covered by a dialog: its resume refreshes the bindings again
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = tuple(
                (key, binding.action, binding.description, enabled, tooltip)
                for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
                if binding.show
            )
            if shown == self._shown and self._bindings_ready:
                return
            self._shown = shown
        # As Footer.bindings_changed, but rebuilt once for a burst of changes.
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            if self.children and not self._rebuild_pending:
                with self._context():  # the keys are made as if the footer composed them
                    if self._relabel():
                        return
            self._rebuild_soon()


def _width(key) -> int:
    """Cells a compact key takes: "^s Save" (the space after it is counted by the caller)."""
    if not isinstance(key, FooterKey):
        return 12
    return cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)


def _rank(key, index: int) -> tuple[int, int]:
    """Lower ranks are kept longer."""
    action = getattr(key, "action", "").removeprefix("app.")
    if action in KEEP_LONGEST:
        return (0, KEEP_LONGEST.index(action))
    return (1, index)
