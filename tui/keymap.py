"""One keymap for the whole app: the same key for the same act in every section.

Every section builds the bindings of these acts with `bind`, so that add is `a`,
edit `e`, delete `d`, filter `/`, reorder `K` and `J`, status `s`, done `space`
(and so on below) wherever the act exists; a key of this table never means
anything else in a section (tests/ui/test_keymap.py checks both). Each binding
keeps its own id, `<section>.<act>` (e.g. `goals.add`), so `App.set_keymap` can
remap it. The README's key table and the help screen (`?`) are written from here.
"""

from __future__ import annotations

import functools
import re

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
    Act("delete", "d,delete", "Delete", "Delete it; says first what links to it. Undo brings it back", "d"),
    Act("filter", "slash", "Filter", "Show only what matches; esc clears the filter", "/"),
    Act("move_up", "K,shift+up", "Move up", "Move it up the list, where the order is yours", "K"),
    Act("move_down", "J,shift+down", "Move down", "Move it down the list, where the order is yours", "J"),
    Act("status", "s", "Status", "The next status (goals: draft, active, achieved, missed, dropped; "
        "tactics: todo, doing, done, blocked)", "s"),
    Act("status_back", "S", "Status back", "The previous status", "S"),
    Act("done", "space", "Done", "Done or not done (a tactic, a milestone, a PESTLE item's check)", "space"),
    Act("order", "o", "Order", "Change the order the list is shown in (SWOT: heaviest first)", "o"),
    Act("go", "g", "Go to", "Go to the item this one belongs to or came from", "g"),
    Act("mark", "asterisk", "Mark", "Mark or unmark the item (a * shows by it) and go to the next; "
        "while items are marked, delete, move and edit act on all of them", "*"),
    Act("mark_all", "M", "Mark all", "Mark every item this list shows (under the filter); "
        "again: unmark them", "M"),
    Act("unmark", "U", "Unmark all", "Unmark every item of this section", "U"),
)}
MARK_ACTS = ("mark", "mark_all", "unmark")


def bind(act: str, action: str, section: str, *, description: str | None = None, tooltip: str | None = None,
         show: bool = True, also: str = "") -> Binding:
    """The binding of `act` in `section` (id `<section>.<act>`); `also`: more keys for it there (enter)."""
    known = ACTS[act]
    keys = known.keys + (f",{also}" if also else "")
    return Binding(keys, action, description or known.description, show=show, id=f"{section}.{act}",
                   tooltip=tooltip or known.tooltip)


def mark_keys(section: str) -> list[Binding]:
    """The keys that mark items, for a list of `section` (its screen holds the marks: see
    tui/screens/base.py); one line in a list's BINDINGS: `*mark_keys("risks")`."""
    actions = {"mark": "screen.toggle_mark", "mark_all": "screen.mark_all", "unmark": "screen.unmark_all"}
    return [bind(act, actions[act], section, show=False) for act in MARK_ACTS]


def clear_filter_key(section: str) -> Binding:
    """esc clears the filter of `section` (id `<section>.clear_filter`): a binding of its screen,
    checked by `SectionScreen.check_action`, so that esc does what it does otherwise when no
    filter is on (`SectionScreen.filter_on`)."""
    return Binding("escape", "clear_filter", "Clear filter", id=f"{section}.clear_filter", show=False,
                   tooltip="Show every item again")


# -- every binding the app declares: for the config's [keys], `?`, `stratbook config`, the README --

_PACKAGES = ("tui.screens", "tui.modals", "tui.widgets")


