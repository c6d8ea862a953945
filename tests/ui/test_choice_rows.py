"""A choice row (a form's one-of-a-few words, `‹ [Market penetration]  Product development ... ›`)
keeps the chosen word in view, and says when more lie to either side, at 80x24, 60x20 and 40x12.

The Ansoff quadrant's row ran off its box at 80x24 ("Diversification" never showed) and at 60x20
a choice of Diversification showed `▶‹ Market penetration  Product development  Market`: the
chosen word was out of sight. Every choice field of every form is reached as a user reaches it,
with keys, and every one of its words is chosen in turn (right, then left back) at each size; a
last test checks that every choice field the app declares is among them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.ui.test_dialogs_fit import Way, _open, _reach
from tests.ui.test_focus_visible import plain_lines
from tui.glyphs import glyphs
from tui.widgets.inputs import ChoiceInput

SIZES = [(80, 24), (60, 20), (40, 12)]


FIELDS: dict[str, tuple[str, ...]] = {}
"""The choice fields each way's form holds, as `module:key` (the module that declares the field)."""


def _way(name: str, start: str, keys: tuple[str, ...], fields: tuple[str, ...], dialog: str = "FormDialog") -> Way:
    FIELDS[name] = fields
    return Way(name, dialog, "acme", start, keys)


WAYS = [
    _way("new-ansoff-option", "forces", ("x", "a"), ("forces:quadrant",)),
    _way("edit-ansoff-option", "forces", ("x", "e"), ("forces:quadrant",)),
    _way("new-tactic", "goals", ("t",), ("goal_forms:status",)),
    _way("edit-tactic", "tactics", ("down", "e"), ("goal_forms:status",)),
    _way("close-goal", "goals", ("enter", "x"), ("goal_forms:carry",)),
    _way("goal-filter", "goals", ("slash",), ("goal_forms:status", "goal_forms:framework", "goal_forms:sort")),
    _way("tactic-filter", "tactics", ("slash",), ("goal_forms:status",)),
    _way("marked-goals", "goals", ("asterisk", "e"), ("goal_forms:status",)),
    _way("marked-tactics", "tactics", ("down", "asterisk", "e"), ("goal_forms:status",)),
    _way("edit-risk", "risks", ("e",), ("risks:treatment", "risks:status")),
    _way("new-risk", "risks", ("a",), ("risks:treatment", "risks:status")),
    _way("risk-filter", "risks", ("slash",), ("risks:show",)),
    _way("edit-pestle-item", "pestle", ("down", "e"), ("pestle:effect",)),
    _way("marked-pestle-items", "pestle", ("down", "asterisk", "e"),
         ("pestle:impact", "pestle:likelihood", "pestle:effect")),
    _way("pestle-filter", "pestle", ("slash",), ("pestle:effect",)),
    _way("send-by-email", "overview", ("ctrl+p", *"send by email", "enter"), ("mail:how",)),
    _way("wizard-basics", "goals", ("a", "enter"), ("wizard_steps:basics-status",), "GoalWizard"),
]


def _row(app, widget: ChoiceInput) -> str:
    """The row as the screen shows it, in plain text."""
    region = widget.region
    assert region.height == 1, f"#{widget.id} is {region.height} lines high"
    assert region in app.screen.region, f"#{widget.id} is out of view at {region} ({app.size})"
    return plain_lines(app)[region.y][region.x:region.right]


def _problems(app, widget: ChoiceInput) -> list[str]:
    """What is wrong with the row as shown: it runs out of its box, the chosen word is not whole
    in it, or a word is out of view with nothing on its side that says so (an ellipsis)."""
    row = _row(app, widget)
    labels = [widget.labels.get(choice, choice) for choice in widget.choices]
    chosen = widget.choices.index(widget.value)
    box = widget.parent.content_region if widget.parent else widget.region
    problems = []
    if widget.region.right > box.right:
        problems.append(f"the row runs out of its box ({widget.region} in {box})")
    if f"[{labels[chosen]}]" not in row:
        problems.append(f"the chosen {labels[chosen]!r} is not in view")
        return problems
    left, right = row.split(f"[{labels[chosen]}]", 1)
    for index, label in enumerate(labels):
        if index == chosen:
            continue
        side = left if index < chosen else right
        if label not in side and glyphs.ellipsis_text not in side:
            problems.append(f"{label!r} is hidden {'before' if index < chosen else 'after'} the chosen word, "
                            "and nothing says so")
    return problems


