"""Benchmark of importing an emailed reply, against a plain `merge` of the same files.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_import.py [--items N] [--runs N]

A workbook of 10,000 items is saved (so its history folder holds the sent revision), then
edited on our side (its title); the reply is the sent copy edited by hand in one item of fifty
(its revision stale, as a colleague without Stratbook leaves it), attached base64 to a message
built with the standard library. Each round copies the folder afresh (not timed), then times
two whole processes, start-up included: `stratbook import plan.toml reply.eml` and
`stratbook merge base.toml plan.toml theirs.toml -o out.toml`. Target (issue 15): the import
costs at most 2x the merge; the base lookup and MIME parsing are cheap.
"""

from __future__ import annotations

import argparse
import copy
import email.utils
import shutil
import statistics
import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_share import edited  # noqa: E402
from tests.bench.bench_store import make_workbook  # noqa: E402
from tests.bench.common import Report, compile_package, process_seconds  # noqa: E402
from tui.store import dumps, save  # noqa: E402

TARGET = 2.0


def prepare(folder: Path, items: int) -> None:
    """plan.toml with its history folder, base.toml, theirs.toml and reply.eml in `folder`."""
    base = make_workbook(items)
    save(base, folder / "plan.toml")  # as sent: its snapshot is in the history folder
    (folder / "base.toml").write_bytes((folder / "plan.toml").read_bytes())
    theirs = edited(base)
    theirs.meta = copy.deepcopy(base.meta)  # edited by hand: the sent revision, stale now
    (folder / "theirs.toml").write_bytes(dumps(theirs))
    ours = copy.deepcopy(base)
    ours.meta.title += " (ours)"
    save(ours, folder / "plan.toml")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "Grace <grace@example.com>", "me@example.com", "Re: plan"
    message["Date"], message["Message-ID"] = email.utils.formatdate(), email.utils.make_msgid()
    message.set_content("My edits are attached.")
    message.add_attachment((folder / "theirs.toml").read_bytes(), maintype="application", subtype="toml",
                           filename="plan.toml")
    (folder / "reply.eml").write_bytes(message.as_bytes())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="rounds; the median of their ratios is judged (default 5)")
    args = parser.parse_args()
    stratbook = [sys.executable, "-m", "tui"]
    report = Report("import")
    compile_package()
    with tempfile.TemporaryDirectory() as temporary:
        template = Path(temporary) / "template"
        template.mkdir()
        prepare(template, args.items)
        size = (template / "plan.toml").stat().st_size
        print(f"Importing a reply to a workbook of {args.items:,} items ({size / 1024:,.0f} KB), "
              f"median of {args.runs} rounds (plus one warm-up)")
        times: dict[str, list[float]] = {"import": [], "merge": []}
        for round_ in range(args.runs + 1):
            for name in times:
                work = Path(temporary) / f"{name}-{round_}"
                shutil.copytree(template, work)
                command = ([*stratbook, "import", str(work / "plan.toml"), str(work / "reply.eml")]
                           if name == "import" else
                           [*stratbook, "merge", str(work / "base.toml"), str(work / "plan.toml"),
                            str(work / "theirs.toml"), "-o", str(work / "out.toml")])
                seconds = process_seconds(command)
                if round_:  # the first round warms the caches
                    times[name].append(seconds)
                shutil.rmtree(work)
        imported, merged = statistics.median(times["import"]), statistics.median(times["merge"])
        print(f"import {imported * 1000:,.0f} ms, merge {merged * 1000:,.0f} ms: {imported / merged:.2f}x")
        report.paired(f"import a reply at {args.items:,} items (against merge)", times["import"], times["merge"], TARGET)
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
