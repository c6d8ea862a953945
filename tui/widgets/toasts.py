"""Toasts shown in the screen update of the key that raised them, in widgets kept for reuse.

Textual 8.2.8 shows a message (`notify`) in three hops: the Notify message, then a
`call_later` of `ToastRack.show`, which mounts a new ToastHolder and Toast for it; each
mounted widget is styled and laid out, and the screen is laid out once more when the toast's
`virtual_size` is set. So a key that shows a message drew the screen two or three times, each
at least 1/60 s after the last, and paid about 15 ms of processor time for the message.

Here a message is put in the toast rack at once (in the key's own screen update), and the rack
keeps its holders: a holder hidden when its message goes is shown again, restyled and
re-rendered, for the next message. What the user sees is Textual's: every live message in a
toast, oldest at the top, each for its timeout, its severity's style, a click dismisses it.

Two things Textual does not do, for keyboard users at 80x24: every message is kept in the app's
message log (tui/model/messages.py), to be read again after it has gone; and a message steps aside
when a dialog opens over it (`step_aside`): the dialog shows only what is said while it is open,
and the screen under it shows the older messages again, for the time they have left, once it
closes (at 80x24 an opening's warnings covered the check-in form's fields for their 8 seconds).
"""

from __future__ import annotations

import threading

from textual.app import ComposeResult, ScreenStackError
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Mount
from textual.geometry import Size
from textual.notifications import Notification, Notifications, SeverityLevel
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import _toast

from tui.glyphs import glyphs
from tui.model.messages import MessageLog

SEVERITY_CLASSES = ("-information", "-warning", "-error")
TOAST_ROWS_AT_LEAST = 4
"""The fewest rows a toast takes: a line of text, its padding above and below, its margin."""


def fitted(content: Content, width: int, rows: int) -> Content:
    """`content` as it can be read in `rows` lines of `width`: whole if it fits; else its first
    lines, a line of its own saying it was cut, and its last line (where a list of warnings says
    where to see them all), or only its first lines if even that last line would not fit."""
    paragraphs = [paragraph.wrap(width) for paragraph in content.split("\n", allow_blank=True)]
    lines = [line for paragraph in paragraphs for line in paragraph]
    if len(lines) <= rows:
        return content
    last = paragraphs[-1]
    if rows - len(last) - 1 < 1:
        return Content("\n").join([*lines[:rows - 1], Content(glyphs.ellipsis_text)])
    head = lines[:rows - len(last) - 1]
    return Content("\n").join([*head, Content(glyphs.ellipsis_text), *last])


class SteadyToast(_toast.Toast):
    """A toast that can show one message after another, and whose new size lays nothing out
    again (its height is worked out by the layout that shows it: `height: auto`)."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)

    _expiry: Timer | None = None
    in_use = True
    """Showing a message (or about to: its clock starts as it mounts), not withdrawn."""

    def _room(self) -> int:
        """The lines the text may take: the screen's rows less the toast's margin and padding, and
        the footer's row."""
        styles = self.styles
        return max(1, self.screen.size.height - styles.margin.top - styles.gutter.height - 1)

    def render(self) -> Content:
        # Textual 8.2.8's toast grows with its message, past the top and the bottom of the screen
        # (the rack is docked at the bottom): its title and last line were cut off on a small
        # terminal. A message taller than the screen is cut to fit, saying so.
        content = super().render()
        width = self.content_region.width
        return fitted(content, width, self._room()) if width and self.is_attached else content

    _height_for: tuple[tuple, int] = ((), 0)
    """The height worked out last, and what it was worked out for."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Worked out again only for another message, width, room or wrapping: every layout of the
        # screen asks each toast in view (seven when messages pile up), and each asked made the
        # message's text and wrapped it anew.
        if not width:
            return 0
        styles = self.styles
        room = self._room()
        key = (self._notification, width, room, styles.get("line_pad", 0), styles.get("text_overflow", "fold"),
               styles.get("text_wrap", "wrap"))
        if self._height_for[0] != key:
            self._height_for = (key, fitted(super().render(), width, room).get_height(styles, width))
        return self._height_for[1]

    def present(self, notification: Notification) -> None:
        """Show `notification` in this toast, for the time it has left."""
        self.in_use = True
        if notification is not self._notification:
            self._notification = notification
            severity = f"-{notification.severity}"
            others = [name for name in SEVERITY_CLASSES if name != severity]
            if not self.has_class(severity) or any(self.has_class(name) for name in others):
                # Styled again once, and only for a new severity: taking the class off and putting
                # it back styled the toast twice for the same look (Textual 8.2.8: DOMNode.set_class).
                self.remove_class(*others, update=False)
                self.add_class(severity, update=False)
                self.update_node_styles()
            self.refresh(layout=True)  # new text: new height
        self._start_clock()

    def withdraw(self) -> None:
        """Stop this toast's clock: its holder is hidden until the next message."""
        self.in_use = False
        if self._expiry is not None:
            self._expiry.stop()
            self._expiry = None

    def _start_clock(self) -> None:
        if self._expiry is not None:
            self._expiry.stop()
        notification = self._notification
        self._expiry = self.set_timer(max(notification.time_left, 0), lambda: self._time_out(notification))

    def _on_mount(self, event: Mount) -> None:
        # Textual 8.2.8's Toast._on_mount starts a timer that removes the toast: ours instead,
        # kept so that it can be stopped (Widget._on_mount, next in line, does nothing here).
        event.prevent_default()
        if self.in_use:
            self._start_clock()

    def _time_out(self, notification: Notification) -> None:
        # Textual 8.2.8's Toast._expire, less the removal: the rack hides the holder, or gives it
        # the next message. (A click still runs Toast._expire: that holder goes, as in Textual.)
        if notification is not self._notification or not self.in_use:
            return  # a clock stopped as it went off: this toast shows another message now
        self._expiry = None
        self.app._unnotify(self._notification, refresh=False)
        rack = self.parent.parent if self.parent is not None else None
        if isinstance(rack, _toast.ToastRack):
            rack.show(self.app._notifications)


