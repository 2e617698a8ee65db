"""The lawkb command line: a thin click layer over the library (see lawkb.kb)."""

from __future__ import annotations

from lawkb.cli.main import main

__all__ = ["main"]
