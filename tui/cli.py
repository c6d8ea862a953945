"""The `stratbook` command line: open the app, or work on files without it.

Thin by design: it parses arguments and calls the model and the store.
Subcommands other than opening the app (and `config`, which reads the app's keys and themes)
never import Textual, so they start fast; and each imports what only it needs (writing,
comparing, exporting) inside its own function, so that `check` and the exports, which write
no workbook, do not pay for the rest.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date

from tui import __version__
from tui.model.text import counted, for_display
from tui.store import Loaded, Problem, WorkbookError, load, new_workbook
from tui.store.files import check_size, create_workbook, give_lineage, write_workbook
from tui.store.gc_pause import paused_gc

EXIT_OK = 0
EXIT_WARNINGS = 1  # check --strict with warnings; fmt --check with files to change
EXIT_INVALID = 2
EXIT_PIPE_CLOSED = 141  # what a shell reports for a tool ended by SIGPIPE (`stratbook diff a b | head -1`)


class _OutputClosed(Exception):
    """The reader of our output went away (a closed pipe): stop quietly, as Unix tools do."""


class _OutputFailed(Exception):
    """Our output cannot be written (a full disk, an I/O error): an ordinary error, not a bug."""

    def __init__(self, stream, error: OSError) -> None:
        name = {sys.stdout: "standard output", sys.stderr: "standard error"}.get(stream, "the output")
        super().__init__(f"cannot write to {name}: {error.strerror or error}")


def _emit(text: str, stream, flush: bool = False) -> None:
    """Every byte the command line writes to a stream goes through here."""
    try:
        if len(text) > _WHOLE_WRITE and hasattr(stream, "buffer"):
            _write_all(text, stream)
        else:
            stream.write(text)
        if flush:
            stream.flush()
    except BrokenPipeError as exc:
        raise _OutputClosed from exc
    except OSError as exc:
        raise _OutputFailed(stream, exc) from exc


_WHOLE_WRITE = 2048
"""Text longer than this goes out through `_write_all`. Shorter text fits in the stream's buffer
(8 KiB) even as UTF-8, and a buffer is flushed by a loop that writes all of it or raises."""


def _write_all(text: str, stream) -> None:
    """Write `text` to a real file's binary buffer until all of it is written. The text layer
    passes a long text to the buffer in one write, and a buffered writer's one write of more
    than its buffer may write part (a pipe whose reader left takes 64 KiB, then SIGPIPE, which
    Python ignores) and return the count, which the text layer drops: `export big.toml | head -c
    10` ended with exit 0, the rest of the export lost. Written again, the rest raises."""
    stream.flush()
    data = memoryview(text.encode(stream.encoding, stream.errors or "strict"))
    while data:
        written = stream.buffer.write(data)
        data = data[written if written is not None else len(data):]


def _command_line(*words: str) -> str:
    """A command to suggest: quoted so that pasted into a shell it names the same files."""
    import shlex

    return shlex.join(words)


_VALUE_WITH_A_DASH = re.compile(r"^-\.?\d")
"""A relative date (`-7d`) or a number (`-1e3`, `-.5`): never one of our options."""


def _say(line: str, stream=None) -> None:
    """Print one line; file names and messages may hold anything, so controls are made visible."""
    _emit(for_display(line) + "\n", stream or sys.stdout)


def _say_lines(text: str, indent: str = "") -> None:
    """Print a text of lines, each as `_say` does. Split at line feeds only: `splitlines` also
    splits at CR, U+2028, U+0085 and others, which a workbook's text may hold; printed as breaks
    they would forge lines (a fake "Goals" heading in a comment). `_say` shows them as symbols."""
    for line in text.removesuffix("\n").split("\n"):
        _say(indent + line)


class _Parser(argparse.ArgumentParser):
    """argparse, but its usage, help and errors (which quote what was typed) are made safe to show,
    and a word that starts with '-' and a digit is a value, not an option."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # argparse takes a word for a value rather than an option only when it looks like a
        # negative number by this pattern, by default only '-5' or '-0.5': `--date -7d`, `--as-of
        # -2w` and a VALUE of '-1e3' were refused ("expected one argument"). No option of ours
        # starts with a digit, so any word starting '-7' or '-.5' is a value: argparse still does
        # all the parsing (`--date=-7d`, abbreviations, errors). Each subcommand's parser is one
        # of these (add_parser makes the parent's class). tests/unit/test_cli_checkins.py tries
        # every argument that takes a date or a number, so a renamed attribute would be noticed.
        self._negative_number_matcher = _VALUE_WITH_A_DASH

    def _print_message(self, message: str, file=None) -> None:
        if message:
            _emit(for_display(message, multiline=True), file or sys.stderr)

    # argparse makes a help formatter for every argument added, only to try its metavar, and a
    # formatter asks shutil for the terminal's width: importing shutil (and bz2, lzma) cost more
    # than `check` spends on its arguments. Building the parser needs no width; showing help does.
    _building = False

    def add_argument(self, *args, **kwargs):
        return self._built(super().add_argument, *args, **kwargs)

    def add_subparsers(self, **kwargs):  # (its formatter words the subcommands' prog: "stratbook")
        return self._built(super().add_subparsers, **kwargs)

    def _built(self, build, *args, **kwargs):
        self._building = True
        try:
            return build(*args, **kwargs)
        finally:
            self._building = False

    def _get_formatter(self):
        if self._building:
            return self.formatter_class(prog=self.prog, width=80)
        return super()._get_formatter()


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        _say(problem.format(), sys.stderr if problem.is_error else sys.stdout)