def holder_of(toast: SteadyToast) -> _toast.ToastHolder:
    """A holder for `toast` that knows it (its child is there only once it is mounted)."""
    holder = _toast.ToastHolder(toast)
    holder.kept_toast = toast  # type: ignore[attr-defined]
    return holder


def spare_holder() -> _toast.ToastHolder:
    """A hidden holder, made with its rack: a screen's first message is shown in it at once,
    as a mounted toast (a toast mounted for it would show one screen update later)."""
    toast = SteadyToast(Notification("", timeout=0))
    toast.in_use = False
    holder = holder_of(toast)
    holder.display = False
    return holder


def compose_rack(rack: _toast.ToastRack) -> ComposeResult:
    """Textual 8.2.8's ToastRack composes nothing: ours, a spare holder."""
    yield spare_holder()


def show_kept(rack: _toast.ToastRack, notifications: Notifications) -> None:
    """Textual 8.2.8's ToastRack.show, keeping the holders. A toast keeps its message while the
    message lives and is in view; a holder whose message went is hidden, and shows another
    message later, moved into place. New holders are made only for more messages in view at once
    than this screen ever had.

    The rack is docked at the bottom and grows upwards, newest message last: when messages pile
    up (a key pressed again and again), the older ones are pushed off the top of the screen.
    Only the newest that can be in view have a toast (each toast takes TOAST_ROWS_AT_LEAST rows
    or more); an older one gets a toast again when the messages under it go, as in Textual."""
    covered = getattr(rack.screen, "messages_under", ())
    live = [notification for notification in notifications  # iterating drops the expired ones
            if notification.identity not in covered]
    rack.display = bool(live)
    room = rack.screen.size.height // TOAST_ROWS_AT_LEAST + 1
    in_view = live[-room:]
    wanted = {notification.identity for notification in in_view}
    kept: dict[str, _toast.ToastHolder] = {}
    spare: list[_toast.ToastHolder] = []
    for holder in rack.children:
        if not isinstance(holder, _toast.ToastHolder):
            continue
        toast = holder.kept_toast  # type: ignore[attr-defined]
        if toast.in_use and toast._notification.identity in wanted:
            kept[toast._notification.identity] = holder
            continue
        spare.append(holder)
        toast.withdraw()
        holder.display = False
    placed: list[_toast.ToastHolder] = []
    unheld: list[Notification] = []
    for notification in in_view:
        holder = kept.get(notification.identity)
        if holder is None and spare:
            holder = spare.pop(0)
            holder.kept_toast.present(notification)  # type: ignore[attr-defined]
            holder.display = True
        if holder is None:
            unheld.append(notification)  # newer than every message held: mounted last
        else:
            placed.append(holder)
    put_in_order(rack, placed)
    if unheld:
        rack.mount_all(holder_of(SteadyToast(notification)) for notification in unheld)
    if len(placed) + len(unheld) > len(kept):
        rack.call_later(rack.scroll_end, animate=False, force=True)  # as Textual: the newest in view
    # What each waiting widget's next Idle would do (Textual 8.2.8's Widget._check_refresh: ask
    # its screen for a layout and a repaint), done now for the whole screen: the screen's next
    # update draws the message with the key's own changes, in one update, not two or three.
    if rack.screen.is_current:
        for widget in rack.screen.walk_children(Widget):
            if (widget._repaint_required or widget._layout_required) and widget.is_mounted:
                widget._check_refresh()


