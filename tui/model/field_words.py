"""A field of the file as people say it, for what the app shows: `check-in cadence (days)`, not
`checkin_days`; `answer to 'In how many years?'`, not `answers.horizon_years`. The command line's
field paths (`check`, `diff`) name the file's keys on purpose and do not come here. No Textual here."""

from __future__ import annotations

from tui.model.frameworks import FRAMEWORKS

_WORDS = {
    "checkin_days": "check-in cadence (days)",
    "carried_to": "the goal it was carried forward to",
    "key_results": "key results",
    "closing": "how the period closed",
    "links": "links",
    "parent": "the goal it serves",
}

_QUESTIONS: dict[str, str] = {}
for _framework in FRAMEWORKS.values():
    for _question in _framework.questions:
        _QUESTIONS.setdefault(_question.key, _question.text)


def question_of(key: str) -> str | None:
    """The question whose answer the file keeps under `key` (`horizon_years`: `In how many years?`)."""
    return _QUESTIONS.get(key)


def field_words(field: str) -> str:
    """`field` (a file key, or a dotted path of one: `answers.how_much`, `extra.budget`) in words."""
    if field in _WORDS:
        return _WORDS[field]
    head, _, key = field.partition(".")
    if head == "answers" and key:
        question = question_of(key)
        return f"the answer to '{question}'" if question else f"the answer '{key.replace('_', ' ')}'"
    if head == "extra" and key:  # a key of the file's own, not Stratbook's: its name is all there is
        return f"'{key}' (kept as the file has it)"
    return field.replace("_", " ").replace(".", " ")
