"""The five forces and the Ansoff matrix (section 9): the keys, asserting on the workbook and the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.ui.conftest import hostile_workbook, narrower, other_theme
from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.modals.picker import PickerDialog
from tui.screens.forces import ForcesScreen
from tui.store import save
from tui.widgets.forces_board import AnsoffList, ForceList

SIZE = (80, 24)


async def open_forces(pilot) -> ForcesScreen:
    await pilot.pause()
    await pilot.press("escape", "9")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ForcesScreen)
    return screen


def focused(app) -> tuple[str, str | None]:
    widget = app.focused
    assert isinstance(widget, (ForceList, AnsoffList))
    option = widget.highlighted_option
    name = widget.force if isinstance(widget, ForceList) else widget.quadrant
    return name, option.id if option is not None else None


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_forces_sit_around_rivalry_with_ratings_in_numbers_words_and_dots(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        assert focused(app) == ("rivalry", "frc-3kd9")
        assert text_of(app, "#title-rivalry") == "Rivalry 4 \u25cf\u25cf\u25cf\u25cf\u25cb"
        assert text_of(app, "#forces-detail").startswith("Rivalry: 4 strong\nFive cobot makers")  # its notes
        # the item under the cursor in full: the panel cuts it short
        assert text_of(app, "#forces-status") == "weight 4 \u00b7 Chinese cobot makers price 40% below us"
        regions = {name: screen.query_one(f"#p-{name}").region for name in
                   ("rivalry", "new_entrants", "substitutes", "buyer_power", "supplier_power")}
        middle = regions["rivalry"]
        assert regions["new_entrants"].bottom <= middle.y and regions["substitutes"].y >= middle.bottom
        assert regions["supplier_power"].right <= middle.x and regions["buyer_power"].x >= middle.right
        # arrows and hjkl go round the picture, as drawn
        await pilot.press("k")
        assert focused(app)[0] == "new_entrants"
        await pilot.press("j", "j", "j")
        assert focused(app)[0] == "substitutes"
        await pilot.press("h")
        assert focused(app)[0] == "supplier_power"
        await pilot.press("right", "right", "l")
        assert focused(app)[0] == "buyer_power"
        await pilot.press("tab")
        assert focused(app)[0] == "substitutes"


async def test_rate_add_edit_weigh_delete_and_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_forces(pilot)
        forces = app.workbook.forces.forces
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("5", "ctrl+s")
        await pilot.pause()
        assert forces["rivalry"].rating == 5 and "5 intense" in text_of(app, "#forces-detail")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Price war in Germany", "tab", "2", "ctrl+s")
        await pilot.pause()
        added = forces["rivalry"].items[-1]
        assert (added.text, added.weight, added.id[:4]) == ("Price war in Germany", 2, "frc-")
        assert focused(app) == ("rivalry", added.id)
        await pilot.press("plus", "plus")
        assert forces["rivalry"].items[-1].weight == 4
        await pilot.press("minus")
        assert forces["rivalry"].items[-1].weight == 3
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("f7", *"Price war", "ctrl+s")
        await pilot.pause()
        assert forces["rivalry"].items[-1].text == "Price war"
        await pilot.press("K")
        assert forces["rivalry"].items[-2].text == "Price war"
        await pilot.press("J")
        assert forces["rivalry"].items[-1].text == "Price war"
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f7", *"Checked with sales", "ctrl+s")
        await pilot.pause()
        assert forces["rivalry"].notes == "Checked with sales"
        await pilot.press("d")
        await pilot.pause()
        assert [i.text for i in forces["rivalry"].items][-1] != "Price war"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert forces["rivalry"].items[-1].text == "Price war"
        for _ in range(12):
            await pilot.press("ctrl+z")
        await pilot.pause()
        assert forces["rivalry"].rating == 4 and len(forces["rivalry"].items) == 2


async def test_ansoff_add_risk_link_to_a_goal_move_quadrant_and_delete_a_linked_option(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_forces(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert focused(app) == ("market_penetration", "ans-f6bt")
        await pilot.press("l", "j")
        assert focused(app)[0] == "diversification"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Cells for hospitals", "tab", "4", "ctrl+s")
        await pilot.pause()
        option = app.workbook.ansoff[-1]
        assert (option.quadrant, option.text, option.risk) == ("diversification", "Cells for hospitals", 4)
        assert focused(app) == ("diversification", option.id)
        await pilot.press("minus")
        assert option.risk == 3
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("slash", *"first name UK", "enter", "space", "ctrl+s")
        await pilot.pause()
        assert option.links == ["gol-q8wn3"]
        assert text_of(app, "#forces-status").startswith("risk 3 medium \u00b7 Cells for hospitals \u00b7 links: Become")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.focused, ForceList)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.focused, AnsoffList)


async def test_deleting_a_swot_item_an_option_links_asks_and_unlinks(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_forces(pilot)
        app.show_item("forces", "ans-k2l0")
        await pilot.pause()
        assert focused(app) == ("market_development", "ans-k2l0")
        await pilot.press("d")
        await pilot.pause()
        assert all(o.id != "ans-k2l0" for o in app.workbook.ansoff)  # nothing links to it: no question
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any(o.id == "ans-k2l0" for o in app.workbook.ansoff)


async def test_an_empty_workbook_shows_what_each_force_asks(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_forces(pilot)
        assert text_of(app, "#title-rivalry") == "Rivalry ? \u25cb\u25cb\u25cb\u25cb\u25cb"
        assert "not rated" in text_of(app, "#forces-status") and "not rated" in text_of(app, "#forces-detail")
        await pilot.press("e")  # nothing to edit: adds
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")


# -- snapshots -------------------------------------------------------------------------------------

@pytest.fixture
def snapshot_file(tmp_path: Path, monkeypatch) -> Path:
    from tests.conftest import SAMPLES

    monkeypatch.chdir(tmp_path)  # the header names the file: the same name in every run
    target = Path("acme.toml")
    target.write_bytes((SAMPLES / "acme-robotics.toml").read_bytes())
    return target


@pytest.fixture
def hostile_snapshot_file(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    target = Path("hostile.toml")
    save(hostile_workbook(), target)
    return target


async def _ansoff(pilot) -> None:
    await pilot.pause()
    await pilot.press("x")
    await pilot.pause()


def test_snapshot_forces(snap_compare, snapshot_file: Path) -> None:
    assert snap_compare(open_workbook(snapshot_file, start="forces"), terminal_size=SIZE)


def test_snapshot_ansoff(snap_compare, snapshot_file: Path) -> None:
    assert snap_compare(open_workbook(snapshot_file, start="forces"), terminal_size=SIZE, run_before=_ansoff)


def test_snapshot_forces_hostile(snap_compare, hostile_snapshot_file: Path) -> None:
    assert snap_compare(open_workbook(hostile_snapshot_file, start="forces"), terminal_size=SIZE)


def test_snapshot_ansoff_hostile(snap_compare, hostile_snapshot_file: Path) -> None:
    assert snap_compare(open_workbook(hostile_snapshot_file, start="forces"), terminal_size=SIZE,
                        run_before=_ansoff)


def test_the_overview_lists_the_forces_pressing_hard_and_counts_ansoff_options() -> None:
    from datetime import date

    from tests.conftest import SAMPLES
    from tui.screens.overview import blocks_touched, overview_lines
    from tui.store import load

    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    lines = [(str(line.content), line.mode, line.item_id) for line in overview_lines(workbook, date(2027, 1, 4))]
    head = next(i for i, line in enumerate(lines) if line[0].startswith("FORCES"))
    assert lines[head] == ("FORCES   5 of 5 rated \u00b7 2 pressing hard \u00b7 4 Ansoff options", "forces", "")
    assert lines[head + 1] == ("  \u25cf\u25cf\u25cf\u25cf\u25cb Rivalry 4 strong \u00b7 2 items", "forces", "frc-3kd9")
    assert lines[head + 2][0].endswith("Buyer power 4 strong \u00b7 1 item")
    assert blocks_touched(workbook, {"forces.rivalry", "ansoff", "frc-3kd9", "ans-k2l0"}) == {"forces"}


async def test_keys_typed_in_a_burst_after_x_act_on_the_ansoff_matrix(sample_copy: Path) -> None:
    from tests.ui.test_dialog_once import burst

    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_forces(pilot)
        burst(app, "x", "j", "a")  # before: j moved the hidden forces board and a added to a force
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.form_title == "Add an Ansoff option"
        await pilot.press("escape")


def test_a_goals_link_picker_lists_forces_items_and_ansoff_options_under_their_own_headings() -> None:
    from tests.conftest import SAMPLES
    from tui.modals.wizard_steps import pick_items
    from tui.model.goals import link_targets
    from tui.store import load

    items = {item.id: item for item in pick_items(link_targets(load(SAMPLES / "acme-robotics.toml").workbook))}
    assert (items["frc-3kd9"].group, items["frc-3kd9"].detail) == ("Five forces", "rivalry")
    assert (items["ans-k2l0"].group, items["ans-k2l0"].detail) == ("Ansoff options", "market development")
    assert items["pes-x81c"].group == "PESTLE" and items["str-4hq7"].group == "SWOT"


def _drawn(lists) -> list[list[list[tuple[str, object]]]]:
    """Every panel's visible lines as (text, style) pieces, as the panels draw them now."""
    return [[[(segment.text, segment.style) for segment in panel.render_line(y)]
             for y in range(panel.scrollable_content_region.height)] for panel in lists]


