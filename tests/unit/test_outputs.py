"""No export, copy or merge output replaces, unasked, the workbook, an input, or a file that is
not the output it is meant to be (tui.store.outputs; the command line's `export -o` and
`merge -o`, which refuse with exit 2 unless --force)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.store import load
from tui.store.export import FORMATS, SUFFIX, export
from tui.store.outputs import replace_concern

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "acme-robotics.toml"
OTHER = ROOT / "samples" / "harbour-food-bank.toml"
BASHRC = "export PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLE, target)
    return target


# -- the rule ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [*FORMATS, "workbook"])
def test_a_missing_file_may_be_written(tmp_path, kind):
    assert replace_concern(tmp_path / "new", kind, workbook=load(SAMPLE).workbook) is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_never_replaces_the_workbook_it_came_from(tmp_path, fmt):
    """A workbook called plan.md (plan.html, plan.json): its export beside it would be itself."""
    workbook = tmp_path / f"plan{SUFFIX[fmt]}"
    shutil.copyfile(SAMPLE, workbook)
    link = tmp_path / f"link{SUFFIX[fmt]}"
    link.symlink_to(workbook)
    hard = tmp_path / f"hard{SUFFIX[fmt]}"
    os.link(workbook, hard)
    for target in (workbook, link, hard):
        assert replace_concern(target, fmt, protected=[(workbook, "the open workbook")]) == \
            "is the open workbook itself"


@pytest.mark.parametrize("samples_file", [SAMPLE, OTHER])
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_earlier_export_of_the_same_kind_may_be_replaced_and_nothing_else(tmp_path, fmt, samples_file):
    earlier = tmp_path / f"earlier{SUFFIX[fmt]}"
    earlier.write_text(export(load(samples_file).workbook, fmt))
    assert replace_concern(earlier, fmt) is None
    for other in FORMATS:
        if other != fmt:
            assert replace_concern(earlier, other) is not None
    assert replace_concern(earlier, "workbook", workbook=load(SAMPLE).workbook) is not None


@pytest.mark.parametrize("content", [BASHRC, "", "# Notes\n\n---\n\nMade with love.\n", "{}", "[1, 2]",
                                     '{"workbook": {"schema": "1"}}', "<!DOCTYPE html><p>mine</p>",
                                     "[workbook]\nschema = 1\ntitle = 'Another plan'\n"])
@pytest.mark.parametrize("kind", [*FORMATS, "workbook"])
def test_any_other_file_needs_asking(tmp_path, content, kind):
    target = tmp_path / "target"
    target.write_text(content)
    assert replace_concern(target, kind, workbook=load(SAMPLE).workbook) is not None


def test_a_folder_or_a_device_is_never_an_output(tmp_path):
    assert replace_concern(tmp_path, "markdown") == "is not a regular file"
    assert replace_concern("/dev/null", "json") == "is not a regular file"


def test_a_workbook_of_the_same_plan_may_be_replaced_by_a_copy(tmp_path, plan):
    workbook = load(plan).workbook
    copy = tmp_path / "plan.mine.toml"
    shutil.copyfile(plan, copy)
    assert replace_concern(copy, "workbook", workbook=workbook) is None
    other = tmp_path / "other.toml"
    shutil.copyfile(OTHER, other)
    assert replace_concern(other, "workbook", workbook=workbook) == "is not a workbook of this plan"
    assert replace_concern(plan, "workbook", protected=[(plan, "the open workbook")], workbook=workbook) == \
        "is the open workbook itself"


# -- the command line ----------------------------------------------------------------------------

def run(capsys, *args) -> tuple[int, str]:
    status = main([str(a) for a in args])
    return status, capsys.readouterr().err


def test_export_o_refuses_the_input_and_other_files_without_force(tmp_path, capsys):
    workbook = tmp_path / "plan.md"
    shutil.copyfile(SAMPLE, workbook)
    before = workbook.read_bytes()
    status, err = run(capsys, "export", workbook, "-o", workbook)
    assert status == 2 and workbook.read_bytes() == before
    assert err == f"{workbook}: error: is the workbook being exported itself; not replaced (--force replaces it)\n"
    bashrc = tmp_path / ".bashrc"
    bashrc.write_text(BASHRC)
    for fmt in FORMATS:
        status, err = run(capsys, "export", workbook, "-f", fmt, "-o", bashrc)
        assert status == 2 and bashrc.read_text() == BASHRC and "--force" in err
    assert run(capsys, "export", workbook, "-o", bashrc, "--force")[0] == 0
    assert bashrc.read_text().startswith("# ")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_o_replaces_an_earlier_export_of_its_format(tmp_path, capsys, plan, fmt):
    out = tmp_path / f"out{SUFFIX[fmt]}"
    assert run(capsys, "export", OTHER, "-f", fmt, "-o", out)[0] == 0
    assert run(capsys, "export", plan, "-f", fmt, "-o", out)[0] == 0
    assert out.read_text() == export(load(plan).workbook, fmt)


def test_merge_o_refuses_its_inputs_and_strangers_without_force(tmp_path, capsys, plan):
    base, theirs = tmp_path / "base.toml", tmp_path / "theirs.toml"
    shutil.copyfile(plan, base)
    shutil.copyfile(plan, theirs)
    stranger = tmp_path / "notes.txt"
    stranger.write_text(BASHRC)
    other_plan = tmp_path / "other.toml"
    shutil.copyfile(OTHER, other_plan)
    for target in (base, theirs, stranger, other_plan):
        before = target.read_bytes()
        status, err = run(capsys, "merge", base, plan, theirs, "-o", target)
        assert status == 2 and target.read_bytes() == before, err
        assert err.startswith(f"{target}: error: ") and err.endswith("not replaced (--force replaces it)\n")
    assert run(capsys, "merge", base, plan, theirs, "-o", tmp_path / "merged.toml")[0] == 0
    assert run(capsys, "merge", base, plan, theirs, "-o", tmp_path / "merged.toml")[0] == 0  # the same plan
    assert run(capsys, "merge", base, plan, theirs, "-o", plan)[0] == 0  # OURS: the default target anyway
    assert run(capsys, "merge", base, plan, theirs, "-o", stranger, "--force")[0] == 0
    assert load(stranger).workbook.meta.title == load(plan).workbook.meta.title


def test_a_workbook_as_stratbook_wrote_it_is_known_by_its_lineage_and_any_other_is_loaded(tmp_path, plan,
                                                                                           monkeypatch):
    """An earlier result of the same plan, untouched since Stratbook wrote it (its content is its
    revision), is not parsed again; one changed by hand is loaded and judged as before."""
    import tui.store.outputs as outputs

    workbook = load(plan).workbook
    assert workbook.meta.lineage
    loaded: list[Path] = []
    real_load = outputs.load
    monkeypatch.setattr(outputs, "load", lambda path: (loaded.append(Path(path)), real_load(path))[1])
    earlier = tmp_path / "merged.toml"
    shutil.copyfile(plan, earlier)
    assert replace_concern(earlier, "workbook", workbook=workbook) is None
    assert loaded == []
    # Changed by hand (still valid): no longer as written, so it is loaded, and is still this plan.
    earlier.write_text(plan.read_text(encoding="utf-8").replace('title = "', 'title = "Our ', 1), encoding="utf-8")
    assert replace_concern(earlier, "workbook", workbook=workbook) is None
    assert loaded == [earlier]
    # Broken by hand, with the lineage line kept: it does not load, so it is not replaced unasked.
    earlier.write_text(plan.read_text(encoding="utf-8") + "\n[[goals]]\nid = 5\n", encoding="utf-8")
    assert replace_concern(earlier, "workbook", workbook=workbook) == "is not a workbook of this plan"
    # Another plan, as Stratbook wrote it: its lineage differs, so it is loaded and judged.
    other = tmp_path / "other.toml"
    shutil.copyfile(OTHER, other)
    assert replace_concern(other, "workbook", workbook=workbook) == "is not a workbook of this plan"
    assert loaded[-1] == other
