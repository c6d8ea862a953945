"""Search everywhere: every text of every section, ranked, built once per workbook change.

What is searched is one table, `KINDS`: per kind of item (its id prefix) the section that
shows it, what a hit calls it, the field that names it and its other text fields. The items
come from the model's one walk, `Workbook.iter_items()`; a new kind of item is one more entry
here. A few texts are not items (the vision, the mission, a PESTLE factor's notes): `_loose`.

A hit points at its place by a ref that the section's `focus_item` takes: an item id, `vision`,
`pestle.<factor>`, or a line of an item, `<item id>.<line kind>.<key>` (a goal's answer).

Ranking, best first: the words at the start of a word of the title (whole words first), then
inside the title, then the same in the other fields; ties keep the file's order.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from tui.model.ids import id_prefix
from tui.model.pestle import factor_ref
from tui.model.forces import FORCE_TITLES
from tui.model.workbook import Workbook

SHOWN = 100
"""The most hits a search gives back; the count says how many more there are."""


@dataclass(frozen=True, slots=True)
class Kind:
    """How one kind of item is searched."""

    section: str
    """The mode of the section that shows it."""
    name: str
    """What a hit calls it: `strength`, `key result`."""
    title: str
    """The field that names it: a match here ranks first. Dotted for a field of a field."""
    more: tuple[str, ...] = ()
    """Its other text fields (notes, owner), dotted likewise."""
    lines: tuple[str, str, str] = ("", "", "")
    """A dict field whose texts are hits of their own, what they are called, and the kind of
    line that shows them: a goal's answers, `("answers", "answer", "answer")`."""


KINDS: dict[str, Kind] = {
    "val": Kind("vmv", "value", "name", ("description",)),
    "str": Kind("swot", "strength", "text", ("notes",)),
    "wea": Kind("swot", "weakness", "text", ("notes",)),
    "opp": Kind("swot", "opportunity", "text", ("notes",)),
    "thr": Kind("swot", "threat", "text", ("notes",)),
    "tow": Kind("swot", "strategy", "text"),
    "pes": Kind("pestle", "PESTLE item", "text"),
    "gol": Kind("goals", "goal", "title", ("owner", "measure.metric", "closing.lessons"),
                ("answers", "answer", "answer")),
    "kr": Kind("goals", "key result", "text", ("unit",)),
    "mil": Kind("goals", "milestone", "text"),
    "chk": Kind("goals", "check-in", "note", ("by",)),
    "tac": Kind("tactics", "tactic", "text", ("owner",)),
    "rsk": Kind("risks", "risk", "text", ("owner", "response")),
    "frc": Kind("forces", "force item", "text"),
    "ans": Kind("forces", "Ansoff option", "text"),
}
"""Every kind of item that search finds, by id prefix."""

_WORD = re.compile(r"\w+")


def line_ref(item_id: str, kind: str, key: str = "") -> str:
    """The ref of one line of an item's detail: `gol-x.answer.specific`."""
    return f"{item_id}.{kind}.{key}"


def split_line_ref(ref: str) -> tuple[str, str, str] | None:
    """(item id, line kind, key) of a `line_ref`, else None."""
    item_id, dot, rest = ref.partition(".")
    if not dot or not rest:
        return None
    kind, _, key = rest.partition(".")
    return item_id, kind, key


def _field(item: Any, path: str) -> Any:
    for name in path.split("."):
        item = getattr(item, name, None)
        if item is None:
            return None
    return item


def _words(text: str) -> str:
    """The words of lowered text, each with a space before and after: ` q3 launch `."""
    return " " + " ".join(_WORD.findall(text)) + " "


@dataclass(frozen=True, slots=True)
class Hit:
    ref: str
    """What the section's `focus_item` takes to put the cursor on it."""
    section: str
    kind: str
    title: str
    """The text that names it (not made safe: show it through `for_display`)."""
    found_in: str
    """The other text the words were found in (a note), or "" when the title holds them all."""
    at: int
    """Where in `found_in` (or the title) the first word starts; -1 when not found there."""
    context: str = ""
    """What the hit is part of, when that is not an item of its own: a goal's title for an answer."""


@dataclass(slots=True)
class _Entry:
    ref: str
    section: str
    kind: str
    title: str
    more: str
    """The other fields, one a line."""
    title_low: str
    title_words: str
    more_low: str
    more_words: str
    context: str
    title_key: str
    """The lowered title without spaces around it: a search for exactly it ranks it first."""


def _entry(ref: str, section: str, kind: str, title: str, more: str = "", context: str = "") -> _Entry | None:
    if not title.strip() and not more.strip():
        return None
    title_low, more_low = title.lower(), more.lower()
    return _Entry(ref, section, kind, title, more, title_low, _words(title_low), more_low, _words(more_low),
                  context, title_low.strip())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None or isinstance(value, bool) else str(value)


