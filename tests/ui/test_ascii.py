"""ASCII mode (`ascii = true`, or TERM=linux): every section and the main dialogs drawn at 80x24
with no character outside ASCII but the workbook's own text, which is shown as it is."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import SAMPLES
from tests.ui.conftest import wait_until
from tui.app import StratbookApp, open_workbook
from tui.glyphs import ASCII, UNICODE, glyphs
from tui.screens.sections import SECTIONS

SIZE = (80, 24)

#: Every section, every view of one, and the main dialogs: the keys to get there from the Overview.
VIEWS = {
    "overview": (), "overview-end": ("end",), "overview-warnings": ("w",), "overview-vision": ("v",),
    "vmv": ("escape", "2"), "vmv-value-edit": ("escape", "2", "tab", "tab", "e"),
    "swot": ("3",), "swot-add": ("3", "a"), "swot-filter": ("3", "slash"), "swot-edit": ("3", "e"),
    "swot-delete": ("3", "d"), "swot-move": ("3", "m"), "tows": ("3", "t"), "tows-edit": ("3", "t", "e"),
    "pestle": ("4",), "pestle-grid": ("4", "v"), "pestle-edit": ("4", "enter", "e"), "pestle-add": ("4", "enter", "a"),
    "goals": ("5",), "goals-filter": ("5", "slash"), "goal-detail": ("5", "enter"), "goal-checkin": ("5", "u"),
    "goal-status": ("5", "p"), "wizard": ("5", "a"), "wizard-step-2": ("5", "a", "s", "m", "a", "r", "t", "pagedown"),
    "tactics": ("6",), "tactic-edit": ("6", "e"), "tactic-move": ("6", "m"), "tactics-owner": ("6", "w"),
    "roadmap": ("7",), "roadmap-mark": ("7", "l"), "roadmap-quarters": ("7", "minus"),
    "help": ("question_mark",), "help-swot": ("3", "question_mark"), "palette": ("ctrl+p",),
    "quit-unsaved": ("3", "plus", "ctrl+q"), "review": ("f5",), "saved-toast": ("3", "plus", "ctrl+s"),
    "strategy-map": ("5", "v"), "risks-register": ("8", "v"), "risks-add": ("8", "a"), "search": ("ctrl+f", "r", "o", "b", "o", "t"), "search-swot": ("3", "ctrl+f", "c", "e", "l", "l"), "forces-rate": ("9", "r"), "ansoff": ("9", "x"), "ansoff-edit": ("9", "x", "e"),
    "forces-item": ("9", "down"), "forces-item-2": ("9", "tab"), "ansoff-option": ("9", "x", "down"),
    "ansoff-option-2": ("9", "x", "tab"),
    # every section by its key (sections added later are in without a line here)
    **{f"section-{s.mode}": ("escape", s.key) for s in SECTIONS},
    **{f"help-{s.mode}": ("escape", s.key, "question_mark") for s in SECTIONS},
}


def ascii_copy(source: Path, target: Path) -> Path:
    """`source` with every character of its text made ASCII (é to e, anything else to ?): a
    workbook whose own text is all ASCII, so that any other character on screen is the app's."""
    text = source.read_text(encoding="utf-8")
    plain = "".join(c if c.isascii() else (unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
                                         or "?") for c in text)
    target.write_text(plain, encoding="utf-8")
    return target


