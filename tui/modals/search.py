"""Search everywhere (ctrl+f): one box over every text of every section, hits as you type.

The index (tui.model.search) is built by the app once per workbook change; each key only
searches it and shows at most `SHOWN` hits, one line each: the section, what the hit is, its
text with the words found underlined. Up and down (and page keys) move among the hits while
the typing stays in the box; enter goes to the hit (`StratbookApp.show_item`, which ctrl+o
undoes). `/` in a section filters that section only; this box searches them all.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from tui.modals.dialog import Dialog
from tui.glyphs import glyphs
from tui.model.search import Hit, SearchIndex
from tui.model.text import one_line
from tui.screens.sections import SECTION_BY_MODE
from tui.widgets.lines import LazyOptionList
from tui.widgets.safe import SafeInput

SECTION_WIDTH = 8
KIND_WIDTH = 12
SNIPPET_BEFORE = 12
"""Characters shown before the word found, when it is found too far into a text to be seen."""
TEXT_WIDTH = 50
"""About how many characters of a hit's text show on an 80-column terminal."""
OWNER_WIDTH = 26


def hit_prompt(hit: Hit, words: list[str]) -> Content:
    """One line: section, kind, what it belongs to (for a note: its item), and the text the words
    were found in, from near the first of them when that is far in, with each word underlined."""
    section = SECTION_BY_MODE[hit.section].title if hit.section in SECTION_BY_MODE else hit.section
    owner = one_line(hit.context or (hit.title if hit.found_in else ""), OWNER_WIDTH)
    text = hit.found_in or hit.title
    room = TEXT_WIDTH - (len(owner) + 3 if owner.strip() else 0)
    start = hit.at - SNIPPET_BEFORE if hit.at + len(words[0] if words else "") > room else 0
    body = _marked((glyphs.ellipsis_text if start > 0 else "") + one_line(text[max(0, start):], 300), words)
    if owner.strip():
        body = Content.assemble((owner + glyphs.sep_text, "$text-muted"), body)
    return Content.assemble((f"{section[:SECTION_WIDTH]:<{SECTION_WIDTH}} ", "bold"),
                            (f"{hit.kind[:KIND_WIDTH]:<{KIND_WIDTH}} ", "$text-muted"), body)


def _marked(text: str, words: list[str]) -> Content:
    content = Content(text)
    low = text.lower()
    for word in words:
        start = low.find(word)
        while start >= 0:
            content = content.stylize("bold underline", start, start + len(word))
            start = low.find(word, start + len(word))
    return content


class HitList(LazyOptionList):
    """The hits, each drawn only when on screen; its cursor row keeps the focus mark while the
    typing stays in the box."""

    marked_without_focus = True


class SearchDialog(Dialog[Hit | None]):
    """Type to find any item of any section; dismisses with the hit chosen, or None."""

    DEFAULT_CSS = """
    SearchDialog { align: center top; }
    SearchDialog #search {
        width: 78; max-width: 100%; height: 22; max-height: 100%; margin-top: 1;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SearchDialog #search-title { text-style: bold; color: $accent; }
    SearchDialog #search-box { height: 1; margin-bottom: 0; background: $boost; }
    SearchDialog HitList {
        height: 1fr; border: none; padding: 0; background: $surface;
        text-wrap: nowrap; text-overflow: ellipsis;
        &:focus { border: none; }
    }
    /* The count is one line, cut with an ellipsis where it is longer (it wrapped out of sight);
       the keys take the lines they wrap to (their last line was cut at 60 columns). */
    SearchDialog #search-count { color: $text-muted; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    SearchDialog #search-keys { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close", tooltip="Close the search, staying where you were"),
        Binding("down", "move(1)", "Next hit", id="search.down", show=False, tooltip="The hit below"),
        Binding("up", "move(-1)", "Previous hit", id="search.up", show=False, tooltip="The hit above"),
        Binding("pagedown", "page(1)", "Next page", id="search.page_down", show=False, tooltip="A screenful down"),
        Binding("pageup", "page(-1)", "Previous page", id="search.page_up", show=False, tooltip="A screenful up"),
    ]

    def __init__(self, index: SearchIndex, query: str = "", back_key: str = "ctrl+o") -> None:
        """`back_key`: the key that comes back from a jump, as the user's keymap has it."""
        super().__init__()
        self.index = index
        self.back_key = back_key
        self.query_text = query
        self.hits: list[Hit] = []
        self.words: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search"):
            yield Static(Content(f"Search every section ({len(self.index):,} texts)"), id="search-title")
            yield SafeInput(self.query_text, placeholder="type words to find", compact=True, id="search-box")
            yield HitList(self._hit_row, id="search-hits")
            yield Static(id="search-count")
            yield Static(Content(f"enter: go there   up/down: choose   esc: close   {self.back_key} later: back "
                                 "here\n/ in a section filters that section only"), id="search-keys")

    def on_mount(self) -> None:
        self.query_one("#search-box", Input).focus()
        self._show(self.query_text)

    @property
    def hit_list(self) -> HitList:
        return self.query_one("#search-hits", HitList)

    def _show(self, query: str) -> None:
        self.query_text = query
        self.hits, total = self.index.search(query)
        words = query.lower().split()
        hits = self.hit_list
        self.words = words
        hits.set_options([hits.make_option(str(number)) for number in range(len(self.hits))])
        if self.hits:
            hits.highlighted = 0
        count = self.query_one("#search-count", Static)
        if not words:
            count.update(Content("Every value, SWOT item, strategy, PESTLE item and note, goal, answer, key "
                                 "result, milestone, check-in note and tactic."))
        elif not total:
            count.update(Content(f"Nothing holds {one_line(query, 40)!r}."))
        elif total > len(self.hits):
            count.update(Content(f"The first {len(self.hits)} of {total:,} hits: type more to narrow them."))
        else:
            count.update(Content(f"{total:,} hit{'s' if total != 1 else ''}"))

    def _hit_row(self, row_id: str) -> Content:
        return hit_prompt(self.hits[int(row_id)], self.words)

    @on(Input.Changed, "#search-box")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(event.value)

    @on(Input.Submitted, "#search-box")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._go(self.hit_list.highlighted)

    @on(OptionList.OptionSelected, "#search-hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._go(event.option_index)

    def _go(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.hits):
            self.dismiss(self.hits[index])

    def action_move(self, step: int) -> None:
        hits = self.hit_list
        if self.hits:
            hits.highlighted = max(0, min(len(self.hits) - 1, (hits.highlighted or 0) + step))

    def action_page(self, step: int) -> None:
        self.action_move(step * max(1, self.hit_list.scrollable_content_region.height - 1))

    def action_close(self) -> None:
        self.dismiss(None)
