"""One keymap for the whole app: the same key for the same act in every section.

Every section builds the bindings of these acts with `bind`, so that add is `a`,
edit `e`, delete `d`, filter `/`, reorder `K` and `J`, status `s`, done `space`
(and so on below) wherever the act exists; a key of this table never means
anything else in a section (tests/ui/test_keymap.py checks both). Each binding
keeps its own id, `<section>.<act>` (e.g. `goals.add`), so `App.set_keymap` can
remap it. The README's key table and the help screen (`?`) are written from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Act:
    """Something the user does in several sections, with its one key."""

    name: str
    keys: str
    """Textual key names, comma-separated: the first is the one shown."""
    description: str
    tooltip: str
    shown: str
    """The key as the README and the help screen write it."""


ACTS: dict[str, Act] = {act.name: act for act in (
    Act("add", "a", "Add", "Add an item here (in Tactics: under the goal at the cursor)", "a"),
    Act("edit", "e", "Edit", "Edit the item under the cursor (enter too, where enter does not open it)", "e"),
    Act("delete", "d,delete", "Delete", "Delete it; says first what links to it. ctrl+z brings it back", "d"),
    Act("filter", "slash", "Filter", "Show only what matches; esc clears the filter", "/"),
    Act("move_up", "K,shift+up", "Move up", "Move it up the list, where the order is yours", "K"),
    Act("move_down", "J,shift+down", "Move down", "Move it down the list, where the order is yours", "J"),
    Act("status", "s", "Status", "The next status (goals: draft, active, achieved, missed, dropped; "
        "tactics: todo, doing, done, blocked)", "s"),
    Act("status_back", "S", "Status back", "The previous status", "S"),
    Act("done", "space", "Done", "Done or not done (a tactic, a milestone, a PESTLE item's check)", "space"),
    Act("order", "o", "Order", "Change the order the list is shown in (SWOT: heaviest first)", "o"),
    Act("go", "g", "Go to", "Go to the item this one belongs to or came from", "g"),
)}


def bind(act: str, action: str, section: str, *, description: str | None = None, tooltip: str | None = None,
         show: bool = True, also: str = "") -> Binding:
    """The binding of `act` in `section` (id `<section>.<act>`); `also`: more keys for it there (enter)."""
    known = ACTS[act]
    keys = known.keys + (f",{also}" if also else "")
    return Binding(keys, action, description or known.description, show=show, id=f"{section}.{act}",
                   tooltip=tooltip or known.tooltip)
