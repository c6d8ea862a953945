#!/usr/bin/env python3
"""Set up and run Stratbook from a checkout, with nothing but Python 3.11+ and git.

    python3 dev.py run [FILE]   set up .venv, then open FILE (default: a scratch copy of the Acme sample)
    python3 dev.py test [ARGS]  set up .venv, then run the whole test suite in parallel (pytest ARGS;
                                -n 0 runs it serially; --snapshot-update always runs serially)
    python3 dev.py bench        set up .venv, then run every benchmark in tests/bench/ and the scaling tests

Set-up makes .venv and installs the package with its test extra (with uv, or pip where uv
cannot be had); it runs again only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".stratbook-installed"
DEFAULT_SAMPLE = ROOT / "samples" / "acme-robotics.toml"
SCRATCH = ROOT / "scratch"
"""Where `run` copies the sample, so that trying the app never edits the samples the tests use."""


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Stratbook needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=False)  # pip comes with the rest (ensurepip alone took 8 s)
    print("Installing stratbook and its test tools into .venv ...", flush=True)
    uv = _uv()
    if uv is not None:
        installed = subprocess.run([*uv, "pip", "install", "--quiet", "--python", BIN / "python",
                                    "-e", f"{ROOT}[test]", "pip"])
        if installed.returncode == 0:
            STAMP.write_text(wanted)
            return
        print("uv could not install them; trying pip ...", flush=True)
    if not (BIN / "pip").exists():
        subprocess.run([BIN / "python", "-m", "ensurepip", "--upgrade", "--default-pip"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run([BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


UV = VENV / ".uv"
"""Where set-up keeps uv (astral-sh/uv), the installer it uses: on a fresh 2-core machine pip took
37 s to make .venv and install the package with its test tools, uv 7 s, itself included."""


def _uv() -> list[str] | None:
    """The command that runs uv: one on PATH, or one installed into .venv/.uv by this Python's
    pip; None where neither can be had (set-up then installs with pip)."""
    found = shutil.which("uv")
    if found is not None:
        return [found]
    installed = UV / "bin" / "uv"  # where pip's --target puts the wheel's program
    if not installed.exists():
        fetched = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                  "--target", UV, "uv"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if fetched.returncode != 0 or not installed.exists():
            return None
    return [str(installed)]


def parallel(args: list[str]) -> list[str]:
    """pytest-xdist options unless the caller chose. Pilot waits for the app to settle, not for
    fixed windows of time (tests/settle.py), so a UI test keeps its worker busy: one worker per
    core. One more (measured before, as fast as 4 or 6) overbooked the cores once the tests had
    no animations left to wait for: in a clean clone on 2 cores, 3 workers took 9 min 32 s and
    18 min 44 s of processor time, and a test two to three times its serial time (three over 6 s);
    2 workers took 8 min 40 s and 15 min 55 s, the slowest test 4.8 s. Snapshot updates run
    serially: syrupy cannot prune snapshots across workers."""
    if any(a == "-n" or a.startswith(("-n", "--numprocesses", "--dist")) for a in args):
        return []
    if "--snapshot-update" in args:
        return ["-p", "no:xdist"]
    return ["-n", str(os.cpu_count() or 2), "--dist", "worksteal"]


def runs_every_file(args: list[str]) -> bool:
    """True when `args` name no test file, folder or test (options such as -k or -m may still
    narrow the run). Such a run's time is printed with the host reference: the bar for the suite's
    time (issue 14) is set on one kind of machine, and machines of that kind have run the same
    suite in 3.5 and in 9 minutes."""
    return not any(not arg.startswith("-") and (ROOT / arg.split("::")[0]).exists() for arg in args)


def slowest(args: list[str]) -> list[str]:
    """The ten slowest tests, listed at the end of a run unless the caller chose: no single test
    should take more than 6 s (issue 14), and a run shows which come near."""
    return [] if any(a.startswith("--durations") for a in args) else ["--durations=10"]


def bench() -> int:
    """Every benchmark in tests/bench/, then one table of what each measured against its target."""
    import tempfile

    status = 0
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.jsonl"
        results.touch()
        env = {**os.environ, "STRATBOOK_BENCH_RESULTS": str(results)}
        failed = []
        before = host_reference()
        for script in sorted((ROOT / "tests" / "bench").glob("bench_*.py")):
            print(f"== {script.name}", flush=True)
            code = subprocess.call([BIN / "python", script], cwd=ROOT, env=env)
            if code:
                failed.append(f"{script.name} (exit {code})")
                status = 1
        print("== scaling tests (pytest -m scaling), each in a process of its own", flush=True)
        if scaling_tests():
            failed.append("scaling tests")
            status = 1
        sys.path.insert(0, str(ROOT))
        from tests.bench.common import print_table, read_results

        print("\n== summary of every benchmark", flush=True)
        print_table(read_results(str(results)))
        print(f"host reference (the same pure-Python work every run; compare runs by it): "
              f"{before * 1000:,.0f} ms before the benchmarks, {host_reference() * 1000:,.0f} ms after", flush=True)
    print("benchmarks that failed: " + ", ".join(failed) if failed else "every benchmark met its targets")
    return status


def host_reference() -> float:
    """tests/bench/common.py's `host_reference`, timed in the venv's Python, as the benchmarks are."""
    code = "from tests.bench.common import host_reference; print(host_reference())"
    done = subprocess.run([BIN / "python", "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout)


def scaling_tests() -> int:
    """The scaling tests, each in a new process; 1 if one failed. They time the same work at
    10,000 and 50,000 items: timings, so they run here on purpose and not in the test suite, where
    other workers share the processors. A process of their own each, because what earlier tests
    left in a process (its heap grown by workbooks of 50,000 items and apps) slowed the large
    case more than the small one: a linear export measured 5.0x alone and 6.9-7.7x after the
    others, failing now one test and now another."""
    python = [BIN / "python", "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", "-m", "scaling"]
    listed = subprocess.run([*python, "--collect-only"], cwd=ROOT, capture_output=True, text=True, check=True)
    tests = [line for line in listed.stdout.splitlines() if "::" in line]
    if not tests:
        print("no scaling tests found", flush=True)
        return 1
    failed = [test for test in tests if subprocess.call([*python, test], cwd=ROOT)]
    print(f"{len(tests) - len(failed)} of {len(tests)} scaling tests passed" +
          ("; failed: " + ", ".join(failed) if failed else ""), flush=True)
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "run":
        setup()
        if not args:
            SCRATCH.mkdir(exist_ok=True)
            copy = SCRATCH / DEFAULT_SAMPLE.name
            if not copy.exists():
                shutil.copyfile(DEFAULT_SAMPLE, copy)
            args = [str(copy)]
        return subprocess.call([BIN / "stratbook", *args])
    if command == "test":
        setup()
        # Each worker imports the project and rewrites the asserts of the test plugins (hypothesis
        # among them); with bytecode writing off, every worker compiled them all again (2.5 s of
        # processor time each), so the tests write it (into __pycache__, which git ignores).
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        started = time.monotonic()
        status = subprocess.call([BIN / "python", "-m", "pytest", *parallel(args), *slowest(args), *args], cwd=ROOT,
                                 env=env)
        if runs_every_file(args):
            print(f"dev.py test: {time.monotonic() - started:,.0f} s in all, on a machine whose host reference is "
                  f"{host_reference() * 1000:,.0f} ms (dev.py bench prints the same: compare runs by it)", flush=True)
        return status
    if command == "bench":
        setup()
        return bench()
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