def quality_warnings(loaded: Loaded, name: str, today: date | None = None) -> list[Problem]:
    """The goal quality checks, as warnings placed on the goal's lines."""
    from tui.model.checks import check_workbook

    findings = check_workbook(loaded.workbook, today or date.today())
    problems = [
        Problem("warning", f"{finding.message} [{finding.check.id}]; {finding.check.hint}",
                f"goals[{index}].{finding.path}" if finding.path else f"goals[{index}]", file=name)
        for index, finding in findings
    ]
    return loaded.locate(problems)


@paused_gc()  # loading builds some 100,000 objects and no cycles: the collector's passes only cost
def _one_writer(workbook_of: Callable[[argparse.Namespace], str]):
    """For a command that reads a workbook, changes it and writes it back: another such command
    on the same workbook (a second `checkin` from cron, an `import`) waits until this one has
    written, then reads what it wrote (see `atomic.one_writer`)."""
    def wrap(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        def run(args: argparse.Namespace) -> int:
            from tui.store.atomic import one_writer

            with one_writer(workbook_of(args)):
                return handler(args)
        return run
    return wrap


def cmd_check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.files:
        try:
            loaded = load(name, comments=False)  # only read: not the pass that finds comments
        except WorkbookError as exc:
            _report(exc.problems)
            status = EXIT_INVALID
            continue
        warnings = loaded.warnings + quality_warnings(loaded, name)
        _report(warnings)
        if warnings and args.strict:
            status = max(status, EXIT_WARNINGS)
    return status


def cmd_fmt(args: argparse.Namespace) -> int:
    from tui.store.atomic import one_writer

    status = EXIT_OK
    for name in args.files:
        with one_writer(name):
            status = max(status, _fmt_one(name, args.check))
    return status


def _fmt_one(name: str, check_only: bool) -> int:
    import hashlib

    from tui.store.writer import canonical_bytes, stamped

    try:
        loaded = load(name)
        if loaded.read_only:
            raise WorkbookError.single("written by a newer Stratbook: not rewritten", name)
        # A file in canonical form is read and checked once, by load: the same bytes again
        # need no second check. Only bytes to be written are checked (by parsing them back).
        give_lineage(loaded.workbook)
        if hashlib.sha256(canonical_bytes(loaded.workbook)).hexdigest() == loaded.digest:
            return EXIT_OK  # the bytes load read: no second read to race
        data = stamped(loaded.workbook).data
    except WorkbookError as exc:
        _report(exc.problems)
        return EXIT_INVALID
    if check_only:
        _say(f"{name}: would be reformatted")
        return EXIT_WARNINGS
    if not _write_workbook(name, data):
        return EXIT_INVALID
    _say(f"{name}: reformatted")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from tui.store.writer import stamped

    workbook = new_workbook(args.title or "", args.organisation or "")
    try:
        note = create_workbook(args.file, stamped(workbook).data)
    except FileExistsError:
        _say(f"{args.file}: error: already exists; not overwritten", sys.stderr)
        return EXIT_INVALID
    except WorkbookError as exc:
        _report([p.located(args.file, None) for p in exc.problems])
        return EXIT_INVALID
    except OSError as exc:
        _say(f"{args.file}: error: cannot write: {exc.strerror or exc}", sys.stderr)
        return EXIT_INVALID
    if note is not None:
        _say(f"{args.file}: warning: {note}", sys.stderr)
    _say(f"{args.file}: new workbook written; open it with: stratbook {args.file}")
    return EXIT_OK


def _load_all(names: Sequence[str], comments: bool = True, shown: Sequence[str] | None = None) -> list[Loaded] | None:
    """Each file loaded, or None after reporting every problem of every file that fails.
    `comments`: False when the files are only read (an export), not written or compared.
    `shown`: what to call each file in its problems (a merge's sides), if not its name."""
    import dataclasses

    loaded: list[Loaded] = []
    failed = False
    for index, name in enumerate(names):
        try:
            loaded.append(load(name, comments=comments))
        except WorkbookError as exc:
            _report([dataclasses.replace(p, file=shown[index]) for p in exc.problems] if shown else exc.problems)
            failed = True
    return None if failed else loaded


def _write_output(name: str, data: bytes, like: str) -> bool:
    """Write an output made from the workbook `like` (no more open than it is)."""
    from tui.store.atomic import write_atomic

    try:
        write_atomic(name, data, like=like)
    except OSError as exc:
        _say(f"{name}: error: cannot write: {exc.strerror or exc}", sys.stderr)
        return False
    return True


def _write_workbook(name: str, data: bytes, like: str | None = None) -> bool:
    """Replace a workbook file, saying first what the replacement changes (owner, hard links)."""
    from tui.store.atomic import may_write, replace_notes

    try:
        check_size(data, name)
        if may_write(name) is None:
            for note in replace_notes(name):
                _say(f"{name}: note: {note}", sys.stderr)
        note = write_workbook(name, data, like=like)
    except WorkbookError as exc:
        _report(exc.problems)
        return False
    if note is not None:
        _say(f"{name}: warning: {note}", sys.stderr)
    return True


def _refuse_to_replace(args: argparse.Namespace, kind: str, inputs, workbook=None) -> bool:
    """True (after saying why) when -o names a file this output must not replace without --force."""
    from tui.store.outputs import replace_concern

    concern = replace_concern(args.output, kind, protected=inputs, workbook=workbook)
    if concern is None or args.force:
        return False
    _say(f"{args.output}: error: {concern}; not replaced (--force replaces it)", sys.stderr)
    return True


@paused_gc()
def cmd_export(args: argparse.Namespace) -> int:
    found = _load_all([args.file], comments=False)
    if found is None:
        return EXIT_INVALID
    if args.format == "json":  # without the Markdown and HTML exports' helpers and pictures
        from tui.store.export_json import to_json

        text = to_json(found[0].workbook)
    else:
        from tui.store.export import export

        text = export(found[0].workbook, args.format)
    if args.output is None:
        _emit(text, sys.stdout)
        return EXIT_OK
    if _refuse_to_replace(args, args.format, [(args.file, "the workbook being exported")]):
        return EXIT_INVALID
    if not _write_output(args.output, text.encode("utf-8"), like=args.file):
        return EXIT_INVALID
    _say(f"{args.output}: written ({args.format})", sys.stderr)
    return EXIT_OK


@paused_gc()  # loading and comparing whole workbooks: the collector's passes cost 20-45%
def cmd_diff(args: argparse.Namespace) -> int:
    from tui.store.diff import diff, format_json, format_text

    found = _load_all([args.old, args.new])
    if found is None:
        return EXIT_INVALID
    old, new = found[0].workbook, found[1].workbook
    changes = diff(old, new)
    if args.format == "json":
        _emit(format_json(changes, args.old, args.new), sys.stdout)
    else:
        _say_lines(format_text(changes, old, new, args.old, args.new))
    return EXIT_WARNINGS if changes else EXIT_OK


@paused_gc()
@_one_writer(lambda args: args.output or args.ours)
def cmd_merge(args: argparse.Namespace) -> int:
    from tui.store.diff import item_labels
    from tui.store.lineage import find_base, merge_copies, other_plan, written_revision
    from tui.store.merge import MergeError
    from tui.store.writer import canonical_bytes, stamped

    base_name, ours_name, theirs_name = args.base, args.ours, args.theirs
    # Each side is named in its problems, as the workbook it is a copy of: as a git merge driver
    # the three are git's temporary files (.merge_file_qVXDWy), and --name %P gives the real path.
    sides = [(name, f"{args.name or name} ({side})") for name, side in
             ((base_name, "base"), (ours_name, "ours"), (theirs_name, "theirs")) if name is not None]
    found = _load_all([name for name, _ in sides], shown=[shown for _, shown in sides])
    if found is None:
        return EXIT_INVALID
    *given, ours, theirs = found
    # Without BASE, their content's own revision goes into the history too, so that importing
    # the same copy again later finds nothing new (`canonical_bytes`: theirs was just checked).
    try:
        theirs_revision = "" if given else written_revision(canonical_bytes(theirs.workbook)) or ""
    except WorkbookError as exc:
        _report([p.located(sides[-1][1], None) for p in exc.problems])
        return EXIT_INVALID
    if given:
        # Copies of one plan share its lineage: another plan as THEIRS (or BASE) replaced ours with
        # it and said "merged cleanly" (found from outside). A copy without one is taken only when
        # BASE has none either (both written before lineage, as a git history's first commits): a
        # THEIRS that lost the lineage BASE has is another plan as far as anyone can tell.
        older = not given[0].workbook.meta.lineage
        for shown, other in ((sides[0][1], given[0]), (sides[-1][1], theirs)):
            if ours.workbook.meta.lineage and (other.workbook.meta.lineage or not older) \
                    and (why := other_plan(ours.workbook, other.workbook)):
                _say(f"stratbook merge: error: {shown}: {why}; nothing written", sys.stderr)
                return EXIT_INVALID
        base = given[0].workbook
    else:
        refusal = other_plan(ours.workbook, theirs.workbook)
        located = None if refusal else find_base(ours_name, theirs.workbook, theirs_revision)
        if refusal or located is None:
            why = refusal or "no common base: none of its revisions is in the history folder beside " + ours_name
            _say(f"stratbook merge: error: {theirs_name}: {why}; nothing written. See the differences with: "
                 + _command_line("stratbook", "diff", ours_name, theirs_name), sys.stderr)
            return EXIT_INVALID
        base = located.workbook
        base_name = f"revision {located.revision}"
        _say(f"{theirs_name}: merging against {base_name} (from the history folder)")
    target = args.output or ours_name
    try:
        result = merge_copies(base, ours.workbook, theirs.workbook, theirs_revision)
        give_lineage(result.workbook)
        data = stamped(result.workbook).data
    except MergeError as exc:
        _say(f"stratbook merge: error: {exc}; nothing written", sys.stderr)
        return EXIT_INVALID
    except WorkbookError as exc:
        _report([p.located(f"{args.output or args.name or ours_name} (the result)", None) for p in exc.problems])
        return EXIT_INVALID
    inputs = [(theirs_name, "the merge's THEIRS")]  # OURS is the default target
    if given:
        inputs.insert(0, (base_name, "the merge's BASE"))
    if args.output is not None and _refuse_to_replace(args, "workbook", inputs, result.workbook):
        return EXIT_INVALID
    if not _write_workbook(target, data, like=ours_name):
        return EXIT_INVALID
    shown = target if args.output is not None else args.name or target
    return _merge_outcome(shown, result.conflicts, item_labels(result.workbook))


def _merge_outcome(target: str, conflicts, labels: dict[str, str]) -> int:
    if not conflicts:
        _say(f"{target}: merged cleanly")
        return EXIT_OK
    # What the result holds until each is chosen: our value of a field, the changed copy of an
    # item one side deleted (nothing is lost).
    holds = []
    if any(not conflict.deleted for conflict in conflicts):
        holds.append("a field changed on both sides keeps our value")
    if any(conflict.deleted for conflict in conflicts):
        holds.append("an item deleted on one side and changed on the other stays, changed")
    _say(f"{target}: merged with {counted(len(conflicts), 'conflict')}; for now {' and '.join(holds)}:")
    for conflict in conflicts:
        _say(f"  {conflict.summary(labels)}")
    _say(f"Open it ({_command_line('stratbook', target)}) and choose per conflict: ctrl+p, 'Resolve merge conflicts'.")
    return EXIT_WARNINGS


@_one_writer(lambda args: args.file)
def cmd_send(args: argparse.Namespace) -> int:
    import hashlib
    from pathlib import Path

    from tui.store.lineage import keep_snapshot
    from tui.store.mail import SendError, deliver, message_for, record_sending
    from tui.store.writer import stamped

    found = _load_all([args.file])
    if found is None:
        return EXIT_INVALID
    loaded = found[0]
    if loaded.read_only:
        _say(f"{args.file}: error: written by a newer Stratbook: not sent from this version", sys.stderr)
        return EXIT_INVALID
    workbook = loaded.workbook
    give_lineage(workbook)
    try:
        written = stamped(workbook)
    except WorkbookError as exc:
        _report([p.located(args.file, None) for p in exc.problems])
        return EXIT_INVALID
    if not args.sendmail:
        args.output = args.output or str(Path(args.file).with_suffix(".eml"))
        if _refuse_to_replace(args, "email", [(args.file, "the workbook being sent")]):
            return EXIT_INVALID
    # Every argument is checked (the addresses, as the message is made) and the message has gone
    # before the workbook is written: a failure leaves the file on disk as it was.
    try:
        raw = message_for(args.file, written.data, workbook, to=args.to, cc=args.cc or [],
                          subject=args.subject or "", note=args.message or "")
        where = deliver(raw, args.file, recipients=[*args.to, *(args.cc or [])], output=args.output,
                        sendmail=args.sendmail)
    except SendError as exc:
        _say(f"stratbook send: error: {exc}", sys.stderr)
        return EXIT_INVALID
    # What was sent is what is on disk, with its true revision: its snapshot is the base of the replies.
    if hashlib.sha256(written.data).hexdigest() != loaded.digest:
        if not _write_workbook(args.file, written.data):
            _say(f"{args.file}: error: {where}, but the workbook was not saved: replies to it will find no base",
                 sys.stderr)
            return EXIT_INVALID
        _say(f"{args.file}: saved with its lineage and revision (what was sent is what is on disk)", sys.stderr)
    elif note := keep_snapshot(args.file, written.data):
        _say(f"{args.file}: warning: {note}", sys.stderr)
    where = record_sending(args.file, written.data, where)
    _say(f"{where}: {_command_line('stratbook', 'import', args.file)} REPLY")
    return EXIT_OK


@_one_writer(lambda args: args.file)
def cmd_import(args: argparse.Namespace) -> int:
    import os

    from tui.store.diff import format_text, item_labels
    from tui.store.mail import read_replies
    from tui.store.lineage import imported_messages
    from tui.store.replies import ALREADY, MERGED, NO_BASE, import_copy, remember
    from tui.store.writer import stamped

    found = _load_all([args.file])
    if found is None:
        return EXIT_INVALID
    if found[0].read_only:
        _say(f"{args.file}: error: written by a newer Stratbook: nothing imported", sys.stderr)
        return EXIT_INVALID
    # Every MESSAGE is there before anything is merged: a mistyped name must not leave the
    # file with the replies before it merged and the rest not.
    missing = False
    for source in args.messages:
        try:
            os.stat(source)
        except OSError as exc:
            _say(f"{source}: error: cannot read: {exc.strerror or exc}; nothing imported", sys.stderr)
            missing = True
    if missing:
        return EXIT_INVALID
    ours = found[0].workbook
    importable = conflicted = False  # conflicted: recorded in the file, or a reply left unmerged
    recorded = False
    for source in args.messages:
        for reply in read_replies(source):
            if reply.error:
                _say(f"{reply.label}: skipped: {reply.error}")
                continue
            for refusal in reply.refusals:
                _say(f"{reply.label}: skipped: {refusal}")
            if not reply.attachments and not reply.refusals:
                _say(f"{reply.label}: skipped: no workbook attached")
            head = f"{reply.label}: from {reply.sender or 'an unknown sender'}" + (f", {reply.date}" if reply.date else "")
            # Imported in an earlier run, that is: its first attachment must not hide a second one.
            earlier = reply.message_id if reply.message_id in imported_messages(args.file) else ""
            for attachment in reply.attachments:
                outcome = import_copy(args.file, ours, attachment, earlier)
                if outcome.status == ALREADY:
                    importable = True
                    _say(f"{head}: already imported ({outcome.why}); nothing changed")
                elif outcome.status == NO_BASE:
                    importable = conflicted = True
                    _say(f"{head}: {outcome.why}; nothing merged. It differs in {counted(len(outcome.changes), 'place')}; "
                         "choose per difference in the app (ctrl+p, Compare) or see them with stratbook diff:")
                    _say_lines(format_text(outcome.changes, ours, outcome.theirs, args.file, attachment.name), "  ")
                elif outcome.status == MERGED:
                    importable = True
                    merged = outcome.workbook
                    try:
                        written = stamped(merged)
                    except WorkbookError as exc:
                        _report([p.located(args.file, None) for p in exc.problems])
                        return EXIT_INVALID
                    if not _write_workbook(args.file, written.data):
                        return EXIT_INVALID
                    merged.meta.revision, merged.meta.history = written.revision, written.history
                    ours = merged
                    for note in remember(args.file, outcome, reply.message_id):
                        _say(f"{args.file}: warning: {note}", sys.stderr)
                    _say(f"{head}: {counted(len(outcome.changes), 'change')} taken, {counted(len(outcome.conflicts), 'conflict')}"
                         f" (base: revision {outcome.base_revision})")
                    labels = item_labels(merged)
                    for conflict in outcome.conflicts:
                        conflicted = recorded = True
                        _say(f"  {conflict.summary(labels)}")
                else:
                    _say(f"{head}: skipped: {outcome.why}")
    if not importable:
        _say(f"{args.file}: nothing to import: no workbook of this plan was found; the file is unchanged", sys.stderr)
        return EXIT_INVALID
    if recorded:
        _say(f"Settle the conflicts in the app (stratbook {args.file}; ctrl+p, 'Resolve merge conflicts').")
    if conflicted:
        return EXIT_WARNINGS
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import asyncio
    import os
    import shlex

    try:
        import textual_serve.server  # noqa: F401 - the extra itself, even once tui.web is loaded
        from tui.web import GuardedServer
    except ImportError:
        _say("stratbook serve needs the optional 'web' extra (textual-serve). Install it with:", sys.stderr)
        _say("  pip install 'stratbook[web]'     (in a checkout: .venv/bin/pip install -e '.[web]')", sys.stderr)
        return EXIT_INVALID
    path = os.path.abspath(args.file)
    # `exec`: textual-serve starts the command through a shell; the shell becomes the app, so the
    # process the server waits for (and kills if it will not exit) is the app itself.
    command = f"exec {shlex.quote(sys.executable)} -m tui {shlex.quote(path)}"
    server = GuardedServer(command, host="127.0.0.1", port=args.port, title="Stratbook")  # runs with WEB_DRIVER

    def announce(url: str) -> None:
        _say(f"Serving {args.file} on this machine only; ctrl+c stops. Open this address (keep it private:", sys.stderr)
        _say(f"the token in it is the key):  {url}", sys.stderr)

    try:
        asyncio.run(server.serve_until_stopped(announce))
    except OSError as exc:
        _say(f"stratbook serve: error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}", sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What `stratbook serve` runs the app with: its terminal is the browser, over pipes."""


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def _is_open(stream) -> bool:
    """A stream that is there to write to (`2>&-` leaves none)."""
    import os

    try:
        return stream is not None and os.fstat(stream.fileno()) is not None
    except (ValueError, OSError):
        return False


def cmd_open(args: argparse.Namespace) -> int:
    import os

    # Without a terminal (nohup, cron, `< /dev/null`, output into a file) the app would spin
    # reading nothing, holding the lock: say what works there instead, before taking any lock.
    # Textual draws on standard error, so that must be the terminal too: into a file the screen
    # would go there, and closed the app would hang.
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if os.environ.get("TEXTUAL_DRIVER") != WEB_DRIVER and not all(map(_is_terminal, streams)):
        _say("stratbook: the app needs a terminal (standard input, output and error); without one use the "
             "commands: stratbook check|fmt|export|diff|merge FILE (stratbook --help)",
             sys.stderr if _is_open(sys.stderr) else sys.stdout)
        return EXIT_INVALID
    with paused_gc():  # importing Textual and the app makes objects to keep: 99 passes, 30-50 ms, freed nothing
        from tui.app import run_app  # Textual is imported only here

    return run_app(args.file)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {text}")
    return int(text)


def _as_of(text: str | None) -> date:
    """--as-of / --date: a date as people type it (relative to today), for argparse."""
    from tui.model.dates import DateError, parse_date, today

    try:
        day = parse_date(text or "today", today())
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError("give a date")
    return day


def _confidence(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 10, not {text!r}") from None
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError(f"must be from 1 to 10, not {value}")
    return value


def cmd_config(args: argparse.Namespace) -> int:
    """The config file's path and the effective settings; what is wrong in it on standard error."""
    from tui.keymap import declared_bindings
    from tui.store.config import check_keys, check_theme, describe, read_config
    from tui.themes import theme_names

    config = read_config()
    bindings = declared_bindings()
    keymap, problems = check_keys(config, bindings)
    theme, theme_problems = check_theme(config, theme_names())
    _say(f"# {config.path}" + ("" if config.exists else " (no such file: every setting is the default)"))
    for line in describe(config, theme, keymap):
        _say(line)
    if args.keys:
        from tui.keymap import binding_ids

        _say("")
        # Commented out: the output stays a config that reads back the same (`> config.toml`);
        # take the # off the lines to change.
        _say("# every binding: id = keys in effect (what it does)")
        for binding_id, (keys, description) in binding_ids().items():
            _say(f'# "{binding_id}" = "{keymap.get(binding_id, keys)}"  # {description}')
    everything = sorted([*config.problems, *problems, *theme_problems], key=lambda p: p.line or 0)
    for problem in everything:  # apart from the settings, which can be pasted into the file
        _say(problem.format(), sys.stderr)
    return EXIT_WARNINGS if everything else EXIT_OK


@_one_writer(lambda args: args.file)
def cmd_checkin(args: argparse.Namespace) -> int:
    from tui.model.checkins import add_checkin, checkin_day_problem, find_target, parse_value
    from tui.store.config import user_name
    from tui.store.writer import format_value, stamped

    name = args.file
    try:
        value = parse_value(args.value)
    except ValueError as exc:
        _say(f"{name}: error: {exc}", sys.stderr)
        return EXIT_INVALID
    found = _load_all([name])
    if found is None:
        return EXIT_INVALID
    loaded = found[0]
    if loaded.read_only:
        _say(f"{name}: error: written by a newer Stratbook: not changed", sys.stderr)
        return EXIT_INVALID
    workbook = loaded.workbook
    target = find_target(workbook, args.target)
    if target is None:
        goal = workbook.find(args.target)
        why = ("has no measure: check in on one of its key results, or give it a measure in the app"
               if goal is not None and args.target.startswith("gol-") else "is not a goal or key result of this workbook")
        _say(f"{name}: error: {args.target} {why}", sys.stderr)
        return EXIT_INVALID
    day = args.date or _as_of(None)
    problem = checkin_day_problem(target.goal, day, _as_of(None))
    if problem is not None:
        _say(f"{name}: error: {problem}", sys.stderr)
        return EXIT_INVALID
    by = args.by if args.by is not None else user_name()
    # A second reading on one day replaces the first (docs/format.md): said, with the one it replaces.
    replaced = next((c for c in target.checkins if c.date == day), None)
    edit, checkin = add_checkin(target, day, value, workbook.ids(), args.confidence, args.note or "", by.strip())
    edit.apply(workbook)
    try:
        data = stamped(workbook).data
    except WorkbookError as exc:
        _report([p.located(name, None) for p in exc.problems])
        return EXIT_INVALID
    if not _write_workbook(name, data):
        return EXIT_INVALID
    standing = target.standing(day, workbook)
    # The value as recorded, as the file holds it (' 5 ' or '1_000' typed: 5 or 1000 stored).
    instead = f", replacing {format_value(replaced.value)}, the reading of that day" if replaced is not None else ""
    _say(f"{name}: {target.id} checked in at {format_value(checkin.value)} on {day} ({checkin.id}){instead}: "
         f"{standing.words}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from tui.model.digest import status_lines, status_report

    found = _load_all([args.file], comments=False)
    if found is None:
        return EXIT_INVALID
    workbook = found[0].workbook
    if args.format == "json":
        from tui.store.export_json import json_text

        _emit(json_text(status_report(workbook, args.as_of)), sys.stdout)
    else:
        for line in status_lines(workbook, args.as_of):
            _say(line)
    return EXIT_OK


def cmd_digest(args: argparse.Namespace) -> int:
    from tui.model.digest import digest_text

    found = _load_all([args.file], comments=False)
    if found is None:
        return EXIT_INVALID
    if args.format == "markdown":
        from tui.store.export import md

        text = digest_text(found[0].workbook, args.as_of, args.owner, md, args.file)
    else:
        text = digest_text(found[0].workbook, args.as_of, args.owner, file=args.file)
    _say_lines(text)
    return EXIT_OK


def _subcommands() -> dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]]:
    def new_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="the workbook file to create")
        p.add_argument("--title", help="the workbook's title")
        p.add_argument("--organisation", help="the organisation the plan is for")

    def check_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="+", metavar="FILE", help="workbook files to validate")
        p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")

    def fmt_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="+", metavar="FILE", help="workbook files to rewrite")
        p.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")

    def export_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="the workbook to export")
        p.add_argument("--format", "-f", choices=("markdown", "html", "json"), default="markdown",
                       help="markdown: an email body; html: one printable page; json: all data, for tools")
        p.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of standard output")
        p.add_argument("--force", action="store_true",
                       help="let -o replace a file that is not an earlier export of this format (or is the input)")

    def diff_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("old", metavar="OLD", help="the earlier workbook")
        p.add_argument("new", metavar="NEW", help="the later workbook")
        p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="text for people, json for tools")

    def merge_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("base", nargs="?", metavar="BASE",
                       help="the common ancestor of the two copies; left out, it is found in OURS' history folder")
        p.add_argument("ours", metavar="OURS", help="our copy; the result goes here unless -o is given")
        p.add_argument("theirs", metavar="THEIRS", help="their copy")
        p.add_argument("-o", "--output", metavar="OUT", help="write the result here instead of into OURS")
        p.add_argument("--force", action="store_true",
                       help="let -o replace a file that is not a workbook of this plan (or is BASE or THEIRS)")
        p.add_argument("--name", metavar="PATH",
                       help="the workbook's real path, to name in messages (a git merge driver: --name %%P; "
                            "git's OURS is a temporary copy)")

    def send_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="the workbook to send (attached under its own name)")
        p.add_argument("--to", nargs="+", action="extend", required=True, metavar="ADDR", help="the recipients")
        p.add_argument("--cc", nargs="+", action="extend", metavar="ADDR", help="copies to")
        p.add_argument("--subject", help="the subject (default: the workbook's title)")
        p.add_argument("--message", help="a note before the plan in the message's text")
        where = p.add_mutually_exclusive_group()
        where.add_argument("-o", "--output", metavar="OUT.eml",
                           help="write the message here (default: FILE's name with .eml, beside it)")
        where.add_argument("--sendmail", action="store_true",
                           help="hand it to 'sendmail -t -i' (or the config's sendmail, or the command in $STRATBOOK_SENDMAIL)")
        p.add_argument("--force", action="store_true", help="let -o replace a file that is not an email by Stratbook")

    def import_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="the workbook the replies are merged into")
        p.add_argument("messages", nargs="+", metavar="MESSAGE",
                       help="an .eml file, an mbox file, a Maildir folder, or a saved workbook attachment")

    def serve_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="the workbook to open in the browser")
        p.add_argument("--port", type=_port, default=8000, help="the port on 127.0.0.1 (default 8000; 0 takes a free one)")

    def checkin_args(p: argparse.ArgumentParser) -> None:
        from tui.model.dates import DATE_HELP

        p.add_argument("file", metavar="FILE", help="the workbook (rewritten atomically)")
        p.add_argument("target", metavar="TARGET", help="the id of a goal (its measure) or of a key result")
        p.add_argument("value", metavar="VALUE", help="the measure's value today, a number")
        p.add_argument("--confidence", type=_confidence, metavar="N", help="1..10: how sure you are to hit the target")
        p.add_argument("--note", metavar="T", help="a note on this check-in")
        p.add_argument("--by", metavar="NAME", help="who checks in (default: the config's name, else $STRATBOOK_NAME, else your login name)")
        p.add_argument("--date", type=_as_of, metavar="D", help=f"the day of the reading (default today; {DATE_HELP})")

    def status_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="the workbook")
        p.add_argument("--as-of", type=_as_of, default="today", metavar="D", help="the day to judge pace on (default today)")
        p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="text for people, json for tools")

    def digest_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", metavar="FILE", help="the workbook")
        p.add_argument("--as-of", type=_as_of, default="today", metavar="D", help="the day it is for (default today)")
        p.add_argument("--owner", metavar="NAME", help="only this owner (part of the name, any case)")
        p.add_argument("--format", "-f", choices=("text", "markdown"), default="text",
                       help="text (for mail) or markdown")

    def config_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--keys", action="store_true", help="also list every binding id with its keys")

    return {
        "new": ("write a new, empty workbook (never overwrites)", new_args, cmd_new),
        "check": ("validate workbooks: errors, warnings and goal quality", check_args, cmd_check),
        "fmt": ("rewrite workbooks in the canonical form the app saves", fmt_args, cmd_fmt),
        "export": ("export as markdown (an email body), html (printable) or json", export_args, cmd_export),
        "diff": ("show what changed between two workbooks, item by item", diff_args, cmd_diff),
        "merge": ("three-way merge of two edited copies (also a git merge driver)", merge_args, cmd_merge),
        "send": ("send a workbook by email (an .eml file, or through sendmail)", send_args, cmd_send),
        "import": ("merge emailed replies into a workbook, each against the copy it came from", import_args,
                   cmd_import),
        "serve": ("open the app in a web browser (needs the 'web' extra)", serve_args, cmd_serve),
        "checkin": ("record a goal's or key result's value today (for scripts and cron)", checkin_args, cmd_checkin),
        "status": ("every goal's progress against its pace: status, staleness, forecast", status_args, cmd_status),
        "digest": ("what needs someone this week, by owner (to pipe into mail)", digest_args, cmd_digest),
        "config": ("your config file's path and the settings in effect (keys, theme, ascii, name, ...)",
                   config_args, cmd_config),
    }


