"""A workbook by email: the message that sends it, and the replies that bring it back.

Built and read with the standard library's `email` and `mailbox` packages (they follow the
RFCs and every mail client's quirks better than anything we would write). No Textual here.

A reply is found in an .eml file, an mbox file, a Maildir folder, or is a bare workbook file
(an attachment already saved). A workbook attachment is a `.toml` part, also when a mail
client renamed it (`plan (1).toml`), in any transfer encoding (base64, quoted-printable).
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import getpass
import mailbox
import os
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from pathlib import Path

from tui.model.text import for_display
from tui.store.config import read_config, sendmail_command
from tui.store.files import MAX_BYTES
from tui.store.reading import open_regular

MESSAGE_LIMIT = 4 * MAX_BYTES
"""A message larger than this is refused unread (a workbook at the size limit, base64, fits)."""
_TOML_NAME = re.compile(r"\.toml(\.txt)?\Z", re.IGNORECASE)
"""A workbook attachment's name: `.toml`, or `.toml.txt` as some mail clients and Windows save it."""
_ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}


# -- sending --------------------------------------------------------------------------------------

def sender() -> str:
    """The From address: `$EMAIL`, else user@host; with the user's name where it is known
    (the config's `name`, else the account's full name)."""
    address = os.environ.get("EMAIL", "").strip()
    name = read_config().settings.name
    if not name:
        try:
            import pwd

            name = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        except (ImportError, KeyError):
            pass
    if address and "<" in address:
        return address  # already "Name <address>"
    if not address:
        address = f"{getpass.getuser()}@{socket.getfqdn() or 'localhost'}"
    return email.utils.formataddr((name, address)) if name else address


def build_message(workbook_name: str, data: bytes, *, to: list[str], cc: list[str], subject: str,
                  text: str, html: str, sender_address: str, lineage: str = "") -> EmailMessage:
    """A standard MIME message: the plain text (Markdown, which reads as text) with an HTML
    alternative, and the workbook attached under its own name as application/toml."""
    message = EmailMessage()
    message["From"] = sender_address
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=True)
    domain = sender_address.rpartition("@")[2].strip(">") or None
    message["Message-ID"] = email.utils.make_msgid("stratbook", domain=domain)
    message["X-Mailer"] = "Stratbook"
    if lineage:
        message["X-Stratbook-Lineage"] = lineage
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_attachment(data, maintype="application", subtype="toml", filename=workbook_name)
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The message as an .eml file or for sendmail: lines of at most 78 characters, LF endings."""
    return message.as_bytes(policy=email.policy.default.clone(linesep="\n"))


# -- reading --------------------------------------------------------------------------------------

@dataclass(slots=True)
class Attachment:
    name: str
    data: bytes


@dataclass(slots=True)
class Reply:
    """One message (or bare file) to import: who sent it, when, its workbooks and what was refused."""

    label: str
    """Where it came from, for the lines printed: the file, or the file and the message's number."""
    sender: str = ""
    date: str = ""
    message_id: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    """Why a part was not taken (a zip, a nested message, too large, malformed)."""
    error: str = ""
    """Why the whole message could not be read."""


def read_replies(path: str | os.PathLike[str]) -> Iterator[Reply]:
    """Every message at `path` (an .eml file, an mbox file, a Maildir folder, a bare workbook)."""
    name = os.fspath(path)
    place = Path(path)
    if place.is_dir():
        if not all((place / sub).is_dir() for sub in ("cur", "new", "tmp")):
            yield Reply(name, error="a folder that is not a Maildir (no cur, new and tmp inside)")
            return
        box = mailbox.Maildir(place, factory=None, create=False)
        yield from _from_box(name, box)
        return
    try:
        with open_regular(place) as handle:  # a pipe given by mistake would be waited on for good
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(5)
    except OSError as exc:
        yield Reply(name, error=f"cannot read: {exc.strerror or exc}")
        return
    if head.startswith(b"From "):
        yield from _from_box(name, mailbox.mbox(place, factory=None, create=False))
        return
    if size > MESSAGE_LIMIT:
        yield Reply(name, error=f"is {size:,} bytes, over the limit of {MESSAGE_LIMIT:,} for a message")
        return
    data = place.read_bytes()
    if _looks_like_workbook(data):
        yield Reply(name, sender="(a file)", attachments=[Attachment(place.name, data)])
        return
    yield parse_message(name, data)