def screen_lines(app: StratbookApp) -> list[str]:
    """The screen as characters only (with the screens under a dialog): what `tmux capture-pane -p` gives."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
                      record=True, legacy_windows=False)
    compositor = app.screen._compositor
    dirty = set(compositor._dirty_regions)  # a full render forgets them: left for the app's own next frame
    console.print(compositor.render_update(full=True, screen_stack=app._background_screens))
    compositor._dirty_regions.update(dirty)
    return console.export_text(styles=False).splitlines()


def view_paths() -> dict[str, list[str]]:
    """Each view no other view goes on from, with the views on the way to it (theirs are the first
    of its keys), shortest first: one app from the Overview presses the keys once and looks at each."""
    paths = {}
    for name, keys in VIEWS.items():
        if any(len(other) > len(keys) and other[:len(keys)] == keys for other in VIEWS.values()):
            continue  # looked at on the way to a view that goes on from it
        paths[name] = sorted((n for n, k in VIEWS.items() if keys[:len(k)] == k), key=lambda n: len(VIEWS[n]))
    assert {view for path in paths.values() for view in path} == set(VIEWS)
    return paths


@pytest.fixture
def ascii_config(private_config: Path) -> Path:
    path = private_config / "stratbook" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("ascii = true\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def symbols_back():
    yield
    from tui.ascii import use_ascii

    use_ascii(False)  # the next test in this process starts as the app does by default


def not_ascii(lines: list[str]) -> list[str]:
    return [f"{n}: {line}" for n, line in enumerate(lines) if not line.isascii()]


@pytest.mark.parametrize("sample", ["acme-robotics.toml", "rough-draft.toml"])
@pytest.mark.parametrize("path", list(view_paths().values()), ids=list(view_paths()))
async def test_every_view_is_ascii_only(tmp_path: Path, ascii_config: Path, sample: str, path: list[str]) -> None:
    """Each view on the path is looked at as its keys lead there from a new app on the Overview."""
    workbook = ascii_copy(SAMPLES / sample, tmp_path / "plan.toml")
    app = open_workbook(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.ascii
        pressed = 0
        for view in path:
            await pilot.press(*VIEWS[view][pressed:])
            pressed = len(VIEWS[view])
            await pilot.pause()
            if view == "saved-toast":
                await wait_until(pilot, lambda: not app.dirty)
                await pilot.pause()
            lines = screen_lines(app)
            assert not_ascii(lines) == [], f"view {view}:\n" + "\n".join(lines)


async def test_the_linux_console_is_ascii_unless_the_config_says_otherwise(tmp_path: Path, private_config: Path,
                                                                          monkeypatch) -> None:
    monkeypatch.setenv("TERM", "linux")
    path = ascii_copy(SAMPLES / "acme-robotics.toml", tmp_path / "plan.toml")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert app.ascii and not_ascii(screen_lines(app)) == []
        assert any(line.startswith(" >") or ">" in line[:3] for line in screen_lines(app))  # the focus mark
    (private_config / "stratbook").mkdir(parents=True, exist_ok=True)
    (private_config / "stratbook" / "config.toml").write_text("ascii = false\n", encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert not app.ascii and not_ascii(screen_lines(app))


async def test_the_workbook_s_own_text_is_shown_as_it_is(tmp_path: Path, ascii_config: Path) -> None:
    path = ascii_copy(SAMPLES / "acme-robotics.toml", tmp_path / "plan.toml")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'text = "([^"\n]+)"', 'text = "Caf\u00e9 \u2192 \u2588 \\1"', text, count=1),
                    encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Caf\u00e9 \u2192 \u2588" in shown  # the user's arrow and block, not ours
        assert all(c.isascii() for c in shown.replace("Caf\u00e9 \u2192 \u2588", ""))


def test_every_glyph_has_an_ascii_equivalent_as_wide() -> None:
    from dataclasses import fields

    from rich.cells import cell_len

    for field in fields(UNICODE):
        symbol, plain = getattr(UNICODE, field.name), getattr(ASCII, field.name)
        assert plain.isascii() and plain.isprintable(), field.name
        if not field.name.endswith("_text"):  # symbols in fixed layouts keep their width
            assert cell_len(plain) == cell_len(symbol), field.name
    assert glyphs == UNICODE


#: Non-ASCII strings in the code that are not drawn: what ASCII mode replaces.
NOT_DRAWN = {("app.py", "\u2026"),
             ("hanging.py", "(?:[-*\u2022\u00b7\u25b8\u203a>]|\\d{1,3}[.)]) (?=\\S)")}  # bullets it recognises in text


def test_no_screen_draws_a_symbol_outside_the_glyph_table() -> None:
    """Every symbol on screen comes from tui/glyphs.py, so ASCII mode swaps it: a literal like
    " \\u00b7 " in a screen's status line shows on the Linux console as it is."""
    import ast

    package = Path(__file__).parents[2] / "tui"
    found = []
    for path in [package / "app.py", *(package / "screens").glob("*.py"), *(package / "modals").glob("*.py"),
                 *(package / "widgets").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and not node.value.isascii()
                    and id(node) not in docstrings and (path.name, node.value) not in NOT_DRAWN):
                found.append(f"{path.relative_to(package)}:{node.lineno}: {node.value!r}")
    assert found == []


async def test_a_mark_stands_apart_from_the_rating_it_sits_by(tmp_path: Path, ascii_config: Path) -> None:
    """In ASCII a rating is `*****`, the mark `*`: side by side, a marked 5 read `******`."""
    from tui.widgets.marks import MARK

    path = ascii_copy(SAMPLES / "acme-robotics.toml", tmp_path / "plan.toml")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "3")
        await pilot.pause()
        widget = app.screen.query_one("#strengths")
        widget.focus()
        await pilot.press("asterisk")
        await pilot.pause()
        lines = [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]
        marked = [line for line in lines if line[1:2] == MARK]
        assert marked, lines
        for line in marked:
            assert line[2] == " " and line[3] in "*.", lines
        rows = [line for line in lines if line.strip()]
        assert len({len(line) - len(line[2:].lstrip()) for line in rows}) == 1, lines
