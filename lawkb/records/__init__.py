"""Officers, study hours, attempts, reviews and bookmarks: the precious records database.

`Records(home / "records.db")` opens (or creates) it and applies its migrations.
"""

from lawkb.records.core import Records

__all__ = ["Records"]
