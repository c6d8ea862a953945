"""Reading and writing workbook files. No Textual here."""

from tui.store.files import MAX_BYTES, Loaded, load, loads, new_workbook, save
from tui.store.problems import Problem, WorkbookError
from tui.store.writer import dumps

__all__ = ["MAX_BYTES", "Loaded", "Problem", "WorkbookError", "dumps", "load", "loads", "new_workbook", "save"]
