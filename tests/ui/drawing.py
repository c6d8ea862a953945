"""The screen as drawn, for tests that compare what a kept or reused widget draws with what a
new app draws: equal drawings, style for style, mean the user cannot tell them apart."""

from __future__ import annotations

from tests.ui.conftest import wait_until

STYLE_REPRS: dict = {}
"""repr() of each rich Style met, by the style: rich's repr (rich.repr.auto_repr) of each segment's
style was two thirds of the time a drawing took, for the same few hundred styles again and again.
Equal styles (rich compares their colours, attributes, link and meta) have equal reprs."""


def segment_repr(segment) -> str:
    """repr(segment), as rich writes it (`Segment('text', Style(...))`), its style's repr kept."""
    text, style, control = segment
    if control is not None or style is None:
        return repr(segment)
    shown = STYLE_REPRS.get(style)
    if shown is None:
        if len(STYLE_REPRS) >= 10_000:
            STYLE_REPRS.clear()
        shown = STYLE_REPRS[style] = repr(style)
    return f"Segment({text!r}, {shown})"


def screen_drawn(app) -> str:
    """The screen as drawn: every run of text with its style (colours, bold...), the text cursors
    shown steadily (a blinking cursor is drawn or not by the clock). The same text as
    `repr(list(strip))` of each line gives, made faster."""
    for box in app.screen.query("Input, TextArea"):
        box.cursor_blink = False
    return "\n".join(f"[{', '.join(map(segment_repr, strip))}]" for strip in app.screen._compositor.render_strips())


async def steady_drawing(pilot) -> str:
    """`screen_drawn` once drawing is not held back and the app has settled, when a second drawing
    after it settles again agrees. A section switched to a moment before may still be inside
    Textual's hold on drawing (App.delay_update: 50 ms, a timer the settled loop does not wait
    for), its footer not drawn yet: the hold's end is waited for, not a fixed time (two drawings
    60 ms apart were nearly half the time of the tests that compare drawings: 48.7 s serially,
    now 26.4 s)."""
    app = pilot.app
    for _ in range(40):
        await wait_until(pilot, lambda: not app._batch_count)
        drawn = screen_drawn(app)
        await pilot.pause()
        if screen_drawn(app) == drawn and not app._batch_count:
            return drawn
    raise AssertionError("the screen did not stop changing")


async def press_steadily(pilot, *keys: str) -> None:
    """Press each key once the one before is drawn and steady, as a user who looks at the screen
    between keys would: the drawing after the last key does not depend on how fast they came."""
    for key in keys:
        await pilot.press(key)
        await steady_drawing(pilot)


class Terminal:
    """What a terminal shows of an app: each update the app sends (App._display) written into a
    grid of cells, as a terminal writes it: a partial update repaints only its spans, and a span
    left out keeps what was there before. Equal to `drawn_now` when nothing stale is left."""

    def __init__(self, app) -> None:
        from rich.segment import Segment

        self.app = app
        self.width, self.height = app.size
        self.cells = self.grid(app.screen._compositor.render_strips())
        self.lines_sent: list[set[int]] = []
        """For each update sent: the lines it wrote to."""
        self._newline = Segment.line()
        real_display = app._display

        def display(screen, renderable) -> None:
            from textual._compositor import CompositorUpdate

            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self.write(renderable)
            real_display(screen, renderable)

        app._display = display

    def grid(self, strips) -> list[list]:
        cells = [[(" ", None)] * self.width for _ in range(self.height)]
        for y, strip in enumerate(strips):
            self._put(cells, 0, y, strip)
        return cells

    def _put(self, cells, x: int, y: int, segments) -> int:
        from rich.cells import cell_len

        for text, style, control in segments:
            if control:
                continue
            for character in text:
                for _ in range(cell_len(character)):  # a wide character fills two cells
                    if 0 <= x < self.width and 0 <= y < self.height:
                        cells[y][x] = (character, style)
                    x += 1
        return x

    def write(self, update) -> None:
        from rich.segment import ControlType

        x = y = 0
        lines: set[int] = set()
        for segment in update.__rich_console__(None, None):
            if segment.control:
                for code in segment.control:
                    if code[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = code[1], code[2]
            elif segment == self._newline:
                x, y = 0, y + 1
            else:
                lines.add(y)
                x = self._put(self.cells, x, y, [segment])
        self.lines_sent.append(lines)

    def stale(self) -> list[str]:
        """The lines that differ from a drawing of the whole screen now, as `y: shown | drawn`."""
        now = self.grid(self.app.screen._compositor.render_strips())
        return [f"{y}: {''.join(c for c, _ in shown)!r} | {''.join(c for c, _ in drawn)!r}"
                for y, (shown, drawn) in enumerate(zip(self.cells, now)) if shown != drawn]
