"""Where jumps came from, to go back and forth like a browser (or vim's ctrl+o and ctrl+i).

A place is a section and the ref its `focus_item` takes to put the cursor back (None: the
section as it is). Every jump records the place it left; back returns there and remembers the
place it left, for forward; a new jump forgets what forward would have gone to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LIMIT = 100
"""The most places kept each way; the oldest go first."""


@dataclass(frozen=True, slots=True)
class Place:
    section: str
    """The mode of the section."""
    ref: str | None = None
    """What the section's `focus_item` takes to put the cursor back where it was."""


@dataclass(slots=True)
class JumpHistory:
    back_places: list[Place] = field(default_factory=list)
    forward_places: list[Place] = field(default_factory=list)

    def jumped(self, origin: Place) -> None:
        """A jump left `origin`."""
        if self.back_places and self.back_places[-1] == origin:
            del self.back_places[-1]  # the same place twice in a row is one step back
        self.back_places.append(origin)
        del self.back_places[:-LIMIT]
        self.forward_places.clear()

    def back(self, here: Place) -> Place | None:
        """Where back goes from `here` (which forward then returns to); None at the oldest."""
        return self._step(self.back_places, self.forward_places, here)

    def forward(self, here: Place) -> Place | None:
        """Where forward goes from `here`; None when no back was taken since the last jump."""
        return self._step(self.forward_places, self.back_places, here)

    @staticmethod
    def _step(source: list[Place], other: list[Place], here: Place) -> Place | None:
        while source:
            place = source.pop()
            if place != here:  # a place the user has since walked back to by other keys
                other.append(here)
                del other[:-LIMIT]
                return place
        return None
