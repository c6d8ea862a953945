"""The seven goal frameworks and their questions, as data.

The wizard asks these questions step by step (one step per group), the file
stores the answers under `[goals.answers]` with these keys, and the quality
checks read them. One place for all three.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Question:
    """One question a framework asks about a goal; its answer is kept under `[goals.answers]`."""

    key: str
    text: str
    hint: str
    """Help under the answer box. Never worded as a question: a question without a box of
    its own reads as one more thing to answer (a test checks)."""
    kind: str = "text"
    """`text`, or `int` for a whole number (BHAG horizon)."""


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """The questions the wizard asks on one step."""

    name: str
    questions: tuple[Question, ...]
    summary: str = ""
    """What the group's answers make the goal, in a few words (the wizard shows it)."""


@dataclass(frozen=True, slots=True)
class Framework:
    """A goal framework: its questions, step by step, and what a goal of it needs."""

    key: str
    name: str
    summary: str
    groups: tuple[QuestionGroup, ...]
    needs_measure: bool
    """Whether a goal of this framework should carry a numeric measure."""
    title_hint: str = ""
    """How to write the goal's one-line title in this framework."""

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for group in self.groups for q in group.questions)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(q.key for q in self.questions)

    def question(self, key: str) -> Question | None:
        for question in self.questions:
            if question.key == key:
                return question
        return None


def _group(name: str, *questions: tuple[str, str, str] | tuple[str, str, str, str], summary: str = "") -> QuestionGroup:
    return QuestionGroup(name, tuple(Question(*q) for q in questions), summary)


SMART = Framework(
    "smart",
    "SMART",
    "Specific, Measurable, Achievable, Relevant, Time-bound: well formed.",
    (
        _group(
            "Specific",
            ("what", "What do I want to accomplish?", "One sentence, with a verb and a number: 'Ship every order within 5 days'."),
            ("why", "Why is this goal important?", "The reason a leader would give: the problem it solves or the chance it takes."),
            ("who", "Who is involved?", "The people and teams who do the work, and who decides."),
            ("where", "Where is it located?", "The site, market, product or part of the organisation."),
            ("resources", "Which resources or limits are involved?", "Budget, people, tools; and the constraints you must respect."),
            summary="Clear and well defined: what, why, who, where, with what.",
        ),
        _group(
            "Measurable",
            ("how_much", "How much? How many?", "The number you will move, from where to where."),
            ("done_when", "How will I know when it is accomplished?", "The observable sign that the goal is met."),
            summary="A number: everyone sees the progress, and when it is met.",
        ),
        _group(
            "Achievable",
            ("how", "How can I accomplish this goal?", "The main route: the two or three things that will get you there."),
            ("realistic", "How realistic is the goal, based on other constraints?", "Name what else competes for the same people and money."),
            summary="Possible with the people, money and time you have.",
        ),
        _group(
            "Relevant",
            ("worthwhile", "Does this seem worthwhile?", "Weigh the gain against the cost and the effort."),
            ("right_time", "Is this the right time?", "The reason to do it now rather than next year."),
            ("fits", "Does this match our other efforts/needs?", "The value, strategy or other goal it serves."),
            summary="Worth doing, now, and in line with the rest of the plan.",
        ),
        _group(
            "Time-bound",
            ("when", "When?", "The deadline, and why that date."),
            ("six_months", "What can I do six months from now?", "Becomes a milestone dated six months from the start."),
            ("six_weeks", "What can I do six weeks from now?", "Becomes a milestone dated six weeks from the start."),
            ("today", "What can I do today?", "Becomes a milestone on the start date: the first step."),
            summary="A deadline and the steps to it; the last three become milestones.",
        ),
    ),
    needs_measure=True,
    title_hint="One line with a verb and a number, e.g. 'Answer every customer within 1 working day'.",
)

