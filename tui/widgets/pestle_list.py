"""The PESTLE lists: one long checklist over all six factors, and ranked lists of items.

Why one OptionList for the whole checklist: the six factors with their items are
one list of rows (a header row per factor, then its items), so the cursor moves
through all of them with the same keys, page up and down work across factors,
and only the rows on screen are drawn. A DataTable would add columns we do not
need and redraws rows on every cursor move; six widgets (one per factor) would
make the cursor jump between widgets and lay out 10,000 rows six times.

Both are `LazyOptionList`s (tui/widgets/lines.py): rows drawn only when on screen.
"""

from __future__ import annotations


from textual.binding import Binding
from textual.content import Content

from tui.glyphs import glyphs
from tui.keymap import bind, mark_keys
from tui.model.pestle import GUIDES, factor_progress
from tui.model.text import one_line
from tui.model.workbook import PestleFactor, PestleItem
from tui.widgets.lines import LazyOptionList
from tui.widgets.safe import rating_dots

# -- how rows look ---------------------------------------------------------------------------

EFFECT_LOOK = {
    "opportunity": ("up", "opport.", "$success"),
    "threat": ("down", "threat", "$error"),
    "neutral": ("nothing", "neutral", "$text-muted"),
}
"""Each effect's mark (a name in tui/glyphs.py), word and colour: the word says it without colour."""
EFFECT_WIDTH = 9
IN_SWOT = "SWOT"
CHECKLIST_COLUMNS = (("", 4), ("impact", 7), ("likely", 7), ("effect", EFFECT_WIDTH + 1), ("swot", 5), ("item", 0))
"""Titles and widths of the checklist's columns after the two-space indent of item rows."""


def effect_part(effect: str) -> tuple[str, str]:
    mark, word, style = EFFECT_LOOK.get(effect, EFFECT_LOOK["neutral"])
    word = f"{getattr(glyphs, mark)} {word}"
    return word.ljust(EFFECT_WIDTH), style


def columns_header() -> Content:
    """The titles above the checklist, aligned with `item_row` (whose list has a gutter of two
    cells more than the line of titles has padding)."""
    return Content("    " + "".join(title.ljust(width) for title, width in CHECKLIST_COLUMNS))


def item_row(item: PestleItem, in_swot: bool) -> Content:
    """`  [x] ●●●●○  ●●●○○  ▼ threat  SWOT text`: fixed columns first, so the text is what gets cut."""
    widths = [width for _, width in CHECKLIST_COLUMNS]
    box = ("[x]", "$success") if item.checked else ("[ ]", "$text-muted")
    return Content.assemble(
        "  ", box, " " * (widths[0] - 3),
        (rating_dots(item.impact), "$accent"), " " * (widths[1] - 5),
        (rating_dots(item.likelihood), "$accent"), " " * (widths[2] - 5),
        effect_part(item.effect), " " * (widths[3] - EFFECT_WIDTH),
        (IN_SWOT, "bold $accent") if in_swot else "    ", " " * (widths[4] - 4),
        one_line(item.text) or ("(no text)", "$text-muted italic"),
    )


def factor_row(name: str, factor: PestleFactor, add_key: str = "a") -> Content:
    """`P  Political [2/3] ✓ reviewed  How government and politics ...`"""
    guide = GUIDES[name]
    done, total = factor_progress(factor)
    reviewed = (f"{glyphs.done} reviewed", "$success") if factor.reviewed else ("not reviewed", "$warning")
    tail = (f"  {guide.explanation}", "$text-muted") if total else (f"  no items yet: {add_key} adds one", "$text-muted italic")
    return Content.assemble(
        (guide.letter, "bold reverse $accent"), " ", (guide.title, "bold"), " ",
        (f"[{done}/{total}]", "bold" if total and done == total else ""), " ", reviewed, tail,
    )


def ranked_row(factor: str, item: PestleItem, in_swot: bool, compact: bool = False) -> Content:
    """`12 4×3 Pol [x] ▼ threat  SWOT text`: the score first, for the ranked lists. `compact` (the
    items of one grid cell, which share their score) leaves out the score and shows the effect's symbol."""
    box = ("[x]", "$success") if item.checked else ("[ ]", "$text-muted")
    word, style = effect_part(item.effect)
    score = [] if compact else [
        (f"{item.score:>2}", "bold"), " ", (f"{item.impact}{glyphs.times}{item.likelihood}", "$accent"), " "]
    return Content.assemble(
        *score, (GUIDES[factor].short, "bold"), " ", box, " ", (word[:1] if compact else word, style), " ",
        (IN_SWOT, "bold $accent") if in_swot else "    ", " ",
        one_line(item.text) or ("(no text)", "$text-muted italic"),
    )


