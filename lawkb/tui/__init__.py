"""The lawkb terminal app (Textual). Start it with `lawkb` or `lawkb tui`; see lawkb.tui.app."""
