"""Item ids: `<prefix>-<random suffix>`, unique in a file and never reused."""

from __future__ import annotations

import re

#: Prefix of each kind of item, as the format page lists them.
PREFIXES: dict[str, str] = {
    "value": "val",
    "strength": "str",
    "weakness": "wea",
    "opportunity": "opp",
    "threat": "thr",
    "strategy": "tow",
    "pestle": "pes",
    "goal": "gol",
    "key_result": "kr",
    "milestone": "mil",
    "tactic": "tac",
    "checkin": "chk",
    "risk": "rsk",
    "force_item": "frc",
    "ansoff": "ans",
}
KNOWN_PREFIXES = frozenset(PREFIXES.values())

ID_PATTERN = re.compile(rf"({'|'.join(PREFIXES.values())})-[a-z0-9]{{4,12}}\Z")

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_SUFFIX_LENGTH = 6  # 36**6 = 2.2e9: two people adding items to copies will not collide


def is_valid_id(value: object) -> bool:
    return isinstance(value, str) and ID_PATTERN.match(value) is not None


def id_prefix(item_id: str) -> str:
    return item_id.partition("-")[0]


def new_id(prefix: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A fresh random id with `prefix`, not in `taken`."""
    import secrets  # here, not at the top: the command line's checks and exports make no ids

    if prefix not in KNOWN_PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    while True:
        candidate = prefix + "-" + "".join(secrets.choice(_ALPHABET) for _ in range(_SUFFIX_LENGTH))
        if candidate not in taken:
            return candidate


LINEAGE_PATTERN = re.compile(r"lin-[a-z0-9]{4,12}\Z")
"""`[workbook] lineage`: the id every copy of one plan shares."""
REVISION_PATTERN = re.compile(r"[0-9a-f]{16}\Z")
"""`[workbook] revision` and each entry of `history`: the first 16 hex digits of a SHA-256."""


def new_lineage(seed: str | None = None) -> str:
    """A lineage for a plan that has none: 8 random characters (36**8 = 2.8e12), or, with `seed`
    (what every copy of one plan shares, e.g. its creation time), 8 derived from it."""
    import hashlib
    import secrets

    if seed is None:
        return "lin-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))
    number = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:8], "big")
    return "lin-" + "".join(_ALPHABET[(number // 36**place) % 36] for place in range(8))