def _node_classes() -> list[type]:
    """Every screen, dialog and widget class of ours, and the app: the places bindings are declared;
    and Textual's text boxes."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    modules = [importlib.import_module("tui.app")]
    for package in _PACKAGES:
        found = importlib.import_module(package)
        modules += [importlib.import_module(f"{package}.{info.name}") for info in pkgutil.iter_modules(found.__path__)]
    from textual.widgets import Input, TextArea

    return [value for module in modules for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module.__name__
            ] + [Input, TextArea]  # their keys are the ones a priority binding must leave alone


def declared_bindings() -> list:
    """Every binding (`tui.store.config.Bound`) of every class of ours, with the scope it is in:
    the class whose map holds it (its own and inherited bindings, Textual's included, which have
    no id but own keys a remapped binding must not take)."""
    from tui.store.config import Bound

    bound = []
    for cls in _node_classes():
        scope = cls.__name__
        for key, bindings in cls._merge_bindings().key_to_bindings.items():
            for binding in bindings:
                bound.append(Bound(binding.id or "", (key,), scope, binding.action,
                                   binding.description or binding.action.partition("(")[0], binding.priority))
    return bound


def binding_ids() -> dict[str, tuple[str, str]]:
    """Every binding id: (its default keys, comma-separated; what it does), sorted by id."""
    found: dict[str, tuple[list[str], str]] = {}
    for binding in declared_bindings():
        if binding.id:
            keys, _ = found.setdefault(binding.id, ([], binding.description))
            keys += [key for key in binding.keys if key not in keys]
    return {binding_id: (",".join(keys), description) for binding_id, (keys, description) in sorted(found.items())}


@functools.cache
def default_keys() -> dict[str, str]:
    """Every binding id's default keys, comma-separated (`binding_ids` without the words), made once."""
    return {binding_id: keys for binding_id, (keys, _) in binding_ids().items()}


@functools.cache
def own_default_keys(app_class: type) -> dict[str, str]:
    """The default keys of the app's own bindings (`app.*`, declared by `app_class`), as
    `default_keys` has them, found without reading every screen, dialog and widget module: the
    Overview's first lines name the app's keys (F5 reviews them), and collecting every binding
    first loaded every section, a sixth of the start-up on the sample."""
    found: dict[str, list[str]] = {}
    for key, bindings in app_class._merge_bindings().key_to_bindings.items():
        for binding in bindings:
            if binding.id and binding.id.startswith("app."):
                keys = found.setdefault(binding.id, [])
                keys += [key] if key not in keys else []
    return {binding_id: ",".join(keys) for binding_id, keys in found.items()}


README_START = "<!-- binding ids: generated by `python -m tui.keymap --readme`; a test checks it -->"
README_END = "<!-- end of binding ids -->"


def readme_table() -> str:
    """The README's table of every binding id, between its markers."""
    rows = [f"| `{binding_id}` | `{keys}` | {description} |" for binding_id, (keys, description) in binding_ids().items()]
    return "\n".join([README_START, "", "| binding id | default keys | does |", "|---|---|---|", *rows, "", README_END])


def write_readme(path) -> bool:
    """Put the current table in the README at `path`; True when it changed."""
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    updated = text[:start] + readme_table() + text[end:]
    if updated != text:
        Path(path).write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if sys.argv[1:] == ["--readme"]:
        readme = Path(__file__).resolve().parent.parent / "README.md"
        print(f"{readme}: {'updated' if write_readme(readme) else 'already up to date'}")
    else:
        print(readme_table())



def spoken_key(shown: str) -> str:
    """A key as the footer shows it (`^s`, `f2`, `⏎`) as a message names it: `ctrl+s`, `F2`, `enter`."""
    from tui.ascii import key_display

    shown = key_display(shown).replace("^", "ctrl+").replace("pgdn", "PgDn").replace("pgup", "PgUp")
    return function_keys_named(shown)


def function_keys_named(shown: str) -> str:
    """Function keys as keyboards and messages write them, `F2`; Textual's key display has `f2`."""
    return re.sub(r"(?<![\w])f(\d{1,2})\b", r"F\1", shown)


def key_in_effect(binding_id: str, every: bool = False) -> str:
    """The key of `binding_id` as the running app's keymap has it (`StratbookApp.key_named`), for
    text made where no widget is at hand (the Overview's lines) and for dialogs shown in any app;
    the default where the app has no keymap. `every`: all its keys, `PgDn/ctrl+n`."""
    from textual._context import active_app

    app = active_app.get(None)
    if app is not None and hasattr(app, "key_named"):
        return app.key_named(binding_id, every)
    act = ACTS.get(binding_id.rpartition(".")[2])
    if act is not None and not every:
        return act.shown
    keys = default_keys()[binding_id].split(",")[:None if every else 1]
    return "/".join(spoken_key(app.get_key_display(Binding(key, "")) if app is not None else key) for key in keys)
