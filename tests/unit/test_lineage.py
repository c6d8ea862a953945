"""Lineage, revision and history in `[workbook]`, and the history folder beside the workbook."""

from __future__ import annotations

import gzip
import hashlib
import os
from datetime import datetime, timedelta, timezone

import pytest

from tests import examples
from tui.cli import main
from tui.model.ids import LINEAGE_PATTERN, REVISION_PATTERN
from tui.model.workbook import HISTORY_LIMIT, SwotItem, Workbook
from tui.store import WorkbookError, dumps, load, loads, new_workbook, save
from tui.store import lineage
from tui.store.lineage import find_base, history_folder, merge_copies, record_sent
from tui.store.writer import stamped


def plan(title: str = "Plan") -> Workbook:
    workbook = new_workbook(title)
    workbook.swot.strengths.append(SwotItem("str-aaaa", "Two patents"))
    return workbook


def saved_revisions(path, count: int) -> list[str]:
    """`count` revisions of a plan saved at `path`, their snapshots oldest first by time."""
    workbook = plan()
    revisions = []
    for number in range(count):
        workbook.vmv.vision = f"Vision {number}"
        save(workbook, path)
        revisions.append(workbook.meta.revision)
        os.utime(history_folder(path) / f"{workbook.meta.revision}.toml.gz", (1_000_000 + number,) * 2)
    return revisions


def snapshots(path) -> list[str]:
    folder = history_folder(path)
    return sorted(name for name in os.listdir(folder) if name.endswith(".toml.gz")) if folder.exists() else []


def test_the_revision_is_the_format_pages_hash():
    data = stamped(plan()).data
    text = data.decode()
    kept = [line for line in text.split("\n") if not line.startswith(("revision = ", "history = ", "updated = "))]
    expected = hashlib.sha256("\n".join(kept).encode()).hexdigest()[:16]
    assert f'revision = "{expected}"\n' in text
    assert REVISION_PATTERN.match(expected)


def test_the_new_keys_follow_updated_in_the_format_order():
    workbook = plan()
    workbook.meta.updated = datetime(2026, 11, 30, tzinfo=timezone.utc)
    workbook.meta.extra = {"zeta": 1}
    first = stamped(workbook)
    workbook.meta.revision, workbook.meta.history = first.revision, first.history
    workbook.swot.strengths[0].text = "Three patents"
    lines = stamped(workbook).data.decode().split("\n")
    start = lines.index("[workbook]")
    keys = [line.split(" = ")[0] for line in lines[start + 1:lines.index("", start)]]
    assert keys == ["schema", "title", "organisation", "created", "updated", "lineage", "revision", "history", "zeta"]


def test_unchanged_content_keeps_its_revision_and_history():
    workbook = plan()
    first = stamped(workbook)
    workbook.meta.revision, workbook.meta.history = first.revision, first.history
    again = stamped(workbook)
    assert again == first and first.history == []
    # Only the updated time changed: the same revision (updated is not content).
    assert stamped(workbook, datetime(2030, 1, 1, tzinfo=timezone.utc)).revision == first.revision


def test_a_change_pushes_the_previous_revision_newest_first_at_most_32():
    workbook = plan()
    seen = []
    for round_ in range(HISTORY_LIMIT + 5):
        workbook.swot.strengths[0].text = f"Edit {round_}"
        written = stamped(workbook)
        if workbook.meta.revision:
            assert written.history[0] == workbook.meta.revision
        seen.insert(0, written.revision)
        workbook.meta.revision, workbook.meta.history = written.revision, written.history
    assert workbook.meta.history == seen[1:HISTORY_LIMIT + 1]
    assert loads(stamped(workbook).data.decode()).workbook.meta.history == seen[1:HISTORY_LIMIT + 1]


def test_a_hand_edit_keeps_a_stale_revision_which_the_next_write_pushes(tmp_path):
    path = tmp_path / "plan.toml"
    workbook = plan()
    save(workbook, path)
    sent = workbook.meta.revision
    path.write_text(path.read_text().replace("Two patents", "Four patents"))
    edited = load(path).workbook
    assert edited.meta.revision == sent  # stale: the content changed by hand
    assert stamped(edited).revision != sent
    save(edited, path)
    assert edited.meta.history[0] == sent