def build_parser(command_only: str | None = None) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The parser for subcommands, and the one for plain `stratbook [FILE]`. With `command_only`,
    the first holds only that subcommand (what it parses and says is the same; the others' options
    are not built for nothing)."""
    commands = _subcommands()
    epilog = "commands:\n" + "\n".join(f"  {name:<8} {text}" for name, (text, _, _) in commands.items())
    opener = _Parser(
        prog="stratbook",
        description="A keyboard-driven strategic-planning workbook, saved as one TOML file.",
        epilog=epilog + "\n\nrun 'stratbook COMMAND --help' for a command's options",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    opener.add_argument("--version", action="version", version=f"stratbook {__version__}")
    opener.add_argument("file", nargs="?", default="workbook.toml",
                        help="the workbook to open; created on first save if missing (default: workbook.toml)")
    opener.set_defaults(handler=cmd_open)

    parser = _Parser(prog="stratbook")
    parser.add_argument("--version", action="version", version=f"stratbook {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (text, add_args, handler) in commands.items():
        if command_only is not None and name != command_only:
            continue
        command = sub.add_parser(name, help=text, description=text)
        add_args(command)
        command.set_defaults(handler=handler)
    return parser, opener


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return _dispatch(list(sys.argv[1:] if argv is None else argv))
        finally:  # also after argparse's own exit (--help, --version, usage errors)
            _emit("", sys.stdout, flush=True)
    except _OutputClosed:
        _discard_output()
        return EXIT_PIPE_CLOSED
    except _OutputFailed as exc:
        _discard_output()
        try:
            _say(f"stratbook: error: {exc}", sys.stderr)
        except (_OutputClosed, _OutputFailed):
            pass
        return EXIT_INVALID


# Commands that hold whole workbooks and have nothing left to do once their output is flushed.
# Their process ends there (`run`): an ordinary exit would free, one by one, the 100,000 objects
# of a 10,000-item workbook (some 12 ms), as mypy's command line also avoids.
_ENDS_AT_ONCE = frozenset({"check", "fmt", "export", "diff", "merge", "status", "digest"})


def run() -> None:
    """The console script and `python -m tui`: `main`, then the process ends."""
    arguments = sys.argv[1:]
    status = main(arguments)
    if arguments and arguments[0] in _ENDS_AT_ONCE:
        _end_at_once(status)
    raise SystemExit(status)


def _end_at_once(status: int) -> None:
    """End the process with `status` now, without freeing its objects; what it wrote is flushed
    first (`main` has flushed standard output, or pointed it at /dev/null when its reader left)."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def _dispatch(arguments: list[str]) -> int:
    command = arguments[0] if arguments and arguments[0] in _subcommands() else None
    parser, opener = build_parser(command)
    chosen = parser if command is not None else opener
    args = chosen.parse_args(arguments)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except TimeoutError as exc:  # another process kept changing the workbook (atomic.one_writer)
        _say(f"stratbook: error: {exc}; nothing changed", sys.stderr)
        return EXIT_INVALID
    except (_OutputClosed, _OutputFailed):
        raise
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        _say(f"stratbook: internal error: {type(exc).__name__}: {exc}", sys.stderr)
        return 3


def _discard_output() -> None:
    """Point standard output at /dev/null, so that Python's final flush of what is still
    buffered neither fails again nor prints 'Exception ignored' (only in a real process)."""
    import os

    if sys.stdout is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    run()
