"""Dialogs: each a ModalScreen closed with dismiss(value)."""
