"""Import a reply and Send by email, from the command palette."""

from __future__ import annotations

import email
import email.policy
import shutil
from contextlib import asynccontextmanager
from email.message import EmailMessage
from pathlib import Path

from textual.widgets import Input, OptionList

from tests.conftest import SAMPLES
from tests.ui.conftest import palette_search, type_text, wait_until
from tui.app import open_workbook
from tui.modals.compare import CompareScreen
from tui.modals.differences import DifferencesScreen
from tui.modals.form import FormDialog
from tui.store import load, save

SIZE = (80, 24)


def sent_and_replied(tmp_path: Path, old: bytes, new: bytes) -> tuple[Path, Path]:
    """plan.toml as sent (its snapshot kept), and a reply whose attachment a colleague edited by hand."""
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", plan)
    save(load(plan).workbook, plan)  # a save by Stratbook keeps the sent revision's snapshot
    attachment = plan.read_bytes()
    assert old in attachment
    message = EmailMessage()
    message["From"], message["Subject"] = "Grace <grace@example.com>", "Re: the plan"
    message.set_content("Edited.")
    message.add_attachment(attachment.replace(old, new, 1), maintype="application", subtype="toml",
                           filename="plan (1).toml")
    reply = tmp_path / "reply.eml"
    reply.write_bytes(message.as_bytes())
    return plan, reply


async def run_command(pilot, title: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await palette_search(pilot, title)
    await pilot.press("enter")
    await pilot.pause()


async def test_import_a_reply_is_one_undoable_merge_then_shows_what_changed(tmp_path: Path) -> None:
    plan, reply = sent_and_replied(tmp_path, b"weight = 4", b"weight = 1")
    on_disk = plan.read_bytes()
    app = open_workbook(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.workbook.vmv.mission = "Ours, edited since"  # an edit of ours the merge must keep
        await run_command(pilot, "Import a reply")
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "rep")
        await pilot.pause()
        await pilot.press("right")  # takes the completion
        await wait_until(pilot, lambda: app.screen.query_one(Input).value.endswith("/reply.eml"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DifferencesScreen))
        shown = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any("weight" in line for line in shown)
        assert app.workbook.swot.strengths[0].weight == 1
        assert app.workbook.vmv.mission == "Ours, edited since"
        assert app.dirty and plan.read_bytes() == on_disk  # merged in the app; saved only when asked
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.swot.strengths[0].weight == 4  # one step undoes the whole import


async def test_import_with_a_conflict_then_offers_to_settle_it(tmp_path: Path) -> None:
    plan, reply = sent_and_replied(tmp_path, b"weight = 4", b"weight = 1")
    app = open_workbook(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.workbook.swot.strengths[0].weight = 5  # ours changed the same field
        await run_command(pilot, "Import a reply")
        await type_text(pilot, reply.name)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DifferencesScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        assert app.workbook.swot.strengths[0].weight == 5  # ours kept until settled


@asynccontextmanager
async def send_dialog(tmp_path: Path, monkeypatch):
    """The Acme sample copied to `plan.toml`, opened, with Send by email asking: (plan, pilot)."""
    monkeypatch.setenv("EMAIL", "priya@example.com")
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", plan)
    app = open_workbook(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Send by email")
        assert isinstance(app.screen, FormDialog)
        yield plan, pilot


async def test_send_by_email_writes_an_eml_beside_the_workbook(tmp_path: Path, monkeypatch) -> None:
    async with send_dialog(tmp_path, monkeypatch) as (plan, pilot):
        await type_text(pilot, "Grace Hopper <grace@example.com>, tom@example.com")
        await pilot.press("enter")
        await wait_until(pilot, lambda: plan.with_suffix(".eml").exists())
    message = email.message_from_bytes(plan.with_suffix(".eml").read_bytes(), policy=email.policy.default)
    assert message["To"] == "Grace Hopper <grace@example.com>, tom@example.com"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_payload(decode=True) == plan.read_bytes()


async def test_an_address_that_is_not_one_is_said_in_the_dialog_with_the_typing_kept(tmp_path: Path,
                                                                                      monkeypatch) -> None:
    # The dialog closed, the send failed with a message, and the addresses and note typed were gone.
    async with send_dialog(tmp_path, monkeypatch) as (plan, pilot):
        app = pilot.app
        await type_text(pilot, "Grace Hopper, tom@example.com")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "not an email address: Grace" in str(app.screen.query_one("#form-error").render())
        assert app.screen.query_one("#field-to").value == "Grace Hopper, tom@example.com"
        assert not plan.with_suffix(".eml").exists()
