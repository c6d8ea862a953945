"""The open file's life through the app: permissions, owners and hard links, a taken-over lock,
and unsaved work found on open when the workbook changed since (tui/open_file.py)."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.model.edits import SetFields
from tui.store import load, lock

SIZE = (80, 24)


async def _settle(pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


def _dialog(app) -> tuple[str, str]:
    if not isinstance(app.screen, ConfirmDialog):
        return "", ""
    return (str(app.screen.query_one("#confirm-title").render()),
            str(app.screen.query_one("#confirm-message").render()))


def _notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


# -- item 7: permissions, owners, hard links ----------------------------------------------------------

async def test_a_file_the_user_may_not_write_opens_read_only_with_a_notice(sample_copy: Path) -> None:
    os.chmod(sample_copy, 0o444)  # read-only even for root, who runs these tests
    before = sample_copy.read_bytes()
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert app.read_only
        assert "read-only" in _notes(app) and "0444" in _notes(app)
        assert "READ-ONLY" in str(app.screen.query_one("WorkbookHeader").render())
        assert not app.apply(SetFields("vmv", {"mission": "Mine"}))
        assert not await app.save_flow()
        assert lock.read_lock(sample_copy) is None  # a read-only session takes no lock
    assert sample_copy.read_bytes() == before


async def test_a_file_made_read_only_while_open_is_not_replaced(sample_copy: Path, tmp_path: Path) -> None:
    before = sample_copy.read_bytes()
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.apply(SetFields("vmv", {"mission": "Precious"}))
        os.chmod(sample_copy, 0o444)
        await pilot.press("ctrl+s")
        await _settle(pilot)
        title, message = _dialog(app)
        assert title == "Not saved" and "read-only" in message
        await pilot.press("e")
        await _settle(pilot)
        app.screen.query_one(Input).value = str(tmp_path / "rescued.toml")
        await pilot.press("enter")
        await _settle(pilot)
        assert not app.dirty
    assert sample_copy.read_bytes() == before
    assert load(tmp_path / "rescued.toml").workbook.vmv.mission == "Precious"


async def test_a_save_that_breaks_a_hard_link_asks_first(sample_copy: Path) -> None:
    other = sample_copy.with_name("linked.toml")
    os.link(sample_copy, other)
    before = other.read_bytes()
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.apply(SetFields("vmv", {"mission": "Linked?"}))
        await pilot.press("ctrl+s")
        await _settle(pilot)
        title, message = _dialog(app)
        assert "hard link" in message
        await pilot.press("escape")  # cancel: nothing written
        await _settle(pilot)
        assert app.dirty and sample_copy.read_bytes() == before
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("s")  # save anyway
        await _settle(pilot)
        assert not app.dirty
        app.apply(SetFields("vmv", {"mission": "Asked once"}))
        await pilot.press("ctrl+s")  # the link is broken now: no question
        await _settle(pilot)
        assert not app.dirty
    assert other.read_bytes() == before
    assert load(sample_copy).workbook.vmv.mission == "Asked once"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
async def test_root_saving_a_teammates_workbook_keeps_its_owner(sample_copy: Path) -> None:
    os.chmod(sample_copy, 0o660)
    os.chown(sample_copy, 4242, 4343)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.apply(SetFields("vmv", {"mission": "Root's edit"}))
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert not app.dirty  # no question: nothing changes but the content
    info = os.stat(sample_copy)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4242, 4343, 0o660)


# -- item 3: unsaved work found on open, after the workbook changed on disk ------------------------------

def _crash_with(path: Path, mission: str) -> Path:
    """What a session that died leaves: its unsaved work in a recovery file, with what it started from."""
    from tui.store.session import FileSession, file_digest

    loaded = load(path)
    loaded.workbook.vmv.mission = mission
    session = FileSession(path, file_digest(path), loaded.source)
    return session.write_recovery(loaded.workbook)


def _pull(path: Path) -> None:
    """Someone else's change arrives on disk (a git pull, a teammate's merge)."""
    path.write_text(path.read_text().replace("Acme Robotics Ltd", "Acme Robotics plc"))


async def test_work_left_before_the_file_changed_is_offered_and_merged_into_it(sample_copy: Path) -> None:
    kept = _crash_with(sample_copy, "Mine, never saved")
    _pull(sample_copy)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        title, message = _dialog(app)
        assert title == "Unsaved work was found"
        assert "changed on disk since" in message
        await pilot.press("m")
        await _settle(pilot)
        assert app.workbook.vmv.mission == "Mine, never saved"  # mine
        assert app.workbook.meta.organisation == "Acme Robotics plc"  # and theirs
        assert app.dirty and kept.exists()  # not saved yet: the recovery file stays
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert not app.dirty
    saved = load(sample_copy).workbook
    assert (saved.vmv.mission, saved.meta.organisation) == ("Mine, never saved", "Acme Robotics plc")
    assert not kept.exists()  # its work is in the workbook now


async def test_work_left_before_the_file_changed_can_be_kept_as_a_copy(sample_copy: Path) -> None:
    kept = _crash_with(sample_copy, "Mine, as a copy")
    _pull(sample_copy)
    theirs = sample_copy.read_bytes()
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        asked = app.screen
        # The key line promised "esc: cancel", but no answer is no reason to drop the work:
        # esc does nothing, and the line says what does.
        assert "esc" not in str(asked.query_one("#confirm-keys").render())
        await pilot.press("escape")
        await _settle(pilot)
        assert app.screen is asked and _dialog(app)[0] == "Unsaved work was found"
        await pilot.press("k")
        await _settle(pilot)
        assert not app.dirty
        assert any("acme.recovered.toml" in str(n.message) for n in app._notifications)
    copy = sample_copy.with_name("acme.recovered.toml")
    assert load(copy).workbook.vmv.mission == "Mine, as a copy"
    assert sample_copy.read_bytes() == theirs and not kept.exists()


async def test_work_left_before_the_file_changed_can_be_compared_piece_by_piece(sample_copy: Path) -> None:
    from tui.modals.compare import CompareScreen

    _crash_with(sample_copy, "Mine, compared")
    _pull(sample_copy)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("c")
        await _settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await _settle(pilot)
        assert _dialog(app)[0] == "Unsaved work was found"  # back to the question


async def test_a_save_never_deletes_work_that_was_not_restored(sample_copy: Path) -> None:
    # The old way: the offer was skipped because the file was newer, and the next save deleted it.
    kept = _crash_with(sample_copy, "Only in the recovery file")
    _pull(sample_copy)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert _dialog(app)[0] == "Unsaved work was found"
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await _settle(pilot)
    assert kept.exists()
    assert load(kept).workbook.vmv.mission == "Only in the recovery file"


async def test_work_kept_in_the_per_user_place_is_found_on_open(sample_copy: Path, monkeypatch) -> None:
    from tui.store import recovery

    with monkeypatch.context() as patched:
        patched.setattr(recovery, "recovery_path", lambda p, tag="": Path("/proc/no-such-folder/x.recovery"))
        kept = _crash_with(sample_copy, "From the per-user place")  # the folder refused it
    assert kept.parent != sample_copy.parent
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        title, message = _dialog(app)
        assert title == "Unsaved work was found" and str(kept.parent) in message.replace("\n", "")
        await pilot.press("r")
        await _settle(pilot)
        assert app.workbook.vmv.mission == "From the per-user place"
        await pilot.press("ctrl+s")
        await _settle(pilot)
    assert not kept.exists()


# -- item 11: a taken-over lock ------------------------------------------------------------------------

@pytest.fixture
def other_holder():
    """A live process of someone else's, to hold the lock."""
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield holder
    holder.kill()
    holder.wait()


