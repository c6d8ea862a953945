"""The workbook's own details: title, organisation and authors (the `[workbook]` table).

They head the overview, the header and every export; a new workbook starts
"Untitled". Opened from the overview's first line and from the palette.
"""

from __future__ import annotations

from typing import Any

from tui.model.workbook import Meta
from tui.modals.form import Field, FormDialog


def authors_text(authors: list[str]) -> str:
    """The authors on one line: "Ann Lee, Bo Chen", or "Smith, J.; Bo Chen" when a name holds a comma."""
    return ("; " if any("," in name for name in authors) else ", ").join(authors)


def authors_list(text: str) -> list[str]:
    """The names in `text`, split on semicolons if there are any, else on commas."""
    return [name.strip() for name in text.split(";" if ";" in text else ",") if name.strip()]


def details_form(meta: Meta) -> FormDialog:
    return FormDialog("Workbook details", [
        Field("title", "Title", value=meta.title, hint="e.g. Strategy 2027-2029"),
        Field("organisation", "Organisation", value=meta.organisation),
        Field("authors", "Authors", value=authors_text(meta.authors),
              hint="Names separated by commas (by semicolons when a name holds a comma)."),
    ])


def details_changes(result: dict[str, Any], meta: Meta) -> dict[str, Any]:
    """What the form changed, as fields of `meta` (nothing when nothing changed)."""
    values = {
        "title": result["title"].strip(),
        "organisation": result["organisation"].strip(),
        "authors": authors_list(result["authors"]),
    }
    return {key: value for key, value in values.items() if getattr(meta, key) != value}
