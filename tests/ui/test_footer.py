"""The footer draws its row of keys as one widget: it must look and act as Textual's Footer does."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Footer, Label

from tui.widgets.footer import SteadyFooter


class Keys(App):
    """Keys of every kind a footer shows: plain, turned off (check_action), a long description."""

    BINDINGS = [
        Binding("a", "add", "Add", id="t.add", tooltip="Add an item"),
        Binding("d", "delete", "Delete", id="t.delete", tooltip="Delete the item"),
        Binding("ctrl+s", "save", "Save the whole thing", id="t.save"),
        Binding("x", "hidden", "Hidden", id="t.hidden", show=False),
    ]

    def __init__(self, footer: type[Footer], theme: str = "textual-dark") -> None:
        super().__init__()
        self.footer_class = footer
        self.theme = theme
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label("body")
        yield self.footer_class(compact=True)

    def check_action(self, action: str, parameters) -> bool | None:
        return None if action == "delete" else True  # shown, turned off

    def action_add(self) -> None:
        self.done.append("add")


def _footer_line(app: App) -> list[tuple[str, object]]:
    """The bottom row as a screenshot takes it (segments joined where their styles are equal)."""
    update = app.screen._compositor.render_update(full=True, simplify=True)
    line: Strip = Strip.join(update.strips[-1])
    return [(segment.text, segment.style) for segment in line]


async def _drawn(footer: type[Footer], theme: str, hover_x: int | None = None) -> list[tuple[str, object]]:
    app = Keys(footer, theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if hover_x is not None:
            await pilot.hover(offset=(hover_x, 23))
            await pilot.pause()
        return _footer_line(app)


async def test_the_footer_draws_exactly_what_textuals_footer_draws(monkeypatch) -> None:
    # Same text, same colours and attributes, split into the same runs (snapshots compare runs),
    # in dark and light themes, without colour, with a key turned off, and with the pointer over a key.
    for theme in ("textual-dark", "textual-light", "nord"):
        assert await _drawn(SteadyFooter, theme) == await _drawn(Footer, theme), theme
    with monkeypatch.context() as patch:
        patch.setenv("NO_COLOR", "1")  # runs of equal style: each key's own stay apart, as Textual's
        assert await _drawn(SteadyFooter, "textual-dark") == await _drawn(Footer, "textual-dark")
    for x in (0, 7, 70):  # "a Add", "d Delete" (turned off), the palette's key
        assert await _drawn(SteadyFooter, "textual-dark", x) == await _drawn(Footer, "textual-dark", x), x


async def test_a_click_on_a_key_runs_it_and_its_tooltip_is_shown_under_the_pointer() -> None:
    app = Keys(SteadyFooter)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(SteadyFooter)
        add = next(key for key in footer.keys if key.action == "add")
        delete = next(key for key in footer.keys if key.action == "delete")
        assert delete.disabled and not add.disabled
        assert "x" not in {key.key for key in footer.keys}  # show=False
        await pilot.hover(SteadyFooter, offset=(add.x, 0))
        assert footer.tooltip == "Add an item"
        await pilot.click(SteadyFooter, offset=(add.x + 1, 0))
        await pilot.pause()
        assert app.done == ["add"]
        await pilot.click(SteadyFooter, offset=(delete.x, 0))  # turned off: the bell, nothing done
        await pilot.pause()
        assert app.done == ["add"]
        await pilot.hover(Label)
        assert footer.tooltip is None


async def test_a_change_of_theme_draws_the_keys_in_the_new_colours() -> None:
    app = Keys(SteadyFooter)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        drawn = _footer_line(app)
    assert drawn == await _drawn(Footer, "textual-light")


async def test_the_line_kept_drawn_is_the_line_of_now_through_hovers_themes_and_widths() -> None:
    """The footer keeps its line drawn (every frame over it asked again): after each change, it
    draws what a new footer in that state draws."""
    app = Keys(SteadyFooter)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(SteadyFooter)
        _footer_line(app)  # drawn once, and kept
        for x in (0, 7):
            await pilot.hover(offset=(x, 23))
            await pilot.pause()
            assert _footer_line(app) == await _drawn(Footer, "textual-dark", x), x
        await pilot.hover(Label)
        await pilot.pause()
        assert _footer_line(app) == await _drawn(Footer, "textual-dark")
        app.theme = "nord"
        await pilot.pause()
        assert _footer_line(app) == await _drawn(Footer, "nord")
        before = footer.keys
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert footer.keys != before and [(s.text, s.style) for s in footer.render_line(0)] == [
            (s.text, s.style) for s in footer._draw()]
