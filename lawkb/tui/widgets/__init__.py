"""Widgets of the lawkb app: one per file, each with its own .tcss."""