def _drawn_afresh(lists) -> list[list[list[tuple[str, object]]]]:
    for panel in lists:
        panel._clear_caches()
        panel._update_lines()
    return _drawn(lists)


async def _undo_weight(pilot) -> None:
    await pilot.press("ctrl+z")


@pytest.mark.parametrize("while_ansoff_shown", [None, other_theme, narrower, _undo_weight])
async def test_the_forces_shown_again_after_ansoff_draw_what_they_would_afresh(sample_copy: Path,
                                                                              while_ansoff_shown) -> None:
    # Panels shown again at the size they had keep their drawn lines (Textual's lists dropped
    # them on every showing); a theme, a size or an edit while Ansoff was shown must not leave
    # them stale.
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        lists = list(screen.query(ForceList))
        await pilot.press("plus")  # a weight changed: its row drawn with it
        await pilot.pause()
        before = _drawn(lists)
        await pilot.press("x")
        await pilot.pause()
        assert screen.showing_ansoff
        if while_ansoff_shown is not None:
            await while_ansoff_shown(pilot)
            await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert not screen.showing_ansoff
        drawn = _drawn(lists)
        assert drawn == _drawn_afresh(lists)
        assert (drawn == before) == (while_ansoff_shown is None)


# -- x: the focused panel is marked by a class the screen sets, not :focus-within ---------------

