"""The recovery file's watch looks at the goal wizard's typing every two seconds, whatever the
wizard is doing then: it must never find it half made. A list pasted into the key results
redraws the step with a row for each line, and a tick that fell while the step was being made
again read rows not yet there: the app stopped (NoMatches '#kr-0-text', once in a suite's run).
A tick between the paste and the redraw read the rows shown back into the goal, and the pasted
lines that had no row yet were lost. And two redraws at once each mounted a step.
Here the watch looks before every message while steps are made and remade (again only when
something it reads has changed since its last look: what it would find is the same)."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.message_pump import MessagePump
from textual.widgets import Input

from tui.app import open_workbook
from tui.modals.wizard import GoalWizard

SIZE = (80, 24)


async def test_the_watch_reads_the_wizard_at_any_moment_of_its_steps_being_made(sample_copy: Path,
                                                                                monkeypatch) -> None:
    app = open_workbook(sample_copy, start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "down", "enter", *"Win the north")  # an OKR
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, GoalWizard)
        failures: list[BaseException] = []
        looks = 0
        looked_at = None
        real_dispatch = MessagePump._dispatch_message

        walked: list = [None, [], []]  # the wizard's node list's count of changes, its nodes, its fields

        def seen() -> tuple:
            """All a look can read: the screens, the wizard's flags and step, the nodes under it and
            their ids, what each field holds, the step's own settings (how many rows) and the draft.
            Equal to what the last look saw, a look reads the same and finds the same (a look only
            stores the fields into the draft). The nodes are walked again only when a node under the
            wizard was added, moved or removed (Textual counts that in each ancestor's node list)."""
            step = wizard.step
            if walked[0] != wizard._nodes._updates:
                nodes = wizard.walk_children()
                fields = [(node, name) for node in nodes for name in ("value", "highlighted", "text")
                          if hasattr(type(node), name)]
                walked[:] = wizard._nodes._updates, nodes, fields
            _, nodes, fields = walked
            return (tuple(app.screen_stack), wizard._switching, wizard.index, step, walked[0],
                    None if step is None else {k: v for k, v in vars(step).items() if not k.startswith("_")},
                    repr(wizard.state.draft), [node.id for node in nodes],
                    [getattr(node, name) for node, name in fields])

        async def dispatch(pump, message):
            nonlocal looks, looked_at
            # Before every message anywhere: where a tick of the watch may fall. It looks again only
            # if something it reads changed since its last look (most messages change nothing there,
            # and a look took 0.7 ms: 2.3 s of the test's 4.5).
            if seen() != looked_at:
                try:
                    app.file._dialog_work()  # what the watch reads of the dialogs open
                    wizard.holds_typing()  # what quitting asks
                except Exception as error:  # noqa: BLE001 - what the watch's tick would have raised
                    failures.append(error)
                looks += 1
                looked_at = seen()  # as the look left it (it stores the fields shown into the draft)
            return await real_dispatch(pump, message)

        monkeypatch.setattr(MessagePump, "_dispatch_message", dispatch)
        await wizard.go_to_key("key_results")
        await pilot.pause()
        app.focused.post_message(events.Paste("\n".join(f"Result {n}" for n in range(1, 8))))
        for _ in range(5):
            await pilot.pause()
        texts = [w.value for w in app.screen.query(".kr-text").results(Input)]
        assert texts[:7] == [f"Result {n}" for n in range(1, 8)], "the lines that did not fit were lost"
        wizard.call_later(wizard.show_step)  # two redraws at once, as a paste and a key can ask
        await wizard.show_step()
        for _ in range(5):
            await pilot.pause()
        monkeypatch.undo()
        assert looks > 20
        assert not failures, f"the watch found the wizard half made: {failures[0]!r}"
        assert len(wizard.query("KeyResultsStep")) == 1, "two redraws at once mounted two steps"
        assert [w.value for w in app.screen.query(".kr-text").results(Input)] == texts
