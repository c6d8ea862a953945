"""File names for the app's path boxes. No Textual here."""

from __future__ import annotations

import os
from pathlib import Path

_LISTED = 2000
"""Entries of a folder looked at for one completion: a huge folder does not stall typing."""


def unused_name(path: Path) -> Path:
    """`path`, or the first of `stem-2.suffix`, `stem-3.suffix`, ... that does not exist."""
    candidate, number = path, 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def complete_path(text: str, folder: Path) -> str | None:
    """`text` completed to the first (sorted) name in its folder that starts with what was typed
    of the last part, a folder ending with a separator; None when nothing (else) matches.
    `~` is the home folder; a relative path starts in `folder`."""
    if not text:
        return None
    head, _, typed = text.rpartition(os.sep)
    where = Path(os.path.expanduser(head + os.sep if head or text.startswith(os.sep) else ""))
    if not where.is_absolute():
        where = folder / where
    names = []
    try:
        with os.scandir(where) as entries:
            for count, entry in enumerate(entries):
                if count >= _LISTED:
                    break
                if entry.name.startswith(typed) and (typed.startswith(".") or not entry.name.startswith(".")):
                    names.append((entry.name, entry.is_dir()))
    except OSError:
        return None
    if not names:
        return None
    name, is_folder = min(names)
    completed = text[:len(text) - len(typed)] + name + (os.sep if is_folder else "")
    return completed if completed != text else None
