"""Starting and closing the app does no work that nothing shows (every UI test pays for it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets import TextArea

from tui.app import StratbookApp, open_workbook
from tui.screens.vmv import ValuesList
from tui.widgets.safe import SafeInput


async def test_closing_the_app_styles_nothing_anew(sample_copy: Path, monkeypatch) -> None:
    # Textual 8.2.8's App._shutdown takes the focus off the focused widget as it removes the
    # screens, and the widget was styled again for a screen never drawn again.
    asked: list[object] = []
    styled: list[object] = []
    real_ask, real_update = StratbookApp.update_styles, Stylesheet.update_nodes

    def ask(app, node, animate=True):
        if app.closing:
            asked.append(node)
        real_ask(app, node, animate)

    def update(stylesheet, nodes, animate=False):
        nodes = list(nodes)
        styled.extend(nodes)
        real_update(stylesheet, nodes, animate)

    monkeypatch.setattr(StratbookApp, "update_styles", ask)
    monkeypatch.setattr(Stylesheet, "update_nodes", update)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert styled, "the count sees Textual's restyling"
        styled.clear()
    assert asked, "Textual no longer restyles as the app closes: the override can go"
    assert not styled


async def test_a_text_box_is_styled_when_it_is_mounted_not_when_it_is_made(sample_copy: Path, monkeypatch) -> None:
    styled: list[object] = []
    real_update = Stylesheet.update_nodes

    def update(stylesheet, nodes, animate=False):
        nodes = list(nodes)
        styled.extend(nodes)
        real_update(stylesheet, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", update)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = SafeInput("typed", id="made")
        assert box not in styled, "styled while nothing could draw it"
        assert box.has_class("-valid")
        await app.screen.mount(box)
        await pilot.pause()
        assert box.styles.height.value == 3  # Input's own rules, applied as it was mounted
        box.value = ""
        box.add_class("-seen")
        assert box in styled


async def test_the_vision_section_starts_with_the_values_list_focused_and_nothing_before(sample_copy: Path,
                                                                                          monkeypatch) -> None:
    focused: list[object] = []
    real_focus = TextArea._on_focus

    def focus(area, event):
        focused.append(area.id)
        return real_focus(area, event)

    monkeypatch.setattr(TextArea, "_on_focus", focus)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.focused, ValuesList)
        assert focused == []  # the vision box never had the focus on the way
        await pilot.press("v")
        assert focused == ["vision"]
        await pilot.press("escape", "1", "2")  # back to the section: the list again
        assert isinstance(app.screen.focused, ValuesList)


async def _drawn(path: Path, mode: str, keys: tuple[str, ...]) -> str:
    app = open_workbook(path, start=mode)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return app.export_screenshot()


async def _drawn_in_theme(path: Path, theme: str) -> str:
    """The five forces, then the Ansoff matrix, after a change of theme."""
    app = open_workbook(path, start="forces")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = theme
        await pilot.press("x")
        await pilot.pause()
        return app.export_screenshot()


DRAWN = [("swot", ("l", "t", "t")), ("pestle", ("v",)), ("vmv", ("v",)), ("goals", ("a",)), ("risks", ("v",)),
         ("overview", ("ctrl+p",))]
"""Sections opened, then keys pressed there: a theme changed, focus moved, a dialog, a view switched."""
THEMES = ("textual-light", "monochrome")


# One part for each place drawn (each draws twice, as the whole test drew everything twice): the
# sixteen apps of one test took 10 s on a loaded machine.
@pytest.mark.parametrize("drawing", [*(pytest.param(("keys", mode, keys), id=mode) for mode, keys in DRAWN),
                                     *(pytest.param(("theme", theme), id=theme) for theme in THEMES)])
async def test_styles_worked_out_once_per_place_draw_what_textual_works_out(sample_copy: Path, monkeypatch,
                                                                            drawing) -> None:
    # tui/parsed_css.py keeps the rules that apply at each place in the tree, for the life of the
    # process: a screen styled from them (a theme changed, focus moved, a dialog, a view switched)
    # is the screen Textual styles when it checks every rule against every node.
    from tui import parsed_css

    async def draw() -> str:
        if drawing[0] == "keys":
            return await _drawn(sample_copy, drawing[1], drawing[2])
        return await _drawn_in_theme(sample_copy, drawing[1])

    before = parsed_css.shared.hits
    kept = await draw()
    assert parsed_css.shared.hits > before, "Textual no longer applies styles through the shared apply"
    monkeypatch.setattr(Stylesheet, "apply", parsed_css._apply)  # Textual's own, every rule every time
    assert kept == await draw()


def test_a_line_makes_its_caches_only_when_it_uses_them() -> None:
    # Textual 8.2.8's Strip made seven caches for every line it built, and most lines never use one.
    import gc

    from rich.segment import Segment
    from textual.cache import FIFOCache
    from textual.strip import Strip

    from tui.lean_strips import CACHES

    line = Strip([Segment("abcdef"), Segment("ghi")])
    assert not [held for held in gc.get_referents(line) if isinstance(held, FIFOCache)]
    cropped = line.crop(1, 4)
    assert cropped.text == "bcd"
    assert line.crop(1, 4) is cropped  # kept in the line's crop cache, as Textual kept it
    caches = [held for held in gc.get_referents(line) if isinstance(held, FIFOCache)]
    assert len(caches) == 1 and caches[0]._maxsize == CACHES["_crop_cache"]
    assert [strip.text for strip in line.divide([2, 9])] == ["ab", "cdefghi"]
    assert line.divide([2, 9]) is line.divide([2, 9])


def _styles_textual_would_give(app) -> list[str]:
    """Each node laid out on a screen of the stack whose rules (its own, and its component
    classes') differ from what Textual's own `Stylesheet.apply` works out, every rule against
    every node, now. A node hidden in a view not shown is styled again when it is shown (Textual
    leaves it as it was when it lost the focus on its way out)."""
    from tui import parsed_css

    def rules_of(node) -> tuple[dict, dict]:
        return (dict(node.styles.base._rules),
                {name: dict(styles.base._rules) for name, styles in node._component_styles.items()})

    differ: list[str] = []
    nodes = [node for screen in app.screen_stack for node in [screen, *screen._compositor.widgets]]
    kept = [rules_of(node) for node in nodes]
    for node, (own, components) in zip(nodes, kept):
        parsed_css._apply(app.stylesheet, node)  # and its component classes, through the shared apply...
        saved = Stylesheet.apply
        Stylesheet.apply = parsed_css._apply  # ...so those again with Textual's own
        try:
            parsed_css._apply(app.stylesheet, node)
        finally:
            Stylesheet.apply = saved
        if rules_of(node) != (own, components):
            differ.append(f"{type(node).__name__}#{node.id} {sorted(node.classes)}")
    return differ


async def test_every_node_of_every_section_and_dialog_has_the_rules_textual_gives_it(hostile_file: Path) -> None:
    # The shared apply keeps what it found by the path from the App to the node; this checks every
    # node on screen against Textual's own apply, at each stop of a tour of the sections and dialogs.
    app = open_workbook(hostile_file)
    stops = [("1",), ("2",), ("v",), ("escape", "3"), ("tab", "e"), ("escape", "4"), ("down", "e"), ("escape", "5"),
             ("u",), ("escape", "enter"), ("escape", "6"), ("7",), ("8",), ("v",), ("9",), ("x",), ("x",), ("ctrl+p",),
             ("escape", "question_mark")]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for keys in stops:
            await pilot.press(*keys)
            await pilot.pause()
            assert _styles_textual_would_give(app) == [], keys
        app.theme = "textual-light"
        await pilot.pause()
        assert _styles_textual_would_give(app) == []


async def test_ids_and_classes_a_rule_names_style_apart_through_the_shared_apply() -> None:
    from textual.app import App
    from textual.containers import Vertical
    from textual.widgets import Label

    class Places(App):
        CSS = """
        #north Label { color: red; }
        .south Label { color: blue; }
        Label.loud { text-style: bold; }
        """

        def compose(self):
            for place in ("north", "east", "west"):
                with Vertical(id=place):
                    yield Label(place, id=f"label-{place}")
            with Vertical(classes="south quiet"):
                yield Label("south", classes="item-7")
            yield Label("loud", classes="loud")

    app = Places()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        colour = {label.id or str(label.render()): label.styles.color for label in app.query(Label)}
        assert colour["label-north"].rgb == (255, 0, 0)
        assert colour["south"].rgb == (0, 0, 255)
        assert colour["label-east"] == colour["label-west"] and colour["label-east"].rgb != (255, 0, 0)
        assert app.query_one("Label.loud").styles.text_style.bold
        assert _styles_textual_would_give(app) == []



@pytest.mark.every_frame
async def test_a_list_longer_than_its_view_is_drawn_once_as_it_opens(sample_copy: Path, monkeypatch) -> None:
    """The Overview at every start, and any list of one-line rows opened longer than its view:
    OptionList counted its lines as it first drew them, found it needed a scroll bar, and the
    layout the bar asked for drew the whole list once more, in a second frame. Counted in the
    layout, the bar is there before the first drawing."""
    from tui.screens.overview import OverviewList

    passes: list[object] = []
    real = OverviewList.render_lines

    def render_lines(option_list, crop):
        passes.append(crop)
        return real(option_list, crop)

    monkeypatch.setattr(OverviewList, "render_lines", render_lines)
    app = open_workbook(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        overview = app.screen.query_one(OverviewList)
        assert overview.show_vertical_scrollbar, "the sample's overview is longer than 80x24 shows"
        assert overview.vertical_scrollbar.region.width == 2
        assert len(passes) == 1, passes


STARTED_AND_LISTED = """
import asyncio, sys
from tui.app import open_workbook

async def main():
    app = open_workbook(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()  # the Overview drawn, every line of it made
        app.screen._compositor.render_update(full=True)
    print(" ".join(sorted(name for name in sys.modules if name.startswith(("tui.screens.", "tui.modals.")))))

asyncio.run(main())
"""


def test_starting_on_the_overview_loads_no_other_section_and_no_dialog(sample_copy: Path) -> None:
    """A section's module is read when it is first shown, a dialog's when it first opens: the
    Overview's lines name keys (F5 reviews them), and finding a key's default read every screen,
    dialog and widget module to collect their bindings, a sixth of the start-up."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-c", STARTED_AND_LISTED, str(sample_copy)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "tui.screens.overview" in loaded, done.stdout
    others = {f"tui.screens.{section}" for section in ("vmv", "swot", "pestle", "goals", "tactics", "roadmap",
                                                       "risks", "forces", "goal_detail")}
    assert not loaded & others, f"started on the Overview, the app loaded {sorted(loaded & others)}"
    assert not any(name.startswith("tui.modals.") and name not in ("tui.modals.dialog", "tui.modals.confirm")
                   for name in loaded), sorted(loaded)
