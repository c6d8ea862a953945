"""Comments written by hand in the workbook's file, each kept with what it was written above.

People open the file in an editor and write in it (`# Bob: too ambitious for Q1?`); a save by
Stratbook writes the file anew in its own layout, so each comment is kept with its *anchor*,
the thing it was written above (or at the end of the line of), and the writer puts it back there.
This module is the one place for that fact; tui/store/comments.py reads comments from a file's
text, and tui/store/writer.py writes them. No Textual and no TOML here.

An anchor is a tuple naming a table, an item or a key as the writer emits it:
- an item with an id of its own (anything in an `[[array]]` of tables): `(None, id)`, so the
  comment follows the item when it is edited, reordered or moved to another list;
- below an item, the names of the tables and keys on the way: `(None, "gol-7tz2", "due")`,
  `(None, "gol-7tz2", "answers", "why")`;
- a table or key with no item above it: its names from the top: `("pestle", "political")`,
  `("workbook", "title")`; an item without an id adds its list's name and position
  (`("conflicts", 0)`).
A comment on something deleted is not written (it goes with it), but stays here, so undo brings
it back with it.

Each comment is a line as written, from its `#` (`"# moved from March"`); "" is a blank line
between comments of one block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Anchor = tuple
"""`(None, id, *names)` below an item with an id, else `(*names)` from the top (see the module)."""


@dataclass(slots=True)
class Comments:
    """A workbook's hand-written comments, by anchor."""

    top: list[str] = field(default_factory=list)
    """At the top of the file, after Stratbook's own header lines."""
    above: dict[Anchor, list[str]] = field(default_factory=dict)
    """The lines written above a table, an item or a key."""
    after: dict[Anchor, str] = field(default_factory=dict)
    """The comment at the end of a key's (or a table header's) line."""
    end: list[str] = field(default_factory=list)
    """At the end of the file, below everything."""

    def __bool__(self) -> bool:
        return bool(self.top or self.above or self.after or self.end)

    def count(self) -> int:
        """How many comment lines there are (blank lines between them not counted)."""
        blocks = [self.top, self.end, *self.above.values()]
        return sum(1 for block in blocks for line in block if line) + len(self.after)

    def copy(self) -> Comments:
        return Comments(list(self.top), {k: list(v) for k, v in self.above.items()}, dict(self.after),
                        list(self.end))

    def places(self) -> dict[object, tuple[str, ...]]:
        """Every place that has a comment, with its lines: `"top"`, `"end"`, `("above", anchor)`
        and `("after", anchor)`. What diff and merge compare."""
        found: dict[object, tuple[str, ...]] = {}
        if self.top:
            found["top"] = tuple(self.top)
        for anchor, lines in self.above.items():
            if lines:
                found[("above", anchor)] = tuple(lines)
        for anchor, text in self.after.items():
            found[("after", anchor)] = (text,)
        if self.end:
            found["end"] = tuple(self.end)
        return found

    @classmethod
    def from_places(cls, places: dict[object, tuple[str, ...]]) -> Comments:
        made = cls()
        for place, lines in places.items():
            if place == "top":
                made.top = list(lines)
            elif place == "end":
                made.end = list(lines)
            elif place[0] == "above":
                made.above[place[1]] = list(lines)
            else:
                made.after[place[1]] = lines[0]
        return made


def merged(base: Comments, ours: Comments, theirs: Comments) -> Comments:
    """The comments of a three-way merge, place by place: what one side changed (added, edited,
    removed) since the base is taken; a place both sides changed differently keeps both, ours
    first. Never loses a comment either side added.

    A side with no comment at all where the base had some was written by a tool that drops them
    (an earlier Stratbook, a script): its want of comments is no deletion, and counts as the base's."""
    if base:
        ours = ours or base
        theirs = theirs or base
    if not theirs:
        return ours.copy()
    b, o, t = base.places(), ours.places(), theirs.places()
    result: dict[object, tuple[str, ...]] = {}
    for place in {**o, **t}:
        mine, yours, was = o.get(place, ()), t.get(place, ()), b.get(place, ())
        if mine == yours or yours == was:
            chosen = mine
        elif mine == was:
            chosen = yours
        else:  # both changed it: keep both, ours first
            chosen = both(place, mine, yours)
        if chosen:
            result[place] = chosen
    return Comments.from_places(result)


def commented_items(base: Comments, side: Comments) -> set[str]:
    """The ids of the items on which `side` wrote a comment the base does not have (added or
    changed, above the item or one of its keys, or at a line's end): a change to the item as
    much as a field's, so a merge keeps an item the other side deleted when this side commented
    on it. A line only taken out is no such change (the item may go, and the comment with it)."""
    was = base.places()
    return {place[1][1] for place, lines in side.places().items()
            if isinstance(place, tuple) and place[1] and place[1][0] is None
            and any(line and line not in was.get(place, ()) for line in lines)}


def both(place: object, mine: tuple[str, ...], yours: tuple[str, ...]) -> tuple[str, ...]:
    """Two comments for one place, ours first: an end-of-line comment joined on its line
    (`# ours  # theirs`), lines as ours and then those of theirs that ours does not have."""
    if isinstance(place, tuple) and place[0] == "after":
        if not mine or not yours:
            return mine or yours
        return (f"{mine[0]}  {yours[0]}",)
    return (*mine, *(line for line in yours if line and line not in mine))
