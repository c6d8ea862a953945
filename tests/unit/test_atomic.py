"""Crash safety of saving: the file on disk is always the old bytes or the new, never a mixture.

A child process saving a large workbook in a loop is killed with SIGKILL at
different moments, and at chosen points inside the save (half-way through
writing the temporary file, before its fsync, before the rename). Saves whose
rename, fsync or folder fail leave the original intact and no temporary file.
Permission bits and symbolic links are kept; `updated` is set only on success.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import tui.store.atomic as atomic
from tests.conftest import ROUGH_DRAFT, finished_samples
from tui.cli import main
from tui.model.workbook import Goal, Workbook
from tui.store import WorkbookError, dumps, load, loads, save
from tui.store.files import has_user_comments

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 20_000

# The child: builds a large workbook, says "ready", then saves it again and again with a new
# title each time. With KILL_POINT set it stops at that point of the first save, says so, and
# waits to be killed.
CHILD = textwrap.dedent("""
    import os, sys, time, types
    # The tests package without its __init__ (Hypothesis and its profiles): a tenth of the child's
    # processor time before its first save, for nothing it uses.
    sys.modules["tests"] = types.ModuleType("tests")
    sys.modules["tests"].__path__ = [os.path.join(os.getcwd(), "tests")]
    from tests.bench.bench_store import make_workbook
    import tui.store.atomic as atomic
    from tui.store import save

    path, point = sys.argv[1], os.environ.get("KILL_POINT", "")

    def stop(where):
        print(where, flush=True)
        time.sleep(60)

    if point == "half-written":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, handle):
                self.handle = handle
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return self.handle.__exit__(*exc)
            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                os.fsync(self.handle.fileno())
                stop("half-written")
            def __getattr__(self, name):
                return getattr(self.handle, name)

        atomic.os.fdopen = lambda fd, mode: HalfWriter(real_fdopen(fd, mode))
    elif point == "before-fsync":
        atomic.os.fsync = lambda fd: stop("before-fsync")
    elif point == "before-replace":
        atomic.os.replace = lambda a, b: stop("before-replace")

    workbook = make_workbook(int(sys.argv[2]), seed=5)
    print("ready", flush=True)
    count = 0
    while True:
        count += 1
        workbook.meta.title = f"save {count}"
        save(workbook, path)
        print(f"saved {count}", flush=True)
