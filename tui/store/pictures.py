"""Pictures for the board pack (the HTML export): inline SVG, no Textual here.

Every picture is plain SVG markup (inline in HTML, which needs no namespace): shapes and text, no scripts, no event attributes, no links
and nothing loaded from outside, so a mail client or a browser shows it as it is and it prints.
Every piece of workbook text goes through `esc` (control characters made visible, then XML
escaped); the numbers are ours. Time is laid out by tui.model.roadmap, as in the app.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from tui.model.alignment import tree_order
from tui.model.progress import goal_progress
from tui.model.roadmap import (
    CELLS,
    column_of,
    goal_marks,
    goal_state,
    period_label,
    period_of,
    tactics_by_goal,
    window,
)
from tui.model.strategy_map import perspective_groups, perspective_name
from tui.model.text import counted, for_display, one_line
from tui.model.forces import ANSOFF_AXES, ANSOFF_TITLES, FORCE_TITLES, RISK_WORDS, options_by_quadrant, rating_words
from tui.model.workbook import ANSOFF_QUADRANTS, AnsoffOption, Forces, Goal, Pestle, Risk, Swot, Tactic

GREEN, GREY, DARK, RED = "#3a7d44", "#e4e4e4", "#1b1b1b", "#b3261e"
QUADRANT_COLOURS = {"strengths": "#e3f1e5", "weaknesses": "#fbe9e7", "opportunities": "#e3eef9",
                    "threats": "#fdf3d8"}
WEIGHT_DOT = "\u25cf"
SHOWN_ITEMS = 7
"""Items listed in a SWOT quadrant before `+ N more`."""


def esc(text: object) -> str:
    """Workbook text as SVG or HTML text: control characters visible, then XML-escaped."""
    return html.escape(for_display(str(text), multiline=True), quote=True)


def _short(text: str, width: int) -> str:
    return esc(one_line(text, width))


def _svg(width: int, height: int, label: str, body: Sequence[str]) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" aria-label="{esc(label)}" font-family="sans-serif" font-size="12">'
            f"<title>{esc(label)}</title>" + "".join(body) + "</svg>")


def progress_svg(fraction: float, width: int = 120) -> str:
    """A bar filled to `fraction` (0..1), with its percentage as text for readers without the picture."""
    pct = round(max(0.0, min(1.0, fraction)) * 100)
    filled = round(width * pct / 100)
    return (f'<svg viewBox="0 0 {width} 10" width="{width}" height="10" '
            f'role="img" aria-label="{pct}% done" class="bar">'
            f'<rect width="{width}" height="10" fill="{GREY}" stroke="#aaa"/>'
            f'<rect width="{filled}" height="10" fill="{GREEN}"/></svg> {pct}%')


def swot_svg(swot: Swot) -> str:
    """The SWOT 2x2: strengths and weaknesses above, opportunities and threats below, the
    heaviest items of each first."""
    width, height, half_w, half_h = 640, 2 * (40 + 18 * SHOWN_ITEMS), 320, 40 + 18 * SHOWN_ITEMS
    body = []
    for index, name in enumerate(("strengths", "weaknesses", "opportunities", "threats")):
        x, y = (index % 2) * half_w, (index // 2) * half_h
        items = sorted(swot.quadrant(name), key=lambda i: -i.weight)
        body.append(f'<rect x="{x}" y="{y}" width="{half_w}" height="{half_h}" fill="{QUADRANT_COLOURS[name]}" '
                    'stroke="#999"/>')
        body.append(f'<text x="{x + 10}" y="{y + 20}" font-weight="bold" font-size="14">'
                    f"{name.capitalize()} ({len(items)})</text>")
        for row, item in enumerate(items[:SHOWN_ITEMS]):
            dots = WEIGHT_DOT * item.weight
            body.append(f'<text x="{x + 10}" y="{y + 40 + 18 * row}"><tspan fill="#555">{dots:5}</tspan> '
                        f"{_short(item.text, 40)}</text>")
        if len(items) > SHOWN_ITEMS:
            body.append(f'<text x="{x + half_w - 10}" y="{y + half_h - 8}" text-anchor="end" fill="#555">'
                        f"+ {len(items) - SHOWN_ITEMS} more</text>")
    return _svg(width, height, "SWOT: strengths, weaknesses, opportunities and threats", body)


def _heat(score: int) -> str:
    """A cell's colour by impact x likelihood (1..25): pale to deep red."""
    if score >= 15:
        return "#e57373"
    if score >= 8:
        return "#ffcc80"
    if score >= 4:
        return "#fff59d"
    return "#e8f5e9"


