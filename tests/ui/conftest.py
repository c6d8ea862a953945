"""Fixtures for driving the app with Pilot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tui.app import StratbookApp, open_workbook

#: Text that would break a UI that treats user text as markup or passes escapes through.
HOSTILE = [
    "[/]",
    "[$accent]x",
    "[Bold]x",
    "[@click=app.quit]q",
    "[link=http://x]y",
    "esc\x1b]0;pwned\x07title",
    "bell\x07",
    "csi\x1b[31mred\x1b[0m",
    "rlo\u202eevil",
]


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the Acme sample, safe to edit and save."""
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    return target


@pytest.fixture
def make_app():
    """Build the app for a file as `stratbook FILE` would."""

    def build(path: Path | str) -> StratbookApp:
        return open_workbook(path)

    return build


def hostile_workbook():
    """A workbook in which every text field holds one of the HOSTILE strings."""
    from itertools import cycle

    from tui.model import (
        Goal, KeyResult, Measure, Milestone, PestleItem, Strategy, SwotItem, Tactic, Value, Workbook,
    )
    from tui.model.frameworks import FRAMEWORKS

    texts = cycle(HOSTILE)
    wb = Workbook()
    wb.meta.title = next(texts)
    wb.meta.organisation = next(texts)
    wb.meta.authors = [next(texts), next(texts)]
    wb.vmv.vision = "\n".join(HOSTILE)
    wb.vmv.mission = "\n".join(reversed(HOSTILE))
    wb.vmv.values = [Value(f"val-h{i:03d}", h, next(texts)) for i, h in enumerate(HOSTILE)]
    for q, prefix in (("strengths", "str"), ("weaknesses", "wea"), ("opportunities", "opp"), ("threats", "thr")):
        getattr(wb.swot, q).extend(
            SwotItem(f"{prefix}-h{i:03d}", h, 1 + i % 5, notes=next(texts)) for i, h in enumerate(HOSTILE)
        )
    wb.strategies = [
        Strategy(f"tow-h{i:03d}", kind, next(texts), [f"str-h{i:03d}", f"opp-h{i:03d}"])
        for i, kind in enumerate(("SO", "ST", "WO", "WT"))
    ]
    for n, factor in enumerate(wb.pestle.factors.values()):
        factor.notes = next(texts)
        factor.items = [
            PestleItem(f"pes-h{n}{i:02d}", h, i % 2 == 0, 1 + i % 5, 1 + (i * 2) % 5,
                       ("opportunity", "threat", "neutral")[i % 3])
            for i, h in enumerate(HOSTILE)
        ]
    for i, framework in enumerate(FRAMEWORKS):
        answers = {q.key: next(texts) for q in FRAMEWORKS[framework].questions if q.kind == "text"}
        if framework == "bhag":
            answers["horizon_years"] = 15
        goal = Goal(f"gol-h{i:03d}", framework, next(texts), "active", next(texts), links=["val-h000"],
                    answers=answers, measure=Measure(next(texts), next(texts), 0, 10, 5))
        if framework == "okr":
            goal.measure = None
            goal.key_results = [KeyResult(f"kr-h{i}{k:02d}", next(texts), next(texts), 0, 10, k) for k in range(3)]
        goal.milestones = [Milestone(f"mil-h{i:03d}", None, next(texts))]
        wb.goals.append(goal)
        wb.tactics.append(Tactic(f"tac-h{i:03d}", goal.id, next(texts), next(texts), None, "todo"))
    return wb


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    from tui.store import save

    path = tmp_path / "hostile.toml"
    save(hostile_workbook(), path)
    return path