@pytest.mark.parametrize("way", WAYS, ids=[way.name for way in WAYS])
async def test_every_choice_row_shows_the_chosen_word_at_every_size(tmp_path: Path, monkeypatch, way: Way) -> None:
    app = await _open(tmp_path, monkeypatch, way, SIZES[0])
    async with app.run_test(size=SIZES[0]) as pilot:
        await _reach(app, pilot, way)
        rows = list(app.screen.query(ChoiceInput))
        keys = {(row.id or "").removeprefix("field-") for row in rows}
        assert keys == {field.split(":")[1] for field in FIELDS[way.name]}, f"{way.name}: {keys}"
        problems = []
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            for row in rows:
                # Focused anew, as tab does, which scrolls it into view (at 40x12 a form is taller
                # than the screen; a resize leaves the focused field where it was)
                app.screen.set_focus(None)
                row.focus()
                await pilot.pause()
                for key in ["right"] * len(row.choices) + ["left"] * len(row.choices):
                    await pilot.press(key)
                    await pilot.pause()
                    problems += [f"{size} #{row.id} = {row.value!r}: {problem}: {_row(app, row)!r}"
                                 for problem in _problems(app, row)]
        assert not problems, f"{way.name}:\n" + "\n".join(problems)


def _declared_choice_fields() -> set[str]:
    """Every choice field the app declares, as `module:key`: a `Field(key, label, "choice", ...)`
    (or kind="choice") and every `ChoiceInput(..., id=...)` outside the form."""
    import tui

    found = set()
    for path in Path(tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            if node.func.id == "Field":
                kind = node.args[2] if len(node.args) > 2 else keywords.get("kind")
                if isinstance(kind, ast.Constant) and kind.value == "choice":
                    found.add(f"{path.stem}:{ast.literal_eval(node.args[0])}")
            elif node.func.id == "ChoiceInput" and isinstance(keywords.get("id"), ast.Constant):
                found.add(f"{path.stem}:{ast.literal_eval(keywords['id'])}")
    return found


def test_every_choice_field_is_reached_above() -> None:
    declared = _declared_choice_fields()
    assert len(declared) >= 13
    assert declared <= {field for fields in FIELDS.values() for field in fields}, declared


async def _quadrant_row(tmp_path: Path, monkeypatch, before: tuple[str, ...]) -> str:
    """The Ansoff quadrant's row of the form that edits the option of the second quadrant (Product
    development), at 60x20, after `before` (keys pressed in the Ansoff view first)."""
    way = Way("ansoff", "FormDialog", "acme", "forces", ("x", *before, "tab", "e"))
    tmp_path.mkdir()
    app = await _open(tmp_path, monkeypatch, way, (60, 20))
    async with app.run_test(size=(60, 20)) as pilot:
        await _reach(app, pilot, way)
        row = app.screen.query_one("#field-quadrant", ChoiceInput)
        assert row.value == "product_development"
        return _row(app, row)


async def test_a_kept_form_shows_its_choice_row_from_the_start(tmp_path: Path, monkeypatch) -> None:
    """A form shown again for another item (kept: see FormDialog.take) shows its row as a new form
    does, not scrolled as the form before left it."""
    new = await _quadrant_row(tmp_path / "new", monkeypatch, ())
    # the first option's form, its row scrolled to its end, thrown away
    again = await _quadrant_row(tmp_path / "again", monkeypatch,
                                ("e", "tab", "tab", "right", "right", "right", "escape", "d"))
    assert again == new
