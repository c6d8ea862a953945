"""The app says a field of the file in words, never by its key: `check-in cadence (days)`, not
`checkin_days`; the command line's field paths (`check`, `diff`) keep naming the keys."""

from __future__ import annotations

import copy
import dataclasses
import re

import pytest

from tests.conftest import SAMPLES
from tui.model import workbook as model
from tui.model.checks import CHECKS
from tui.model.field_words import field_words
from tui.model.frameworks import FRAMEWORKS
from tui.model.workbook import Closing
from tui.store import load
from tui.store.diff import diff, format_text

ANSWER_KEYS = sorted({q.key for f in FRAMEWORKS.values() for q in f.questions})
MODEL_FIELDS = sorted({f.name for cls in vars(model).values() if dataclasses.is_dataclass(cls) and isinstance(cls, type)
                       for f in dataclasses.fields(cls) if f.name != "extra"})
FILE_KEYS = sorted({key for key in [*ANSWER_KEYS, *MODEL_FIELDS] if "_" in key})
"""The keys a reader of the screen could not take for words (`carried_to`, `horizon_years`, ...)."""
KEY_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, FILE_KEYS)) + r")(?![\w-])")


def test_the_file_keys_are_found():
    assert {"carried_to", "checkin_days", "horizon_years", "objective_why"} <= set(FILE_KEYS)


@pytest.mark.parametrize("field", [*MODEL_FIELDS, *(f"answers.{key}" for key in ANSWER_KEYS)])
def test_every_field_has_words_without_its_key(field):
    said = field_words(field)
    assert said and not KEY_PATTERN.search(said) and "_" not in said and "answers." not in said


def test_an_answer_is_named_by_its_question_and_a_key_of_the_files_own_as_it_is():
    assert field_words("answers.horizon_years") == "the answer to 'In how many years?'"
    assert field_words("extra.budget_code") == "'budget_code' (kept as the file has it)"


@pytest.mark.parametrize("check", list(CHECKS.values()), ids=list(CHECKS))
def test_a_goal_check_says_its_finding_and_fix_in_words(check):
    # A BHAG's hint said "Set horizon_years to a whole number from 10 to 30." in the goal's detail.
    assert not KEY_PATTERN.search(check.message) and not KEY_PATTERN.search(check.hint)


def test_the_apps_differences_say_fields_in_words_and_the_command_line_keeps_the_keys():
    old = load(SAMPLES / "acme-robotics.toml").workbook
    new = copy.deepcopy(old)
    new.meta.checkin_days = 5
    new.goals[0].checkin_days = 7
    new.goals[2].answers["horizon_years"] = 25
    changes = diff(old, new)
    in_words = format_text(changes, old, new, name=field_words)
    assert not KEY_PATTERN.search(in_words), in_words
    assert "check-in cadence (days): (none) -> 7" in in_words
    assert "the answer to 'In how many years?'" in in_words
    as_keys = format_text(changes, old, new)
    assert "checkin_days: (none) -> 7" in as_keys and "answers.horizon_years" in as_keys


def test_a_closing_names_its_carried_goal_in_words():
    assert field_words("carried_to") == "the goal it was carried forward to"
    assert "carried_to" in {f.name for f in dataclasses.fields(Closing)}
