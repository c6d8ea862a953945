"""The test suite.

Property tests (Hypothesis) run under one of two settings profiles, chosen by STRATBOOK_HYPOTHESIS:

- `ci`, the default (`python3 dev.py test`, and CI): derandomized, so every run on every machine
  tries the same examples and gives the same answer; no example database; each test's own,
  bounded number of examples (`examples(n)`: n).
- `thorough`, run on purpose to look for new bugs: new random examples on every run, and
  THOROUGH times as many (`STRATBOOK_HYPOTHESIS=thorough python3 dev.py test tests/unit`).

STRATBOOK_PROPERTY_EXAMPLES=N runs every property test with N examples, in either profile.
"""

import os

from hypothesis import settings

THOROUGH = 20
"""How many times more examples each property test tries in the `thorough` profile."""

PROFILE = os.environ.get("STRATBOOK_HYPOTHESIS", "ci")


def examples(normal: int) -> int:
    """How many examples a property test tries: `normal` in the suite (the `ci` profile), THOROUGH
    times as many in the `thorough` one, STRATBOOK_PROPERTY_EXAMPLES in any."""
    if "STRATBOOK_PROPERTY_EXAMPLES" in os.environ:
        return int(os.environ["STRATBOOK_PROPERTY_EXAMPLES"])
    return normal * THOROUGH if PROFILE == "thorough" else normal


# A test that names no number of examples tries Hypothesis's default number (100), scaled the same way.
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          max_examples=examples(settings.default.max_examples))
settings.register_profile("thorough", derandomize=False, database=None, deadline=None,
                          max_examples=examples(settings.default.max_examples))
settings.load_profile(PROFILE)
