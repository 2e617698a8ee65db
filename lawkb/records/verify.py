"""`hours verify`: everything a report depends on, checked; every problem named, no crash.

Checks, in order: the database's own integrity; the events chain (officers, settings,
sessions, the baseline, the key) and its head; the entries chain and its head; the ledger
key's rules; the officers, settings and sessions tables against the state the events add
up to; each group session's attendance; entries whose officer, session or corrected entry
is gone; and, when given, that the ledger extends a checkpoint. A check that cannot read
its table says so and the others still run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lawkb.records.chain as chain
import lawkb.records.checkpoint as ckpt
import lawkb.records.events as events
from lawkb.records.keyfile import LedgerKey, expects_seal
from lawkb.records.models import Finding, VerifyResult
from lawkb.records.schema import GENESIS_HASH

ENTRY_COLUMNS = (*chain.HASHED, "prev_hash", "hash")
MAX_PER_AREA = 20  # beyond this, one line says how many more


class Verifier:
    def __init__(self, conn: sqlite3.Connection, ledger_key: LedgerKey | None) -> None:
        self.conn = conn
        self.ledger_key = ledger_key
        self.key: bytes | None = ledger_key.key if ledger_key else None
        self.findings: list[Finding] = []
        self.per_area: dict[str, int] = {}
        self.seal_start: dict[str, Any] | None = None  # the key.start payload
        self.seal_event = 0
        self.entry_hashes: dict[int, str] = {0: GENESIS_HASH}  # position -> hash (wanted ones)
        self.event_hashes: dict[int, str] = {0: GENESIS_HASH}
        self.wanted_entries: set[int] = set()
        self.wanted_events: set[int] = set()
        self.all_hashes: set[str] = set()
        self.unchecked = 0
        self.entries = self.events = self.checked = self.events_checked = 0
        self.first_bad_entry: int | None = None
        self.entry_head = self.event_head = GENESIS_HASH
        self.event_rows: list[dict[str, Any]] = []
        self.last_ids = {"entries": 0, "events": 0}

    def add(self, area: str, subject: str, message: str) -> None:
        n = self.per_area[area] = self.per_area.get(area, 0) + 1
        if n <= MAX_PER_AREA:
            self.findings.append(Finding(area=area, subject=subject, message=message))

    def guarded(self, area: str, what: str, check: Callable[[], None]) -> None:
        """Run one check; a table that cannot be read is a finding, not a crash."""
        try:
            check()
        except sqlite3.Error as exc:
            text = str(exc)
            if "no such table" in text:
                name = text.rsplit(":", 1)[-1].strip()
                self.add(area, name, f"the {name} table is missing: dropped outside lawkb")
            else:
                self.add(area, what, f"cannot read {what}: {text}")
        except (ValueError, KeyError, TypeError) as exc:  # a payload that is not lawkb's
            self.add(area, what, f"{what} holds values lawkb did not write ({exc!r})")

    def rows(self, table: str, columns: tuple[str, ...]) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
        for r in cur:
            yield dict(zip(columns, r, strict=True))

    # -- the two chains -------------------------------------------------------------------
    def walk_events(self) -> None:
        self.event_rows = list(self.rows("events", events.EVENT_COLUMNS))
        by_id = {e["id"]: e for e in self.event_rows}
        for e in self.event_rows:
            if e["kind"] == events.KEY_START:
                self.seal_start = events.from_json(e["new_value"])
                self.seal_event = e["id"]
                break
        fingerprint = (self.seal_start or {}).get("fingerprint")
        if self.seal_start and self.ledger_key and self.ledger_key.fingerprint != fingerprint:
            self.add(
                "key",
                str(self.ledger_key.path),
                f"the key file {self.ledger_key.path} holds key {self.ledger_key.fingerprint}"
                f", but this ledger is sealed with key {self.seal_start.get('fingerprint')}",
            )
            self.key = None
        for link in chain.walk(self.event_rows, chain.EVENT_TAG, self.key, "event"):
            self.events, self.last_ids["events"] = link.position, link.id
            self.event_head = link.hash
            self.all_hashes.add(link.hash)
            if link.position in self.wanted_events:
                self.event_hashes[link.position] = link.hash
            problem = self._sealing(link, link.id >= self.seal_event > 0, "event")
            if problem:
                kind = by_id[link.id]["kind"]
                self.add("events", f"event {link.id}", f"event {link.id} ({kind}): {problem}")
            elif not self.per_area.get("events"):
                self.events_checked += 1

    def walk_entries(self) -> None:
        sealed_after = (self.seal_start or {}).get("entries", {}).get("count")
        rows = self.rows("entries", ENTRY_COLUMNS)
        for link in chain.walk(rows, chain.ENTRY_TAG, self.key, "entry"):
            self.entries, self.last_ids["entries"] = link.position, link.id
            self.entry_head = link.hash
            self.all_hashes.add(link.hash)
            if link.position in self.wanted_entries:
                self.entry_hashes[link.position] = link.hash
            in_sealed_part = sealed_after is not None and link.position > sealed_after
            problem = self._sealing(link, in_sealed_part, "entry")
            if problem:
                self.add("entries", f"entry {link.id}", f"entry {link.id}: {problem}")
                if self.first_bad_entry is None:
                    self.first_bad_entry = link.id
            elif self.first_bad_entry is None:
                self.checked += 1

    def _sealing(self, link: chain.Link, in_sealed_part: bool, noun: str) -> str:
        """The link's problem, adjusted for the key: a row written after the ledger was
        sealed must carry the key's HMAC; without the key it cannot be checked."""
        if not in_sealed_part:
            return link.problem
        if self.key is None:
            if link.problem.startswith("its fields"):
                self.unchecked += 1
                return ""
            return link.problem
        if not link.problem and link.sealed == chain.PLAIN:
            return (
                f"this {noun} was written after the ledger was sealed but is not sealed with "
                "the key: written or re-hashed outside lawkb"
            )
        return link.problem

    # -- heads ----------------------------------------------------------------------------
    def check_head(self, table: str, name: str, count: int, last_hash: str, noun: str) -> None:
        row = self.conn.execute(
            f"SELECT last_id, count, hash, seal FROM {table} WHERE id = 1"
        ).fetchone()
        if row is None:
            self.add(
                "head",
                table,
                f"the head row of {table} is missing: removed outside lawkb (it is what "
                f"shows whether the newest {noun} rows were removed)",
            )
            return
        last_id, recorded, head_hash, seal = row
        now_last = self.last_ids[name]
        if (last_id, recorded, head_hash) != (now_last, count, last_hash):
            self.add(
                "head",
                table,
                f"the {name} chain ended at {noun} {last_id} ({recorded} rows) but now ends at "
                f"{noun} {now_last} ({count} rows): rows removed or the head altered outside lawkb",
            )
            if name == "entries" and self.first_bad_entry is None:
                self.first_bad_entry = last_id if last_id > now_last else now_last or None
        elif (
            self.seal_start
            and self.key
            and seal != chain.head_seal(name, last_id, recorded, head_hash, self.key)
        ):
            self.add(
                "head",
                table,
                f"the head of the {name} chain is not sealed with the key: rewritten outside lawkb",
            )

    # -- the ledger key -------------------------------------------------------------------
    def check_key(self, ledger: Path | None) -> None:
        start = self.seal_start
        if start is None:
            if expects_seal(self.ledger_key, ledger):
                self.add(
                    "key",
                    "key.start",
                    f"the key file {self.ledger_key.path} says this ledger was sealed, but its "  # type: ignore[union-attr]
                    "seal (the key.start event) is gone: events rewritten outside lawkb",
                )
            return
        count = start.get("entries", {}).get("count", 0)
        if self.key is None:
            self.add(
                "key",
                "key",
                f"this ledger is sealed with key {start.get('fingerprint')}; verify ran without "
                f"that key, so {self.unchecked} sealed rows could not be checked",
            )
        elif self.entry_hashes.get(count) != start.get("entries", {}).get("hash"):
            self.add(
                "key",
                "key.start",
                f"the entries up to entry {count} are not the ones sealed when the key was "
                "taken into use: history re-hashed outside lawkb",
            )

    # -- the tables against the events ----------------------------------------------------
    def check_state(self) -> None:
        state = events.replay(self.event_rows)
        if state.baseline is None:
            self.add("events", "baseline", "no baseline event: the events were rewritten")
            return
        now = events.current_tables(self.conn)
        self._compare("officers", "officer", state.officers, {o["id"]: o for o in now["officers"]})
        self._compare("settings", "setting", state.settings, now["settings"], whole=True)
        sessions = {s["id"]: s for s in now["sessions"]}
        self._compare("sessions", "session", state.sessions, sessions)
        self.check_attendance(state.sessions)

    def _compare(
        self, area: str, noun: str, recorded: dict, table: dict, whole: bool = False
    ) -> None:
        for key in sorted({*recorded, *table}, key=str):
            rec, cur = recorded.get(key), table.get(key)
            label = f"{noun} {key}" + (f" ({rec['name']})" if noun == "officer" and rec else "")
            if cur is None:
                self.add(
                    area,
                    str(key),
                    f"{label} is recorded but missing from the {area} "
                    "table: deleted or renamed outside lawkb",
                )
            elif rec is None:
                self.add(
                    area,
                    str(key),
                    f"{noun} {key} is in the {area} table but no event "
                    "records it: added or renamed outside lawkb",
                )
            elif whole and rec != cur:
                self.add(
                    area,
                    str(key),
                    f"{label} is {cur!r} in the table but {rec!r} by the "
                    "recorded changes: changed outside lawkb",
                )
            elif not whole:
                for f in rec:
                    if rec[f] != cur.get(f):
                        self.add(
                            area,
                            str(key),
                            f"{label}: {f} is {cur.get(f)!r} in the table "
                            f"but {rec[f]!r} by the recorded changes: changed outside lawkb",
                        )

    def check_attendance(self, sessions: dict[int, dict[str, Any]]) -> None:
        counts = dict(
            self.conn.execute(
                "SELECT session_id, count(*) FROM entries WHERE session_id IS NOT NULL "
                "AND corrects IS NULL GROUP BY session_id"
            ).fetchall()
        )
        for sid, s in sorted(sessions.items()):
            n = counts.get(sid, 0)
            if n != s["attendees"]:
                self.add(
                    "attendance",
                    f"session {sid}",
                    f"session {sid} ({s['date']} {s['topic']}): {n} of its {s['attendees']} "
                    "attendees have an entry: entries removed or added outside lawkb",
                )

    def check_orphans(self) -> None:
        orphans: dict[str, list[int]] = {}
        for entry_id, officer_id in self.conn.execute(
            "SELECT e.id, e.officer_id FROM entries e LEFT JOIN officers o "
            "ON o.id = e.officer_id WHERE o.id IS NULL ORDER BY e.id"
        ):
            orphans.setdefault(officer_id, []).append(entry_id)
        for officer_id, ids in orphans.items():
            shown = ", ".join(map(str, ids[:5])) + (" …" if len(ids) > 5 else "")
            self.add(
                "orphans",
                officer_id,
                f"{len(ids)} entries ({shown}) belong to officer "
                f"'{officer_id}', who is not on the roster: orphaned entries",
            )
        for column, table, noun in (
            ("session_id", "sessions", "session"),
            ("corrects", "entries", "entry"),
        ):
            for entry_id, ref in self.conn.execute(
                f"SELECT e.id, e.{column} FROM entries e LEFT JOIN {table} t ON t.id = e.{column} "
                f"WHERE e.{column} IS NOT NULL AND t.id IS NULL ORDER BY e.id"
            ):
                self.add(
                    "orphans",
                    f"entry {entry_id}",
                    f"entry {entry_id} refers to {noun} {ref}, which does not exist",
                )

    def check_checkpoint(self, point: ckpt.Checkpoint) -> bool:
        if point.bare:
            if point.hash in self.all_hashes:
                return True
            self.add(
                "checkpoint",
                point.hash[:12],
                f"hash {point.hash[:12]}… is not the hash of "
                "any entry or event: the history it stood for was rewritten or removed",
            )
            return False
        if point.entries > self.entries or point.events > self.events:
            self.add(
                "checkpoint",
                str(point),
                f"the checkpoint covers {point.entries} entries "
                f"and {point.events} events, but the ledger now has {self.entries} and "
                f"{self.events}: rows removed since the checkpoint",
            )
            return False
        made = ckpt.make(
            point.entries,
            self.entry_hashes.get(point.entries, ""),
            point.events,
            self.event_hashes.get(point.events, ""),
        )
        if made.hash != point.hash:
            self.add(
                "checkpoint",
                str(point),
                f"the ledger does not extend checkpoint "
                f"{str(point)[:24]}…: rows up to it were altered or re-hashed since",
            )
            return False
        return True


