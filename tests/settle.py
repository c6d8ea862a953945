"""Pilot waits until the app has settled, not for fixed windows of time.

Textual's Pilot waits for "idle" by sleeping 20 ms at a time until the process used under 1 ms of
processor time in a window (textual/_wait.py), twice per key and once per pause: at least 40 ms a
key whatever the app did, and a guess (a busy machine stretches it, a thread blocked on a disk
cuts it short). `wait_until_settled` waits for the condition that guess stands for: the event
loop has nothing left to run. Every message, callback, refresh and async worker the key caused is
a ready handle of the loop, or a timer about to fire (the screen's refresh timer runs at 60 fps);
a thread worker is running until it posts its result back; a refresh the screen owes (and what
waits for it) is drawn at once, however far off its timer's tick, as Pilot.pause draws at its
end. When none of those is left, two turns of the loop in a row, everything the key caused has
been handled and drawn, and the next input can come. Timers further off (a cursor's blink, a toast's timeout, a debounce) are not work the
key is waiting on: a test that needs one waits for its effect (`wait_until` in tests/ui/conftest.py),
as it had to before.

`install()` puts it in place of `textual._wait.wait_for_idle` where Pilot and App use it
(Pilot.pause, Pilot.press through App._press_keys, Pilot.exit, wait_for_scheduled_animations)
and of Pilot._wait_for_screen, so every test in this process, snapshots included, waits this way. Run a test with
STRATBOOK_TEXTUAL_IDLE=1 to wait as Textual does, to compare.
"""

from __future__ import annotations

import asyncio
import os
import time

SOON = 0.025
"""A timer due within this many seconds is work in progress: the screen's refresh timer (1/60 s)
and anything as short. Textual's idle window was 20 ms, so nothing it waited for is left out."""

LIMIT = 30.0
"""Give up waiting after this long (as Pilot's own wait for the screen does): an app that never
settles still lets the test go on and fail on what it asserts."""

gave_up = 0
"""How many waits ran out of time in this process (a test of the waiting can check it)."""


def _thread_workers_running() -> bool:
    from textual._context import active_app
    from textual.worker import WorkerState

    try:
        app = active_app.get()
    except LookupError:
        return False
    return any(worker._thread_worker and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
               for worker in app.workers)


def _keys_waiting() -> bool:
    """Keys typed ahead that the app holds until the key before has done its work (tui/typeahead.py):
    it lets each one go when the screen has drawn, which the loop may not show as pending."""
    from textual._context import active_app

    try:
        app = active_app.get()
    except LookupError:
        return False
    return bool(getattr(app, "_waiting", None)) or getattr(app, "_releasing", None) is not None


def _app_ended() -> bool:
    from textual._context import active_app

    try:
        app = active_app.get()
    except LookupError:
        return False
    return app._exit or app._closed


def _owed_refresh():
    """The current screen if it has work to draw (its refresh timer is running) or callbacks to run
    once drawn (`call_after_refresh`: a jump's cursor), else None. That timer keeps to a 60 fps
    grid: resumed just after a late tick, its next tick can be two periods away, beyond `SOON`."""
    from textual._context import active_app

    try:
        screen = active_app.get().screen
    except Exception:  # no app, or no screen yet
        return None
    timer = screen.__dict__.get("_Screen__update_timer")  # Textual makes it when first needed
    return screen if screen._callbacks or (timer is not None and timer._active.is_set()) else None


def _owed_animations():
    """The app's animator if animations are off and it has some under way (a scroll asked to
    animate): its next tick ends them all, and a tick with none left pauses its timer."""
    from textual._context import active_app

    try:
        app = active_app.get()
    except LookupError:
        return None
    animator = app.__dict__.get("_animator")
    if animator is None or app.animation_level != "none":
        return None
    return animator if animator._animations or animator._timer._active.is_set() else None


REFRESHES = 50
"""At most this many refreshes are brought forward in one wait; then the wait waits for the timer
(an app that asks for a refresh at every refresh, an animation, still settles or gives up)."""


