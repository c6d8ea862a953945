"""Reading and writing workbook files. No Textual here."""

from tui.store.files import MAX_BYTES, Loaded, load, loads, new_workbook, save
from tui.store.problems import Problem, WorkbookError

__all__ = ["MAX_BYTES", "Loaded", "Problem", "WorkbookError", "dumps", "load", "loads", "new_workbook", "save"]


def __getattr__(name: str):
    # The writer is imported when first asked for: `stratbook check` reads and writes nothing.
    if name == "dumps":
        from tui.store.writer import dumps

        return dumps
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
