"""What a save may replace: files the user may not write, owners and groups, hard links, and the
size limit that load and save share. The rename of an atomic save needs only the folder's
permission, so every one of these is checked by us, not by the OS."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

import tui.store.files as files
from tui.cli import main
from tui.model.workbook import Workbook
from tui.store import WorkbookError, dumps, load, save
import tui.store.atomic as atomic
from tui.store.atomic import write_atomic

OTHER_UID, OTHER_GID = 4242, 4343  # no one on this machine: a teammate's file
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


def _workbook(vision: str = "v") -> Workbook:
    workbook = Workbook()
    workbook.vmv.vision = vision
    return workbook


def _plan(tmp_path: Path, vision: str = "old", mode: int = 0o644) -> Path:
    path = tmp_path / "plan.toml"
    path.write_bytes(dumps(_workbook(vision)))
    os.chmod(path, mode)
    return path


# -- may_write: decided from the mode bits and ownership, not from access() alone ----------------

@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555, 0o000])
def test_a_file_without_write_bits_is_read_only_even_for_root(tmp_path, mode):
    path = _plan(tmp_path, mode=mode)
    assert atomic.may_write(path) is not None  # as root access() says yes: the mode bits say no


def test_a_writable_file_and_a_missing_one_may_be_written(tmp_path):
    assert atomic.may_write(_plan(tmp_path)) is None
    assert atomic.may_write(tmp_path / "new.toml") is None


def test_the_rule_follows_the_class_the_user_is_in():
    from types import SimpleNamespace

    def writable(mode: int, uid: int, gid: int, euid: int, groups: set[int]) -> bool:
        return atomic.mode_allows_writing(SimpleNamespace(st_mode=stat.S_IFREG | mode, st_uid=uid, st_gid=gid),
                                          euid, groups)

    assert writable(0o644, 1000, 100, 1000, {100})  # the owner, owner bit set
    assert not writable(0o464, 1000, 100, 1000, {100})  # the owner's bits decide, not the group's
    assert writable(0o464, 1000, 100, 1001, {100})  # a group member, group bit set
    assert not writable(0o646, 1000, 100, 1001, {100})  # a group member without the group bit
    assert writable(0o646, 1000, 100, 1001, {200})  # anyone else: the others' bit
    assert writable(0o200, 1000, 100, 0, {0})  # root: any write bit
    assert not writable(0o444, 1000, 100, 0, {0})  # root: no write bit at all, read-only


# -- every writer refuses such a file and leaves it ------------------------------------------------

def test_save_refuses_a_read_only_file_and_leaves_it(tmp_path):
    path = _plan(tmp_path, mode=0o444)
    before = path.read_bytes()
    with pytest.raises(WorkbookError) as caught:
        save(_workbook("new"), path)
    assert "read-only" in caught.value.problems[0].message and "0444" in caught.value.problems[0].message
    assert path.read_bytes() == before and stat.S_IMODE(os.stat(path).st_mode) == 0o444


def test_write_atomic_refuses_a_read_only_file(tmp_path):
    path = _plan(tmp_path, mode=0o444)
    with pytest.raises(PermissionError) as caught:
        write_atomic(path, b"x")
    assert caught.value.errno == errno.EACCES
    assert not list(tmp_path.glob(".plan.toml.*.tmp"))


def test_fmt_refuses_a_read_only_file(tmp_path, capsys):
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema=1\n")
    os.chmod(path, 0o444)
    assert main(["fmt", str(path)]) == 2
    assert path.read_text() == "[workbook]\nschema=1\n"
    assert "read-only" in capsys.readouterr().err


def test_merge_refuses_a_read_only_result(tmp_path, capsys):
    base = _plan(tmp_path, "base")
    theirs = tmp_path / "theirs.toml"
    theirs.write_bytes(dumps(_workbook("theirs")))
    ours = tmp_path / "ours.toml"
    ours.write_bytes(base.read_bytes())
    os.chmod(ours, 0o444)
    before = ours.read_bytes()
    assert main(["merge", str(base), str(ours), str(theirs)]) == 2
    assert ours.read_bytes() == before
    assert "read-only" in capsys.readouterr().err
    out = tmp_path / "out.toml"
    out.write_text("keep")
    os.chmod(out, 0o444)
    assert main(["merge", str(base), str(base), str(theirs), "-o", str(out)]) == 2
    assert out.read_text() == "keep"


# -- mode, owner and group are kept ------------------------------------------------------------------

@ROOT_ONLY
def test_root_saving_another_users_file_keeps_its_owner_group_and_mode(tmp_path):
    path = _plan(tmp_path, mode=0o640)
    os.chown(path, OTHER_UID, OTHER_GID)
    assert atomic.replace_notes(path) == []  # nothing to warn of: root can give the new file back
    save(_workbook("new"), path)
    info = os.stat(path)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (OTHER_UID, OTHER_GID, 0o640)
    assert load(path).workbook.vmv.vision == "new"


def test_an_owner_that_cannot_be_kept_is_said_before_replacing(tmp_path, monkeypatch):
    path = _plan(tmp_path, mode=0o664)
    info = os.stat(path)
    monkeypatch.setattr(os, "geteuid", lambda: info.st_uid + 1 if info.st_uid == 0 else info.st_uid + 1)
    monkeypatch.setattr(os, "getegid", lambda: info.st_gid)
    notes = atomic.replace_notes(path)
    assert len(notes) == 1 and "owner" in notes[0]


@ROOT_ONLY
def test_a_chown_that_is_refused_still_saves_with_the_group_if_it_can(tmp_path, monkeypatch):
    path = _plan(tmp_path, mode=0o666)
    os.chown(path, OTHER_UID, OTHER_GID)
    calls = []
    real_fchown = os.fchown

    def fchown(fd, uid, gid):
        calls.append((uid, gid))
        if uid != -1:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        real_fchown(fd, uid, gid)

    monkeypatch.setattr(os, "fchown", fchown)
    monkeypatch.setattr(os, "geteuid", lambda: 1)  # a teammate, not root: the owner cannot be given back
    assert "owner" in atomic.replace_notes(path)[0]
    save(_workbook("new"), path)
    assert calls == [(OTHER_UID, OTHER_GID), (-1, OTHER_GID)]
    assert os.stat(path).st_gid == OTHER_GID
    assert load(path).workbook.vmv.vision == "new"


def test_a_hard_link_is_named_before_a_save_breaks_it(tmp_path, capsys):
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema=1\n")
    other = tmp_path / "also-plan.toml"
    os.link(path, other)
    notes = atomic.replace_notes(path)
    assert len(notes) == 1 and "hard link" in notes[0]
    assert main(["fmt", str(path)]) == 0
    err = capsys.readouterr().err
    assert "hard link" in err
    assert other.read_text() == "[workbook]\nschema=1\n"  # the link is broken, as said
    assert os.stat(path).st_nlink == 1


def test_what_is_not_a_file_gets_no_hard_link_note(tmp_path):
    # A folder put where the workbook was (rm plan.toml; mkdir plan.toml while the app ran): the
    # save asked about "1 other hard link" (a folder's own link count), and only after "Save
    # anyway" said what was wrong: it is a folder (found from outside).
    path = tmp_path / "plan.toml"
    path.mkdir()
    assert atomic.replace_notes(path) == []
    os.rmdir(path)
    os.mkfifo(path)
    assert atomic.replace_notes(path) == []


# -- one size limit, for reading and for writing ------------------------------------------------------

def test_save_refuses_what_load_would_refuse_and_leaves_the_file(tmp_path, monkeypatch):
    path = _plan(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(files, "MAX_BYTES", 2000)
    big = _workbook("word " * 600)  # about 3,000 bytes written
    with pytest.raises(WorkbookError) as caught:
        save(big, path)
    message = caught.value.problems[0].message
    assert "limit" in message and "bytes" in message
    assert path.read_bytes() == before
    path.write_bytes(dumps(big))
    with pytest.raises(WorkbookError):
        load(path)  # the same constant refuses it on read


def test_merge_and_fmt_refuse_a_result_over_the_limit(tmp_path, capsys, monkeypatch):
    base = _plan(tmp_path, "base")
    ours = tmp_path / "ours.toml"
    ours.write_bytes(dumps(_workbook("base")))
    theirs = tmp_path / "theirs.toml"
    theirs.write_bytes(dumps(_workbook("word " * 600)))
    limit = len(theirs.read_bytes()) + 10  # every input loads; the merge result is larger
    mine = _workbook("base")
    mine.meta.title = "t" * 200
    ours.write_bytes(dumps(mine))
    monkeypatch.setattr(files, "MAX_BYTES", limit)
    before = ours.read_bytes()
    assert main(["merge", str(base), str(ours), str(theirs)]) == 2
    assert ours.read_bytes() == before
    assert "limit" in capsys.readouterr().err
    messy = tmp_path / "messy.toml"
    messy.write_text('[workbook]\nschema=1\n[vmv]\nvision="' + "a " * (limit // 2 - 30) + '"\n')
    assert len(messy.read_bytes()) <= limit
    before = messy.read_bytes()
    assert main(["fmt", str(messy)]) == 2  # the canonical form (header, wrapping) is larger
    assert messy.read_bytes() == before


def test_work_that_grew_past_the_limit_is_still_restored_and_the_save_says_why_not(tmp_path, monkeypatch):
    from tui.store import recovery

    path = _plan(tmp_path)
    monkeypatch.setattr(files, "MAX_BYTES", 3000)
    grown = _workbook("word " * 700)  # about 3,600 bytes: over the limit, in memory after a long paste
    kept = recovery.write_recovery(grown, path)
    assert kept is not None
    assert recovery.load_recovery(kept).workbook.vmv.vision == grown.vmv.vision
    with pytest.raises(WorkbookError):
        save(grown, path)
