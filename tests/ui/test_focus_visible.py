"""Focus shows without colour: at 16 colours, with NO_COLOR, and in a plain-text capture.

A 16-colour terminal (TERM=xterm, screen, linux) gets Textual's colours downgraded by Rich
to the 16 standard ones; `SixteenColours` does the same to the rendered lines, so that a
snapshot shows what such a terminal shows. NO_COLOR is read by the app when it starts
(Textual then draws in greys). The plain-text test reads the screen as characters only,
as `tmux capture-pane -p` does, and looks for the focus mark in the focused widget.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.color import ColorSystem, ColorType
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.filter import LineFilter

from tests.conftest import SAMPLES
from tui.app import StratbookApp, open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import Field, FormDialog
from tui.widgets.marks import FOCUS_MARK

MARKS = (FOCUS_MARK, "\u2554", "\u258c")  # the mark, a double-line corner, a heavy left bar


class SixteenColours(LineFilter):
    """What a 16-colour terminal shows: every colour downgraded to the nearest of the 16."""

    def apply(self, segments: list[Segment], background) -> list[Segment]:
        return [Segment(text, _sixteen(style) if style else style, control) for text, style, control in segments]


def _sixteen(style: Style) -> Style:
    def down(color):
        if color is None or color.type in (ColorType.DEFAULT, ColorType.STANDARD):
            return color
        return color.downgrade(ColorSystem.STANDARD)

    return style + Style(color=down(style.color), bgcolor=down(style.bgcolor))


def every_kind_form() -> FormDialog:
    return FormDialog("Every kind of field", [
        Field("text", "Text", value="one line"),
        Field("long", "Long text", "long", "several\nlines"),
        Field("rating", "Rating", "rating", 3),
        Field("choice", "Choice", "choice", "b", choices=("a", "b", "c")),
        Field("number", "Number", "number", 4),
    ]).keeping(None)  # the test's own form: no edit of the workbook to keep


async def _form_focus(pilot, key: str) -> None:
    pilot.app.push_screen(every_kind_form())
    await pilot.pause()
    pilot.app.screen.query_one(f"#field-{key}").focus()
    await pilot.pause()


async def _section(pilot, mode: str, *keys: str) -> None:
    pilot.app.action_section(mode)
    await pilot.pause()
    if keys:
        await pilot.press(*keys)
        await pilot.pause()


async def _buttons(pilot) -> None:
    pilot.app.push_screen(ConfirmDialog("A question", "Which one?", [("a", "First"), ("b", "Second")], "b"))
    await pilot.pause()


async def _wizard_field(pilot) -> None:
    await _section(pilot, "goals", "a", "enter")


#: What has the focus, and how to get there from the Overview.
STATES = {
    "form-text": lambda pilot: _form_focus(pilot, "text"),
    "form-long": lambda pilot: _form_focus(pilot, "long"),
    "form-rating": lambda pilot: _form_focus(pilot, "rating"),
    "form-choice": lambda pilot: _form_focus(pilot, "choice"),
    "buttons": _buttons,
    "swot-quadrant": lambda pilot: _section(pilot, "swot"),
    "goals-table": lambda pilot: _section(pilot, "goals"),
    "wizard-field": _wizard_field,
    "values-list": lambda pilot: _section(pilot, "vmv"),
    "vision-box": lambda pilot: _section(pilot, "vmv", "v"),
    "swot-after-a-dialog": lambda pilot: _section(pilot, "swot", "e", "escape"),
}


def _app(tmp_path: Path) -> StratbookApp:
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    return open_workbook(target, start="overview")


@pytest.mark.parametrize("state", ["form-text", "form-long", "form-rating", "form-choice", "buttons",
                                   "swot-quadrant", "goals-table", "wizard-field"])
@pytest.mark.parametrize("colours", ["16", "none"])
def test_snapshot_focus_without_colour(snap_compare, tmp_path: Path, monkeypatch, state: str,
                                       colours: str) -> None:
    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    app = _app(tmp_path)
    if colours == "16":
        app._filters.append(SixteenColours())

    async def run_before(pilot) -> None:
        await pilot.pause()
        await STATES[state](pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def plain_lines(app: StratbookApp) -> list[str]:
    """The screen as characters only: what `tmux capture-pane -p` (without -e) gives."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
                      record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False).splitlines()


def region_text(lines: list[str], region) -> str:
    return "\n".join(line[region.x:region.right] for line in lines[region.y:region.bottom])


@pytest.mark.parametrize("state", list(STATES))
async def test_the_focused_widget_shows_a_mark_in_plain_text(tmp_path: Path, state: str) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await STATES[state](pilot)
        await pilot.pause()
        focused = app.focused
        assert focused is not None
        lines = plain_lines(app)
        shown = region_text(lines, focused.region)
        assert any(mark in shown for mark in MARKS), (state, shown)
        if app.screen.is_modal:  # the section under a dialog shows no mark: keys act on the dialog
            assert FOCUS_MARK not in "".join(line[:2] for line in lines), (state, lines)
        # and no other field of the screen shows one: the mark is where the focus is
        for widget in app.screen.query("Input, TextArea, RatingInput, ChoiceInput, Button, OptionList, RowTable"):
            if widget is not focused and widget.region and focused.region not in (widget.region,):
                other = region_text(lines, widget.region)
                if not widget.region.overlaps(focused.region):
                    assert not any(mark in other for mark in MARKS), (state, widget, other)


@pytest.mark.parametrize("colours", ["16", "none"])
async def test_the_palette_marks_its_highlighted_command(tmp_path: Path, monkeypatch, colours: str) -> None:
    """The command enter runs shows without colour: it was shown by its background alone (a grey,
    `ESC[100m`, at 16 colours), with no mark in a plain-text capture; in every theme, as the
    highlight moves and as the list is searched."""
    from textual.command import CommandList

    from tui.themes import theme_names

    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    app = _app(tmp_path)
    if colours == "16":
        app._filters.append(SixteenColours())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        commands = app.screen.query_one(CommandList)
        for step, keys in enumerate([(), ("down",), ("down", "down"), ("up",), tuple("save"), ("backspace",) * 4]):
            await pilot.press(*keys)
            await pilot.pause()
            for theme in theme_names() if step == 0 else [app.theme]:
                app.theme = theme
                await pilot.pause()
                highlighted = commands.highlighted_option
                assert highlighted is not None
                lines = region_text(plain_lines(app), commands.content_region).splitlines()
                title = str(highlighted.prompt).splitlines()[0].strip()[:40]
                rows = [line for line in lines if line.lstrip(f" {FOCUS_MARK}").startswith(title)]
                marked_lines = [line for line in lines if line.lstrip().startswith(FOCUS_MARK)]
                assert rows and rows[0].lstrip().startswith(FOCUS_MARK), (theme, keys, title, lines)
                assert len(marked_lines) == 1, (theme, keys, marked_lines)
