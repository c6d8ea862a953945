"""The jump history (tui.model.jumps): back retraces the jumps, forward redoes them, a new jump
forgets what forward would have gone to."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.jumps import LIMIT, JumpHistory, Place

PLACES = st.builds(Place, st.sampled_from(["swot", "goals", "pestle"]), st.sampled_from([None, "a", "b", "c"]))


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(PLACES, min_size=2, max_size=12, unique=True))
def test_back_retraces_every_jump_and_forward_redoes_them(walk: list[Place]) -> None:
    """A walk of jumps (each from the place the last one landed on): back from the end visits the
    places in reverse, to the first; forward from there visits them again, to the end."""
    history = JumpHistory()
    for origin in walk[:-1]:
        history.jumped(origin)
    here = walk[-1]
    for expected in reversed(walk[:-1]):
        here = history.back(here)
        assert here == expected
    assert history.back(here) is None
    for expected in walk[1:]:
        here = history.forward(here)
        assert here == expected
    assert history.forward(here) is None


def test_a_new_jump_forgets_forward() -> None:
    history = JumpHistory()
    history.jumped(Place("swot", "a"))
    assert history.back(Place("goals", "b")) == Place("swot", "a")
    history.jumped(Place("swot", "a"))  # from there, somewhere else
    assert history.forward(Place("pestle", "c")) is None
    assert history.back(Place("pestle", "c")) == Place("swot", "a")


def test_back_skips_where_the_user_already_is() -> None:
    """Walked back by other keys (esc from a goal's detail to the section it was opened from):
    back does not stay put, it goes one further."""
    history = JumpHistory()
    history.jumped(Place("overview", "line:2"))
    history.jumped(Place("goals", "gol-a.row."))
    assert history.back(Place("goals", "gol-a.row.")) == Place("overview", "line:2")


def test_the_history_is_bounded() -> None:
    history = JumpHistory()
    for number in range(LIMIT * 3):
        history.jumped(Place("swot", str(number)))
    assert len(history.back_places) == LIMIT
    assert history.back_places[0] == Place("swot", str(LIMIT * 2))
