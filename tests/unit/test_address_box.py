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
    # A backslash ending a quoted name is one (written \\), and the quote after it closes the name.
    ('"Grace \\\\" <grace@example.com>, tom@example.com', ['"Grace \\\\" <grace@example.com>', "tom@example.com"]),
    ('"Grace \\"G\\" H" <grace@example.com> tom@example.com', ['"Grace \\"G\\" H" <grace@example.com>', "tom@example.com"]),
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
QUOTED = st.text(alphabet='Gra ,\\"', min_size=1, max_size=8).filter(lambda name: name.strip(' ,')).map(
    lambda name: '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"')
"""A name in quotes as mail writes one (a quoted-string): a backslash or a quote inside is escaped by a backslash."""
WRITTEN = st.one_of(ADDRESSES, st.builds("{} <{}>".format, NAMES, ADDRESSES),
                    st.builds('"{}, {}" <{}>'.format, NAMES, NAMES, ADDRESSES),
                    st.builds("{} <{}>".format, QUOTED, ADDRESSES))


@given(st.lists(WRITTEN, max_size=5), st.sampled_from([", ", ",", " , ", " ", "  "]))
def test_any_list_of_addresses_comes_back_whole_and_each_passes_the_check(written: list[str], separator: str) -> None:
    assert address_list(separator.join(written)) == written
    for address in written:
        email_address(address)  # each one a valid address for the header (raises if not)


# -- found from outside: what reaches the headers -------------------------------------------------

def _sent(tmp_path, to: list[str], cc: list[str] = ()) -> "email.message.EmailMessage":
    import email
    import email.policy

    from tui.store import save
    from tui.store.mail import message_for
    from tui.store.writer import stamped
    from tests.unit.test_lineage import plan

    path = tmp_path / "plan.toml"
    save(plan(), path)
    written = stamped(plan())
    return email.message_from_bytes(message_for(path, written.data, plan(), to=to, cc=cc),
                                    policy=email.policy.default)


def test_deeply_nested_comments_are_no_address_not_a_crash() -> None:
    # The standard library's parser recurses into (comments): 1,000 of them raised RecursionError,
    # which stopped the app (an "internal error" at the command line).
    with pytest.raises(SendError, match="not an email address"):
        email_address("(" * 1000 + "a@b.com")


def test_each_address_reaches_the_headers_once(tmp_path) -> None:
    message = _sent(tmp_path, ["a@b.com", "a@b.com", "Tom <TOM@Example.com>", "tom@example.com"],
                    ["A <a@b.com>", "c@d.com", "c@d.com"])
    assert message["To"] == "a@b.com, Tom <TOM@Example.com>"
    assert message["Cc"] == "c@d.com"


def test_a_domain_in_another_script_is_written_as_mail_servers_read_it(tmp_path) -> None:
    # Encoded words (=?utf-8?q?...?=) are not allowed inside an address: the domain goes as IDNA.
    message = _sent(tmp_path, ["A <a@bücher.example>"])
    assert message["To"] == "A <a@xn--bcher-kva.example>"
    assert message["To"].addresses[0].domain == "xn--bcher-kva.example"
    with pytest.raises(SendError, match="not an email address"):
        email_address("a@" + "ü" * 70 + ".example")  # a label too long for a domain


def test_no_message_without_someone_to_send_it_to(tmp_path) -> None:
    with pytest.raises(SendError, match="no address to send to"):
        _sent(tmp_path, [], ["c@d.com"])
    assert address_list(" , ,") == []


def test_the_command_line_takes_every_to_and_cc_given(tmp_path, monkeypatch) -> None:
    import email
    import email.policy

    from tui.cli import main
    from tui.store import save
    from tests.unit.test_lineage import plan

    monkeypatch.setenv("EMAIL", "me@example.com")
    path = tmp_path / "plan.toml"
    save(plan(), path)
    out = tmp_path / "out.eml"
    assert main(["send", str(path), "--to", "x@b.com", "--to", "y@c.com", "--cc", "p@q.com", "--cc", "r@s.com",
                 "--output", str(out)]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["To"] == "x@b.com, y@c.com" and message["Cc"] == "p@q.com, r@s.com"
