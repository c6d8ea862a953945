"""The Send dialog's address box reads addresses as people write them: bare or with a name,
separated by commas or spaces. It split at every space, so 'Grace Hopper <grace@example.com>'
became three "addresses" and the send failed on 'Grace'."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.store.mail import SendError, address_list, email_address


@pytest.mark.parametrize(("typed", "addresses"), [
    ("grace@example.com", ["grace@example.com"]),
    ("grace@example.com, tom@example.com", ["grace@example.com", "tom@example.com"]),
    ("grace@example.com tom@example.com", ["grace@example.com", "tom@example.com"]),
    ("  grace@example.com ,,  tom@example.com , ", ["grace@example.com", "tom@example.com"]),
    ("Grace Hopper <grace@example.com>", ["Grace Hopper <grace@example.com>"]),
    ("Grace Hopper <grace@example.com>, tom@example.com", ["Grace Hopper <grace@example.com>", "tom@example.com"]),
    ("tom@example.com Grace Hopper <grace@example.com>", ["tom@example.com", "Grace Hopper <grace@example.com>"]),
    ('"Hopper, Grace" <grace@example.com>, tom@example.com',
     ['"Hopper, Grace" <grace@example.com>', "tom@example.com"]),
    ("Grace Hopper<grace@example.com> Tom <tom@example.com>",
     ["Grace Hopper <grace@example.com>", "Tom <tom@example.com>"]),
    ("<grace@example.com>", ["<grace@example.com>"]),
    ("", []),
])
def test_the_box_gives_each_address_as_written(typed: str, addresses: list[str]) -> None:
    assert address_list(typed) == addresses


def test_what_is_no_address_is_kept_to_be_named_by_the_check() -> None:
    # A name with no address after it, before a comma: kept as typed, and the check says which.
    words = address_list("Grace Hopper, tom@example.com")
    assert words == ["Grace", "Hopper", "tom@example.com"]
    with pytest.raises(SendError, match="Grace"):
        [email_address(word) for word in words]


NAMES = st.lists(st.sampled_from(["Grace", "Tom", "Ada", "Lovelace", "van", "Hopper", "O'Neil"]), min_size=1,
                 max_size=3).map(" ".join)
ADDRESSES = st.builds("{}@{}.{}".format, st.from_regex(r"[a-z][a-z0-9.+_-]{0,8}[a-z0-9]", fullmatch=True),
                      st.from_regex(r"[a-z][a-z0-9-]{0,8}[a-z0-9]", fullmatch=True), st.sampled_from(["com", "org", "io"]))
WRITTEN = st.one_of(ADDRESSES, st.builds("{} <{}>".format, NAMES, ADDRESSES),
                    st.builds('"{}, {}" <{}>'.format, NAMES, NAMES, ADDRESSES))


@given(st.lists(WRITTEN, max_size=5), st.sampled_from([", ", ",", " , ", " ", "  "]))
def test_any_list_of_addresses_comes_back_whole_and_each_passes_the_check(written: list[str], separator: str) -> None:
    assert address_list(separator.join(written)) == written
    for address in written:
        email_address(address)  # each one a valid address for the header (raises if not)