def verify(
    conn: sqlite3.Connection,
    *,
    integrity: bool = True,
    ledger_key: LedgerKey | None = None,
    ledger: Path | None = None,
    checkpoint: ckpt.Checkpoint | None = None,
) -> VerifyResult:
    v = Verifier(conn, ledger_key)
    status = "ok"
    if integrity:
        try:
            status = "; ".join(str(r[0]) for r in conn.execute("PRAGMA quick_check"))
        except sqlite3.Error as exc:
            status = str(exc)
        if status != "ok":
            v.add("integrity", "database", f"the database file is damaged: {status}")
    if checkpoint and not checkpoint.bare:
        v.wanted_entries.add(checkpoint.entries)
        v.wanted_events.add(checkpoint.events)
    v.guarded("events", "the events", v.walk_events)
    if v.seal_start:
        v.wanted_entries.add(int(v.seal_start.get("entries", {}).get("count", 0)))
    v.guarded("entries", "the entries", v.walk_entries)
    v.guarded(
        "head",
        "ledger_head",
        lambda: v.check_head("ledger_head", "entries", v.entries, v.entry_head, "entry"),
    )
    v.guarded(
        "head",
        "events_head",
        lambda: v.check_head("events_head", "events", v.events, v.event_head, "event"),
    )
    v.guarded("key", "the key", lambda: v.check_key(ledger))
    v.guarded("state", "officers, settings and sessions", v.check_state)
    v.guarded("orphans", "entries' references", v.check_orphans)
    extends = None
    if checkpoint:
        extends = v.check_checkpoint(checkpoint)
    for area, n in v.per_area.items():
        if n > MAX_PER_AREA:
            v.findings.append(Finding(area=area, message=f"… and {n - MAX_PER_AREA} more"))
    return VerifyResult(
        ok=not v.findings,
        checked=v.checked,
        first_bad_entry=v.first_bad_entry,
        problem=v.findings[0].message if v.findings else "",
        head_hash=v.entry_head,
        integrity=status,
        events_checked=v.events_checked,
        findings=v.findings,
        checkpoint=str(ckpt.make(v.entries, v.entry_head, v.events, v.event_head)),
        keyed=v.key is not None,
        key_file=str(ledger_key.path) if ledger_key else "",
        sealed=v.seal_start is not None,
        extends_checkpoint=extends,
    )
