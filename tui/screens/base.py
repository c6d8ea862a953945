"""What every section screen shares: header, section bar, footer, and model refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual._context import active_app
from textual.app import ComposeResult
from textual.screen import Screen

from tui.model.edits import Edit
from tui.model.links import delete_and_unlink, describe_links, links_to
from tui.resources import section_stylesheet
from tui.screens.marking import Marking, Marks
from tui.screens.on_top import FocusMarkOnTop
from tui.screens.steady import SteadyLayout
from tui.widgets.footer import SteadyFooter
from tui.widgets.header import SectionBar, WorkbookHeader
from tui.widgets.toasts import steady_toasts

steady_toasts()  # every section shows messages: each laid out once (see tui/widgets/toasts.py)

if TYPE_CHECKING:
    from tui.app import StratbookApp


class SectionScreen(Marking, FocusMarkOnTop, SteadyLayout, Screen[None]):
    """A section of the workbook. Subclasses compose `body()` and implement `refresh_model`;
    their lists can mark items (tui/screens/marking.py)."""

    SECTION: ClassVar[str] = ""
    """The mode name of this section, e.g. `vmv`."""
    GUIDE: ClassVar[str] = ""
    """A few lines on what this section is for; shown on the help screen. `{milestone}` and the
    like are symbols of tui/glyphs.py, drawn as the glyphs in use."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # A section's stylesheet is read when its screen is first shown, not at start-up.
        # (Textual applies it app-wide from then on, so the section's dialogs are styled too.)
        if cls.SECTION and "CSS_PATH" not in cls.__dict__:
            sheet = section_stylesheet(cls.SECTION)
            cls.CSS_PATH = [sheet] if sheet else None

    def __init__(self) -> None:
        super().__init__()
        # Textual 8.2.8's switch_mode and _init_mode call App.refresh_css (every stylesheet parsed
        # again, every node of every screen restyled, twice on a section's first visit) for a
        # screen whose `_css_update_count` is not the app's: it starts at -1. A new section has
        # no nodes to restyle yet, and its nodes are styled as they mount: it is as current as the
        # stylesheet (StratbookApp.refresh_css). After a change of theme, a section made or
        # shown later still gets the refresh.
        app = self.app if active_app.get(None) is not None else None
        self._css_update_count = getattr(app, "css_current_at", -1)
        self.seen_revision = -1
        self.item_marks = Marks()
        """The marked items of this section, by id."""

    @property
    def stratbook(self) -> StratbookApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        from tui.screens.sections import SECTIONS

        yield WorkbookHeader()
        yield SectionBar([(s.key, s.mode, s.title) for s in SECTIONS], self.SECTION)
        yield from self.body()
        yield SteadyFooter(compact=True)

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.model_changed(None)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._styled_as_before():  # runs before Textual's Screen._on_screen_resume
            event.refresh_styles = False
        if self.seen_revision != self.stratbook.revision:
            self.model_changed(None)
        # (the focus mark comes back: FocusMarkOnTop.on_screen_resume, after this)

    def model_changed(self, edit: Edit | None) -> None:
        """The workbook changed (by `edit`, or in unknown ways when None): show it."""
        self.seen_revision = self.stratbook.revision
        self.refresh_model(edit)
        self.drop_gone_marks(edit)

    def refresh_model(self, edit: Edit | None) -> None:
        raise NotImplementedError

    @property
    def filter_on(self) -> bool:
        """Whether a filter hides items of this section; esc clears it (`clear_filter_key` in
        tui/keymap.py, a binding of the sections with a filter). False: esc does what it does otherwise.
        The sections that keep their filter in a `view` (GoalView, TacticView, RiskView) need not say."""
        view = getattr(self, "view", None)
        return bool(getattr(view, "filtered", False))

    def nothing_matches(self) -> str:
        """What a list of this section says when its filter hides every item (an empty workbook
        invites the first item instead), with the keys as the user's keymap has them."""
        key = self.stratbook.shown_key
        return (f"Nothing matches the filter: {key(f'{self.SECTION}.filter')} changes it, "
                f"{key(f'{self.SECTION}.clear_filter', 'esc')} clears it.")

    def clear_filter(self) -> None:
        """Show every item again: the sections with a filter say how."""

    def action_clear_filter(self) -> None:
        if self.filter_on:
            self.clear_filter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.filter_on
        return True

    def focus_item(self, item_id: str) -> bool:
        """Put the cursor, the status line and the keys on the item with this id, whatever view or
        filter the section was left in (leave the other view, clear a filter that hides it).
        False when this section does not hold the item. Called by `StratbookApp.show_item`."""
        return False

    def cursor_ref(self) -> str | None:
        """What `focus_item` takes to put the cursor back where it is now (the jump history keeps
        it, for ctrl+o); None when there is nothing under the cursor."""
        return None

    def delete_items(self, delete: Edit, item_ids: list[str], what: str, also: str = "") -> None:
        """Apply `delete` (of `item_ids`, one `what`) the one way every delete goes: when other items
        link to them, say which and delete together with those links, as one undoable edit. `also`
        says what else goes with it (a goal's tactics); then it asks even without links."""
        from tui.modals.confirm import ConfirmDialog

        app = self.stratbook

        several = len(item_ids) > 1
        them = "them" if several else "it"

        def go() -> None:
            if app.apply(delete_and_unlink(app.workbook, delete, item_ids)):
                app.notify(f"Deleted the {what}. {app.key_named('app.undo')} brings {them} back.", markup=False, timeout=3)

        links = links_to(app.workbook, item_ids)
        if not links and not also:
            go()
            return
        parts = [describe_links(links, what, several=several) + f"\nThe links to {them} are removed with {them}."
                 ] if links else []
        parts += [also] if also else []
        parts.append(f"{app.key_named('app.undo')} undoes it all.")
        answers = [("u", "Delete and unlink")] if links else [("y", "Delete")]
        app.push_screen(ConfirmDialog(f"Delete {what}", "\n".join(parts), [*answers, ("n", "Cancel")], "n"),
                        lambda answer: go() if answer in ("u", "y") else None)

    def add_to_risks(self, item_id: str | None) -> None:
        """`R` on a PESTLE item or a SWOT threat: it becomes a risk of the register, once. A second
        time, the register opens on the risk it became, and says so."""
        from tui.model import dates
        from tui.model.risks import promote_to_risk

        app = self.stratbook
        if item_id is None:
            self.notify(f"Move to an item first: {app.key_named(f'{self.SECTION}.risk')} adds the item under the "
                        "cursor to the risk register.", markup=False)
            return
        promotion = promote_to_risk(app.workbook, item_id, dates.today())
        if promotion.refused:
            self.notify(promotion.message, title="Not a risk", severity="warning", markup=False)
        elif promotion.edit is None:
            app.show_item("risks", promotion.risk_id or "")
            app.notify(promotion.message, markup=False, timeout=4)
        elif app.apply(promotion.edit):
            self.notify(promotion.message, markup=False, timeout=3)

    def section_commands(self) -> list[tuple[str, str, object]]:
        """(title, help, callback) for the command palette while this section is shown."""
        return []
