"""The open file's guards without the UI: recovery files, locks, outside changes."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.workbook import Workbook
from tui.store import dumps, load, lock, recovery
from tui.store.session import FileSession, file_digest


def _workbook(vision: str = "v") -> Workbook:
    workbook = Workbook()
    workbook.vmv.vision = vision
    return workbook


def test_recovery_file_is_hidden_beside_the_workbook_and_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema = 1\n")
    assert recovery.write_recovery(_workbook("unsaved vision"), path)
    kept = recovery.recovery_path(path)
    assert kept == tmp_path / ".plan.toml.recovery"
    assert recovery.pending_recovery(path) == kept
    assert recovery.load_recovery(kept).workbook.vmv.vision == "unsaved vision"
    recovery.remove_recovery(path)
    assert recovery.pending_recovery(path) is None


def test_a_recovery_write_that_gives_way_writes_the_same_file(tmp_path: Path, monkeypatch) -> None:
    """`give_way` is called before every table (10,000 items: 10,000 chances for the app's
    thread), and what is written does not depend on it."""
    from tui.store import writer
    from tui.store.writer import GiveWay, to_document
    workbook = load(Path(__file__).parents[2] / "samples" / "acme-robotics.toml").workbook
    path = tmp_path / "plan.toml"
    tables = []
    given = recovery.write_recovery_document(to_document(workbook), path, give_way=lambda: tables.append(1))
    with_give_way = given.read_bytes()
    assert recovery.write_recovery_document(to_document(workbook), path) == given
    assert given.read_bytes() == with_give_way
    items = sum(1 for _ in workbook.iter_items())
    assert len(tables) > items > 20
    slept = []
    monkeypatch.setattr(writer, "sleep", slept.append)
    give_way = GiveWay(every=3600)
    give_way(), give_way()
    assert slept == []  # not before its time
    give_way.next_at = 0
    give_way(), give_way()
    assert slept == [0]  # once its time has come, then not again until the next


def test_a_recovery_file_older_than_the_workbook_is_still_offered(tmp_path: Path) -> None:
    # The workbook changing after the crash (a git pull) is no reason to drop the work.
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema = 1\n")
    recovery.write_recovery(_workbook(), path)
    os.utime(recovery.recovery_path(path), ns=(1, 1))
    assert recovery.pending_recovery(path) == recovery.recovery_path(path)


def test_writing_recovery_never_raises(tmp_path: Path, monkeypatch) -> None:
    broken = _workbook("\ud800 lone surrogate")
    assert recovery.write_recovery(broken, tmp_path / "plan.toml") is None
    nowhere = tmp_path / "a-file"
    nowhere.write_text("not a folder")
    for name in ("XDG_STATE_HOME", "HOME"):
        monkeypatch.setenv(name, str(nowhere))
    monkeypatch.setattr(tempfile, "tempdir", str(nowhere))
    assert recovery.write_recovery(_workbook(), tmp_path / "missing-folder" / "plan.toml") is None


def test_a_folder_that_cannot_take_the_file_sends_it_to_the_per_user_place(tmp_path: Path,
                                                                         private_state_folder: Path) -> None:
    path = tmp_path / "gone" / "plan.toml"  # the folder vanished (or is read-only, or full)
    kept = recovery.write_recovery(_workbook("saved elsewhere"), path)
    assert kept is not None and kept.parent == private_state_folder / "stratbook" / "recovery"
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kept.parent).st_mode) == 0o700
    assert recovery.find_recoveries(path) == [kept]
    found = recovery.load_recovery(kept)
    assert found.workbook.vmv.vision == "saved elsewhere"
    assert found.workbook_path == str(path)
    assert "stratbook_recovery" not in found.workbook.extra  # the record never reaches the workbook


def test_the_per_user_place_refuses_a_folder_planted_by_someone_else(tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared"
    (shared / "stratbook").mkdir(parents=True)
    (shared / "stratbook" / "recovery").symlink_to(tmp_path)  # not a folder of ours: a link
    monkeypatch.setenv("XDG_STATE_HOME", str(shared))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    kept = recovery.write_recovery(_workbook(), tmp_path / "gone" / "plan.toml")
    assert kept is not None and kept.parent == tmp_path / "home" / ".local" / "state" / "stratbook" / "recovery"


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.text(alphabet="ab/%._-\u00e9 ", min_size=1, max_size=30), min_size=2, max_size=2, unique=True))
def test_per_user_names_map_back_to_one_workbook_each(names: list[str]) -> None:
    paths = [os.path.normpath("/w/" + name) for name in names]
    if paths[0] == paths[1]:
        return
    first, second = (recovery.fallback_name(p) for p in paths)
    assert first != second
    assert unquote(first.removesuffix(recovery.SUFFIX)) == os.path.realpath(paths[0])
    assert "/" not in first


def test_a_recovery_records_what_it_was_based_on(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(dumps(_workbook("base")))
    session = FileSession(path, file_digest(path), path.read_text())
    kept = session.write_recovery(_workbook("mine"))
    found = recovery.load_recovery(kept)
    assert found.base is not None and found.base_workbook().vmv.vision == "base"
    assert session.changed_since(found) is False
    path.write_bytes(dumps(_workbook("theirs")))
    assert session.changed_since(found) is True


def test_a_session_removes_only_the_recovery_files_of_its_own_work(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema = 1\n")
    left = recovery.write_recovery(_workbook("from a session that died"), path)
    session = FileSession(path, file_digest(path), path.read_text())
    assert session.pending_recoveries() == [left]
    session.remove_recovery()  # e.g. a save: the work in `left` is in neither the file nor a copy
    assert left.exists()
    session.adopt_recovery(left)  # restored: now it is this session's work
    session.remove_recovery()
    assert not left.exists()


def test_lock_records_who_holds_it_and_is_released(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    assert lock.acquire(path) is None
    info = lock.read_lock(path)
    assert info is not None and info.pid == os.getpid() and info.host == socket.gethostname()
    assert lock.acquire(path) is None  # taking our own lock again is fine
    lock.release(path)
    assert lock.read_lock(path) is None


def test_a_live_lock_of_another_process_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock.lock_path(path).write_text(json.dumps(
            {"user": "priya", "host": socket.gethostname(), "pid": holder.pid, "since": "2026-11-27T09:00:00Z"}))
        found = lock.acquire(path)
        assert found is not None and found.user == "priya" and found.pid == holder.pid
        assert "priya on" in found.describe()
        assert lock.acquire(path, take_over=True) is None
        assert lock.read_lock(path).pid == os.getpid()
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_whose_process_is_gone_is_cleared_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock.lock_path(path).write_text(json.dumps(
        {"user": "tom", "host": socket.gethostname(), "pid": gone.pid, "since": "x"}))
    assert lock.acquire(path) is None
    assert lock.read_lock(path).pid == os.getpid()


def test_a_lock_from_another_host_is_never_stale(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    lock.lock_path(path).write_text(json.dumps({"user": "sam", "host": "elsewhere", "pid": 1, "since": "x"}))
    assert lock.acquire(path).host == "elsewhere"


def test_release_leaves_someone_elses_lock_alone(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    lock.lock_path(path).write_text(json.dumps({"user": "sam", "host": "elsewhere", "pid": 1, "since": "x"}))
    lock.release(path)
    assert lock.read_lock(path).user == "sam"


def test_outside_change_is_caught_by_content_even_with_same_size_and_time(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"title = 'AAAA'\n")
    before = os.stat(path)
    session = FileSession(path, file_digest(path))
    assert not session.changed_on_disk()
    assert not session.poll()
    path.write_bytes(b"title = 'BBBB'\n")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and same modification time
    assert session.changed_on_disk()
    assert session.poll()
    assert not session.poll()  # reported once
    session.mark_written(path.read_bytes())
    assert not session.changed_on_disk()


def test_a_deleted_file_counts_as_changed(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"x = 1\n")
    session = FileSession(path, file_digest(path))
    path.unlink()
    assert session.changed_on_disk()
    assert session.poll()


def test_a_new_file_is_unchanged_until_someone_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    session = FileSession(path, None)
    assert not session.changed_on_disk()
    path.write_text("x = 1\n")
    assert session.changed_on_disk()


def _aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def _file(path: Path, age: float) -> Path:
    path.write_text(path.name)
    return _aged(path, age)


def test_taking_the_lock_removes_what_killed_saves_left_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text('[workbook]\nschema = 1\ntitle = "Plan"\n', encoding="utf-8")
    hour = 3600
    stale = [_file(tmp_path / ".plan.toml.k3j_9a0z.tmp", hour),  # a killed save
             _file(tmp_path / "..plan.toml.recovery.ab12cd34.tmp", hour)]  # a killed recovery write
    kept = [_file(tmp_path / ".plan.toml.fresh123.tmp", 5),  # a save in progress, perhaps
            _file(tmp_path / ".plan.toml.notes.tmp", hour),  # not the shape of ours
            _file(tmp_path / ".plan.toml.ABCDEFGH.tmp", hour),
            _file(tmp_path / ".other.toml.abcd1234.tmp", hour),  # another workbook's
            _aged(path, hour)]
    folder = tmp_path / ".plan.toml.dir12345.tmp"
    folder.mkdir()
    _aged(folder, hour)
    outside = _file(tmp_path.parent / f"{tmp_path.name}-outside.txt", hour)
    link = tmp_path / ".plan.toml.link1234.tmp"
    link.symlink_to(outside)
    _aged(link, hour)

    session = FileSession(path, file_digest(path))
    assert session.lock() is None
    assert [file for file in stale if file.exists()] == []
    assert all(file.exists() for file in kept)
    assert folder.is_dir() and link.is_symlink() and outside.exists()
    session.unlock()


def test_leftovers_stay_while_another_process_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    leftover = tmp_path / ".plan.toml.k3j_9a0z.tmp"
    leftover.write_bytes(b"maybe their save in progress")
    _aged(leftover, 3600)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock.lock_path(path).write_text(json.dumps(
            {"user": "priya", "host": socket.gethostname(), "pid": holder.pid, "since": "2026-11-27T09:00:00Z"}))
        assert FileSession(path, None).lock() is not None
        assert leftover.exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_session_that_lost_the_lock_keeps_its_work_apart_from_the_new_holders(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema = 1\n")
    old = FileSession(path, file_digest(path), path.read_text())
    assert old.lock() is None
    first = old.write_recovery(_workbook("old holder, before"))
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock.lock_path(path).write_text(json.dumps(  # a second instance takes over ...
            {"user": "priya", "host": socket.gethostname(), "pid": holder.pid, "since": "x"}))
        theirs = recovery.write_recovery(_workbook("new holder"), path)  # ... and keeps its own work
        assert theirs == first == recovery.recovery_path(path)
        assert old.lost_lock().user == "priya"
        mine = old.write_recovery(_workbook("old holder, after"))
        assert mine != theirs and mine.parent == path.parent
        assert recovery.load_recovery(theirs).workbook.vmv.vision == "new holder"  # not overwritten
        old.remove_recovery()  # the old holder saves a copy, or discards
        assert theirs.exists() and not mine.exists()
        old.write_recovery(_workbook("old holder, kept"))
        assert len(recovery.find_recoveries(path)) == 2  # both are offered on the next open
        old.unlock()
        assert lock.read_lock(path).user == "priya"
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.ENOENT])
def test_every_way_the_folder_refuses_sends_the_work_to_the_per_user_place(tmp_path: Path, monkeypatch, error,
                                                                         private_state_folder: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema = 1\n")
    real_write = recovery.write_atomic

    def refusing(target, data, mode=None):
        if Path(target).parent == tmp_path:
            raise OSError(error, os.strerror(error))
        real_write(target, data, mode=mode)

    monkeypatch.setattr(recovery, "write_atomic", refusing)
    kept = recovery.write_recovery(_workbook("full disk"), path)
    assert kept is not None and kept.parent == private_state_folder / "stratbook" / "recovery"
    assert recovery.find_recoveries(path) == [kept]


@pytest.mark.skipif(os.geteuid() != 0, reason="planting another user's folder needs root")
def test_the_temporary_folder_place_refuses_a_folder_another_user_planted(tmp_path: Path, monkeypatch) -> None:
    nowhere = tmp_path / "a-file"
    nowhere.write_text("not a folder")
    for name in ("XDG_STATE_HOME", "HOME"):
        monkeypatch.setenv(name, str(nowhere))
    shared = tmp_path / "tmp"
    (shared / f"stratbook-{os.geteuid()}").mkdir(parents=True)
    os.chown(shared / f"stratbook-{os.geteuid()}", 4242, 4242)  # made first by someone else
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    assert recovery.write_recovery(_workbook(), tmp_path / "gone" / "plan.toml") is None


def test_a_workbook_whose_name_is_not_utf8_keeps_and_finds_its_recovery(tmp_path: Path, monkeypatch) -> None:
    """File names are bytes: one that is not UTF-8 (as Python sees it, with surrogates) must not
    stop the recovery file being written (beside it or per user) nor found again and matched."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = Path(os.fsdecode(bytes(tmp_path) + b"/plan-\x9b\xff.toml"))
    path.write_text("[workbook]\nschema = 1\n")
    assert "\udc9b" in str(path)  # the name really is not UTF-8
    assert all("/" not in place.name for place in recovery.recovery_places(path)[1:])
    kept = recovery.write_recovery(_workbook("unsaved vision"), path)
    assert kept == recovery.recovery_path(path)
    assert recovery.find_recoveries(path) == [kept]
    found = recovery.load_recovery(kept)
    assert found.workbook.vmv.vision == "unsaved vision" and found.belongs_to(path)
    assert not found.belongs_to(tmp_path / "plan.toml")
    # Its own folder refusing it (a plain file where the recovery should go): the per-user place.
    kept.unlink()
    kept.mkdir()
    elsewhere = recovery.write_recovery(_workbook("unsaved vision"), path)
    assert elsewhere is not None and elsewhere.parent == tmp_path / "state" / "stratbook" / "recovery"
    assert elsewhere in recovery.find_recoveries(path)
    assert recovery.load_recovery(elsewhere).belongs_to(path)
