"""Unit tests of the model, the store and the command line. Property tests run under the settings
profiles of tests/__init__.py (`ci` by default: derandomized and bounded)."""

from tests import examples

__all__ = ["examples"]