def _take_over(path: Path, holder) -> None:
    """What a second instance's 'Take over' does to the lock file."""
    lock.lock_path(path).write_text(json.dumps(
        {"user": "priya", "host": socket.gethostname(), "pid": holder.pid, "since": "2026-11-30T15:00:00Z"}))


async def test_the_old_holder_is_told_it_lost_the_lock(sample_copy: Path, other_holder) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert lock.read_lock(sample_copy).pid == os.getpid()
        _take_over(sample_copy, other_holder)
        app.file.watch()
        await _settle(pilot)
        assert "priya" in _notes(app) and "took over" in _notes(app)


async def test_a_save_after_losing_the_lock_does_not_overwrite_the_new_holders_work(sample_copy: Path,
                                                                                   other_holder) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.apply(SetFields("vmv", {"mission": "Mine, after losing the lock"}))
        _take_over(sample_copy, other_holder)
        before = sample_copy.read_bytes()  # the new holder has not saved yet: no change on disk
        await pilot.press("ctrl+s")
        await _settle(pilot)
        title, message = _dialog(app)
        assert "lock" in title.lower() and "priya" in message
        await pilot.press("escape")
        await _settle(pilot)
        assert sample_copy.read_bytes() == before and app.dirty
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("c")  # save mine as a copy
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        assert not app.dirty and app.path.name == "acme.mine.toml"
    assert sample_copy.read_bytes() == before
    assert load(sample_copy.with_name("acme.mine.toml")).workbook.vmv.mission == "Mine, after losing the lock"
    assert lock.read_lock(sample_copy).user == "priya"  # theirs, still


# -- item 4: while the app runs, unsaved work kept away from the workbook is said ----------------------

async def test_a_recovery_file_the_folder_refuses_goes_to_the_per_user_place_and_says_so(
        sample_copy: Path, monkeypatch, private_state_folder: Path) -> None:
    from tui.store import recovery

    monkeypatch.setattr(recovery, "recovery_path", lambda p, tag="": Path("/proc/no-such-folder/x.recovery"))
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.apply(SetFields("vmv", {"mission": "Kept elsewhere"}))
        app.file.watch()
        await app.workers.wait_for_complete()
        await _settle(pilot)
        assert str(private_state_folder) in _notes(app).replace("\n", "")
        kept = recovery.find_recoveries(sample_copy)
        assert len(kept) == 1 and load(kept[0]).workbook.vmv.mission == "Kept elsewhere"