def pestle_svg(pestle: Pestle) -> str:
    """The PESTLE heat map: likelihood across, impact up, each cell its count of factors."""
    cells: dict[tuple[int, int], list[str]] = {}
    for factor, table in pestle.factors.items():
        for item in table.items:
            name = one_line(item.text or "(no text)", 60)
            cells.setdefault((item.impact, item.likelihood), []).append(f"{factor}: {name}")
    return heat_map_svg(cells, "PESTLE: impact by likelihood")


def risks_svg(risks: Sequence[Risk]) -> str:
    """The risk register's heat map: the open risks, likelihood across, impact up."""
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        if risk.status == "open":
            cells.setdefault((risk.impact, risk.likelihood), []).append(one_line(risk.text or "(no text)", 60))
    return heat_map_svg(cells, "Risks: impact by likelihood (open risks)")


def heat_map_svg(cells: dict[tuple[int, int], list[str]], label: str) -> str:
    """A 5x5 heat map: likelihood across, impact up; each cell shows how many entries it holds
    and names them in its tooltip. `cells` maps (impact, likelihood) to the entries' names."""
    cell, left, top = 64, 70, 10
    body = []
    for impact in range(1, 6):
        for likelihood in range(1, 6):
            x, y = left + (likelihood - 1) * cell, top + (5 - impact) * cell
            here = cells.get((impact, likelihood), [])
            tip = "; ".join(here) if here else "none"
            body.append(f'<g><title>impact {impact}, likelihood {likelihood}: {esc(tip)}</title>'
                        f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{_heat(impact * likelihood)}" '
                        'stroke="#fff" stroke-width="2"/>')
            if here:
                body.append(f'<text x="{x + cell // 2}" y="{y + cell // 2 + 6}" text-anchor="middle" '
                            f'font-size="18" font-weight="bold">{len(here)}</text>')
            body.append("</g>")
        body.append(f'<text x="{left - 8}" y="{top + (5 - impact) * cell + cell // 2 + 4}" '
                    f'text-anchor="end">{impact}</text>')
    for likelihood in range(1, 6):
        body.append(f'<text x="{left + (likelihood - 1) * cell + cell // 2}" y="{top + 5 * cell + 16}" '
                    f'text-anchor="middle">{likelihood}</text>')
    body.append(f'<text x="{left + 5 * cell // 2}" y="{top + 5 * cell + 34}" text-anchor="middle" '
                'font-weight="bold">likelihood</text>')
    body.append(f'<text x="14" y="{top + 5 * cell // 2}" text-anchor="middle" font-weight="bold" '
                f'transform="rotate(-90 14 {top + 5 * cell // 2})">impact</text>')
    return _svg(left + 5 * cell + 10, top + 5 * cell + 44, label, body)


ROADMAP_WIDTH, LABEL_WIDTH, ROW = 700, 210, 22


