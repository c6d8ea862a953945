"""Messages (toasts) are shown in the key's own screen update, in holders kept and reused
(tui/widgets/toasts.py): a reused toast must look as a new one does, and still come and go."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets._toast import ToastHolder, ToastRack

from tests.conftest import SAMPLES
from tests.ui.conftest import wait_until
from tui.app import StratbookApp, open_workbook
from tui.glyphs import glyphs
from tui.widgets.toasts import SteadyToast, show_kept

SIZE = (80, 24)


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", path)
    return path


def screen_drawn(app: StratbookApp) -> list[str]:
    return [repr(list(strip)) for strip in app.screen._compositor.render_strips()]


def screen_text(app: StratbookApp) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


def shown_holders(app: StratbookApp) -> list[ToastHolder]:
    rack = app.screen.get_child_by_type(ToastRack)
    return [holder for holder in rack.children if isinstance(holder, ToastHolder) and holder.display]


async def settled(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def drawn_by_a_new_app(path: Path, messages: list[tuple[str, str, str]]) -> list[str]:
    """The PESTLE screen of a new app that shows only `messages` (text, title, severity)."""
    fresh = open_workbook(path, start="pestle")
    async with fresh.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        fresh.clear_notifications()
        for message, title, severity in messages:
            fresh.notify(message, title=title, severity=severity, timeout=60, markup=False)
        await settled(pilot)
        return screen_drawn(fresh)


# Each: messages shown (and gone) first, then the message compared with a fresh app's.
EARLIER = [
    [("A much longer warning that wraps onto a second line of the toast, and then a third one, "
      "to be sure", "Careful", "warning")],
    [("[b]not bold[/b] [$accent]x", "", "error"), ("second", "A title", "information")],
    [("short", "", "information")],
]
LATER = [("Deleted: a threat [/] of the market", "", "information"),
         ("Cannot [b]save[/b]: disk full", "Not saved", "error"),
         ("Read-only", "", "warning")]


@pytest.mark.parametrize("earlier", EARLIER)
@pytest.mark.parametrize("later", LATER)
async def test_a_reused_toast_shows_what_a_new_one_shows(acme: Path, earlier, later) -> None:
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        app.clear_notifications()
        for message, title, severity in earlier:
            app.notify(message, title=title, severity=severity, timeout=60, markup=False)
        await settled(pilot)
        kept = shown_holders(app)
        assert len(kept) == len(earlier)
        app.clear_notifications()
        await settled(pilot)
        assert shown_holders(app) == []
        message, title, severity = later
        app.notify(message, title=title, severity=severity, timeout=60, markup=False)
        await settled(pilot)
        [holder] = shown_holders(app)
        assert holder is kept[0], "the message was not shown in a kept holder"
        assert screen_drawn(app) == await drawn_by_a_new_app(acme, [later]), "a reused toast does not look as a new one"


@pytest.mark.message_timeouts
async def test_a_message_appears_with_its_key_and_goes_away_after_its_timeout(acme: Path) -> None:
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        assert app.screen.get_child_by_type(ToastRack).show.__func__ is show_kept  # the override is in use
        app.clear_notifications()
        await settled(pilot)
        for round_ in range(2):  # the second time in the holder kept from the first
            app.notify(f"Short-lived {round_}", timeout=0.6, markup=False)
            # Shown at once, in the same update as whatever the key changed: no message hop.
            [holder] = shown_holders(app)
            assert isinstance(holder.kept_toast, SteadyToast)
            await settled(pilot)
            assert f"Short-lived {round_}" in screen_text(app)
            await wait_until(pilot, lambda: f"Short-lived {round_}" not in screen_text(app), timeout=10)
            assert shown_holders(app) == [] and list(app._notifications) == []


@pytest.mark.message_timeouts
async def test_messages_stack_oldest_first_and_each_goes_at_its_own_time(acme: Path) -> None:
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        app.clear_notifications()
        app.notify("first, long", timeout=60, markup=False)
        app.notify("second, short", timeout=0.5, markup=False)
        app.notify("third, long", severity="warning", timeout=60, markup=False)
        await settled(pilot)
        text = screen_text(app)
        assert text.index("first, long") < text.index("second, short") < text.index("third, long")
        await wait_until(pilot, lambda: "second, short" not in screen_text(app), timeout=10)
        app.notify("fourth", severity="error", timeout=60, markup=False)  # takes the freed holder
        await settled(pilot)
        text = screen_text(app)
        assert text.index("first, long") < text.index("third, long") < text.index("fourth")
        assert [holder.kept_toast._notification.message for holder in shown_holders(app)] == [
            "first, long", "third, long", "fourth"]
        assert [sorted(holder.kept_toast.classes & {"-information", "-warning", "-error"})
                for holder in shown_holders(app)] == [["-information"], ["-warning"], ["-error"]]


@pytest.mark.message_timeouts
async def test_messages_pushed_off_the_top_come_back_when_the_newer_ones_go(acme: Path) -> None:
    # Messages piled past the top of the screen are parked (hidden, time running): when the
    # newer ones go, the screen is what an app showing only the older ones draws.
    lasting = [(f"Lasting message {n}", "warning" if n % 2 else "information") for n in range(4)]
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        app.clear_notifications()
        await settled(pilot)
        for message, severity in lasting:
            app.notify(message, severity=severity, timeout=60, markup=False)
        for n in range(10):
            app.notify(f"Brief message {n}", timeout=1.0, markup=False)
        await settled(pilot)
        assert "Brief message 9" in screen_text(app) and "Lasting message 0" not in screen_text(app)
        await wait_until(pilot, lambda: "Brief message" not in screen_text(app), timeout=10)
        await settled(pilot)
        assert screen_drawn(app) == await drawn_by_a_new_app(acme, [(text, "", severity) for text, severity in lasting]), \
            "the messages under the pile are not shown as they were"



async def test_messages_piling_up_move_one_toast_each_and_show_what_a_new_app_shows(acme: Path, monkeypatch) -> None:
    """When messages pile up past the screen (d and ctrl+z pressed again and again), the toast of
    the oldest in view takes the newest: one holder moves (each moved laid the rack out again), a
    toast given a message of its own severity is not styled again (it was, twice), and the screen
    is what a new app showing the messages in view draws."""
    texts = ["Deleted the factor. ctrl+z brings it back.",
             "Undone: delete factor New tariffs on imported servo drives and grippers (in PESTLE)"]
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        app.clear_notifications()
        await settled(pilot)
        for n in range(10):  # more than fit: the screen is full of toasts
            app.notify(f"{texts[n % 2]} {n}", timeout=60, markup=False)
            await settled(pilot)
        moved: list[object] = []
        styled: list[object] = []
        move_child, restyle = ToastRack.move_child, SteadyToast.update_node_styles
        monkeypatch.setattr(ToastRack, "move_child", lambda self, *a, **kw: (moved.append(a), move_child(self, *a, **kw))[1])
        monkeypatch.setattr(SteadyToast, "update_node_styles", lambda self, *a, **kw: (styled.append(self),
                                                                                      restyle(self, *a, **kw))[1])
        shown = []
        for n in range(10, 20):
            severity = "warning" if n >= 18 else "information"  # the toast taken showed information
            app.notify(f"{texts[n % 2]} {n}", severity=severity, timeout=60, markup=False)
            await settled(pilot)
            assert len(moved) <= 1, f"message {n} moved {len(moved)} toasts"
            assert len(styled) == (severity == "warning"), f"message {n} styled {len(styled)} toasts"
            moved.clear(), styled.clear()
            shown = [(holder.kept_toast._notification.message, holder.kept_toast._notification.severity)
                     for holder in shown_holders(app)]
            assert [text for text, _ in shown] == [f"{texts[k % 2]} {k}" for k in range(n - len(shown) + 1, n + 1)]
        monkeypatch.undo()
        assert len(shown) > 3
        assert screen_drawn(app) == await drawn_by_a_new_app(acme, [(text, "", severity) for text, severity in shown]), \
            "the toasts taken for new messages do not show what new ones would"



async def test_a_layout_wraps_only_the_new_message_and_a_toast_s_height_follows_its_message(acme: Path, monkeypatch) -> None:
    """Each layout asks every toast in view for its height: a toast whose message, width and room
    are those it was measured for answers without wrapping its text again, and one given a message
    of another height takes that height (a kept height that went stale would overlap or gap)."""
    from tui.widgets import toasts

    long = "A much longer message that wraps onto a second and a third line of the toast, to be sure of it"
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        app.clear_notifications()
        await settled(pilot)
        for message in (long, *(f"Lasting message {n}" for n in range(4))):
            app.notify(message, timeout=60, markup=False)
        await settled(pilot)
        wrapped: list[str] = []
        fitted = toasts.fitted
        monkeypatch.setattr(toasts, "fitted", lambda content, width, rows: (wrapped.append(content.plain),
                                                                            fitted(content, width, rows))[1])
        app.notify("The newest", timeout=60, markup=False)
        await settled(pilot)
        assert wrapped and set(wrapped) == {"The newest"}, wrapped
        monkeypatch.undo()
        first, *others = shown_holders(app)
        short = others[0].kept_toast.region.height
        assert first.kept_toast.region.height > short
        app.clear_notifications()
        await settled(pilot)
        app.notify("short again", timeout=60, markup=False)  # in the holder that showed the long one
        await settled(pilot)
        assert shown_holders(app) == [first]
        assert first.kept_toast.region.height == short
        assert screen_drawn(app) == await drawn_by_a_new_app(acme, [("short again", "", "information")])


async def test_a_key_s_message_is_in_the_key_s_own_screen_update(acme: Path) -> None:
    # d deletes a row and says so: the first update drawn after the key shows both (Textual
    # drew the message one or two updates later, each at least 1/60 s after the last).
    from tui.model.links import links_to

    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        screen = app.screen
        screen.checklist.focus()
        while (target := screen._target()[1]) is None or links_to(app.workbook, [target.id]):
            await pilot.press("down")
        app.clear_notifications()
        await settled(pilot)
        first: list[str] = []
        display = app._display

        def recorded(shown_screen, renderable) -> None:
            display(shown_screen, renderable)
            if renderable is not None and not first:
                first.append(screen_text(app))

        app._display = recorded  # type: ignore[method-assign]
        await pilot.press("d")
        await wait_until(pilot, lambda: first)
        assert target.id not in {item.id for factor in app.workbook.pestle.factors.values() for item in factor.items}
        assert "Deleted the" in first[0], first[0]
        assert target.text[:20] not in first[0]


# -- a message taller than the screen -------------------------------------------------------------

def toast_region(app: StratbookApp):
    (toast,) = [holder.kept_toast for holder in shown_holders(app)]
    return toast, toast.region


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (50, 16), (40, 12)])
async def test_a_message_too_tall_for_the_screen_keeps_its_title_and_its_last_line_in_view(
        tmp_path: Path, monkeypatch, size: tuple[int, int]) -> None:
    """The rough draft opens with eight warnings (and comments, which a save keeps: nothing to
    say of them): four warnings, then where to see the rest. On a
    small terminal, each wrapped onto several lines of the toast, and the toast grew past the top
    and the bottom of the screen: its title and the line saying where the rest are were cut off
    (at 80x24 too, by two rows)."""
    shutil.copy(SAMPLES / "rough-draft.toml", tmp_path / "rough.toml")
    monkeypatch.chdir(tmp_path)
    app = open_workbook("rough.toml")  # as `stratbook rough.toml` opens it
    async with app.run_test(size=size, notifications=True) as pilot:
        await settled(pilot)
        toast, region = toast_region(app)
        assert region.y >= 0 and region.bottom <= size[1], f"the toast {region} does not fit in {size}"
        shown = str(toast.render()).splitlines()
        words = " ".join(shown)
        assert words.startswith("Opened with warnings rough.toml:67:"), shown  # the title, the first warning
        assert shown[-1].endswith("all)")  # (stratbook check FILE lists them all)
        if size == (80, 24):
            assert glyphs.ellipsis_text not in shown  # room for all of it: nothing left out
            assert "rough.toml:67: warning:" in words  # the first warning
        else:
            assert glyphs.ellipsis_text in shown  # said where it was cut
            assert len(shown) == region.height - 2  # each line one row: all in view, less the padding
        text = screen_text(app)
        assert "Opened with" in text and "all)" in text  # drawn, not only made


async def test_a_message_that_fits_is_shown_whole(tmp_path: Path) -> None:
    app = open_workbook(tmp_path / "new.toml", start="pestle")
    async with app.run_test(size=(40, 12), notifications=True) as pilot:
        await settled(pilot)
        app.clear_notifications()
        app.notify("one\ntwo\nthree", title="Three lines", timeout=60, markup=False)
        await settled(pilot)
        (toast,) = [holder.kept_toast for holder in shown_holders(app)]
        assert str(toast.render()).splitlines() == ["Three lines", "one", "two", "three"]
        text = screen_text(app)
        assert all(word in text for word in ("Three lines", "one", "two", "three"))


async def test_undo_and_redo_say_the_last_step_in_one_message_not_a_pile(acme: Path) -> None:
    # Found from outside: three ctrl+z in a row stacked three messages over the Threats quadrant.
    # Each undo or redo says what it did in the place of the one before; the log keeps them all.
    app = open_workbook(acme, start="swot")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("minus", "down")  # weigh an item, then the next: one edit each
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z", "ctrl+y")
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications if str(n.message).startswith(("Undone", "Redone"))]
        assert len(shown) == 1 and shown[0].startswith("Redone"), shown
        logged = [said for said in app.message_log.newest_first() if said.text.startswith(("Undone", "Redone"))]
        assert len(logged) == 4