def put_in_order(rack: _toast.ToastRack, placed: list[_toast.ToastHolder]) -> None:
    """Move holders so that `placed` are in the rack in that order (the messages' order), moving
    the fewest: those not in the longest run of them already in order. When messages pile up, the
    holder of the oldest takes the newest: one move to the end, not one for every toast."""
    order = [holder for holder in rack.children if holder in placed]
    if order == placed:
        return
    wanted = {holder: index for index, holder in enumerate(placed)}
    places = [wanted[holder] for holder in order]
    # The longest increasing run of places (a subsequence; patience sorting, fine for a few toasts).
    best: list[list[int]] = []
    for place in places:
        longest = max((run for run in best if run[-1] < place), key=len, default=[])
        best.append([*longest, place])
    staying = {placed[place] for place in max(best, key=len)}
    for index, holder in enumerate(placed):
        if holder in staying:
            continue
        if index:
            rack.move_child(holder, after=placed[index - 1])
        else:
            rack.move_child(holder, before=order[0] if order[0] is not holder else placed[1])
        staying.add(holder)


def step_aside(screen: Screen, notifications: Notifications) -> None:
    """`screen` (a dialog, about to open) does not show the messages live now: the user's keys
    go to the dialog, and a message said before it covered its fields. They stay live, and the
    screen under it shows them again when the dialog closes; the message log keeps them all."""
    screen.messages_under = frozenset(  # type: ignore[attr-defined]
        notification.identity for notification in notifications)


def plain_message(message: str, markup: bool) -> str:
    """The text a message shows: markup (Textual's own messages use it) turned into its text."""
    if not markup:
        return message
    try:
        return Content.from_markup(message).plain
    except Exception:  # not valid markup: the toast cannot show it either; the log shows it as it came
        return message


class PromptNotifications:
    """App mixin: a message raised on the app's own thread goes into the toast rack at once,
    not two messages later (Textual 8.2.8's App.notify posts Notify, whose handler then
    `call_later`s ToastRack.show). From another thread, Textual's way. Every message, from any
    thread, goes into the message log too."""

    _message_log: MessageLog | None = None

    @property
    def message_log(self) -> MessageLog:
        """Every message shown this session (the last few hundred)."""
        if self._message_log is None:
            self._message_log = MessageLog()
        return self._message_log

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.message_log.add(plain_message(message, markup), title, severity)
        if getattr(self, "_thread_id", None) != threading.get_ident():
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)  # type: ignore[misc]
            return
        if timeout is None:
            timeout = self.NOTIFICATION_TIMEOUT  # type: ignore[attr-defined]
        self._notifications.add(Notification(message, title, severity, timeout, markup=markup))  # type: ignore[attr-defined]
        self._refresh_notifications()

    def _refresh_notifications(self) -> None:
        # Textual 8.2.8's App._refresh_notifications, showing at once on a rack that is mounted.
        try:
            rack = self.screen.get_child_by_type(_toast.ToastRack)  # type: ignore[attr-defined]
        except (ScreenStackError, NoMatches):  # no screen yet, or notifications off (tests)
            super()._refresh_notifications()  # type: ignore[misc]
            return
        if rack.is_mounted:
            rack.show(self._notifications)  # type: ignore[attr-defined]
        else:
            super()._refresh_notifications()  # type: ignore[misc]


def steady_toasts() -> None:
    """Make every toast a SteadyToast and every rack keep its holders. Textual 8.2.8's
    ToastRack.show makes its toasts from the name `Toast` of textual.widgets._toast (and finds
    them by it): that name is ours from now on, and so is the method.
    tests/ui/test_toasts.py checks that a message is shown by a SteadyToast in a kept holder."""
    _toast.Toast = SteadyToast  # type: ignore[misc]
    _toast.ToastRack.show = show_kept  # type: ignore[method-assign]
    _toast.ToastRack.compose = compose_rack  # type: ignore[method-assign]