def _paused_refresh_sleeps() -> set[int]:
    """The futures that paused refresh timers sleep on. A screen's refresh timer, paused by the
    refresh it ran (or that the wait drew), still sleeps to its next tick, then waits to be
    resumed: that sleep is no work, and waiting for it cost a UI test a quarter of its time. The
    same for the animator's timer, paused when no animation is left (see `_owed_animations`)."""
    from textual._context import active_app

    try:
        screens = active_app.get().screen_stack
    except Exception:  # no app, or no screen yet
        return set()
    sleeping = set()
    animator = active_app.get().__dict__.get("_animator")
    for timer in [*(screen.__dict__.get("_Screen__update_timer") for screen in screens),
                  getattr(animator, "_timer", None)]:
        if timer is not None and not timer._active.is_set() and timer._task is not None:
            waiter = timer._task._fut_waiter  # type: ignore[attr-defined]
            if waiter is not None:
                sleeping.add(id(waiter))
    return sleeping


def _next_timer(loop: asyncio.AbstractEventLoop) -> float | None:
    """When the loop's next live timer is due (loop time), or None; a paused refresh timer's sleep
    is not one."""
    idle = _paused_refresh_sleeps()
    due = [handle.when() for handle in loop._scheduled  # type: ignore[attr-defined]
           if not handle.cancelled() and not (handle._args and id(handle._args[0]) in idle)]
    return min(due) if due else None


async def wait_until_settled(min_sleep: float = 0, max_sleep: float = 1) -> None:
    """Return when the event loop has had nothing to do for two turns in a row: no ready handle
    (a message, a callback, a task), no timer due within `SOON`, no thread worker running.
    The arguments are wait_for_idle's, for its callers; the wait depends on the app, not on them."""
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + LIMIT
    quiet_turns = 0
    refreshes = animated = 0
    global gave_up
    while quiet_turns < 2:
        if time.monotonic() > deadline:
            gave_up += 1
            return
        await asyncio.sleep(0)
        if _app_ended():
            return  # quit: what is left (a timer, a thread) no longer belongs to a running app
        if _keys_waiting():  # the app waits for the loop to rest before the next key: let it
            quiet_turns = 0
            await asyncio.sleep(0.001)
            continue
        if loop._ready:  # type: ignore[attr-defined]
            quiet_turns = 0
            continue
        if refreshes < REFRESHES and (screen := _owed_refresh()) is not None:
            # Drawn now rather than at the timer's tick, as Pilot.pause draws at its end: the same
            # refresh (the timer is paused by it), without the wait; its callbacks come next.
            refreshes += 1
            quiet_turns = 0
            screen._on_timer_update()
            continue
        if animated < REFRESHES and (animator := _owed_animations()) is not None:
            # Ended now rather than at the animator's next tick: with animations off (the tests'
            # TEXTUAL_ANIMATIONS=none) that tick ends each one (a scroll jumps to where it goes).
            animated += 1
            quiet_turns = 0
            animator()
            continue
        due = _next_timer(loop)
        if due is not None and due - loop.time() <= SOON:
            quiet_turns = 0
            await asyncio.sleep(max(0.0, due - loop.time()))
        elif _thread_workers_running():
            quiet_turns = 0
            await asyncio.sleep(0.001)  # the thread posts its result; nothing in the loop to wait on
        else:
            quiet_turns += 1


async def _wait_for_screen(pilot, timeout: float = 30.0) -> bool:
    """Pilot._wait_for_screen, which posted a callback to every widget of the screen and waited
    for them all (a message and an idle pass per widget, at every press and pause): the settled
    loop covers those messages, and every other one, for the cost of a few turns."""
    await wait_until_settled()
    return True


def install() -> None:
    """Pilot (and App._press_keys, which Pilot.press calls) wait with `wait_until_settled`."""
    if os.environ.get("STRATBOOK_TEXTUAL_IDLE"):
        return
    import textual._wait
    import textual.app
    import textual.pilot

    textual._wait.wait_for_idle = wait_until_settled
    textual.app.wait_for_idle = wait_until_settled
    textual.pilot.wait_for_idle = wait_until_settled
    textual.pilot.Pilot._wait_for_screen = _wait_for_screen