@pytest.mark.parametrize("text, path", [
    ('lineage = "lin-AB"', "workbook.lineage"),
    ('lineage = "gol-abcd"', "workbook.lineage"),
    ('revision = "3F9A1C2B7E4D5A60"', "workbook.revision"),
    ('revision = "3f9a"', "workbook.revision"),
    ('history = ["zzzz"]', "workbook.history[0]"),
    ('history = "3f9a1c2b7e4d5a60"', "workbook.history"),
    ("history = [" + ", ".join(['"3f9a1c2b7e4d5a60"'] * 33) + "]", "workbook.history"),
])
def test_malformed_lineage_fields_are_errors_with_their_path(text, path):
    with pytest.raises(WorkbookError) as caught:
        loads(f"[workbook]\nschema = 1\n{text}\n")
    assert [p.path for p in caught.value.problems] == [path]


def test_new_and_every_save_give_a_lineage_once(tmp_path):
    assert LINEAGE_PATTERN.match(new_workbook().meta.lineage)
    old = Workbook()  # a file from before lineage
    path = tmp_path / "plan.toml"
    save(old, path)
    given = old.meta.lineage
    assert LINEAGE_PATTERN.match(given)
    old.vmv.vision = "Further"
    save(old, path)
    assert load(path).workbook.meta.lineage == given


def test_every_save_keeps_a_gzip_snapshot_of_what_it_wrote(tmp_path):
    path = tmp_path / "plan.toml"
    workbook = plan()
    data = save(workbook, path)
    assert snapshots(path) == [f"{workbook.meta.revision}.toml.gz"]
    assert gzip.decompress((history_folder(path) / snapshots(path)[0]).read_bytes()) == data
    workbook.vmv.vision = "New"
    save(workbook, path)
    assert len(snapshots(path)) == 2
    save(workbook, path)  # unchanged: the same revision, no third snapshot
    assert len(snapshots(path)) == 2


@pytest.mark.parametrize(("workbook_mode", "folder_mode", "copy_mode"), [
    (0o600, 0o700, 0o600),  # a private plan: its copies are private too
    (0o640, 0o750, 0o640),
    (0o664, 0o775, 0o664),  # shared with a group that edits it: teammates add their snapshots
    (0o444, 0o755, 0o644),  # read-only: Stratbook may still update its own index
])
def test_the_history_has_the_workbooks_permissions(tmp_path, workbook_mode, folder_mode, copy_mode):
    """The snapshots are whole copies of the plan: never readable by more people than the
    workbook is, and writable by those who may write the workbook (whatever the umask)."""
    path = tmp_path / "plan.toml"
    save(plan(), path)
    os.chmod(path, workbook_mode)
    folder = history_folder(path)
    for entry in folder.iterdir():
        entry.unlink()
    folder.rmdir()
    old_umask = os.umask(0o022)
    try:
        lineage.keep_snapshot(path, path.read_bytes())
        assert record_sent(path, load(path).workbook.meta.revision, datetime.now(timezone.utc)) is None
    finally:
        os.umask(old_umask)
    assert oct(os.stat(folder).st_mode & 0o7777) == oct(folder_mode)
    kept = sorted(folder.iterdir())
    assert [entry.name.endswith((".toml.gz", "index.json")) for entry in kept] == [True, True]
    for entry in kept:
        assert oct(os.stat(entry).st_mode & 0o7777) == oct(copy_mode), entry.name


def test_a_failed_snapshot_is_a_note_not_a_failed_save(tmp_path):
    path = tmp_path / "plan.toml"
    history_folder(path).write_text("a file where the folder should be")
    notes: list[str] = []
    workbook = plan()
    data = save(workbook, path, notes=notes)
    assert path.read_bytes() == data
    assert len(notes) == 1 and "not kept" in notes[0] and "the file itself is saved" in notes[0]


def test_pruning_keeps_the_newest_and_what_was_sent_this_year(tmp_path, monkeypatch):
    path = tmp_path / "plan.toml"
    revisions = saved_revisions(path, 6)
    record_sent(path, revisions[0], datetime.now(timezone.utc))
    record_sent(path, revisions[1], datetime.now(timezone.utc) - timedelta(days=400))
    monkeypatch.setattr(lineage, "KEEP_SNAPSHOTS", 3)
    lineage.prune(history_folder(path))
    assert snapshots(path) == sorted(f"{r}.toml.gz" for r in [revisions[0], *revisions[3:]])


