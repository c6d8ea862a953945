"""Unit tests of the model, the store and the command line.

Hypothesis runs derandomized by default, so the suite gives the same answer on
every run and machine. To explore new examples (and find new bugs), run with
STRATBOOK_HYPOTHESIS=explore, e.g. `STRATBOOK_HYPOTHESIS=explore .venv/bin/pytest tests/unit`.
"""

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", derandomize=False, database=None, deadline=None)
settings.load_profile("explore" if os.environ.get("STRATBOOK_HYPOTHESIS") == "explore" else "repeatable")


def examples(normal: int) -> int:
    """How many examples a costly property test runs: `normal` in the suite (bounded, so the suite
    stays quick), STRATBOOK_PROPERTY_EXAMPLES for a longer run."""
    return int(os.environ.get("STRATBOOK_PROPERTY_EXAMPLES", normal))
