"""Email round trips: `stratbook send`, `stratbook import` and `merge OURS THEIRS` without a base."""

from __future__ import annotations

import base64
import copy
import email
import email.policy
import email.utils
import gzip
import mailbox
import os
import quopri
import shutil
import stat
import threading
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import examples
from tests.unit.edits_strategy import edited
from tui.cli import main
from tui.model.workbook import SwotItem
from tui.store import dumps, load, loads, save
from tui.store import mail
from tui.store.diff import diff
from tui.store.lineage import history_folder, read_index
from tui.store.replies import MERGED, import_copy, remember
from tui.store.writer import stamped

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def plan(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("EMAIL", "Priya Shah <priya@example.com>")
    path = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", path)
    return path


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err.splitlines()


def send(capsys, plan: Path, name: str = "sent.eml") -> tuple[Path, bytes]:
    """Send `plan` to an .eml file; the attachment's bytes."""
    out = plan.parent / name
    status, lines, _ = run(capsys, "send", str(plan), "--to", "grace@example.com", "-o", str(out))
    assert status == 0, lines
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    [attachment] = list(message.iter_attachments())
    return out, attachment.get_payload(decode=True)


def reply_by_stdlib(attachment: bytes, name: str = "plan.toml", sender: str = "Grace <grace@example.com>",
                    **attach) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "priya@example.com", "Re: the plan"
    message["Date"] = email.utils.formatdate()
    message["Message-ID"] = email.utils.make_msgid()
    message.set_content("My edits are in the attachment.")
    options = {"maintype": "application", "subtype": "toml", **attach}
    message.add_attachment(attachment, filename=name, **options)
    return message.as_bytes()


def reply_by_hand(attachment: bytes, encoding: str, name: str = "plan (1).toml",
                  message_id: str = "<hand-1@example.com>") -> bytes:
    """What a mail client sends: CRLF everywhere, the attachment renamed, as text/plain."""
    if encoding == "base64":
        body = base64.encodebytes(attachment)
    else:
        body = quopri.encodestring(attachment.replace(b"\n", b"\r\n"))
    head = (f"From: Tom Berg <tom@example.com>\nTo: priya@example.com\nSubject: Re: the plan\n"
            f"Date: Tue, 01 Dec 2026 09:00:00 +0000\nMessage-ID: {message_id}\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="XYZ"\n\n--XYZ\nContent-Type: text/plain; charset=utf-8\n\n'
            f"See attached.\n\n--XYZ\nContent-Type: text/plain; charset=utf-8; name=\"{name}\"\n"
            f"Content-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: {encoding}\n\n")
    data = head.encode() + body + b"\n--XYZ--\n"
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def hand_edit(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data
    return data.replace(old, new, 1)


# -- send -------------------------------------------------------------------------------------------

def test_send_writes_a_standard_message_with_the_workbook_attached(plan, capsys):
    out = plan.parent / "out.eml"
    status, lines, _ = run(capsys, "send", str(plan), "--to", "grace@example.com", "tom@example.com",
                           "--cc", "ann@example.com", "--subject", "Our plan", "--message", "Please edit <b>this</b>.",
                           "-o", str(out))
    assert status == 0
    assert lines[0].startswith(f"{out}: written; send it with your mail client (revision ")
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["From"] == "Priya Shah <priya@example.com>"
    assert message["To"] == "grace@example.com, tom@example.com" and message["Cc"] == "ann@example.com"
    assert message["Subject"] == "Our plan" and message["Message-ID"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.startswith("Please edit <b>this</b>.\n\n# Acme Robotics")
    assert "<p>Please edit &lt;b&gt;this&lt;/b&gt;.</p>" in html and "<b>this</b>" not in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/toml" and attachment.get_filename() == "plan.toml"
    assert attachment.get_payload(decode=True) == plan.read_bytes()
    revision = load(plan).workbook.meta.revision
    assert revision in read_index(history_folder(plan))["sent"]
    assert (history_folder(plan) / f"{revision}.toml.gz").exists()


@pytest.mark.parametrize("name", [b"plan-\x9b\xff.toml", b"plan\x1b]0;X\x07\nBcc: all@example.com.toml"])
def test_send_of_a_workbook_with_a_hostile_file_name(plan, capsys, name):
    """File names are bytes: one that is not UTF-8, or holds controls and a line break, is sent
    (no internal error) under a name made safe, and cannot add a header to the message."""
    odd = Path(os.fsdecode(bytes(plan.parent) + b"/" + name))
    plan.rename(odd)
    out, attachment = send(capsys, odd)
    assert attachment == odd.read_bytes()
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["Bcc"] is None
    [part] = list(message.iter_attachments())
    shown = part.get_filename()
    assert shown.endswith(".toml") and shown.isprintable(), shown
    assert all(value.isprintable() for value in message.values())


@pytest.mark.parametrize("where", ["title", "subject"])
def test_a_line_break_in_the_subject_is_shown_not_sent_as_a_header(plan, capsys, where):
    """A title from a hostile file, or a --subject typed, with a line break: one Subject line."""
    payload = "Plan\r\nBcc: all@example.com\x1b[31m"
    if where == "title":
        workbook = load(plan).workbook
        workbook.meta.title = payload
        save(workbook, plan)
    out = plan.parent / "out.eml"
    extra = ["--subject", payload] if where == "subject" else []
    status, _, err = run(capsys, "send", str(plan), "--to", "grace@example.com", "-o", str(out), *extra)
    assert status == 0, err
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["Bcc"] is None and message["Subject"].startswith("Plan") and message["Subject"].isprintable()


def test_an_address_with_a_line_break_is_refused(plan, capsys):
    out = plan.parent / "out.eml"
    status, _, err = run(capsys, "send", str(plan), "--to", "grace@example.com\nBcc: all@example.com", "-o", str(out))
    assert status == 2 and "not an email address" in err[0] and "\n" not in err[0]
    assert not out.exists()


@pytest.mark.parametrize("sender", ["priya@example.com\nBcc: all@example.com", "Priya <priya@example.com>\r\nBcc: x@y.z",
                                    "\x1b[31mpriya@example.com"])
def test_a_from_address_with_a_control_character_is_refused_not_an_internal_error(plan, capsys, monkeypatch, sender):
    monkeypatch.setenv("EMAIL", sender)
    out = plan.parent / "out.eml"
    status, _, err = run(capsys, "send", str(plan), "--to", "grace@example.com", "-o", str(out))
    assert status == 2 and err[0].startswith("stratbook send: error: $EMAIL is not an email address: "), err
    assert "\n" not in err[0] and "\x1b" not in err[0]
    assert not out.exists()


def test_send_stamps_a_hand_edited_file_first_so_the_attachment_is_what_is_on_disk(plan, capsys):
    plan.write_bytes(hand_edit(plan.read_bytes(), b"weight = 4", b"weight = 1"))
    stale = load(plan).workbook.meta.revision
    _, attachment = send(capsys, plan)
    assert attachment == plan.read_bytes()
    meta = load(plan).workbook.meta
    assert meta.revision != stale and meta.history[0] == stale


def test_send_without_an_output_writes_beside_the_workbook_and_never_over_a_stranger(plan, capsys):
    status, lines, _ = run(capsys, "send", str(plan), "--to", "grace@example.com")
    beside = plan.with_suffix(".eml")
    assert status == 0 and lines[0].startswith(f"{beside}: written")
    assert run(capsys, "send", str(plan), "--to", "grace@example.com")[0] == 0  # an earlier one: replaced
    beside.write_text("my own notes")
    status, _, err = run(capsys, "send", str(plan), "--to", "grace@example.com")
    assert status == 2 and "is not an email made by Stratbook" in err[0]
    assert beside.read_text() == "my own notes"


def test_send_through_sendmail(plan, capsys, monkeypatch):
    captured = plan.parent / "piped.eml"
    monkeypatch.setenv("STRATBOOK_SENDMAIL", f"sh -c 'cat > \"{captured}\"'")
    status, lines, _ = run(capsys, "send", str(plan), "--to", "grace@example.com", "--sendmail")
    assert status == 0 and "handed to sh -c" in lines[0]
    message = email.message_from_bytes(captured.read_bytes(), policy=email.policy.default)
    assert message["To"] == "grace@example.com"
    monkeypatch.setenv("STRATBOOK_SENDMAIL", "sh -c 'echo refused >&2; exit 75'")
    status, _, err = run(capsys, "send", str(plan), "--to", "grace@example.com", "--sendmail")
    assert status == 2 and "failed: refused; nothing sent" in err[0]


def _folder(path: Path) -> dict[str, bytes]:
    """Every file below `path` (the history folder included) with its bytes."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("words", [
    ["--to", "grace@example.com\nx"],
    ["--to", "not an address"],
    ["--to", "grace@example.com", "--cc", "tom@"],
    ["--to", "grace@example.com, tom@example.com"],   # two in one: say which one is meant
    ["--to", "grace@example.com", "Tom <tom example.com>"],
    ["--to", "@example.com"],
    ["--to", "grace@example.com", "--sendmail", "SENDMAIL=/bin/false"],
    ["--to", "grace@example.com", "-o", "{plan}"],     # the workbook itself: refused
])
def test_a_send_that_fails_leaves_the_workbook_and_its_folder_as_they_were(plan, capsys, monkeypatch, words):
    """A file edited by hand (CRLF endings, not canonical) would be rewritten by a send: only once
    the message has gone. Every argument is checked first (addresses by the standard library's
    parser), and a sendmail that fails sends nothing and writes nothing."""
    plan.write_bytes(plan.read_bytes().replace(b"\n", b"\r\n"))
    if "SENDMAIL=/bin/false" in words:
        words.remove("SENDMAIL=/bin/false")
        monkeypatch.setenv("STRATBOOK_SENDMAIL", "/bin/false")
    words = [word.format(plan=plan) for word in words]
    if "-o" not in words and "--sendmail" not in words:
        words += ["-o", str(plan.parent / "out.eml")]
    before = _folder(plan.parent)
    status, _, err = run(capsys, "send", str(plan), *words)
    assert status == 2 and len(err) == 1 and err[0].startswith(("stratbook send: error: ", f"{plan}: error: ")), err
    assert _folder(plan.parent) == before


@pytest.mark.parametrize("address, header", [
    ("grace@example.com", "grace@example.com"),
    ("Grace Mensah <grace@example.com>", "Grace Mensah <grace@example.com>"),
    ('"Mensah, Grace" <grace@example.com>', '"Mensah, Grace" <grace@example.com>'),
    ("grace@localhost", "grace@localhost"),
])
def test_an_address_as_people_write_one_is_taken(plan, capsys, address, header):
    out = plan.parent / "out.eml"
    other = address.replace("grace@", "tom@")  # (the same address in both would go once: To)
    status, _, err = run(capsys, "send", str(plan), "--to", address, "--cc", other, "-o", str(out))
    assert status == 0, err
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert (message["To"], message["Cc"]) == (header, header.replace("grace@", "tom@"))


def test_a_hand_edited_file_is_saved_once_the_message_is_written(plan, capsys):
    plan.write_bytes(plan.read_bytes().replace(b"\n", b"\r\n"))
    out = plan.parent / "out.eml"
    status, _, err = run(capsys, "send", str(plan), "--to", "grace@example.com", "-o", str(out))
    assert status == 0 and err == [f"{plan}: saved with its lineage and revision (what was sent is what is on disk)"]
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_payload(decode=True) == plan.read_bytes() and b"\r\n" not in plan.read_bytes()


# -- import: the round trips -----------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_a_hand_edited_reply_by_hand_merges_against_the_sent_copy(plan, capsys, encoding):
    _, attachment = send(capsys, plan)
    ours = load(plan).workbook  # meanwhile, we edit our copy in Stratbook
    ours.vmv.mission = "Ours, rewritten."
    save(ours, plan)
    theirs = hand_edit(attachment, b"weight = 4", b"weight = 2")  # no Stratbook: the revision is stale
    reply = plan.parent / "reply.eml"
    reply.write_bytes(reply_by_hand(theirs, encoding))
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0, lines
    assert lines[0].startswith(f"{reply}: from Tom Berg <tom@example.com>, Tue, 01 Dec 2026 09:00:00 +0000: "
                               "1 change taken, 0 conflicts")
    merged = load(plan).workbook
    assert merged.vmv.mission == "Ours, rewritten." and merged.swot.strengths[0].weight == 2
    # The same reply again changes nothing.
    before = plan.read_bytes()
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0 and "already imported" in lines[0] and plan.read_bytes() == before


def test_a_reply_edited_in_stratbook_and_a_second_round_trip(plan, capsys, tmp_path):
    _, attachment = send(capsys, plan)
    colleague = tmp_path / "grace"
    colleague.mkdir()
    copy_path = colleague / "plan.toml"
    copy_path.write_bytes(attachment)
    theirs = load(copy_path).workbook
    theirs.swot.threats.append(SwotItem("thr-grace1", "A new rival"))
    save(theirs, copy_path)  # Stratbook on the other side: a true revision, the sent one in history
    reply = tmp_path / "reply.eml"
    reply.write_bytes(reply_by_stdlib(copy_path.read_bytes()))
    assert run(capsys, "import", str(plan), str(reply))[0] == 0
    assert load(plan).workbook.find("thr-grace1") is not None

    # Second round: we send the merged plan; Grace edits it (and keeps her earlier change).
    ours = load(plan).workbook
    ours.vmv.vision = "Ours, second round."
    save(ours, plan)
    _, second = send(capsys, plan, "second.eml")
    copy_path.write_bytes(second)
    theirs = load(copy_path).workbook
    theirs.find("thr-grace1").text = "A new rival, from Leeds"
    save(theirs, copy_path)
    ours = load(plan).workbook
    ours.swot.strengths[0].text = "Ours, after the second send"
    save(ours, plan)
    reply.write_bytes(reply_by_stdlib(copy_path.read_bytes()))
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    sent_revision = loads(second.decode()).workbook.meta.revision
    assert status == 0 and f"1 change taken, 0 conflicts (base: revision {sent_revision})" in lines[0]
    merged = load(plan).workbook
    assert merged.find("thr-grace1").text == "A new rival, from Leeds"
    assert merged.swot.strengths[0].text == "Ours, after the second send"
    assert merged.vmv.vision == "Ours, second round."


def test_three_colleagues_reply_in_one_mbox(plan, capsys):
    _, attachment = send(capsys, plan)
    box = mailbox.mbox(plan.parent / "inbox.mbox")
    edits = [(b"weight = 4", b"weight = 1"), (b"weight = 5", b"weight = 3"), (b'status = "todo"', b'status = "doing"')]
    for number, (old, new) in enumerate(edits):
        box.add(reply_by_stdlib(hand_edit(attachment, old, new), sender=f"Colleague {number} <c{number}@example.com>"))
    box.flush()
    status, lines, _ = run(capsys, "import", str(plan), str(plan.parent / "inbox.mbox"))
    assert status == 0, lines
    assert [line.split(": from ")[1].split(",")[0] for line in lines] == [
        "Colleague 0 <c0@example.com>", "Colleague 1 <c1@example.com>", "Colleague 2 <c2@example.com>"]
    assert all("1 change taken, 0 conflicts" in line for line in lines)
    everything = attachment
    for old, new in edits:
        everything = hand_edit(everything, old, new)
    assert diff(loads(everything.decode()).workbook, load(plan).workbook) == []  # all three taken


def test_a_maildir_and_a_saved_attachment(plan, capsys, tmp_path):
    _, attachment = send(capsys, plan)
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    box.add(reply_by_stdlib(hand_edit(attachment, b"weight = 4", b"weight = 1")))
    saved = tmp_path / "plan (2).toml"
    saved.write_bytes(hand_edit(attachment, b"weight = 5", b"weight = 2").replace(b"\n", b"\r\n"))
    status, lines, _ = run(capsys, "import", str(plan), str(tmp_path / "Mail"), str(saved))
    assert status == 0, lines
    assert f"{tmp_path / 'Mail'} #1: from Grace <grace@example.com>" in lines[0]
    assert lines[1].startswith(f"{saved}: from (a file): 1 change taken")
    merged = load(plan).workbook
    assert (merged.swot.strengths[0].weight, merged.swot.strengths[1].weight) == (1, 2)


def test_an_import_with_a_message_that_is_not_there_merges_nothing(plan, capsys, tmp_path):
    """Every MESSAGE is checked before anything is merged: the reply before a mistyped name was
    merged and written, and only then was the name 'skipped'."""
    _, attachment = send(capsys, plan)
    reply = tmp_path / "reply.eml"
    reply.write_bytes(reply_by_stdlib(hand_edit(attachment, b"weight = 4", b"weight = 1")))
    before = _folder(tmp_path)
    status, lines, err = run(capsys, "import", str(plan), str(reply), str(tmp_path / "rpely.eml"))
    assert status == 2 and lines == []
    assert err == [f"{tmp_path / 'rpely.eml'}: error: cannot read: No such file or directory; nothing imported"]
    assert _folder(tmp_path) == before


def test_conflicts_are_recorded_and_exit_1(plan, capsys):
    _, attachment = send(capsys, plan)
    ours = load(plan).workbook
    ours.swot.strengths[0].weight = 5
    save(ours, plan)
    reply = plan.parent / "reply.eml"
    reply.write_bytes(reply_by_stdlib(hand_edit(attachment, b"weight = 4", b"weight = 1")))
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 1 and "0 changes taken, 1 conflict" in lines[0]
    from tui.store.merge import read_conflicts

    assert [c.field for c in read_conflicts(load(plan).workbook)] == ["weight"]


# -- import: what is refused -----------------------------------------------------------------------

def test_no_base_lists_the_differences_and_changes_nothing(plan, capsys):
    _, attachment = send(capsys, plan)
    shutil.rmtree(history_folder(plan))
    before = plan.read_bytes()
    reply = plan.parent / "reply.eml"
    reply.write_bytes(reply_by_stdlib(hand_edit(attachment, b"weight = 4", b"weight = 1")))
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 1
    assert "no common base" in lines[0] and "nothing merged" in lines[0] and "Compare" in lines[0]
    assert any("weight" in line for line in lines[1:])
    assert plan.read_bytes() == before
    # Nothing was recorded, so nothing sends the reader to settle conflicts that are not there.
    assert not any("Resolve merge conflicts" in line for line in lines), lines


def test_other_plans_and_hostile_messages_are_skipped_with_a_line_each(plan, capsys, tmp_path, monkeypatch):
    _, attachment = send(capsys, plan)
    other = attachment.replace(load(plan).workbook.meta.lineage.encode(), b"lin-other123")
    no_lineage = b"".join(line for line in attachment.splitlines(keepends=True) if not line.startswith(b"lineage"))
    nested = EmailMessage()
    nested["From"], nested["Subject"] = "Ann <ann@example.com>", "Fwd"
    nested.set_content("forwarded")
    nested.add_attachment(email.message_from_bytes(reply_by_stdlib(attachment), policy=email.policy.default))
    zipped = EmailMessage()
    zipped["From"] = "Zed <zed@example.com>"
    zipped.set_content("zipped")
    zipped.add_attachment(b"PK\x03\x04", maintype="application", subtype="zip", filename="plan.zip")
    broken = reply_by_hand(attachment, "base64").replace(b"\r\n--XYZ--", b"@@@!!\r\n--XYZ--")
    files = {
        "other.eml": reply_by_stdlib(other),
        "bare.eml": reply_by_stdlib(no_lineage),
        "nested.eml": nested.as_bytes(),
        "zip.eml": zipped.as_bytes(),
        "broken.eml": broken,
        "plain.eml": b"From: a@example.com\nSubject: hi\n\nno attachment\n",
        "junk.eml": b"\x00\x01\x02 not a message",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = plan.read_bytes()
    status, lines, err = run(capsys, "import", str(plan), *(str(tmp_path / name) for name in files))
    assert status == 2 and "nothing to import" in err[0]
    assert plan.read_bytes() == before
    said = dict(zip(files, lines))
    assert "skipped" in said["other.eml"] and "another plan (lineage lin-other123" in said["other.eml"]
    assert "another plan (it has no lineage" in said["bare.eml"]
    assert "inside a forwarded message" in said["nested.eml"]
    assert "a zip archive is not opened" in said["zip.eml"]
    assert "malformed encoding" in said["broken.eml"] or "not a valid workbook" in said["broken.eml"]
    assert "no workbook attached" in said["plain.eml"]
    assert "skipped" in said["junk.eml"]
    assert len(lines) == len(files)
    monkeypatch.setattr(mail, "MAX_BYTES", 100)
    (tmp_path / "big.eml").write_bytes(reply_by_stdlib(attachment))
    status, lines, _ = run(capsys, "import", str(plan), str(tmp_path / "big.eml"))
    assert status == 2 and "over the size limit" in lines[0]


# -- merge without a base --------------------------------------------------------------------------

def test_merge_finds_the_base_in_the_history_folder(plan, capsys, tmp_path):
    _, attachment = send(capsys, plan)
    theirs = tmp_path / "theirs.toml"
    theirs.write_bytes(hand_edit(attachment, b"weight = 4", b"weight = 1"))
    ours = load(plan).workbook
    ours.vmv.vision = "Ours"
    save(ours, plan)
    status, lines, _ = run(capsys, "merge", str(plan), str(theirs))
    assert status == 0 and lines[0].endswith("(from the history folder)") and lines[-1] == f"{plan}: merged cleanly"
    merged = load(plan).workbook
    assert (merged.vmv.vision, merged.swot.strengths[0].weight) == ("Ours", 1)
    shutil.rmtree(history_folder(plan))
    before = plan.read_bytes()
    status, _, err = run(capsys, "merge", str(plan), str(theirs))
    assert status == 2 and "no common base" in err[0] and plan.read_bytes() == before


# -- the property -----------------------------------------------------------------------------------

@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_import_never_loses_a_one_sided_change(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "plan.toml"
    base = load(SAMPLES / "harbour-food-bank.toml").workbook
    save(base, path)  # ours as sent
    theirs = data.draw(edited(base, "t"))
    theirs.meta = copy.deepcopy(base.meta)  # a hand edit: the sent revision, stale now
    encoding = data.draw(st.sampled_from(["base64", "quoted-printable"]))
    [attachment] = mail.parse_message("reply", reply_by_hand(dumps(theirs), encoding)).attachments
    outcome = import_copy(path, load(path).workbook, attachment)
    if not diff(base, theirs):
        return
    assert outcome.status == MERGED and outcome.conflicts == []
    assert diff(theirs, outcome.workbook) == []  # every change of theirs taken, nothing else
    remember(path, outcome)


def test_a_copy_merged_without_base_is_not_imported_again(plan, capsys, tmp_path):
    _, attachment = send(capsys, plan)
    theirs = tmp_path / "theirs.toml"
    theirs.write_bytes(hand_edit(attachment, b"weight = 4", b"weight = 1"))
    assert run(capsys, "merge", str(plan), str(theirs))[0] == 0
    before = plan.read_bytes()
    status, lines, _ = run(capsys, "import", str(plan), str(theirs))
    assert status == 0 and "already imported" in lines[0] and plan.read_bytes() == before


def test_a_huge_message_is_refused_unread(plan, capsys, tmp_path, monkeypatch):
    _, attachment = send(capsys, plan)
    monkeypatch.setattr(mail, "MESSAGE_LIMIT", 1000)
    (tmp_path / "huge.eml").write_bytes(reply_by_stdlib(attachment))
    before = plan.read_bytes()
    status, lines, _ = run(capsys, "import", str(plan), str(tmp_path / "huge.eml"))
    assert status == 2 and "over the limit" in lines[0] and plan.read_bytes() == before


# -- a history folder that is not what Stratbook left there ------------------------------------------

def test_a_snapshot_whose_content_is_not_its_revision_is_no_base(plan, capsys):
    """A snapshot is trusted as the base only if its content is the revision it is named after:
    a wrong one would make their edits look like the base, and so drop them unseen."""
    _, attachment = send(capsys, plan)
    sent = load(plan).workbook.meta.revision
    theirs = hand_edit(attachment, b"weight = 4", b"weight = 2")
    snapshot = history_folder(plan) / f"{sent}.toml.gz"
    snapshot.write_bytes(gzip.compress(theirs))  # their copy under the sent revision's name
    reply = plan.parent / "reply.eml"
    reply.write_bytes(reply_by_hand(theirs, "base64"))
    before = plan.read_bytes()
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 1 and "no common base" in lines[0], lines
    assert plan.read_bytes() == before
    # Once the true snapshot is back, the same reply merges: it was not taken as imported.
    snapshot.write_bytes(gzip.compress(attachment))
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0 and "1 change taken" in lines[0], lines
    assert load(plan).workbook.swot.strengths[0].weight == 2


def test_links_in_the_history_folder_are_never_written_through(plan, capsys, tmp_path):
    """Whoever may write the folder (a team's shared one) must not make a save write elsewhere."""
    send(capsys, plan)
    folder = history_folder(plan)
    outside = tmp_path / "outside"
    outside.mkdir()
    victims = {name: outside / name for name in ("index", "snapshot")}
    for victim in victims.values():
        victim.write_text("mine\n")
        victim.chmod(0o600)
    (folder / "index.json").unlink()
    (folder / "index.json").symlink_to(victims["index"])
    workbook = load(plan).workbook
    workbook.vmv.mission = "Changed."
    revision = stamped(workbook).revision
    (folder / f"{revision}.toml.gz").symlink_to(victims["snapshot"])
    save(workbook, plan)
    status, lines, _ = run(capsys, "send", str(plan), "--to", "grace@example.com", "-o", str(tmp_path / "again.eml"))
    assert status == 0, lines
    for victim in victims.values():
        assert victim.read_text() == "mine\n" and stat.S_IMODE(victim.stat().st_mode) == 0o600
    for name in ("index.json", f"{revision}.toml.gz"):
        assert not (folder / name).is_symlink() and (folder / name).is_file()
    assert revision in read_index(folder)["sent"]
    assert gzip.decompress((folder / f"{revision}.toml.gz").read_bytes()) == plan.read_bytes()


def test_a_fifo_in_the_history_folder_never_hangs_an_import(plan, capsys):
    _, attachment = send(capsys, plan)
    sent = load(plan).workbook.meta.revision
    folder = history_folder(plan)
    for name in (f"{sent}.toml.gz", "index.json"):
        (folder / name).unlink()
        os.mkfifo(folder / name)
    reply = plan.parent / "reply.eml"
    reply.write_bytes(reply_by_hand(hand_edit(attachment, b"weight = 4", b"weight = 2"), "base64"))
    outcome: list[int] = []
    worker = threading.Thread(target=lambda: outcome.append(main(["import", str(plan), str(reply)])), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert outcome == [1], "the import hung on a FIFO in the history folder"
    assert "no common base" in capsys.readouterr().out


# -- a reply that undoes a change: its content is an older revision's -----------------------------

def _round_two(capsys, plan) -> tuple[bytes, bytes]:
    """Send, change one field, send again: the two attachments (the second differs by that field)."""
    _, first = send(capsys, plan)
    plan.write_bytes(hand_edit(plan.read_bytes(), b"weight = 4", b"weight = 1"))
    _, second = send(capsys, plan, "second.eml")
    assert loads(second.decode()).workbook.meta.history[0] == loads(first.decode()).workbook.meta.revision
    return first, second


@pytest.mark.parametrize("how", ["by hand", "in stratbook"])
@pytest.mark.parametrize("command", ["import", "merge"])
def test_a_reply_that_undoes_our_last_change_is_taken_not_called_already_imported(plan, capsys, tmp_path,
                                                                                  how, command):
    """Grace sets back the one field we changed between two sends: her content is then exactly our
    first send's, whose revision we have, but her copy came from the second send. Her undo is a
    change of hers, and must be taken."""
    first, second = _round_two(capsys, plan)
    copy_path = tmp_path / "grace.toml"
    copy_path.write_bytes(hand_edit(second, b"weight = 1", b"weight = 4"))  # no Stratbook: revision stale
    if how == "in stratbook":
        save(load(copy_path).workbook, copy_path)  # its revision is now the first send's, with history
        assert load(copy_path).workbook.meta.revision == loads(first.decode()).workbook.meta.revision
    status, lines, _ = run(capsys, command, str(plan), str(copy_path))
    assert status == 0, lines
    assert "already imported" not in lines[0]
    assert load(plan).workbook.swot.strengths[0].weight == 4


def test_an_unchanged_old_copy_changes_nothing_and_never_brings_back_what_we_undid(plan, capsys, tmp_path):
    first, second = _round_two(capsys, plan)
    copy_path = tmp_path / "tom.toml"
    copy_path.write_bytes(first)  # Tom sends back the first send, untouched
    before = plan.read_bytes()
    status, lines, _ = run(capsys, "import", str(plan), str(copy_path))
    assert status == 0 and "already imported" in lines[0] and plan.read_bytes() == before


@pytest.mark.parametrize("name", ["plan.toml.txt", "plan (2).TOML.txt"])
def test_an_attachment_a_mail_client_gave_a_txt_ending_is_still_the_workbook(plan, capsys, name):
    """Some clients and Windows save a text attachment with .txt added; it is still the plan."""
    _, attachment = send(capsys, plan)
    reply = plan.parent / "reply.eml"
    reply.write_bytes(reply_by_hand(hand_edit(attachment, b"weight = 4", b"weight = 2"), "base64", name))
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0 and "1 change taken" in lines[0], lines
    assert load(plan).workbook.swot.strengths[0].weight == 2


def test_every_copy_attached_to_one_message_is_merged(plan, capsys):
    """Grace collects her copy and Tom's in one reply: the message is one, the copies two."""
    _, attachment = send(capsys, plan)
    message = EmailMessage()
    message["From"], message["Subject"], message["Message-ID"] = "Grace <grace@example.com>", "Both", "<both@example.com>"
    message.set_content("Mine and Tom's.")
    for name, edit in (("plan.toml", (b"weight = 4", b"weight = 2")),
                       ("plan-tom.toml", (b'title = "Acme Robotics', b'title = "Tom: Acme Robotics'))):
        message.add_attachment(hand_edit(attachment, *edit), maintype="application", subtype="toml", filename=name)
    reply = plan.parent / "reply.eml"
    reply.write_bytes(message.as_bytes())
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0 and all("1 change taken" in line for line in lines) and len(lines) == 2, lines
    merged = load(plan).workbook
    assert merged.swot.strengths[0].weight == 2 and merged.meta.title.startswith("Tom: Acme Robotics")
    before = plan.read_bytes()
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0 and all("already imported" in line for line in lines) and plan.read_bytes() == before


def test_the_commands_suggested_for_a_file_name_with_spaces_run_as_they_read(plan, capsys, tmp_path):
    # A suggestion the user pastes into a shell must name the same files: quoted where needed.
    import shlex
    folder = tmp_path / "Board plans"
    folder.mkdir()
    spaced = folder / "plan 2027's.toml"
    shutil.copy(plan, spaced)
    status, lines, _ = run(capsys, "send", str(spaced), "--to", "grace@example.com", "-o", str(tmp_path / "out.eml"))
    assert status == 0
    suggestion = lines[-1].rpartition("): ")[2]
    assert shlex.split(suggestion) == ["stratbook", "import", str(spaced), "REPLY"]
    stranger = tmp_path / "their copy.toml"
    stranger.write_bytes(spaced.read_bytes().replace(b"lin-", b"lin-x", 1))
    status, _, err = run(capsys, "merge", str(spaced), str(stranger))
    assert status == 2
    suggestion = err[0].rpartition("See the differences with: ")[2]
    assert shlex.split(suggestion) == ["stratbook", "diff", str(spaced), str(stranger)]


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252"])
def test_an_attachment_in_the_charset_its_part_names_is_read_in_it(plan, capsys, charset):
    # Found from outside: a reply whose mail client sent the workbook as text/plain in Latin-1,
    # saying so (charset=iso-8859-1), was refused as "not valid UTF-8", and the summary then said
    # no workbook of this plan was found.
    _, attachment = send(capsys, plan)
    edited = hand_edit(attachment, b'title = "Acme Robotics: strategy 2027-2029"',
                       'title = "Acme Robotics: stratégie 2027-2029"'.encode("utf-8"))
    in_charset = edited.decode("utf-8").encode(charset)
    assert in_charset != edited  # not UTF-8 any more
    message = reply_by_hand(in_charset, "base64").replace(b"charset=utf-8; name=", f"charset={charset}; name=".encode())
    reply = plan.parent / "reply.eml"
    reply.write_bytes(message)
    status, lines, err = run(capsys, "import", str(plan), str(reply))
    assert status == 0, (lines, err)
    assert load(plan).workbook.meta.title == "Acme Robotics: stratégie 2027-2029"


@pytest.mark.parametrize("where", ["message", "maildir"])
def test_a_pipe_given_as_a_message_is_refused_not_waited_on(plan, capsys, tmp_path, where):
    # Found from outside: 'import p.toml fifo.toml' and a FIFO in a Maildir's new/ hung the
    # command for good (timeout 60: rc 124), where every other command refuses a FIFO at once.
    out, attachment = send(capsys, plan)
    if where == "message":
        given = tmp_path / "fifo.eml"
        os.mkfifo(given)
    else:
        given = tmp_path / "md"
        for sub in ("cur", "new", "tmp"):
            (given / sub).mkdir(parents=True)
        (given / "cur" / "1.eml").write_bytes(reply_by_stdlib(attachment))
        os.mkfifo(given / "new" / "2")
    outcome: list[tuple[int, list[str], list[str]]] = []
    worker = threading.Thread(target=lambda: outcome.append(run(capsys, "import", str(plan), str(given))), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():
        for fifo in [given] if where == "message" else [given / "new" / "2"]:
            with open(fifo, "wb"):
                pass  # let the stuck reader go
        raise AssertionError("import waited on a pipe")
    status, lines, err = outcome[0]
    assert any("not a regular file" in line for line in lines + err), (lines, err)
