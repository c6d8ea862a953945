"""`stratbook checkin`, `status` and `digest`: atomic writes, refusals that leave the file as it
was (exit 2), the status JSON's exact shape, and the digest grouped by owner."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tui.cli import main
from tui.model import dates
from tui.store import load


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    """The readings below are of January 2027: today is after them, whenever the tests run."""
    monkeypatch.setattr(dates, "today", lambda: TODAY)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", path)
    return path


TODAY = date(2027, 1, 20)


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def test_checkin_records_a_reading_and_current_follows(plan, capsys, monkeypatch):
    monkeypatch.setenv("STRATBOOK_NAME", "Tom Berg")
    status, out, _ = run(capsys, "checkin", str(plan), "gol-7tz2", "10.5", "--confidence", "7",
                         "--note", "two shifts", "--date", "2027-01-04")
    assert status == 0 and "gol-7tz2 checked in at 10.5 on 2027-01-04" in out
    assert run(capsys, "checkin", str(plan), "kr-v3n8s", "1", "--date", "2027-01-05", "--by", "Priya")[0] == 0
    goal = load(plan).workbook.find("gol-7tz2")
    (checkin,) = goal.checkins
    assert (checkin.value, checkin.confidence, checkin.note, checkin.by) == (10.5, 7, "two shifts", "Tom Berg")
    assert goal.measure.current == 10.5
    kr = load(plan).workbook.find("kr-v3n8s")
    assert kr.current == 1 and kr.checkins[0].by == "Priya"


@pytest.mark.parametrize(("typed", "stored"), [
    (" 5 ", "5"), ("1_000", "1000"), ("1e3", "1000.0"), ("+7", "7"), ("0.10", "0.1"),
    ("\u0661\u0662", "12"),  # Arabic-Indic digits: Python's int() reads them
    ("\uff15", "5"),  # a full-width five
])
def test_checkin_says_the_value_it_stored_as_the_file_holds_it(plan, capsys, typed, stored):
    """`checkin` echoed the value as typed (' 5 ', '1_000'), not the number it recorded: what it says
    is what the file holds, so a script's log and the workbook agree."""
    status, out, err = run(capsys, "checkin", str(plan), "gol-7tz2", typed, "--date", "2027-01-04")
    assert status == 0, err
    assert f"gol-7tz2 checked in at {stored} on 2027-01-04" in out
    assert f"\nvalue = {stored}\n" in plan.read_text()
    (checkin,) = load(plan).workbook.find("gol-7tz2").checkins
    assert str(checkin.value) == stored


def test_checkin_shows_what_it_was_given_harmlessly(plan, capsys, monkeypatch):
    """A note, a name and a target or value given with escape codes: stored as given, never sent to
    the terminal as escape codes."""
    hostile = "\x1b]0;X\x07\x9b31m\u202e"
    monkeypatch.setenv("STRATBOOK_NAME", "Tom" + hostile)
    for args in [("gol-7tz2", "5", "--note", "n" + hostile, "--date", "2027-01-04"),
                 ("gol-7tz2" + hostile, "5"), ("gol-7tz2", "5" + hostile), ("gol-7tz2", "5", "--by", hostile)]:
        _, out, err = run(capsys, "checkin", str(plan), *args)
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out + err), args
    assert load(plan).workbook.find("gol-7tz2").checkins[0].note == "n" + hostile


@pytest.mark.parametrize("args", [
    ("gol-nope", "1"),                                 # unknown target
    ("gol-7tz2", "ten"),                               # not a number
    ("gol-7tz2", "nan"),
    ("gol-7tz2", "1", "--confidence", "11"),           # outside 1..10
    ("gol-7tz2", "1", "--confidence", "0"),
    ("gol-7tz2", "1", "--date", "someday"),
    ("gol-7tz2", "1", "--date", "2027-01-21"),         # after today: it would hide the real readings
    ("gol-7tz2", "1", "--date", "+1d"),
    ("gol-q8wn3", "1"),                                # an OKR goal has no measure of its own
])
def test_bad_input_exits_2_and_leaves_the_file_untouched(plan, capsys, args):
    before = plan.read_bytes()
    status, _, err = run(capsys, "checkin", str(plan), *args)
    assert status == 2 and err.strip()
    assert plan.read_bytes() == before


