"""Start-up time: from process start until the first screen is painted.

Runs `stratbook samples/acme-robotics.toml` and a bare Textual app (a header,
a label and a footer) on a pseudo-terminal of 80x24, several times each,
alternating, and times until each has drawn its first screen (a known text
appears in what it writes). Prints the medians and the ratio. Target: 1.5x.

    .venv/bin/python tests/bench/bench_startup.py [RUNS]
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "acme-robotics.toml"

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    def compose(self):
        yield Header()
        yield Label("bare app ready")
        yield Footer()

Bare().run()
"""


def time_to_paint(argv: list[str], marker: bytes, timeout: float = 20.0) -> float:
    """Seconds from fork until `marker` appears in the child's terminal output."""
    env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATION": "none"}
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = bytearray()
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen.extend(chunk)
                if marker in seen:
                    return time.perf_counter() - started
        raise RuntimeError(f"{argv} did not paint {marker!r} within {timeout} s")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    python = sys.executable
    ours_cmd = [python, "-m", "tui", str(SAMPLE)]
    bare_cmd = [python, "-c", BARE_APP]
    # Both have a footer whose last words are the palette key; a frame is written whole,
    # so once the footer is out the first screen is painted.
    ours_marker = bare_marker = b"palette"
    time_to_paint(ours_cmd, ours_marker)  # warm the file cache and the bytecode once
    time_to_paint(bare_cmd, bare_marker)
    ours, bare = [], []
    for _ in range(runs):
        bare.append(time_to_paint(bare_cmd, bare_marker))
        ours.append(time_to_paint(ours_cmd, ours_marker))
    bare_median, ours_median = statistics.median(bare), statistics.median(ours)
    print(f"start-up to first paint, median of {runs} runs at 80x24")
    print(f"  bare Textual app (header, label, footer): {bare_median * 1000:7.0f} ms")
    print(f"  stratbook on {SAMPLE.name}:        {ours_median * 1000:7.0f} ms")
    print(f"  ratio: {ours_median / bare_median:.2f}x   (target <= 1.50x)")


if __name__ == "__main__":
    main()