def _screen_drawn(app) -> str:
    """The whole screen as drawn: every run of text with its style."""
    return "\n".join(repr(list(strip)) for strip in app.screen._compositor.render_strips())


async def _forces_drawn_afresh(path: Path, *keys: str, item: str | None = None) -> str:
    """What a new app on `path` draws after opening the forces and pressing `keys` (then going to
    `item`, if given)."""
    fresh = open_workbook(path)
    async with fresh.run_test(size=SIZE) as pilot:
        await open_forces(pilot)
        if keys:
            await pilot.press(*keys)
        if item is not None:
            fresh.show_item("forces", item)
        await pilot.pause()
        return _screen_drawn(fresh)


def _marked_panels(screen: ForcesScreen) -> set[str]:
    return {panel.id for panel in screen.query(".force, .ansoff-cell") if panel.has_class("-current")}


@pytest.mark.parametrize("colours", ["full", "none"])
async def test_x_there_and_back_draws_the_board_a_new_app_draws(sample_copy: Path, monkeypatch,
                                                                 colours: str) -> None:
    """x restyles no panel (the one left keeps its mark while hidden): back on the forces, and
    on the matrix, the screen is the one a new app draws with the same panel focused."""
    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        await pilot.press("l")  # buyer power
        for _ in range(3):
            await pilot.press("x", "x")
        await pilot.pause()
        assert not screen.showing_ansoff and focused(app)[0] == "buyer_power"
        on_forces = _screen_drawn(app)
        await pilot.press("x", "l")  # the matrix: product development
        await pilot.pause()
        assert _marked_panels(screen) == {"p-buyer_power", "c-product_development"}  # one per board
        await pilot.press("x", "x")
        await pilot.pause()
        on_ansoff = _screen_drawn(app)
    assert on_forces == await _forces_drawn_afresh(sample_copy, "l")
    assert on_ansoff == await _forces_drawn_afresh(sample_copy, "x", "l")


@pytest.mark.parametrize("colours", ["full", "none"])
async def test_a_jump_to_another_force_from_the_matrix_marks_that_force_only(sample_copy: Path, monkeypatch,
                                                                             colours: str) -> None:
    """The forces board kept its mark while the matrix was shown, and the list left behind its
    focused styles (ForceList.restyle_if_due): a jump to an item of another force (search,
    links, ctrl+o) moves them, as a new app's jump draws it (without colour, the cursor row of
    a focused list is bold as well as underlined)."""
    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        item = app.workbook.forces.forces["substitutes"].items[0].id
        await pilot.press("x")
        await pilot.pause()
        app.show_item("forces", item)
        await pilot.pause()
        assert focused(app) == ("substitutes", item)
        assert {name for name in _marked_panels(screen) if name.startswith("p-")} == {"p-substitutes"}
        drawn = _screen_drawn(app)
    assert drawn == await _forces_drawn_afresh(sample_copy, item=item)