""")


def start_child(path: Path, point: str = "") -> subprocess.Popen[str]:
    env = dict(os.environ, KILL_POINT=point, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ITEMS)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)


def wait_for(child: subprocess.Popen[str], word: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.strip() == word:
            return
        if not line and child.poll() is not None:
            raise AssertionError(f"the child ended ({child.returncode}) before {word!r}")
    raise AssertionError(f"no {word!r} from the child in {timeout} s")


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL


def original_file(folder: Path) -> tuple[Path, bytes]:
    path = folder / "plan.toml"
    workbook = Workbook()
    workbook.meta.title = "the original"
    workbook.goals.append(Goal("gol-orig", title="Keep me"))
    data = dumps(workbook)
    path.write_bytes(data)
    return path, data


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name not in ("plan.toml", ".plan.toml.history"))


@pytest.mark.parametrize("point", ["half-written", "before-fsync", "before-replace"])
def test_killed_inside_a_save_leaves_the_original(tmp_path, point):
    path, original = original_file(tmp_path)
    child = start_child(path, point)
    try:
        wait_for(child, point)
        assert path.read_bytes() == original
        [temporary] = temporaries(tmp_path)  # the save was under way in its temporary file
        assert temporary.startswith(".plan.toml.") and temporary.endswith(".tmp")
        assert (tmp_path / temporary).stat().st_size > 1_000_000
    finally:
        kill(child)
    assert path.read_bytes() == original
    assert load(path).workbook.meta.title == "the original"
    # The stray temporary file is hidden and in the way of nothing: the next save works.
    workbook = load(path).workbook
    workbook.meta.title = "after the crash"
    save(workbook, path)
    assert load(path).workbook.meta.title == "after the crash"


# (what to wait for, then how long): during the first save, and at phases of later ones. A test
# for each child (a child builds a large workbook first, and saves it once or more: some 3 s of
# processor time), so xdist spreads them; each child saves over the original file.
MOMENTS = {"first-save": (("ready", 0.0), ("ready", 0.2)),
           "later-saves": (("saved 1", 0.0), ("saved 1", 0.1)),
           "later-saves-after-a-while": (("saved 1", 0.25), ("saved 1", 0.4))}


@pytest.mark.parametrize(("after", "delay"), [pytest.param(after, delay, id=f"{name}-{n + 1}of{len(moments)}")
                                              for name, moments in MOMENTS.items()
                                              for n, (after, delay) in enumerate(moments)])
def test_killed_at_different_moments_the_file_is_old_or_complete(tmp_path, after, delay):
    path, original = original_file(tmp_path)
    child = start_child(path)
    try:
        wait_for(child, after)
        time.sleep(delay)
    finally:
        kill(child)
    data = path.read_bytes()
    for name in temporaries(tmp_path):
        assert name.startswith(".plan.toml.") and name.endswith(".tmp")
    if (after, delay) == ("ready", 0.0):
        assert data == original  # killed before its first save was done: the original, byte for byte
        return
    if data == original:
        assert after == "ready"  # killed during the first save: the original
        return
    # killed after a save ("saved 1": the file that save wrote, at least) or during the first
    loaded = loads(data.decode("utf-8"))  # complete and valid, or this raises
    assert loaded.workbook.meta.title.startswith("save ")
    assert sum(1 for _ in loaded.workbook.iter_items()) >= ITEMS


# -- failures inside the save: the original stays, no temporary file, no `updated` --------------

def failing(error: int):
    def fail(*args, **kwargs):
        raise OSError(error, os.strerror(error))
    return fail


@pytest.mark.parametrize(("name", "error"), [("replace", errno.EXDEV), ("fsync", errno.EIO),
                                              ("fchmod", errno.EPERM)])
def test_a_failing_step_leaves_the_original_and_no_temporary(tmp_path, monkeypatch, name, error):
    path, original = original_file(tmp_path)
    workbook = load(path).workbook
    workbook.meta.title = "changed"
    monkeypatch.setattr(atomic.os, name, failing(error))
    with pytest.raises(WorkbookError) as caught:
        save(workbook, path)
    monkeypatch.undo()
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert problem.message == f"cannot save: {os.strerror(error)}"
    assert path.read_bytes() == original
    assert temporaries(tmp_path) == []
    assert workbook.meta.updated is None


def test_a_full_disk_leaves_the_original(tmp_path, monkeypatch):
    path, original = original_file(tmp_path)
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

        def write(self, data):
            self.handle.write(data[:100])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    with pytest.raises(WorkbookError) as caught:
        save(Workbook(), path)
    monkeypatch.undo()
    assert "No space left on device" in caught.value.problems[0].message
    assert path.read_bytes() == original
    assert temporaries(tmp_path) == []


def test_updated_is_set_only_on_success(tmp_path):
    workbook = Workbook()
    assert workbook.meta.updated is None
    before = datetime.now(timezone.utc).replace(microsecond=0)
    data = save(workbook, tmp_path / "plan.toml")
    updated = workbook.meta.updated
    assert updated is not None and updated.tzinfo is not None and updated.utcoffset() == timedelta(0)
    assert before <= updated <= datetime.now(timezone.utc)
    assert updated.microsecond == 0
    assert f"updated = {updated:%Y-%m-%dT%H:%M:%S}Z\n".encode() in data
    assert load(tmp_path / "plan.toml").workbook.meta.updated == updated
    # touch=False keeps it as it is.
    workbook.meta.updated = datetime(2020, 1, 1, tzinfo=timezone.utc)
    save(workbook, tmp_path / "plan.toml", touch=False)
    assert load(tmp_path / "plan.toml").workbook.meta.updated == datetime(2020, 1, 1, tzinfo=timezone.utc)


# -- what the file keeps: permission bits, symbolic links -------------------------------------------

def test_permission_bits_are_kept(tmp_path):
    path, _ = original_file(tmp_path)
    for mode in (0o640, 0o600, 0o664, 0o755):  # 0444 is refused: tests/unit/test_write_guards.py
        os.chmod(path, mode)
        save(load(path).workbook, path)
        assert stat.S_IMODE(os.stat(path).st_mode) == mode


def test_a_new_file_follows_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        save(Workbook(), tmp_path / "new.toml")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.toml").st_mode) == 0o640


def test_a_symbolic_link_stays_a_link_and_its_target_is_updated(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target, _ = original_file(real)
    link = tmp_path / "plan.toml"
    link.symlink_to(os.path.relpath(target, tmp_path))
    chain = tmp_path / "chain.toml"
    chain.symlink_to(link)

    workbook = load(link).workbook
    workbook.meta.title = "through the link"
    save(workbook, link)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, tmp_path)
    assert load(target).workbook.meta.title == "through the link"

    workbook.meta.title = "through the chain"
    save(workbook, chain)
    assert chain.is_symlink() and link.is_symlink()
    assert load(target).workbook.meta.title == "through the chain"
    assert sorted(os.listdir(tmp_path)) == ["chain.toml", "plan.toml", "real"]
    assert sorted(os.listdir(real)) == [".plan.toml.history", "plan.toml"]  # beside the real file


def test_fmt_through_a_symbolic_link_keeps_the_link(tmp_path, capsys):
    target, _ = original_file(tmp_path)
    target.write_bytes(target.read_bytes().replace(b"\n\n", b"\n\n\n"))
    link = tmp_path / "link.toml"
    link.symlink_to(target.name)
    assert main(["fmt", str(link)]) == 0
    assert link.is_symlink()
    assert main(["fmt", "--check", str(target)]) == 0
    capsys.readouterr()


def make_read_only(folder: Path) -> callable:
    """Make `folder` refuse new files, as root too (immutable flag); return how to undo it."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root where the immutable flag cannot be set: nothing makes a folder read-only")
    return lambda: subprocess.run([chattr, "-i", str(folder)], check=True)


