"""Benchmark of the command line as whole processes, against bare tomli / tomli_w processes.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_processes.py [--items N] [--runs N]

A workbook of 10,000 items (and a copy of it edited in one item of fifty, and one with another
title) is written to a temporary folder. Each command runs as its own process, start-up
included, as people run it; the commands and their baselines take turns, N rounds, and the
median of the rounds' ratios is judged:

- `check FILE` against a bare process that parses the file with tomli (target 1.5x, as load);
- `fmt FILE` of a file in canonical form, and `fmt --check`, against a bare process that parses
  the file with tomli and writes it with tomli_w (target 1.6x, issue 14);
- `diff OLD NEW` against a bare process that parses both (target 2x: two loads and a
  comparison of every item; chosen here, the issues set none for whole processes);
- `merge BASE OURS THEIRS -o OUT` against a bare process that parses three files and writes
  one with tomli_w (target 2x, likewise);
- `export FILE --format markdown|html|json` against a bare process that parses the file and
  writes it as JSON (target 2x, likewise).
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_share import edited  # noqa: E402
from tests.bench.bench_store import make_workbook  # noqa: E402
from tests.bench.common import Report, alternating, compile_package  # noqa: E402
from tui.store import dumps  # noqa: E402

PARSE = "import sys, tomli\nfor name in sys.argv[1:]:\n    tomli.loads(open(name, encoding='utf-8').read())\n"
PARSE_WRITE = ("import sys, tomli, tomli_w\nfor name in sys.argv[1:]:\n"
               "    tomli_w.dumps(tomli.loads(open(name, encoding='utf-8').read()), multiline_strings=True)\n")
PARSE_MERGE = ("import sys, tomli, tomli_w\ndocs = [tomli.loads(open(n, encoding='utf-8').read()) for n in sys.argv[1:4]]\n"
               "open(sys.argv[4], 'w', encoding='utf-8').write(tomli_w.dumps(docs[1], multiline_strings=True))\n")
PARSE_JSON = ("import sys, json, tomli\nfor name in sys.argv[1:]:\n"
              "    json.dumps(tomli.loads(open(name, encoding='utf-8').read()), default=str)\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="rounds; the median is judged (default 7)")
    args = parser.parse_args()
    python = sys.executable
    stratbook = [python, "-m", "tui"]
    report = Report("processes")
    compile_package()
    with tempfile.TemporaryDirectory() as folder:
        base = make_workbook(args.items)
        ours = copy.deepcopy(base)
        ours.meta.title += " (ours)"
        files = {name: Path(folder) / f"{name}.toml" for name in ("base", "ours", "theirs")}
        for name, workbook in (("base", base), ("ours", ours), ("theirs", edited(base))):
            files[name].write_bytes(dumps(workbook))
        plan = str(files["base"])
        # Each side writes its own output. When both wrote merged.toml, each merge found there what
        # the bare process had written a moment before, a stranger's TOML, and loaded it to see
        # whether it may replace it; a merge run again finds its own earlier result there.
        out, bare_out = str(Path(folder) / "merged.toml"), str(Path(folder) / "merged-bare.toml")
        size = files["base"].stat().st_size
        print(f"Whole processes on a workbook of {args.items:,} items ({size / 1024:,.0f} KB), "
              f"median of {args.runs} rounds")

        def judge(name: str, command: list[str], bare: list[str], target: float) -> None:
            times = alternating(args.runs, command, bare)
            report.paired(name, times[0], times[1], target)

        bare_parse = [python, "-c", PARSE, plan]
        judge("check", [*stratbook, "check", plan], bare_parse, 1.5)
        judge("fmt (canonical file)", [*stratbook, "fmt", plan], [python, "-c", PARSE_WRITE, plan], 1.6)
        judge("fmt --check", [*stratbook, "fmt", "--check", plan], [python, "-c", PARSE_WRITE, plan], 1.6)
        judge("diff", [*stratbook, "diff", plan, str(files["theirs"])],
              [python, "-c", PARSE, plan, str(files["theirs"])], 2.0)
        judge("merge", [*stratbook, "merge", plan, str(files["ours"]), str(files["theirs"]), "-o", out],
              [python, "-c", PARSE_MERGE, plan, str(files["ours"]), str(files["theirs"]), bare_out], 2.0)
        for fmt in ("markdown", "html", "json"):
            judge(f"export {fmt}", [*stratbook, "export", plan, "--format", fmt, "-o", str(Path(folder) / f"out.{fmt}")],
                  [python, "-c", PARSE_JSON, plan], 2.0)
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