OKR = Framework(
    "okr",
    "OKR",
    "Objectives and Key Results: an inspiring aim, 3 to 5 numbers.",
    (
        _group(
            "Why now",
            ("objective_why", "Why does this objective matter now?", "The objective itself is the goal's title: inspiring, qualitative, not a number."),
        ),
    ),
    needs_measure=False,
    title_hint="The objective: inspiring and qualitative, no numbers (they go in the key results).",
)

BHAG = Framework(
    "bhag",
    "BHAG",
    "Big Hairy Audacious Goal: bold, uniting, 10 to 30 years away.",
    (
        _group(
            "Audacious",
            ("audacious", "What is the goal that seems almost impossible today?", "Bold enough to unite people; clear enough to need no explanation."),
            ("vivid", "Describe the day it is achieved.", "A vivid description: what people see, say and feel."),
            ("horizon_years", "In how many years?", "A whole number from 10 to 30.", "int"),
        ),
    ),
    needs_measure=False,
    title_hint="The audacious goal in a few words, e.g. 'Every school in the region uses what we make'.",
)

STRETCH = Framework(
    "stretch",
    "Stretch",
    "Beyond what seems possible, to force new ways of working.",
    (
        _group(
            "Stretch",
            ("ambition", "What would be a remarkable result?", "Well beyond the plan: the number that makes people uneasy."),
            ("why_stretch", "Why stretch here rather than plan safely?", "The new way of working the stretch should provoke."),
            ("fallback", "What result would still count as success?", "The safe number you will accept if the stretch is missed."),
        ),
    ),
    needs_measure=True,
    title_hint="The stretch in one line, with its number, e.g. 'Double yearly revenue by the end of 2029'.",
)

PACT = Framework(
    "pact",
    "PACT",
    "Purposeful, Actionable, Continuous, Trackable: steady output.",
    (
        _group(
            "PACT",
            ("purposeful", "What long-term purpose does it serve?", "Tie it to the mission or a value."),
            ("actionable", "What can we do about it now, in our control?", "Actions, not outcomes that depend on others."),
            ("continuous", "What will we do again and again?", "The repeated habit or routine."),
            ("trackable", "How will we track that we did it?", "A simple yes-or-no or a count, checked often."),
        ),
    ),
    needs_measure=False,
    title_hint="The output you will keep producing, e.g. 'Publish one customer story every week'.",
)

HARD = Framework(
    "hard",
    "HARD",
    "Heartfelt, Animated, Required, Difficult: goals people care about.",
    (
        _group(
            "HARD",
            ("heartfelt", "Why do we care about this, personally?", "The emotional attachment that keeps people going."),
            ("animated", "What will it look like when it is done?", "Picture it vividly, so that people can see it."),
            ("required", "Why is it required, and why now?", "The urgency: what happens if we do nothing."),
            ("difficult", "What makes it hard?", "The difficulty that makes it worth doing."),
        ),
    ),
    needs_measure=False,
    title_hint="What you care about achieving, in one line people will remember.",
)

FAST = Framework(
    "fast",
    "FAST",
    "Frequently discussed, Ambitious, Specific, Transparent: kept alive.",
    (
        _group(
            "FAST",
            ("cadence", "How often will we discuss it?", "The meeting or review where it comes up, e.g. every Monday stand-up."),
            ("ambitious", "What makes it ambitious?", "Difficult but not impossible."),
            ("specific", "What exactly, and how will we measure it?", "Concrete metrics and milestones."),
            ("transparent", "Who can see the goal and its progress?", "The place it is published, so everyone can see it."),
        ),
    ),
    needs_measure=True,
    title_hint="One line with a number, e.g. 'Answer every donor query within 2 days'.",
)

FRAMEWORKS: dict[str, Framework] = {f.key: f for f in (SMART, OKR, BHAG, STRETCH, PACT, HARD, FAST)}

BHAG_HORIZON = range(10, 31)
OKR_KEY_RESULTS = range(3, 6)


def framework(key: str) -> Framework:
    return FRAMEWORKS[key]