def roadmap_svg(goals: Sequence[Goal], tactics: Sequence[Tactic], today: date) -> str | None:
    """The roadmap: one row per goal (children under their parent), a bar from start to due
    filled to its progress, milestones as diamonds, tactics as dots, a line for today; months
    when they fit, else quarters. None when no goal has a date."""
    room = ROADMAP_WIDTH - LABEL_WIDTH - 10
    shown = window(goals, today, {"month": room // 24, "quarter": room // 40})
    if shown is None:
        return None
    zoom, origin, last = shown
    periods = last - origin + 1
    scale = room / (periods * CELLS[zoom])  # pixels per cell of the model's layout
    right = LABEL_WIDTH + room

    def x_of(day: date) -> float:
        return LABEL_WIDTH + column_of(day, zoom, origin) * scale

    rows = tree_order(goals)
    height = 30 + ROW * len(rows) + 10
    body = []
    step = max(1, round(40 / (CELLS[zoom] * scale)))  # a label at least every 40 pixels
    for n in range(0, periods, step):
        x = LABEL_WIDTH + n * CELLS[zoom] * scale
        body.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height - 10}" stroke="#ddd"/>')
        body.append(f'<text x="{x + 2:.1f}" y="14" font-size="10">{esc(period_label(origin + n, zoom).strip())}</text>')
    grouped = tactics_by_goal(tactics)
    for index, (goal, depth) in enumerate(rows):
        y = 30 + index * ROW
        state = goal_state(goal, today)
        late = state == "overdue"
        title = ("! " if late else "") + one_line(goal.title or "(untitled goal)", 30 - 2 * min(depth, 4))
        colour = RED if late else DARK
        body.append(f'<text x="{4 + 10 * min(depth, 4)}" y="{y + 14}" fill="{colour}">{esc(title)}</text>')
        start, due = goal.start or goal.due, goal.due or goal.start
        if start is None or due is None:
            body.append(f'<text x="{LABEL_WIDTH}" y="{y + 14}" fill="#777">no dates</text>')
            continue
        x0, x1 = max(LABEL_WIDTH, x_of(start)), min(right, x_of(due) + scale)
        if x1 <= LABEL_WIDTH or x0 >= right:  # wholly before or after the picture
            before = x1 <= LABEL_WIDTH
            span = f"\u00ab {start} to {due}" if before else f"{start} to {due} \u00bb"
            body.append(f'<text x="{LABEL_WIDTH if before else right}" y="{y + 14}" fill="#777" '
                        f'text-anchor="{"start" if before else "end"}">{span}</text>')
            continue
        done = goal_progress(goal)
        body.append(f'<g><title>{esc(goal.title)}: {round(done * 100)}% done, {state}, {start} to {due}</title>'
                    f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(2.0, x1 - x0):.1f}" height="12" fill="{GREY}" '
                    f'stroke="{RED if late else "#aaa"}"/>'
                    f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(0.0, (x1 - x0) * done):.1f}" height="12" '
                    f'fill="{GREEN}"/></g>')
        if x_of(due) + scale > right:  # runs on past the picture
            body.append(f'<text x="{right + 1}" y="{y + 14}" font-size="10">\u00bb</text>')
        for mark in goal_marks(goal, grouped.get(goal.id, ()), today):
            x = x_of(mark.due) + scale / 2
            if not LABEL_WIDTH <= x <= right:
                continue
            # Done marks are hollow, as on screen; every mark has an outline so that it shows on the
            # green and the grey of the bar alike, and in black-and-white print. Overdue adds a `!`.
            if mark.done:
                look = f'fill="#fff" stroke="{DARK}" stroke-width="1.5"'
            else:
                look = f'fill="{RED if mark.overdue else DARK}" stroke="#fff" stroke-width="1"'
            tip = f"<title>{mark.kind} {esc(mark.text)}, due {mark.due}{', overdue' if mark.overdue else ''}</title>"
            late = (f'<text x="{x + 6:.1f}" y="{y + 8}" fill="{RED}" font-size="11" font-weight="bold">!</text>'
                    if mark.overdue else "")
            if mark.kind == "milestone":
                body.append(f'<g>{tip}<polygon points="{x:.1f},{y + 3} {x + 6:.1f},{y + 10} {x:.1f},{y + 17} '
                            f'{x - 6:.1f},{y + 10}" {look}/>{late}</g>')
            else:
                body.append(f'<g>{tip}<circle cx="{x:.1f}" cy="{y + 10}" r="3.5" {look}/>{late}</g>')
    if origin <= period_of(today, zoom) <= last:
        x = x_of(today)
        body.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 6}" stroke="{RED}" '
                    f'stroke-dasharray="4 3"/><text x="{x + 3:.1f}" y="{height - 2}" fill="{RED}" font-size="10">'
                    f"today {today}</text>")
    return _svg(ROADMAP_WIDTH, height + 4, "Roadmap: the goals in time", body)


FORCE_BOX_W, FORCE_BOX_H, FORCE_GAP = 220, 130, 30
FORCE_PLACES = {"new_entrants": (1, 0), "supplier_power": (0, 1), "rivalry": (1, 1), "buyer_power": (2, 1),
                "substitutes": (1, 2)}
"""Column and row of each force, as the model is drawn: rivalry in the middle, the others around it."""
FORCE_ITEMS_SHOWN = 4


