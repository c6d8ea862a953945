"""The sections, their keys and their screens: one list that the app, the
section bar, the help screen and the command palette all read."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    mode: str
    title: str
    screen: str
    """`module:Class` of the screen, imported when the section is first shown."""
    summary: str

    def make_screen(self) -> Screen:
        module, _, name = self.screen.partition(":")
        return getattr(importlib.import_module(module), name)()


SECTIONS = [
    Section("1", "overview", "Overview", "tui.screens.overview:OverviewScreen", "The whole plan on one page"),
    Section("2", "vmv", "Vision", "tui.screens.vmv:VmvScreen", "Vision, mission and values"),
    Section("3", "swot", "SWOT", "tui.screens.swot:SwotScreen", "Strengths, weaknesses, opportunities, threats"),
    Section("4", "pestle", "PESTLE", "tui.screens.pestle:PestleScreen", "The external factors, as a checklist"),
    Section("5", "goals", "Goals", "tui.screens.goals:GoalsScreen", "Goals, measures and progress"),
    Section("6", "tactics", "Tactics", "tui.screens.tactics:TacticsScreen", "The how and when under each goal"),
    Section("7", "roadmap", "Roadmap", "tui.screens.roadmap:RoadmapScreen", "The goals in time: bars, milestones, tactics"),
    Section("8", "risks", "Risks", "tui.screens.risks:RisksScreen", "The risk register: owned, treated, reviewed"),
    Section("9", "forces", "Forces", "tui.screens.forces:ForcesScreen",
            "Porter's five forces and the Ansoff matrix (x switches)"),
]
SECTION_BY_MODE = {section.mode: section for section in SECTIONS}
