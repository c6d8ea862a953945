"""Problems found in a workbook file, and the one error type that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (an error) or doubtful (a warning) in a workbook file."""

    severity: str
    """`error` or `warning`."""
    message: str
    path: str = ""
    """The field path, e.g. `goals[2].due`; empty for the whole file."""
    line: int | None = None
    column: int | None = None
    file: str = ""
    also: str = ""
    """The path of a second place the message names (a duplicate id's first use): once located,
    the message ends with its line, as people fix a file by its lines."""
    then: str = ""
    """What to do about it, said after the message and that line."""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, file: str, line: int | None, also_line: int | None = None) -> Problem:
        message = self.message if also_line is None else f"{self.message} (line {also_line})"
        return Problem(self.severity, message + self.then, self.path, line if self.line is None else self.line,
                       self.column, file)

    def format(self) -> str:
        """`FILE:LINE:COL: error: PATH: MESSAGE`, leaving out what is not known."""
        where = self.file or "<workbook>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        what = f"{_shown(self.path)}: {self.message}{self.then}" if self.path else self.message + self.then
        return f"{where}: {self.severity}: {what}"


def _shown(path: str) -> str:
    """`path` with each character that cannot be seen written as its escape, as the message writes
    a key it quotes (`repr`): a key's zero-width space showed 'workbook.ti\\u200btle' as
    'workbook.title'. The path itself stays as it is: it is how the problem's line is found."""
    if path.isprintable():
        return path
    return "".join(character if character.isprintable() else repr(character)[1:-1] for character in path)


class WorkbookError(Exception):
    """A workbook that cannot be loaded or saved; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

    @classmethod
    def single(cls, message: str, file: str = "", path: str = "", line: int | None = None,
               column: int | None = None) -> WorkbookError:
        return cls([Problem("error", message, path, line, column, file)])