def test_fmt_stamps_a_file_once_then_stays_quiet(tmp_path, capsys):
    path = tmp_path / "plan.toml"
    path.write_bytes(dumps(Workbook()))  # no lineage, no revision: from before
    assert main(["fmt", "--check", str(path)]) == 1
    assert main(["fmt", str(path)]) == 0
    stamped_once = path.read_bytes()
    assert LINEAGE_PATTERN.match(load(path).workbook.meta.lineage)
    assert main(["fmt", "--check", str(path)]) == 0
    assert main(["fmt", str(path)]) == 0 and path.read_bytes() == stamped_once
    assert snapshots(path) == [f"{load(path).workbook.meta.revision}.toml.gz"]
    capsys.readouterr()


def test_new_writes_a_lineage_revision_and_snapshot(tmp_path, capsys):
    path = tmp_path / "plan.toml"
    assert main(["new", str(path)]) == 0
    meta = load(path).workbook.meta
    assert LINEAGE_PATTERN.match(meta.lineage) and REVISION_PATTERN.match(meta.revision)
    assert snapshots(path) == [f"{meta.revision}.toml.gz"]
    capsys.readouterr()


def test_diff_ignores_revision_and_history():
    from tui.store.diff import diff

    one = plan()
    two = loads(stamped(one).data.decode()).workbook
    two.meta.history = ["0123456789abcdef"]
    assert diff(one, two) == []


def test_merge_keeps_both_lines_and_never_conflicts_over_them():
    base = plan()
    ours = loads(stamped(base).data.decode()).workbook
    theirs = loads(stamped(base).data.decode()).workbook
    ours.meta.revision, ours.meta.history = "1111111111111111", ["aaaaaaaaaaaaaaaa"]
    theirs.meta.revision, theirs.meta.history = "2222222222222222", ["bbbbbbbbbbbbbbbb"]
    ours.vmv.vision = "Ours"
    theirs.vmv.mission = "Theirs"
    result = merge_copies(base, ours, theirs, "3333333333333333")
    assert result.conflicts == []
    meta = result.workbook.meta
    assert (meta.lineage, meta.revision) == (base.meta.lineage, "1111111111111111")
    assert meta.history == ["3333333333333333", "aaaaaaaaaaaaaaaa", "2222222222222222", "bbbbbbbbbbbbbbbb"]
    written = stamped(result.workbook)
    assert written.history[:2] == ["1111111111111111", "3333333333333333"]


def test_the_base_is_the_newest_revision_with_a_snapshot(tmp_path):
    path = tmp_path / "plan.toml"
    workbook = plan()
    save(workbook, path)
    first = workbook.meta.revision
    workbook.vmv.vision = "Second"
    save(workbook, path)
    second = workbook.meta.revision
    reply = loads(stamped(workbook).data.decode()).workbook
    reply.meta.revision, reply.meta.history = "ffffffffffffffff", [second, first]
    assert find_base(path, reply).revision == second
    os.unlink(history_folder(path) / f"{second}.toml.gz")
    found = find_base(path, reply)
    assert found.revision == first and found.workbook.vmv.vision == ""
    reply.meta.history = []
    assert find_base(path, reply) is None


def test_a_killed_snapshot_write_is_tidied_later(tmp_path):
    path = tmp_path / "plan.toml"
    save(plan(), path)
    folder = history_folder(path)
    stale, fresh = folder / ".0123456789abcdef.toml.gz.abcd1234.tmp", folder / ".fedcba9876543210.toml.gz.x.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"in progress")
    os.utime(stale, (1_000_000, 1_000_000))
    lineage.prune(folder)
    assert not stale.exists() and fresh.exists()


def test_copies_of_a_file_from_before_lineage_get_the_same_one(tmp_path):
    old = Workbook()
    old.meta.created = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    ours, theirs = tmp_path / "ours.toml", tmp_path / "theirs.toml"
    for path in (ours, theirs):
        path.write_bytes(dumps(old))  # e.g. two git branches, or two colleagues' copies
    assert main(["fmt", str(ours)]) == 0
    copy = load(theirs).workbook
    copy.vmv.vision = "Edited on the other side"
    save(copy, theirs)
    assert load(ours).workbook.meta.lineage == load(theirs).workbook.meta.lineage
    assert LINEAGE_PATTERN.match(load(ours).workbook.meta.lineage)



# -- reading the revision back from written bytes ----------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TRICKY_LINES = st.sampled_from(["[vmv]", "[[goals]]", "[x", 'updated = 2020-01-01T00:00:00Z',
                                 'revision = "0123456789abcdef"', 'history = ["0123456789abcdef"]', '"""', "plain"])
_HEAD_TEXT = st.lists(st.one_of(_TRICKY_LINES, st.text(max_size=90)), max_size=5).map("\n".join)