_HEADER_LINE = re.compile(rb"[!-9;-~]+:")


def _looks_like_workbook(data: bytes) -> bool:
    """A bare TOML file rather than a message: a message starts with a header line (`Name: value`,
    no blank before the colon), which is never TOML."""
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    return _HEADER_LINE.match(first) is None


def _from_box(name: str, box: mailbox.Mailbox) -> Iterator[Reply]:
    try:
        keys = list(box.keys())
    except (OSError, mailbox.Error) as exc:
        yield Reply(name, error=f"cannot read the mailbox: {exc}")
        return
    for number, key in enumerate(keys, 1):
        label = f"{name} #{number}"
        try:
            if isinstance(box, mailbox.Maildir):  # a pipe among its messages would be waited on
                with open_regular(os.path.join(box._path, box._lookup(key))):
                    pass
            data = box.get_bytes(key)
        except (OSError, KeyError, mailbox.Error) as exc:
            yield Reply(label, error=f"cannot read: {exc}")
            continue
        if len(data) > MESSAGE_LIMIT:
            yield Reply(label, error=f"is {len(data):,} bytes, over the limit of {MESSAGE_LIMIT:,} for a message")
            continue
        yield parse_message(label, data)


def parse_message(label: str, data: bytes) -> Reply:
    """The workbook attachments of one message, and a line for each part refused."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        reply = Reply(label, _header(message, "From"), _header(message, "Date"), _header(message, "Message-ID"))
        if not message.keys():
            reply.error = "not an email message (no headers)"
            return reply
        _collect(message, reply, nested=False)
    except Exception as exc:  # noqa: BLE001 - the email package raises many kinds on broken input
        return Reply(label, error=f"malformed message ({type(exc).__name__}: {exc})")
    return reply


def _header(message: Message, name: str) -> str:
    try:
        return str(message.get(name, "") or "").strip()
    except Exception:  # noqa: BLE001 - a malformed header: shown as missing
        return ""


def _collect(message: Message, reply: Reply, nested: bool) -> None:
    for part in message.iter_parts() if message.is_multipart() else [message]:
        kind = part.get_content_type()
        filename = part.get_filename() or ""
        if kind == "message/rfc822" or (part.is_multipart() and part is not message and kind.startswith("message/")):
            if _has_workbook(part):
                reply.refusals.append(f"{filename or 'a forwarded message'}: a workbook inside a forwarded message "
                                      "is not imported (save that attachment, then import the file)")
            continue
        if part.is_multipart():
            _collect(part, reply, nested)
            continue
        if kind in _ZIP_TYPES or filename.lower().endswith(".zip"):
            reply.refusals.append(f"{filename or 'an attachment'}: a zip archive is not opened (unzip it, then "
                                  "import the .toml file)")
            continue
        if not (_TOML_NAME.search(filename) or kind == "application/toml"):
            continue
        payload = part.get_payload(decode=True)
        broken = [d for d in part.defects if "Base64" in type(d).__name__]
        if payload is None or broken:
            reply.refusals.append(f"{filename or 'a .toml attachment'}: malformed encoding "
                                  f"({type(broken[0]).__name__ if broken else 'no content'}); not imported")
            continue
        if len(payload) > MAX_BYTES:
            reply.refusals.append(f"{filename}: {len(payload):,} bytes, over the size limit of {MAX_BYTES:,}; "
                                  "not imported")
            continue
        payload = _as_utf8(payload, part.get_content_charset())
        reply.attachments.append(Attachment(filename or "attachment.toml", payload))


def _as_utf8(payload: bytes, charset: str | None) -> bytes:
    """The attachment's bytes in UTF-8, as a workbook is: a mail client that sent it as text in
    another charset (Latin-1, Windows-1252) says which, and it is read in that. Bytes that are
    UTF-8 already are kept as they are, whatever the label says (a label is often wrong)."""
    if not charset or charset.lower() in ("utf-8", "utf8", "us-ascii", "ascii"):
        return payload
    try:
        payload.decode("utf-8")
        return payload
    except UnicodeDecodeError:
        pass
    try:
        return payload.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):  # an unknown charset, or not in it: read as it is (and refused)
        return payload


def _has_workbook(message: Message) -> bool:
    return any(_TOML_NAME.search(part.get_filename() or "") or part.get_content_type() == "application/toml"
               for part in message.walk())


# -- composing and delivering -------------------------------------------------------------------



class SendError(Exception):
    """The message could not be written or handed over; nothing was sent."""


def address_list(text: str) -> list[str]:
    """The addresses typed in one box, as people write them: separated by commas or spaces, each
    bare ('grace@example.com') or with a name ('Grace Hopper <grace@example.com>', '"Hopper,
    Grace" <grace@example.com>'). A name runs up to the <address> after it; a word that is
    neither (a name cut off by a comma) is given as it is, for `email_address` to name it.

    The standard library's address-list parser needs commas between addresses, and box users
    separate bare addresses by spaces too, so the words are found here and each is checked by
    that parser (`email_address`)."""
    words: list[str] = []  # (a word in quotes or <brackets> keeps its spaces and commas)
    ends: list[bool] = []  # whether a comma ended the word
    word, closing, escaped = "", "", False
    for character in text:
        if closing:
            word += character
            if escaped:  # in quotes, a backslash makes the next character (a quote, a backslash) text
                escaped = False
            elif character == "\\" and closing == '"':
                escaped = True
            elif character == closing:
                closing = ""
        elif character in ", \t" or (character == "<" and word):
            if word:
                words.append(word)
                ends.append(character == ",")
            elif character == "," and ends:
                ends[-1] = True
            word = "<" if character == "<" else ""
            closing = ">" if character == "<" else ""
        else:
            word += character
            closing = {'"': '"', "<": ">"}.get(character, "")
    if word:
        words.append(word)
        ends.append(True)
    addresses: list[str] = []
    name: list[str] = []
    for word, comma in zip(words, ends, strict=True):
        if word.startswith("<"):
            addresses.append(" ".join([*name, word]))
            name = []
            continue
        if "@" in word and not word.startswith('"'):
            addresses.extend(name)  # words before a bare address are not its name
            name = []
            addresses.append(word)
            continue
        name.append(word)
        if comma:
            addresses.extend(name)
            name = []
    return addresses + name


def email_address(text: str) -> str:
    """`text` as one address for a header ('grace@example.com', 'Grace <grace@example.com>'), read
    by the standard library's address parser (RFC 5322); raises SendError for anything else:
    'not an address', two addresses, a line break, an address without a domain."""
    try:
        return _header_address(text)
    except ValueError as exc:
        raise SendError(f"{exc}; nothing sent") from None


def addresses_problem(text: str, required: bool = False) -> str | None:
    """What is wrong with the addresses typed in one box (`address_list`), in words, or None: for
    the Send dialog to say before it closes, with what was typed still there."""
    words = address_list(text)
    if required and not words:
        return "give at least one address"
    for word in words:
        try:
            _header_address(word)
        except ValueError as exc:
            return str(exc)
    return None


def _header_address(text: str) -> str:
    """`email_address`, raising ValueError (the reason) instead."""
    import email.headerregistry  # noqa: F401 - the parser behind header_factory

    problem = f"not an email address: {for_display(text)}"
    if not text.isprintable() or not text.strip():  # a header cannot hold a line break
        raise ValueError(problem)
    try:
        header = email.policy.default.header_factory("To", text)
        addresses = header.addresses
    except (ValueError, IndexError, TypeError, RecursionError):  # the parser's own failures ('a@', '((((...')
        raise ValueError(problem) from None
    if header.defects or len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        raise ValueError(problem)
    address = addresses[0]
    if not address.domain.isascii():
        # The header writer would put an encoded word inside the address, which no mail server
        # reads as a domain: the domain goes as IDNA (xn--), as mail programs send it.
        try:
            domain = address.domain.encode("idna").decode("ascii")
        except UnicodeError:  # a label too long, or not a valid name
            raise ValueError(problem) from None
        address = email.headerregistry.Address(address.display_name, address.username, domain)
    return str(address)


def _once(addresses: list[str], given: set[str]) -> list[str]:
    """`addresses` without those given before (in `given`, which grows): one copy to each."""
    kept = []
    for address in addresses:
        spec = email.utils.parseaddr(address)[1].lower()  # (the address alone, without the name)
        if spec not in given:
            given.add(spec)
            kept.append(address)
    return kept


def message_for(path: str | os.PathLike[str], data: bytes, workbook, *, to: list[str], cc: list[str] = (),
                subject: str = "", note: str = "") -> bytes:
    """The message that sends `data`, the workbook at `path` as it will be on disk; raises
    SendError for an address that is not one (each checked before anything is written)."""
    from tui.store.export import export

    to, cc = [email_address(address) for address in to], [email_address(address) for address in cc]
    given: set[str] = set()
    to, cc = _once(to, given), _once(cc, given)
    if not to:
        raise SendError("no address to send to (To is empty); nothing sent")
    from_address = sender()
    if not from_address.isprintable():  # $EMAIL, set by anyone: a header cannot hold a line break
        raise SendError(f"$EMAIL is not an email address: {for_display(from_address)}; nothing sent")
    # A file name is bytes and a title came by email: either may hold anything, a line break
    # included, which a header cannot. The message carries them made visible, on one line.
    name = for_display(Path(path).name)
    subject = for_display(subject or f"{workbook.meta.title or Path(path).stem}: the plan, for your edits")
    text, html = export(workbook, "markdown"), export(workbook, "html")
    if note.strip():
        text = note.rstrip() + "\n\n" + text
        html = _with_note(html, note)
    message = build_message(name, data, to=to, cc=cc, subject=subject, text=text, html=html,
                            sender_address=from_address, lineage=workbook.meta.lineage)
    return message_bytes(message)


def deliver(raw: bytes, path: str | os.PathLike[str], *, recipients: list[str],
            output: str | os.PathLike[str] | None = None, sendmail: bool = False) -> str:
    """Write the message `raw` to `output` atomically (as private as the workbook at `path`), or
    hand it to sendmail. Returns where it went, in words; raises SendError (nothing sent)."""
    import shlex
    import subprocess

    from tui.store.atomic import write_atomic

    if sendmail:
        command = shlex.split(sendmail_command())
        try:
            done = subprocess.run(command, input=raw, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
            raise SendError(f"cannot run {shlex.join(command)}: {exc}; nothing sent") from None
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise SendError(f"{shlex.join(command)} failed: {detail[0]}; nothing sent")
        return f"handed to {shlex.join(command)} for {', '.join(recipients)}"
    try:
        write_atomic(output, raw, like=path)
    except OSError as exc:
        raise SendError(f"{output}: cannot write: {exc.strerror or exc}") from None
    return f"{output}: written; send it with your mail client"


def record_sending(path: str | os.PathLike[str], data: bytes, where: str) -> str:
    """Record that the revision in `data` was sent (its replies merge against it); `where` in words."""
    from datetime import datetime, timezone

    from tui.store.lineage import record_sent, written_revision

    revision = written_revision(data) or ""
    trouble = record_sent(path, revision, datetime.now(timezone.utc))
    said = f"{where} (revision {revision}; replies merge against it)"
    return f"{said}. {trouble}" if trouble else said


def send_workbook(path: str | os.PathLike[str], data: bytes, workbook, *, to: list[str], cc: list[str] = (),
                  subject: str = "", note: str = "", output: str | os.PathLike[str] | None = None,
                  sendmail: bool = False) -> str:
    """Email `data`, the workbook at `path` as written (with its true revision): write the
    message to `output` atomically, or hand it to sendmail. Records the revision as sent.
    Returns where it went, in words; raises SendError."""
    raw = message_for(path, data, workbook, to=to, cc=cc, subject=subject, note=note)
    where = deliver(raw, path, recipients=[*to, *cc], output=output, sendmail=sendmail)
    return record_sending(path, data, where)


def _with_note(html: str, note: str) -> str:
    """The HTML export with the sender's note first, as text (escaped), never as markup."""
    import html as html_text

    paragraphs = "".join(f"<p>{html_text.escape(part)}</p>\n" for part in note.strip().split("\n\n"))
    found = re.search(r"<body[^>]*>\n?", html)
    return html[:found.end()] + paragraphs + html[found.end():] if found else paragraphs + html