def test_status_json_has_exactly_the_documented_shape(plan, capsys):
    run(capsys, "checkin", str(plan), "gol-7tz2", "11", "--date", "2027-01-04")
    run(capsys, "checkin", str(plan), "gol-7tz2", "10", "--date", "2027-01-11")
    status, out, _ = run(capsys, "status", str(plan), "--as-of", "2027-01-15", "--format", "json")
    assert status == 0
    report = json.loads(out)
    lifecycle = {goal.id: goal.status for goal in load(plan).workbook.goals}
    assert list(report) == ["goals"]
    for goal in report["goals"]:
        okr = ["score", "zone"] if goal["id"] == "gol-q8wn3" else []
        assert list(goal) == ["id", "title", "owner", "progress", "expected", "status", "stale", "forecast",
                              "parent", "rollup", *okr, "key_results"]
        if lifecycle[goal["id"]] == "active":
            assert goal["status"] in ("on track", "behind", "at risk", "achieved")
        else:
            assert goal["status"] == lifecycle[goal["id"]]
        assert 0 <= goal["progress"] <= 1 and (goal["expected"] is None or 0 <= goal["expected"] <= 1)
        for kr in goal["key_results"]:
            assert list(kr) == ["id", "text", "progress", "expected", "status", "stale", "forecast"]
    first = report["goals"][0]
    # 12 -> 5 days; two readings 11 then 10 a week apart: -1/7 a day, due 2027-06-30 is 170 days on,
    # where the line reads 10 - 170/7 = -14.3 days: days stop at zero.
    assert first["id"] == "gol-7tz2" and first["progress"] == round(2 / 7, 4)
    assert first["forecast"] == 0
    assert first["stale"] is False


def test_status_text_says_status_in_words_and_symbols(plan, capsys):
    status, out, _ = run(capsys, "status", str(plan), "--as-of", "2027-01-20")
    assert status == 0
    line = next(line for line in out.splitlines() if line.startswith("gol-7tz2"))
    assert "◐ behind" in line and "check-in due" in line  # 29% of an expected 41%: 0.7 x
    draft = next(line for line in out.splitlines() if line.startswith("gol-8rjx5e"))
    assert re.search(r": 0%, draft(;|$)", draft)  # a draft owes no pace


def test_digest_groups_by_owner_and_filters(plan, capsys):
    status, out, _ = run(capsys, "digest", str(plan), "--as-of", "2027-01-20")
    assert status == 0
    assert "Tom Berg\n========" in out and "Grace Mensah" in out
    assert "Check-ins due:" in out and "Overdue tactics:" in out and "Goals at risk or behind:" in out
    assert out.index("Grace Mensah") < out.index("Tom Berg")
    status, out, _ = run(capsys, "digest", str(plan), "--as-of", "2027-01-20", "--owner", "tom", "-f", "markdown")
    assert out.startswith("# Acme Robotics") and "## Tom Berg" in out and "Grace" not in out
    assert "\\[goal gol-7tz2\\]" in out  # user text and ids are escaped for Markdown


def test_digest_and_status_make_control_characters_visible(plan, capsys):
    text = plan.read_text().replace('title = "Cut order-to-delivery time to 5 days"',
                                    'title = "Cut \\u001b]0;pwned\\u0007 time"')
    plan.write_text(text)
    for command in ("status", "digest"):
        _, out, _ = run(capsys, command, str(plan), "--as-of", "2027-01-20")
        assert "\x1b" not in out and "\x07" not in out


def _two_teams_serve_revenue(plan: Path) -> None:
    """gol-7tz2 and gol-q8wn3 serve gol-w4c9, and nothing else serves anything."""
    text = re.sub(r'^parent = ".*"\n', "", plan.read_text(encoding="utf-8"), flags=re.M)
    for team in ("gol-7tz2", "gol-q8wn3"):
        text = text.replace(f'id = "{team}"\n', f'id = "{team}"\nparent = "gol-w4c9"\n', 1)
    text = text.replace('id = "kr-v3n8s"\n', 'id = "kr-v3n8s"\nweight = 3\n', 1)
    plan.write_text(text, encoding="utf-8")