def test_a_read_only_folder_gives_our_error_and_the_file_is_intact(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path, original = original_file(folder)
    workbook = load(path).workbook
    workbook.meta.title = "changed"
    undo = make_read_only(folder)
    try:
        with pytest.raises(WorkbookError) as caught:
            save(workbook, path)
    finally:
        undo()
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert problem.message.startswith("cannot save: ")
    assert path.read_bytes() == original
    assert temporaries(folder) == []
    assert workbook.meta.updated is None


def test_a_missing_folder_gives_our_error(tmp_path):
    with pytest.raises(WorkbookError) as caught:
        save(Workbook(), tmp_path / "no" / "such" / "plan.toml")
    assert caught.value.problems[0].message == "cannot save: No such file or directory"


# -- stratbook new never overwrites ------------------------------------------------------------

def test_new_writes_a_workbook_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "plan.toml"
    assert main(["new", str(path), "--title", "Plan", "--organisation", "Acme"]) == 0
    loaded = load(path)
    assert (loaded.workbook.meta.title, loaded.workbook.meta.organisation) == ("Plan", "Acme")
    assert loaded.workbook.meta.created is not None
    written = path.read_bytes()
    capsys.readouterr()

    assert main(["new", str(path), "--title", "Other"]) == 2
    assert capsys.readouterr().err.strip() == f"{path}: error: already exists; not overwritten"
    assert path.read_bytes() == written

    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    assert main(["new", str(dangling)]) == 2
    assert not (tmp_path / "nowhere.toml").exists()
    assert temporaries(tmp_path) == ["dangling.toml"]
    capsys.readouterr()


def test_new_in_a_missing_folder_says_so(tmp_path, capsys):
    assert main(["new", str(tmp_path / "missing" / "plan.toml")]) == 2
    assert "cannot write" in capsys.readouterr().err


# -- comments a person wrote are noticed, ours are not --------------------------------------------

def test_comment_detection(tmp_path):
    hand_written = tmp_path / "hand.toml"
    hand_written.write_text("# our plan, drafted by Ann\n[workbook]\nschema = 1\ntitle = 'Plan'  # for now\n")
    assert load(hand_written).has_comments
    ours = tmp_path / "ours.toml"
    save(load(hand_written).workbook, ours)
    assert load(ours).workbook.comments == load(hand_written).workbook.comments  # kept, and only those
    save(load(tmp_path / "ours.toml", comments=False).workbook, ours)
    assert not load(ours).has_comments  # Stratbook's own header lines are none
    for sample in finished_samples():
        assert not load(sample).has_comments
    assert load(ROUGH_DRAFT).has_comments  # a person wrote in it
    assert has_user_comments("a = 1\n# note\n")
    assert not has_user_comments("a = '# no'\nb = \"\"\"\n# still text\n\"\"\"\n")


# -- a FIFO where Stratbook reads ----------------------------------------------------------------
# Opening a FIFO for reading waits until something writes to it: one named like the workbook's
# lock (`.plan.toml.lock`) left the app on a blank screen that only SIGKILL ended (found from
# outside). Everything read beside the workbook is opened without waiting (atomic.open_regular).

def _reads_beside_the_workbook():
    from tui.store import files, lineage, lock, session
    from tui.store.config import read_config

    return {
        "lock": (lambda plan: lock.lock_path(plan), lambda plan: lock.read_lock(plan)),
        "workbook-digest": (lambda plan: plan, lambda plan: session.file_digest(plan)),
        "workbook": (lambda plan: plan, lambda plan: files.read_bytes(plan)),
        "config": (lambda plan: plan.with_name("config.toml"), lambda plan: read_config(plan.with_name("config.toml"))),
        "history": (lambda plan: plan.with_name("snapshot"), lambda plan: lineage._read_own_file(plan.with_name("snapshot"), 100)),
    }


@pytest.mark.parametrize("place", ["lock", "workbook-digest", "workbook", "config", "history"])
def test_a_fifo_where_stratbook_reads_is_not_waited_on(tmp_path, place) -> None:
    import threading

    from tui.store.problems import WorkbookError

    plan = tmp_path / "plan.toml"
    plan.write_text("[workbook]\nschema = 1\n", encoding="utf-8")
    where, read = _reads_beside_the_workbook()[place]
    fifo = where(plan)
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    outcome: list[object] = []

    def reading() -> None:
        try:
            outcome.append(read(plan))
        except WorkbookError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=reading, daemon=True)
    thread.start()
    thread.join(timeout=5)
    if thread.is_alive():
        with open(fifo, "wb"):  # let the stuck reader go, so the thread ends
            pass
        raise AssertionError(f"reading the {place} waited on a FIFO")
    assert outcome