# -- the lists, with their keys --------------------------------------------------------------


class PestleChecklist(LazyOptionList):
    """All six factors: a header row per factor, then its items. Keys act on the row under the cursor."""

    KEYS_TITLE = "The checklist"
    """The heading of these keys on the help screen."""

    BINDINGS = [
        bind("done", "screen.toggle", "pestle", description="Check",
             tooltip="Check or uncheck the item: done with it (on a factor: mark it reviewed)"),
        bind("add", "screen.add_item", "pestle",
             tooltip="Add an item to this factor: write your own or start from a guiding prompt"),
        bind("edit", "screen.edit", "pestle", show=False,
             tooltip="Edit text, impact, likelihood and effect (on a factor: its notes); enter too"),
        bind("delete", "screen.delete_item", "pestle", show=False),
        bind("filter", "screen.filter", "pestle", show=False,
             tooltip="Show only items whose text holds a word, or of one effect; esc clears it"),
        bind("move_up", "screen.reorder(-1)", "pestle", show=False),
        bind("move_down", "screen.reorder(1)", "pestle", show=False),
        Binding("p", "screen.promote", "Promote", id="pestle.promote",
                tooltip="Put the item in the SWOT as an opportunity or a threat, by its effect"),
        bind("go", "screen.goto_swot", "pestle", description="To SWOT", show=False,
             tooltip="Go to the SWOT item this item was promoted to"),
        Binding("R", "screen.add_risk", "To risks", id="pestle.risk", show=False,
                tooltip="Add the item to the risk register (once: again, the register opens on it)"),
        Binding("r", "screen.toggle_reviewed", "Reviewed", id="pestle.reviewed", show=False,
                tooltip="Mark this factor reviewed, or not"),
        Binding("plus,equals_sign", "screen.rate('impact', 1)", "Impact up", id="pestle.impact_up",
                show=False, key_display="+", tooltip="Rate its impact on us higher (1 to 5)"),
        Binding("minus,underscore", "screen.rate('impact', -1)", "Impact down", id="pestle.impact_down",
                show=False, key_display="-", tooltip="Rate its impact lower"),
        Binding("greater_than_sign,full_stop", "screen.rate('likelihood', 1)", "Likelihood up",
                id="pestle.likelihood_up", show=False, key_display=">",
                tooltip="Rate it likelier (1 to 5)"),
        Binding("less_than_sign,comma", "screen.rate('likelihood', -1)", "Likelihood down",
                id="pestle.likelihood_down", show=False, key_display="<",
                tooltip="Rate it less likely"),
        Binding("t", "screen.cycle_effect", "Effect", id="pestle.effect", show=False,
                tooltip="Change the effect: neutral, opportunity, threat"),
        Binding("n", "screen.next_factor(1)", "Next factor", id="pestle.next_factor", show=False,
                tooltip="To the next factor's row"),
        Binding("N", "screen.next_factor(-1)", "Previous factor", id="pestle.previous_factor", show=False,
                tooltip="To the previous factor's row"),
        Binding("m", "screen.move_item", "Move", id="pestle.move", show=False,
                tooltip="Move the item (or every marked item) to another factor"),
        Binding("j", "cursor_down", show=False, id="pestle.cursor_down"),
        Binding("k", "cursor_up", show=False, id="pestle.cursor_up"),
        *mark_keys("pestle"),
    ]


class PestleRankList(LazyOptionList):
    """Items ranked by impact times likelihood (all of them, or those of one grid cell)."""

    KEYS_TITLE = "The grid (v)"
    """The heading of these keys on the help screen."""

    BINDINGS = [
        Binding("p", "screen.promote", "Promote", id="pestle.rank.promote",
                tooltip="Put the item in the SWOT as an opportunity or a threat, by its effect"),
        bind("go", "screen.goto_swot", "pestle.rank", description="To SWOT",
             tooltip="Go to the SWOT item this item was promoted to"),
        Binding("R", "screen.add_risk", "To risks", id="pestle.rank.risk", show=False,
                tooltip="Add the item to the risk register (once: again, the register opens on it)"),
        Binding("j", "cursor_down", show=False, id="pestle.rank.cursor_down"),
        Binding("k", "cursor_up", show=False, id="pestle.rank.cursor_up"),
    ]
