"""dev.py, the set-up and run script the README's commands go through."""

from __future__ import annotations

import pytest

import dev


@pytest.mark.parametrize(("args", "every_file"), [
    ([], True),
    (["-n", "0"], True),
    (["-m", "not slow"], True),
    (["tests/ui/test_swot.py", "-n", "0"], False),
    (["tests/ui/test_swot.py::test_a_second_strategy_and_edit_and_delete"], False),
    (["tests/unit"], False),
])
def test_a_run_that_names_no_test_prints_its_time_with_the_host_reference(args: list[str], every_file: bool) -> None:
    assert dev.runs_every_file(args) is every_file