@settings(max_examples=examples(60), deadline=None)
@given(title=_HEAD_TEXT, organisation=_HEAD_TEXT, with_history=st.booleans())
def test_the_revision_read_back_from_written_bytes_is_the_one_written(title, organisation, with_history):
    # A multi-line title with a line that starts with "[" ended the [workbook] table early for the
    # readers, which then found no revision (no snapshot was kept on save) or hashed other lines.
    workbook = new_workbook()
    workbook.meta.title, workbook.meta.organisation = title, organisation
    workbook.meta.lineage = "lin-test0001"
    if with_history:
        workbook.meta.revision = "00000000000000aa"
    written = stamped(workbook)
    assert lineage.written_revision(written.data) == written.revision
    assert lineage.content_revision(written.data) == written.revision


UNREADABLE_INDEXES = [b'{"sent": {"abc": "2026-01-01"', b"\xff\xfe not json", b"[1, 2, 3]", b"{" * 100_000]


@pytest.mark.parametrize("damaged", UNREADABLE_INDEXES, ids=["cut-short", "not-text", "a-list", "too-deep"])
def test_an_unreadable_index_keeps_every_snapshot_since_what_was_sent_is_unknown(tmp_path, monkeypatch, damaged):
    # The index says which snapshots went out by email (kept a year: the bases replies merge
    # against). Unreadable, it cannot say: pruning then keeps them all rather than guess.
    path = tmp_path / "plan.toml"
    workbook = plan()
    for number in range(6):
        workbook.vmv.vision = f"Vision {number}"
        save(workbook, path)
        if number == 0:
            record_sent(path, workbook.meta.revision, datetime.now(timezone.utc))
    (history_folder(path) / "index.json").write_bytes(damaged)
    monkeypatch.setattr(lineage, "KEEP_SNAPSHOTS", 3)
    before = snapshots(path)
    assert lineage.prune(history_folder(path)) == []
    assert snapshots(path) == before and len(before) == 6


@pytest.mark.parametrize("damaged", UNREADABLE_INDEXES, ids=["cut-short", "not-text", "a-list", "too-deep"])
def test_an_unreadable_index_is_kept_aside_and_said_before_a_new_one_starts(tmp_path, damaged):
    path = tmp_path / "plan.toml"
    save(plan(), path)
    folder = history_folder(path)
    (folder / "index.json").write_bytes(damaged)
    note = record_sent(path, "0123456789abcdef", datetime(2026, 11, 30, tzinfo=timezone.utc))
    assert note is not None and "index.json" in note and "could not be read" in note
    aside = [name for name in os.listdir(folder) if name.startswith("index.unreadable")]
    assert len(aside) == 1 and (folder / aside[0]).read_bytes() == damaged
    assert lineage.read_index(folder)["sent"] == {"0123456789abcdef": "2026-11-30T00:00:00+00:00"}
    # The new index is readable: the next record says nothing more.
    assert record_sent(path, "fedcba9876543210", datetime(2026, 12, 1, tzinfo=timezone.utc)) is None


def test_sending_says_when_the_index_could_not_record_it(tmp_path, monkeypatch):
    from tui.store.mail import record_sending

    path = tmp_path / "plan.toml"
    data = save(plan(), path)
    (history_folder(path) / "index.json").write_bytes(b"{not json")
    said = record_sending(path, data, "plan.eml: written")
    assert "could not be read" in said and "index.unreadable.json" in said


@pytest.mark.parametrize("when", ["2026-11-01T00:00:00", "2026-11-01", "2026-11-01T00:00:00+02:00"])
def test_a_sent_time_written_by_hand_without_its_zone_counts_as_utc(tmp_path, monkeypatch, when):
    # A hand-edited index with a time and no zone made every save past the snapshots' limit stop
    # the app (comparing a naive and an aware datetime in the pruning).
    path = tmp_path / "plan.toml"
    revisions = saved_revisions(path, 5)
    index = history_folder(path) / "index.json"
    index.write_text('{"sent": {"%s": "%s"}, "imported": {}}' % (revisions[0], when))
    monkeypatch.setattr(lineage, "KEEP_SNAPSHOTS", 2)
    now = datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp()
    removed = lineage.prune(history_folder(path), now=now)
    assert sorted(p.name for p in removed) == sorted(f"{r}.toml.gz" for r in revisions[1:3])
    assert f"{revisions[0]}.toml.gz" in snapshots(path)  # sent two months before: kept
