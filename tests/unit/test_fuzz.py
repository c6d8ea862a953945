"""Fuzzing the reader: whatever the bytes, only `WorkbookError` ever comes out.

Hypothesis feeds arbitrary bytes and text (and text made of TOML's own
punctuation, which gets further into the parser and the validator); seeded
mutations of the sample workbooks flip bytes and cut, duplicate and swap lines.
A mutated file that still loads must also save, or be refused by save with
`WorkbookError`, and read back the same.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import examples
from tui.store import WorkbookError, dumps, load, loads
from tui.store.files import decode

from .helpers import same_workbook

FUZZ = settings(max_examples=examples(1000),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.toml"))

# Pieces of TOML and of workbooks, to build text that gets past the first character.
TOKENS = [
    "[workbook]", "schema = 1", "schema = 2", "[[goals]]", "[goals.measure]", "[[goals.key_results]]",
    "[[swot.strengths]]", "[pestle.legal]", "[[pestle.legal.items]]", "[[tactics]]", "[[strategies]]", "[vmv]",
    "[[vmv.values]]", "id = 'gol-aaaa'", "id = 'str-abcd'", "id = \"kr-0000\"", "weight = 7", "weight = 3",
    "due = 2027-01-01", "start = 2027-06-30", "target = nan", "target = 1e999", "current = -0.0",
    "links = ['gol-aaaa', 'x']", "effect = 'maybe'", "title = \"\"\"", "\"\"\"", "'''", "x = {a = [1, {b = 2}]}",
    "a.b.c = 1", "created = 2026-11-20T09:30:00Z", "t = 09:30:00", "n = 0x_ff", "n = 99999999999999999999",
    "[", "]", "{", "}", "=", ".", ",", "\"", "'", "#", "\\", "\\u0000", "\n", "\r\n", "\r", "\t", " ", "\ufeff",
]


def assert_only_our_error(text: str) -> None:
    try:
        loaded = loads(text, "fuzz.toml")
    except WorkbookError as exc:
        assert exc.problems, "an error must say what is wrong"
        assert all(p.file == "fuzz.toml" for p in exc.problems)
        assert any(p.is_error for p in exc.problems)
        return
    # It loaded: saving it must work or be refused with our error, and read back the same.
    try:
        data = dumps(loaded.workbook)
    except WorkbookError:
        return
    assert same_workbook(loads(data.decode("utf-8")).workbook, loaded.workbook)


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(data):
    try:
        text = decode(data, "fuzz.toml")
    except WorkbookError:
        return
    assert_only_our_error(text)


@FUZZ
@given(st.text(max_size=2048))
def test_arbitrary_text(text):
    assert_only_our_error(text)


def check_toml_like_text(pieces: list[str]) -> None:
    assert_only_our_error("[workbook]\nschema = 1\n" + "\n".join(pieces))
    assert_only_our_error(" ".join(pieces))


PIECE = st.sampled_from(TOKENS) | st.text(max_size=6)
HALF = len(TOKENS) // 2


def pieces_starting_with(first: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """1-80 pieces whose first is drawn from `first`; the rest drawn as any piece is."""
    return st.builds(lambda head, rest: [head, *rest], first, st.lists(PIECE, max_size=79))


# Up to 80 pieces, 1,000 lists of them (334 + 333 + 333) as one test of 1,000 tried, in three
# tests of their own by where the first piece comes from (the first half of TOKENS, the second,
# or short text), so that no one test takes the 3-5 s (5 s on a loaded machine) of all of them.
# Each test is derandomized from its own source, its name included, so the three draw different
# lists. Together they try every list the one test could: no pieces read as one empty text does.
@settings(FUZZ, max_examples=examples(334))
@given(pieces_starting_with(st.sampled_from(TOKENS[:HALF])))
def test_toml_like_text_1of3_first_tokens(pieces):
    check_toml_like_text(pieces)


@settings(FUZZ, max_examples=examples(333))
@given(pieces_starting_with(st.sampled_from(TOKENS[HALF:])))
def test_toml_like_text_2of3_last_tokens(pieces):
    check_toml_like_text(pieces)


@settings(FUZZ, max_examples=examples(333))
@given(pieces_starting_with(st.text(max_size=6)))
def test_toml_like_text_3of3_short_text(pieces):
    check_toml_like_text(pieces)


@settings(max_examples=examples(60),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096))
def test_arbitrary_files(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "plan.toml"
    path.write_bytes(data)
    try:
        load(path)
    except WorkbookError as exc:
        assert all(p.file == str(path) for p in exc.problems)
    assert path.read_bytes() == data


# -- seeded mutations of the samples ---------------------------------------------------------------

def mutate(rng: random.Random, data: bytes) -> bytes:
    """One of: bytes flipped, lines cut, duplicated, swapped, a line cut short, the file truncated."""
    if not data:
        return data
    kind = rng.randrange(6)
    if kind == 0:
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(flipped))
            flipped[at] ^= 1 << rng.randrange(8) if rng.random() < 0.5 else rng.randrange(1, 256)
        return bytes(flipped)
    if kind == 5:
        return data[: rng.randrange(len(data))]
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    if kind == 1:
        del lines[at: at + rng.randint(1, 20)]
    elif kind == 2:
        lines[at:at] = lines[at: at + rng.randint(1, 10)]
    elif kind == 3:
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    else:
        lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
    return b"\n".join(lines)


@pytest.fixture(scope="module")
def sample_bytes() -> list[bytes]:
    assert len(SAMPLES) >= 2, "the samples are the fuzzing seeds"
    return [path.read_bytes() for path in SAMPLES]


@pytest.mark.parametrize("seed", range(0, 400, 50))
def test_mutated_samples(sample_bytes, seed):
    outcomes = {"loaded": 0, "refused": 0}
    for offset in range(50):
        rng = random.Random(seed + offset)
        original = sample_bytes[(seed + offset) % len(sample_bytes)]
        data = original
        for _ in range(rng.randint(1, 3)):
            data = mutate(rng, data)
        try:
            text = decode(data, "mutant.toml")
            loaded = loads(text, "mutant.toml")
        except WorkbookError as exc:
            assert exc.problems and all(p.file == "mutant.toml" for p in exc.problems)
            outcomes["refused"] += 1
            continue
        outcomes["loaded"] += 1
        try:
            written = dumps(loaded.workbook)
        except WorkbookError:
            continue
        assert same_workbook(loads(written.decode("utf-8")).workbook, loaded.workbook)
    # Both outcomes happen, so the mutations are neither all harmless nor all fatal.
    assert outcomes["refused"] > 0


def test_mutated_samples_in_files_are_never_changed(tmp_path, sample_bytes):
    rng = random.Random(2027)
    for index in range(30):
        data = mutate(rng, sample_bytes[index % len(sample_bytes)])
        path = tmp_path / f"mutant{index}.toml"
        path.write_bytes(data)
        try:
            load(path)
        except WorkbookError:
            pass
        assert path.read_bytes() == data
