"""What the app said this session: every message it showed, to be read again after it has gone.

A message (a toast) is shown for a few seconds; the opening warnings, where unsaved work is
kept, why a save failed must still be there to read once it has timed out or been dismissed
(as vim's `:messages`, lazygit's command log, VS Code's notification centre). The log keeps the
last `KEPT` messages, the oldest going first, so a long session's memory stays bounded.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

KEPT = 500
"""The most messages kept: some hundreds, a long session's worth; the oldest go first."""


@dataclass(frozen=True, slots=True)
class Said:
    """One message as the app showed it."""

    at: float
    """When, in seconds since the epoch (time.time)."""
    severity: str
    """information, warning or error."""
    title: str
    text: str
    """As shown: plain text (markup already turned into its text), not yet made safe to display."""


class MessageLog:
    """The messages of this session, the newest last; at most `kept` of them."""

    def __init__(self, kept: int = KEPT, clock: Callable[[], float] = time.time) -> None:
        self._said: deque[Said] = deque(maxlen=kept)
        self.clock = clock
        """Where `add` takes the time from (tests fix it)."""
        self.total = 0
        """How many messages were said this session, those no longer kept too."""

    def add(self, text: str, title: str = "", severity: str = "information") -> Said:
        said = Said(self.clock(), severity, title, text)
        self._said.append(said)
        self.total += 1
        return said

    def __len__(self) -> int:
        return len(self._said)

    def __iter__(self) -> Iterator[Said]:
        """Oldest first."""
        return iter(self._said)

    def newest_first(self) -> list[Said]:
        return list(reversed(self._said))