def test_status_json_gives_parent_rollup_and_the_weighted_okr_score(plan, capsys):
    _two_teams_serve_revenue(plan)
    workbook = load(plan).workbook
    status, out, _ = run(capsys, "status", str(plan), "--format", "json")
    goals = {goal["id"]: goal for goal in json.loads(out)["goals"]}
    from tui.model.progress import goal_progress, okr_score
    smart, okr = workbook.find("gol-7tz2"), workbook.find("gol-q8wn3")
    assert goals["gol-7tz2"]["parent"] == "gol-w4c9" and goals["gol-w4c9"]["parent"] is None
    assert goals["gol-w4c9"]["rollup"] == pytest.approx((goal_progress(smart) + goal_progress(okr)) / 2, abs=1e-4)
    assert goals["gol-7tz2"]["rollup"] is None
    # Rounded as progress is (seen: 0.2563492063492063 beside a progress of 0.2857).
    assert goals["gol-w4c9"]["rollup"] == round(goals["gol-w4c9"]["rollup"], 4)
    assert goals["gol-q8wn3"]["score"] == pytest.approx(okr_score(okr), abs=1e-4)
    # Mid-period (due 2027-12-31, today 2027-01-20) a zone is no verdict: null (it said "failed").
    assert goals["gol-q8wn3"]["zone"] is None
    assert "score" not in goals["gol-7tz2"]


def test_status_text_gives_the_okr_score_and_the_rollup_as_the_json_does(plan, capsys):
    _two_teams_serve_revenue(plan)
    _, out, _ = run(capsys, "status", str(plan))
    _, data, _ = run(capsys, "status", str(plan), "--format", "json")
    goals = {goal["id"]: goal for goal in json.loads(data)["goals"]}
    lines = {line.split()[0]: line for line in out.splitlines() if not line.startswith(" ")}
    okr, revenue = goals["gol-q8wn3"], goals["gol-w4c9"]
    # Mid-period (due 2027-12-31, today 2027-01-20) a zone is no verdict yet: the score alone
    # (it said "OKR score 0.03, failed so far" above "on track").
    assert f"; OKR score {okr['score']:.2f}" in lines["gol-q8wn3"] and "failed" not in lines["gol-q8wn3"]
    assert f"; 2 goals serve it: {revenue['rollup']:.0%} on average" in lines["gol-w4c9"]
    assert "OKR score" not in lines["gol-7tz2"] and "serve" not in lines["gol-7tz2"]


@pytest.mark.parametrize("lifecycle", ["draft", "achieved", "missed", "dropped"])
def test_status_json_of_a_goal_that_is_not_active_says_its_status_not_a_pace(plan, capsys, lifecycle):
    # The text report said "draft" or "dropped" while the JSON said "on track" and "check-in due":
    # a goal that is not active owes no pace, in either form.
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('status = "active"', f'status = "{lifecycle}"', 1), encoding="utf-8")
    workbook = load(plan).workbook
    closed = next(goal for goal in workbook.goals if goal.status == lifecycle)
    _, out, _ = run(capsys, "status", str(plan), "--format", "json")
    entry = next(goal for goal in json.loads(out)["goals"] if goal["id"] == closed.id)
    assert entry["status"] == lifecycle and entry["stale"] is False
    assert all(kr["status"] == lifecycle and kr["stale"] is False for kr in entry["key_results"])
    _, text_out, _ = run(capsys, "status", str(plan))
    line = next(line for line in text_out.splitlines() if line.startswith(closed.id))
    assert line.endswith(f", {lifecycle}")


# -- one writer at a time ----------------------------------------------------------------------
# Two commands that change one workbook at once (check-ins from cron in the same minute, two
# `import`s) each read the file, changed it and replaced it: the last to finish lost the other's
# change, and both said it was done (found from outside: 5 rounds in 6 kept one check-in of two).

_HOLDER = """
import sys, time
from datetime import date
from tui.model.checkins import add_checkin, find_target
from tui.store import load
from tui.store.atomic import one_writer
from tui.store.files import write_workbook
from tui.store.writer import stamped

path = sys.argv[1]
with one_writer(path):
    workbook = load(path).workbook
    print("holding", flush=True)
    time.sleep(1.5)  # the other command starts now, and must wait
    target = find_target(workbook, "kr-v3n8s")
    add_checkin(target, date(2027, 1, 4), 2, workbook.ids(), None, "first writer", "")[0].apply(workbook)
    write_workbook(path, stamped(workbook).data)
"""