def forces_svg(forces: Forces) -> str:
    """Porter's five forces around rivalry, each with its rating in words and as five squares,
    and its heaviest items; arrows from each outer force into the middle."""
    width = 3 * FORCE_BOX_W + 2 * FORCE_GAP
    height = 3 * FORCE_BOX_H + 2 * FORCE_GAP
    body = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>']

    def corner(name: str) -> tuple[int, int]:
        column, row = FORCE_PLACES[name]
        return column * (FORCE_BOX_W + FORCE_GAP), row * (FORCE_BOX_H + FORCE_GAP)

    mx, my = corner("rivalry")
    arrows = {"new_entrants": (mx + FORCE_BOX_W // 2, my - FORCE_GAP, mx + FORCE_BOX_W // 2, my - 2),
              "substitutes": (mx + FORCE_BOX_W // 2, my + FORCE_BOX_H + FORCE_GAP, mx + FORCE_BOX_W // 2,
                              my + FORCE_BOX_H + 2),
              "supplier_power": (mx - FORCE_GAP, my + FORCE_BOX_H // 2, mx - 2, my + FORCE_BOX_H // 2),
              "buyer_power": (mx + FORCE_BOX_W + FORCE_GAP, my + FORCE_BOX_H // 2, mx + FORCE_BOX_W + 2,
                              my + FORCE_BOX_H // 2)}
    for x1, y1, x2, y2 in arrows.values():
        body.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#777" stroke-width="2" '
                    'marker-end="url(#arrow)"/>')
    for name, (column, row) in FORCE_PLACES.items():
        force = forces.forces[name]
        x, y = corner(name)
        strong = force.rating is not None and force.rating >= 4
        body.append(f'<rect x="{x}" y="{y}" width="{FORCE_BOX_W}" height="{FORCE_BOX_H}" rx="6" '
                    f'fill="{"#fbe9e7" if strong else "#f4f4f4"}" stroke="{RED if strong else "#999"}"/>')
        body.append(f'<text x="{x + 10}" y="{y + 20}" font-weight="bold" font-size="14">{FORCE_TITLES[name]}</text>')
        for cell in range(5):
            filled = force.rating is not None and cell < force.rating
            body.append(f'<rect x="{x + 10 + cell * 14}" y="{y + 28}" width="11" height="11" '
                        f'fill="{DARK if filled else "#fff"}" stroke="#777"/>')
        body.append(f'<text x="{x + 84}" y="{y + 38}">{rating_words(force.rating)}</text>')
        items = sorted(force.items, key=lambda i: -i.weight)
        for index, item in enumerate(items[:FORCE_ITEMS_SHOWN]):
            body.append(f'<text x="{x + 10}" y="{y + 58 + 16 * index}" font-size="11">'
                        f'<tspan fill="#555">{item.weight}/5</tspan> {_short(item.text, 30)}</text>')
        if len(items) > FORCE_ITEMS_SHOWN:
            body.append(f'<text x="{x + FORCE_BOX_W - 8}" y="{y + FORCE_BOX_H - 6}" text-anchor="end" '
                        f'fill="#555" font-size="11">+ {len(items) - FORCE_ITEMS_SHOWN} more</text>')
    return _svg(width, height, "Porter's five forces: how hard each presses, 1 weak to 5 intense", body)


ANSOFF_COLOURS = ("#e3f1e5", "#e3eef9", "#fdf3d8", "#fbe9e7")
"""Pale to warm: from the safest quadrant (market penetration) to the riskiest (diversification)."""


def ansoff_svg(options: Sequence[AnsoffOption]) -> str:
    """The Ansoff 2x2: products (existing, new) across, markets (existing, new) down; each
    quadrant's options, the riskiest last, with their risk 1..5."""
    half_w, half_h, left, top = 300, 40 + 18 * SHOWN_ITEMS, 30, 30
    by_quadrant = options_by_quadrant(list(options))
    body = [f'<text x="{left + half_w // 2}" y="18" text-anchor="middle" font-weight="bold">Existing products</text>',
            f'<text x="{left + 3 * half_w // 2}" y="18" text-anchor="middle" font-weight="bold">New products</text>']
    for row, label in enumerate(("Existing markets", "New markets")):
        cy = top + row * half_h + half_h // 2
        body.append(f'<text x="18" y="{cy}" text-anchor="middle" font-weight="bold" '
                    f'transform="rotate(-90 18 {cy})">{label}</text>')
    for index, name in enumerate(ANSOFF_QUADRANTS):
        x, y = left + (index % 2) * half_w, top + (index // 2) * half_h
        shown = sorted(by_quadrant[name], key=lambda o: o.risk)
        body.append(f'<rect x="{x}" y="{y}" width="{half_w}" height="{half_h}" fill="{ANSOFF_COLOURS[index]}" '
                    'stroke="#999"/>')
        body.append(f'<text x="{x + 10}" y="{y + 20}" font-weight="bold" font-size="14">'
                    f"{ANSOFF_TITLES[name]} ({len(shown)})</text>")
        body.append(f'<text x="{x + 10}" y="{y + 34}" fill="#555" font-size="10">{ANSOFF_AXES[name]}</text>')
        for number, option in enumerate(shown[:SHOWN_ITEMS - 1]):
            body.append(f'<text x="{x + 10}" y="{y + 52 + 18 * number}"><tspan fill="#555">risk {option.risk}'
                        f"</tspan> {_short(option.text, 34)}</text>")
        if len(shown) > SHOWN_ITEMS - 1:
            body.append(f'<text x="{x + half_w - 10}" y="{y + half_h - 8}" text-anchor="end" fill="#555">'
                        f"+ {len(shown) - SHOWN_ITEMS + 1} more</text>")
    legend = ", ".join(f"{n} {w}" for n, w in RISK_WORDS.items())
    body.append(f'<text x="{left}" y="{top + 2 * half_h + 16}" fill="#555" font-size="10">risk: {legend}</text>')
    return _svg(left + 2 * half_w + 10, top + 2 * half_h + 24, "Ansoff matrix: products by markets", body)


# -- the strategy map ------------------------------------------------------------------------------

MAP_WIDTH, MAP_LABEL, BOX_W, BOX_H, BOX_GAP, MAP_ROWS = 700, 112, 138, 46, 10, 3
"""Boxes per band row: as many as fit beside the band's label; at most MAP_ROWS rows a band."""
BAND_COLOURS = {"financial": "#fdf3d8", "customer": "#e3eef9", "internal": "#e3f1e5", "learning": "#f1e8f5",
                "": "#f2f2f2"}


def _wrapped(text: str, width: int, lines: int) -> list[str]:
    """`text` on at most `lines` lines of `width` characters, words kept whole where they fit;
    the last line ends in an ellipsis when the text goes on."""
    words = one_line(text).split()
    out: list[str] = []
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = one_line(out[-1] + " " + " ".join(words), width)
    return [one_line(part, width) for part in out] or [""]


def _arrow_route(child: tuple[float, float], parent: tuple[float, float],
                 row_tops: list[float]) -> list[tuple[float, float]]:
    """The points of an arrow from the box at `child` to the box at `parent` (top-left corners).
    Between boxes in neighbouring rows a straight line; otherwise it runs in the gaps between
    rows and columns, so that it never passes behind another goal's box."""
    (x, top), (px, ptop) = child, parent
    centre, parent_centre, half_gap = x + BOX_W / 2, px + BOX_W / 2, BOX_GAP / 2
    between = [row for row in row_tops if min(top, ptop) < row < max(top, ptop)]
    if ptop != top and not between:  # neighbouring rows
        return ([(centre, top), (parent_centre, ptop + BOX_H)] if ptop < top
                else [(centre, top + BOX_H), (parent_centre, ptop)])
    if ptop == top:  # one row: over the top of the boxes between
        return [(centre, top), (centre, top - half_gap), (parent_centre, top - half_gap), (parent_centre, top)]
    lane = x + BOX_W + half_gap  # the gap right of the child's column
    if ptop < top:
        leave, reach = top - half_gap, ptop + BOX_H + half_gap
        return [(centre, top), (centre, leave), (lane, leave), (lane, reach), (parent_centre, reach),
                (parent_centre, ptop + BOX_H)]
    leave, reach = top + BOX_H + half_gap, ptop - half_gap
    return [(centre, top + BOX_H), (centre, leave), (lane, leave), (lane, reach), (parent_centre, reach),
            (parent_centre, ptop)]


def strategy_map_svg(goals: Sequence[Goal]) -> str | None:
    """The balanced-scorecard strategy map: a band per perspective (financial at the top, learning
    and growth at the bottom, then the goals not placed), a box per goal with its progress, and an
    arrow from each goal to the goal it serves (cause to effect). None when no goal has a
    perspective: the map would be one band of everything."""
    if not any(goal.perspective for goal in goals):
        return None
    per_row = (MAP_WIDTH - MAP_LABEL - 4 + BOX_GAP) // (BOX_W + BOX_GAP)
    body: list[str] = []
    boxes: dict[str, tuple[float, float]] = {}  # goal id: the box's top-left corner
    y = 4
    for perspective, grouped in perspective_groups(goals):
        shown = grouped[:per_row * MAP_ROWS]
        rows = max(1, -(-len(shown) // per_row))
        height = rows * (BOX_H + BOX_GAP) + BOX_GAP + (14 if len(grouped) > len(shown) else 0)
        body.append(f'<rect x="0" y="{y}" width="{MAP_WIDTH}" height="{height}" fill="{BAND_COLOURS[perspective]}"/>')
        for index, line in enumerate(_wrapped(perspective_name(perspective), 14, 2)):
            body.append(f'<text x="8" y="{y + 20 + 14 * index}" font-weight="bold">{esc(line)}</text>')
        body.append(f'<text x="8" y="{y + 50}" fill="#555" font-size="10">{counted(len(grouped), "goal")}</text>')
        for index, goal in enumerate(shown):
            row, column = divmod(index, per_row)
            boxes[goal.id] = (MAP_LABEL + column * (BOX_W + BOX_GAP), y + BOX_GAP + row * (BOX_H + BOX_GAP))
        if len(grouped) > len(shown):
            body.append(f'<text x="{MAP_LABEL}" y="{y + height - 6}" fill="#555" font-size="10">'
                        f'+ {len(grouped) - len(shown)} more</text>')
        y += height + 2
    by_id = {goal.id: goal for goal in goals}
    row_tops = sorted({top for _, top in boxes.values()})
    heads = []
    for goal_id, (x, top) in boxes.items():  # cause to effect: from the goal to the goal it serves
        parent = by_id[goal_id].parent
        if parent not in boxes or parent == goal_id:
            continue
        points = _arrow_route((x, top), boxes[parent], row_tops)
        body.append(f'<polyline points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}" fill="none" '
                    f'stroke="#555" stroke-width="1.3"/>')
        (fx, fy), (ex, ey) = points[-2], points[-1]
        length = max(1e-6, ((ex - fx) ** 2 + (ey - fy) ** 2) ** 0.5)
        ux, uy = (ex - fx) / length, (ey - fy) / length
        heads.append(f'<polygon points="{ex:.1f},{ey:.1f} {ex - 8 * ux + 4 * uy:.1f},{ey - 8 * uy - 4 * ux:.1f} '
                     f'{ex - 8 * ux - 4 * uy:.1f},{ey - 8 * uy + 4 * ux:.1f}" fill="#555"/>')
    for goal_id, (x, top) in boxes.items():
        goal = by_id[goal_id]
        done = goal_progress(goal)
        body.append(f'<g><title>{esc(goal.title)}: {round(done * 100)}% done, {goal.status}</title>'
                    f'<rect x="{x}" y="{top}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="#fff" stroke="#888"/>')
        for index, line in enumerate(_wrapped(goal.title or "(untitled goal)", 24, 2)):
            body.append(f'<text x="{x + 6}" y="{top + 14 + 12 * index}" font-size="10.5">{esc(line)}</text>')
        body.append(f'<rect x="{x + 6}" y="{top + BOX_H - 11}" width="50" height="5" fill="{GREY}"/>'
                    f'<rect x="{x + 6}" y="{top + BOX_H - 11}" width="{50 * done:.1f}" height="5" fill="{GREEN}"/>'
                    f'<text x="{x + 62}" y="{top + BOX_H - 5}" font-size="9" fill="#444">'
                    f'{round(done * 100)}% {esc(goal.status)}</text></g>')
    body += heads
    return _svg(MAP_WIDTH, y + 2, "Strategy map: the goals by balanced-scorecard perspective", body)
