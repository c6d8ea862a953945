"""Stratbook: a keyboard-driven strategic-planning workbook saved as one TOML file."""

__version__ = "0.1.0"
