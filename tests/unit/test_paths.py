"""Completing file names typed in the app's path boxes."""

from __future__ import annotations

from tui.store.paths import complete_path


def test_path_completion(tmp_path):
    (tmp_path / "replies").mkdir()
    (tmp_path / "reply-from-grace.eml").write_text("x")
    (tmp_path / ".hidden.eml").write_text("x")
    assert complete_path("reply-", tmp_path) == "reply-from-grace.eml"
    assert complete_path("repl", tmp_path) == "replies/"  # the first, sorted; a folder ends with /
    assert complete_path(f"{tmp_path}/reply-f", tmp_path) == f"{tmp_path}/reply-from-grace.eml"
    assert complete_path(".h", tmp_path) == ".hidden.eml" and complete_path("h", tmp_path) is None
    assert complete_path("reply-from-grace.eml", tmp_path) is None  # nothing more to add
    assert complete_path("missing/x", tmp_path) is None
