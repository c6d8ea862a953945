"""Keys typed ahead: each key reaches the app once the key before it has done its work.

Textual hands each key from the terminal to the focused widget's queue at once. A burst (a slow
SSH link catching up, a paste, a fast typist) therefore reached the section's list whole before
its first key had opened a dialog: `a Hello` opened the add form and lost `Hello`, and an `e` in
it could open an edit form of the item under the cursor. Here a key that arrives while the key
before is still at work waits: until that key has been handled (stopped by a widget, or through
the app's key bindings) and what it set off is done (a dialog composed and focused, a step of the
wizard mounted, a box opened). Then it goes where the focus is now: a burst does what the same
keys typed slowly do, as in any terminal editor. Keys typed one by one never wait.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump

STUCK_AFTER = 1.0
"""Seconds after which a key that never reported back no longer holds up the keys behind it."""
MOST_WAIT = 1.0
"""Seconds of this process's processor time a waiting key waits at most for an event loop that
never rests. Processor time, not time on the clock: on a loaded machine (or with a big workbook)
a section can take a second of the clock to open, and a key let go before it is made went to
whatever had the focus for a moment (`2 1` typed `1` into the vision box)."""
LONGEST_WAIT = 5.0
"""Seconds on the clock a waiting key waits at most, however little the process ran meanwhile."""
REFRESH_STEP = 1 / 120
"""How often to look again while a screen owes work after its refresh: its refresh timer runs 60
times a second."""
MOST_REFRESH_WAIT = 2.0
"""Seconds of an app at rest after which the keys behind a key stop waiting for the work it left
to run after a refresh (work on a screen not shown may never run). While the app works (a section
opening on a loaded machine took more than this on the clock), the wait goes on."""
LONGEST_REFRESH_WAIT = 30.0
"""Seconds on the clock the keys behind a key wait at most for that work, however busy the app."""
BUSY_SHARE = 0.1
"""The app is at work while this process uses at least this share of the time on the clock."""


async def until_the_loop_is_idle(most_wait: float = MOST_WAIT) -> None:
    """Return when the event loop has had nothing ready to run for two turns in a row (a timer due
    later does not count), or after `most_wait` seconds of processor time (or `LONGEST_WAIT` on
    the clock) of a loop that stays busy."""
    ready = getattr(asyncio.get_running_loop(), "_ready", None)  # CPython's loop: callbacks to run now
    if ready is None:  # another kind of loop: give the work a moment
        await asyncio.sleep(0.02)
        return
    work_deadline = time.process_time() + most_wait
    deadline = time.monotonic() + LONGEST_WAIT
    quiet = 0
    while quiet < 2 and time.process_time() < work_deadline and time.monotonic() < deadline:
        await asyncio.sleep(0)
        quiet = 0 if ready else quiet + 1


class KeyHandled(Message):
    """Sent to a key's widget right behind the key: it bubbles to the app along the key's path,
    after the key, whether or not a widget on the way stopped the key."""

    def __init__(self, key: events.Key | events.Paste) -> None:
        super().__init__()
        self.key = key


class TypeAhead(App):
    """A mixin for the app: raw keys and pastes routed one at a time (see the module's docstring)."""

    _in_flight: events.Key | events.Paste | None = None
    _flight_target: MessagePump | None = None
    _waiting: deque[events.Key | events.Paste] | None = None
    _releasing: asyncio.Task | None = None
    _stuck_timer: asyncio.TimerHandle | None = None
    _watched: events.Key | events.Paste | None = None
    _refresh_deadline: float = 0.0
    _refresh_cap: float = 0.0
    _refresh_looked: tuple[float, float] = (0.0, 0.0)

    last_input_at = 0.0
    """When the last key or paste arrived (time.monotonic): work that can wait waits for a pause."""

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)
            return
        self.last_input_at = time.monotonic()
        if self._waiting is None:
            self._waiting = deque()
        target = self._flight_target
        if self._in_flight is not None and target is not None and (target._closing or target._closed):
            self._in_flight = None  # its widget went away with it: it will not report back
        if self._in_flight is not None or self._waiting or self._releasing is not None:
            self._waiting.append(event)
            self._watch_for_a_stuck_key()
            return
        await self._route(event)

    async def _route(self, key: events.Key | events.Paste) -> None:
        target = self.focused or self.screen  # where Textual's App.on_event sends it
        self._in_flight, self._flight_target = key, target
        await super().on_event(key)
        if not key.is_forwarded:  # a priority binding took it (or nothing could): done now
            self._key_done(key)
        else:
            target.post_message(KeyHandled(key))

    def _on_key(self, event: events.Key) -> None:
        # It bubbled all the way. Textual calls the key handler of every class in the MRO that has
        # one, App's (the key bindings) after this: the key is done once this message is handled.
        self.call_next(self._key_done, event)

    def on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        self._key_done(message.key)

    def _key_done(self, key: events.Key | events.Paste) -> None:
        if key is not self._in_flight:
            return
        self._in_flight = self._flight_target = None
        now = time.monotonic()
        self._refresh_deadline, self._refresh_cap = now + MOST_REFRESH_WAIT, now + LONGEST_REFRESH_WAIT
        self._refresh_looked = (now, time.process_time())
        if self._waiting and self._releasing is None:
            self._releasing = asyncio.create_task(self._release_when_idle())

    async def _release_when_idle(self) -> None:
        """What the key set off (messages and callbacks in the event loop, and what it left to run
        after a refresh) is done when the loop has nothing ready to run and no screen owes work
        after its refresh: then the next key goes where the focus is now."""
        try:
            await until_the_loop_is_idle()
            while self._after_refresh_pending() and self._still_waiting_for_refresh():
                await asyncio.sleep(REFRESH_STEP)
                await until_the_loop_is_idle()
        finally:
            self._releasing = None
        if self.is_running and not self._closing:
            self.call_later(self._route_next)  # routed from the app's own loop, as Textual does

    def _after_refresh_pending(self) -> bool:
        """Work a key left to run after the next refresh (`call_after_refresh`: a jump puts the
        cursor on its item once the section is drawn). Textual 8.2.8 keeps it in `Screen._callbacks`
        of the screen shown when it was asked for (the section a jump left, too) until that screen's
        refresh or idle: not a ready handle of the loop."""
        return any(screen._callbacks for stack in self._screen_stacks.values() for screen in stack)

    def _still_waiting_for_refresh(self) -> bool:
        """Whether the keys behind a key still wait for the work it left to run after a refresh:
        the wait runs out after MOST_REFRESH_WAIT seconds at rest, since the app last worked."""
        now, used = time.monotonic(), time.process_time()
        looked_at, used_then = self._refresh_looked
        if used - used_then >= BUSY_SHARE * (now - looked_at):  # at work since the last look
            self._refresh_deadline = min(now + MOST_REFRESH_WAIT, self._refresh_cap)
        self._refresh_looked = (now, used)
        return now < self._refresh_deadline

    async def _route_next(self) -> None:
        if self._in_flight is None and self._releasing is None and self._waiting:
            if self._after_refresh_pending() and self._still_waiting_for_refresh():
                # Asked for while this call waited in the app's queue (a jump's cursor, once the
                # section it opened is drawn): wait for that too.
                self._releasing = asyncio.create_task(self._release_when_idle())
                return
            await self._route(self._waiting.popleft())

    def _watch_for_a_stuck_key(self) -> None:
        """While keys wait, look every STUCK_AFTER seconds that they move on. An asyncio timer, not
        a Textual one: a Textual timer set while the command palette ran a command never fired
        (Textual 8.2.8), and the keys waited for good."""
        if self._stuck_timer is None:
            self._watched = self._in_flight
            self._stuck_timer = asyncio.get_running_loop().call_later(STUCK_AFTER, self._look_for_a_stuck_key)

    def _look_for_a_stuck_key(self) -> None:
        self._stuck_timer = None
        if not self.is_running or self._closing:
            return
        if self._in_flight is not None and self._in_flight is self._watched:
            self._in_flight = self._flight_target = None  # the same key still: it will not report back
        if self._waiting and self._in_flight is None and self._releasing is None:
            self.call_later(self._route_next)  # nothing left to send them on: send them on
        if self._waiting:
            self._watch_for_a_stuck_key()