def _entries(workbook: Workbook) -> Iterator[_Entry]:
    yield from _loose(workbook)
    for item in workbook.iter_items():
        item_id = getattr(item, "id", "")
        kind = KINDS.get(id_prefix(item_id)) if isinstance(item_id, str) else None
        if kind is None:
            continue
        title = _text(_field(item, kind.title))
        more = "\n".join(text for path in kind.more if (text := _text(_field(item, path)).strip()))
        entry = _entry(item_id, kind.section, kind.name, title, more)
        if entry is not None:
            yield entry
        field, name, line = kind.lines
        parts = _field(item, field) if field else None
        if isinstance(parts, dict):
            for key, value in parts.items():
                if (part := _entry(line_ref(item_id, line, key), kind.section, name, _text(value), context=title)):
                    yield part


def _loose(workbook: Workbook) -> Iterator[_Entry]:
    """The texts that are not items: the vision, the mission, the notes of each PESTLE factor and
    of each of the five forces (by their edit refs). They have no title: long texts, they rank as
    notes do."""
    for name in ("vision", "mission"):
        if (entry := _entry(name, "vmv", name, "", getattr(workbook.vmv, name))):
            yield entry
    for name, factor in workbook.pestle.factors.items():
        if (entry := _entry(factor_ref(name), "pestle", "notes", "", factor.notes, name.capitalize())):
            yield entry
    for name, force in workbook.forces.forces.items():
        if (entry := _entry(f"forces.{name}", "forces", "notes", "", force.notes, FORCE_TITLES.get(name, name))):
            yield entry


def _needles(words: list[str]) -> list[tuple[str, str | None, str | None]]:
    """Each word, and its words as a whole word and as the start of one (` q3 launch `, ` q3
    launch`) as `_words` writes them; None for a word of punctuation only."""
    needles = []
    for word in words:
        phrase = " ".join(_WORD.findall(word))
        needles.append((word, f" {phrase} " if phrase else None, f" {phrase}" if phrase else None))
    return needles


class SearchIndex:
    """Every searchable text of one state of the workbook, lowered once; `search` per keystroke."""

    def __init__(self, workbook: Workbook, sections: Collection[str] | None = None) -> None:
        """`sections`: the sections there are; texts of others (a kind whose section this version
        does not show yet) are left out, as no hit could be gone to."""
        self._entries = [entry for entry in _entries(workbook) if sections is None or entry.section in sections]
        self._last: tuple[list[str], list[int]] = ([], list(range(len(self._entries))))
        """The words last searched for and the entries (by index) that held them all."""

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int = SHOWN) -> tuple[list[Hit], int]:
        """The best `limit` hits for the words of `query` (each must be found, in any field),
        and how many entries matched in all."""
        words = query.lower().split()
        if not words:
            return [], 0
        last_words, last_found = self._last
        # Typing on only narrows: every entry that holds the new words held the old ones.
        if last_words and all(any(old in new for new in words) for old in last_words):
            candidates = last_found
        else:
            candidates = range(len(self._entries))
        needles = _needles(words)
        whole = " ".join(words)
        entries = self._entries
        found: list[int] = []
        ranked: list[tuple[int, int]] = []
        # Lower is better: per word 0 a whole word of the title, 1 the start of one, 2 inside the
        # title; 3, 4, 5 the same in the other fields. This loop runs per key over every entry:
        # kept flat, no calls.
        for index in candidates:
            entry = entries[index]
            score = 0
            for word, as_word, as_start in needles:
                if word in entry.title_low:
                    if as_word is not None and as_word in entry.title_words:
                        continue
                    score += 1 if as_start is not None and as_start in entry.title_words else 2
                elif word in entry.more_low:
                    if as_word is not None and as_word in entry.more_words:
                        score += 3
                    else:
                        score += 4 if as_start is not None and as_start in entry.more_words else 5
                else:
                    break
            else:
                found.append(index)
                ranked.append((score - 1 if entry.title_key == whole else score, index))
        self._last = (words, found)
        best = heapq.nsmallest(limit, ranked)
        return [self._hit(entries[index], words[0]) for _, index in best], len(found)

    @staticmethod
    def _hit(entry: _Entry, first: str) -> Hit:
        at = entry.title_low.find(first)
        if at >= 0 or not entry.more:
            return Hit(entry.ref, entry.section, entry.kind, entry.title, "", at, entry.context)
        # The line of the other fields that holds the first word, and where in it.
        start = entry.more_low.find(first)
        line_start = entry.more_low.rfind("\n", 0, start) + 1
        line_end = entry.more_low.find("\n", start)
        line = entry.more[line_start: line_end if line_end >= 0 else None]
        return Hit(entry.ref, entry.section, entry.kind, entry.title, line, start - line_start, entry.context)
