"""Workarounds for the terminal layer of Textual 8.2.8 (pinned: re-check these on every bump).

Textual decodes keyboard input as strict UTF-8, so one invalid byte (a
Latin-1 terminal, line noise on a slow SSH link) raises in its input thread
and ends the app (Textual issue 6456). Decoding with `errors="replace"`
turns such a byte into U+FFFD instead, which the app then shows as a
character the user can delete.
"""

from __future__ import annotations

import codecs
import functools


def _lenient_incremental_decoder(encoding: str):
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def tolerate_invalid_input() -> None:
    """Make Textual's Linux drivers decode keyboard bytes leniently."""
    from textual.drivers import linux_driver, linux_inline_driver

    for module in (linux_driver, linux_inline_driver):
        if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
            module.getincrementaldecoder = _lenient_incremental_decoder