def test_a_command_waits_for_another_changing_the_workbook_and_keeps_its_change(plan) -> None:
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(plan)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "tui", "checkin", str(plan), "gol-7tz2", "11", "--date",
                                 "2026-12-01", "--note", "second writer"], cwd=ROOT, capture_output=True, text=True,
                                timeout=60)
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=60)
    assert holder.returncode == 0 and second.returncode == 0, second.stderr
    workbook = load(plan).workbook
    assert [c.note for c in workbook.find("kr-v3n8s").checkins] == ["first writer"]  # kept by the second
    assert [c.note for c in workbook.find("gol-7tz2").checkins] == ["second writer"]
    assert waited > 0.3  # it waited for the first (which held on for 1.5 s after saying so)


# Every argument that takes a relative date or a number, with a value that starts with '-' given
# as its own word, as the README shows (`--date -7d`), and what it must do: argparse took such a
# word for an option ("argument --date: expected one argument", "the following arguments are
# required: VALUE"). (command, argument, the words, a piece of what it says, its exit status)
LEADING_DASH = [
    ("checkin", "--date", ["checkin", "{plan}", "gol-7tz2", "7", "--date", "-7d"], "on 2027-01-13", 0),
    ("checkin", "value", ["checkin", "{plan}", "gol-7tz2", "-1e3"], "checked in at -1000", 0),
    ("checkin", "value", ["checkin", "{plan}", "gol-7tz2", "-.5", "--date", "-1w"], "checked in at -0.5", 0),
    ("checkin", "--confidence", ["checkin", "{plan}", "gol-7tz2", "7", "--confidence", "-3"],
     "must be from 1 to 10, not -3", 2),
    ("status", "--as-of", ["status", "{plan}", "--as-of", "-7d"], "", 0),
    ("digest", "--as-of", ["digest", "{plan}", "--as-of", "-2w"], "week of 2027-01-06", 0),
    ("serve", "--port", ["serve", "{plan}", "--port", "-1"], "not a port number (0 to 65535): -1", 2),
]


@pytest.mark.parametrize("command, argument, words, says, expected", LEADING_DASH)
def test_a_date_or_number_starting_with_a_dash_is_a_value_not_an_option(plan, capsys, command, argument, words,
                                                                           says, expected):
    status, out, err = run(capsys, *[word.format(plan=plan) for word in words])
    assert "expected one argument" not in err and "arguments are required" not in err
    assert status == expected, err
    assert says in out + err
    if command in ("status", "digest"):  # the same as the date written out
        dated = [word.format(plan=plan) for word in words]
        dated[dated.index("--as-of") + 1] = {"-7d": "2027-01-13", "-2w": "2027-01-06"}[words[-1]]
        assert run(capsys, *dated) == (0, out, err)


def test_every_argument_taking_a_date_or_a_number_is_tried_with_a_leading_dash():
    from tui.cli import _as_of, _confidence, _port, build_parser

    parser, _ = build_parser()
    taking = set()
    subcommands = next(action for action in parser._actions if isinstance(action.choices, dict)).choices
    for command, sub in subcommands.items():
        for action in sub._actions:
            if action.type in (_as_of, _confidence, _port) or (command, action.dest) == ("checkin", "value"):
                taking.add((command, action.option_strings[0] if action.option_strings else action.dest))
    tried = {(command, argument) for command, argument, *_ in LEADING_DASH}
    assert taking == tried


def test_a_second_reading_on_one_day_says_which_it_replaced(plan, capsys) -> None:
    # Found from outside: a second check-in on one day replaces the first (docs/format.md), and
    # the message ('checked in at 8 ... (chk-...)', the old id) did not say the 9 was gone.
    assert run(capsys, "checkin", str(plan), "gol-7tz2", "9", "--date", "2027-01-04")[0] == 0
    status, out, _ = run(capsys, "checkin", str(plan), "gol-7tz2", "8", "--date", "2027-01-04")
    assert status == 0 and "replacing 9, the reading of that day" in out, out
    assert [c.value for c in load(plan).workbook.find("gol-7tz2").checkins] == [8]
    status, out, _ = run(capsys, "checkin", str(plan), "gol-7tz2", "7", "--date", "2027-01-05")
    assert status == 0 and "replacing" not in out