async def test_the_mark_follows_the_focus_and_leaves_with_it(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        for _ in range(5):
            assert _marked_panels(screen) == {f"p-{focused(app)[0]}"}
            await pilot.press("tab")
            await pilot.pause()
        screen.set_focus(None)
        await pilot.pause()
        assert _marked_panels(screen) == set()


# -- lists of fixed size: a row more moves the scroll bar, without a layout of the screen -------

async def test_a_row_added_to_a_full_panel_brings_its_scroll_bar_as_a_new_app_draws_it(sample_copy: Path,
                                                                                       monkeypatch) -> None:
    from textual.widgets._option_list import OptionList

    from tui.model.edits import Insert
    from tui.model.workbook import ForceItem
    from tui.widgets.lines import LazyOptionList

    sized: list[int] = []  # LazyOptionList._size_updated (an override of Textual's) is called
    original = LazyOptionList._size_updated
    monkeypatch.setattr(LazyOptionList, "_size_updated",
                        lambda self, *args, **kw: (sized.append(1), original(self, *args, **kw))[1])
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        rivalry = screen.force_list("rivalry")
        items = app.workbook.forces.forces["rivalry"].items
        height = rivalry.scrollable_content_region.height
        while len(items) < height:  # the panel just full: no scroll bar
            app.apply(Insert("forces.rivalry.items", len(items), ForceItem(f"frc-fill{len(items):03d}", "Filler", 2)))
            await pilot.pause()
        assert not rivalry.show_vertical_scrollbar
        width = rivalry.scrollable_content_region.width
        await pilot.press("a", *"One more", "enter")
        await pilot.pause()
        assert len(items) == height + 1
        assert rivalry.show_vertical_scrollbar and rivalry.vertical_scrollbar.window_virtual_size == height + 1
        assert rivalry.scrollable_content_region.width < width  # laid out again for the bar
        assert sized, "Textual no longer calls LazyOptionList._size_updated"
        now = [["".join(t for t, _ in line) for line in panel] for panel in _drawn([rivalry])]
        afresh = [["".join(t for t, _ in line) for line in panel] for panel in _drawn_afresh([rivalry])]
        assert now == afresh
        for _ in range(height + 2):  # and scrolls to the last row
            await pilot.press("j")
        await pilot.pause()
        assert focused(app)[0] == "rivalry" or rivalry.scroll_y > 0
        assert OptionList.render_line(rivalry, 0)  # drawn without error


@pytest.mark.parametrize("opened_by", [("x", "a"), ("x", "e")])
async def test_the_ansoff_form_says_what_the_quadrant_chosen_means(sample_copy: Path, opened_by) -> None:
    # Found from outside: the hint said "Market penetration: existing products, existing markets."
    # after the quadrant was changed to Product development.
    from textual.widgets import Static

    from tui.model.forces import ANSOFF_AXES, ANSOFF_QUADRANTS

    app = open_workbook(sample_copy, start="forces")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*opened_by)
        await pilot.pause()
        choice = app.screen.query_one("#field-quadrant")
        hint = app.screen.query_one("#hint-quadrant", Static)
        for _ in ANSOFF_QUADRANTS:
            assert ANSOFF_AXES[choice.value] in str(hint.render()), (choice.value, str(hint.render()))
            choice.focus()
            await pilot.press("right")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        if app.screen is not choice.screen:  # asked about the change: throw it away
            await pilot.press("d")
            await pilot.pause()
        await pilot.press(opened_by[-1])  # the kept form, shown again for the next: its own quadrant
        await pilot.pause()
        assert ANSOFF_AXES[app.screen.query_one("#field-quadrant").value] in str(
            app.screen.query_one("#hint-quadrant", Static).render())


async def test_a_resize_keeps_the_focused_field_of_a_form_in_view(sample_copy: Path) -> None:
    # Found from outside: at 80x24, the Ansoff form's quadrant focused, then the terminal made
    # 40x12: the form stayed scrolled to its top, the focused row out of sight (keys still changed it).
    app = open_workbook(sample_copy, start="forces")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x", "a")
        await pilot.pause()
        await pilot.press("tab", "tab")
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None and focused.id == "field-quadrant"
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.pause()
        body = app.screen.query_one("#form-fields")
        assert body.region.contains_region(focused.region), (body.region, focused.region)
