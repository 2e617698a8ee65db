"""What the records services return (pydantic, so that --json and the TUI share one shape)."""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field


class Officer(BaseModel):
    id: str  # 执法证号 or staff number
    name: str
    unit: str = ""
    role: str = "officer"
    joined: str | None = None  # ISO date
    left_on: str | None = None
    created_at: str = ""

    @property
    def active(self) -> bool:
        return self.left_on is None


class Entry(BaseModel):
    """One line of the ledger. Never changed once written."""

    id: int
    officer_id: str
    date: str
    minutes: int
    activity: str
    topic: str = ""
    source: str = "manual"
    automatic: bool = False
    ref: str = ""
    session_id: int | None = None
    corrects: int | None = None
    reason: str = ""
    recorded_by: str = ""
    recorded_at: str = ""
    prev_hash: str = ""
    hash: str = ""


class AuditedEntry(BaseModel):
    """An original entry with the corrections that adjust it."""

    entry: Entry
    corrections: list[Entry] = Field(default_factory=list)
    effective_minutes: int  # entry.minutes plus every correction


class Change(BaseModel):
    id: int
    at: str
    actor: str
    kind: str  # officer.add, officer.leave, setting
    subject: str
    old_value: object = None
    new_value: object = None


class OfficerAudit(BaseModel):
    officer: Officer
    entries: list[AuditedEntry]
    totals_by_year: dict[str, int]  # year -> minutes (every entry, automatic included)
    changes: list[Change]


class EntryAudit(BaseModel):
    entry: AuditedEntry
    corrected_entry: Entry | None = None  # when the entry asked about is a correction
    session_attendees: list[str] = Field(default_factory=list)


class Settings(BaseModel):
    activities: list[str]
    auto_counts: bool
    pro_rata: bool
    targets: dict[str, int]  # "target", "target.2027", "target.trainee" … -> minutes


class Progress(BaseModel):
    """One officer's year against the target."""

    id: str
    name: str
    unit: str
    role: str
    joined: str | None = None
    left_on: str | None = None
    done_minutes: int  # every entry of the year, corrections included
    auto_minutes: int  # of which automatic
    counted_minutes: int  # what counts towards the target (auto_counts setting)
    target_minutes: int
    expected_minutes: int  # pro-rata of the target by today (the whole target for past years)
    remaining_minutes: int
    status: str  # complete | on_track | behind
    entries: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def minutes(self) -> int:
        """Minutes done that count towards the requirement (the figure reports lead with)."""
        return self.counted_minutes


class UnitTotal(BaseModel):
    unit: str
    officers: int
    counted_minutes: int
    target_minutes: int
    complete: int
    behind: int


class Report(BaseModel):
    year: int
    as_of: str
    auto_counts: bool
    officers: list[Progress]
    units: list[UnitTotal]
    total: UnitTotal
    checkpoint: str = ""  # the ledger's checkpoint when the report was made


class Finding(BaseModel):
    """One thing `hours verify` found wrong, in words a coordinator can act on."""

    area: str  # entries, head, events, officers, settings, sessions, attendance, orphans, key …
    subject: str = ""  # the entry, officer, setting or session concerned
    message: str


class VerifyResult(BaseModel):
    ok: bool
    checked: int  # entries that fit the chain before the first that does not
    first_bad_entry: int | None = None
    problem: str = ""  # the first finding's message
    head_hash: str = ""  # hash of the newest entry
    integrity: str = "ok"
    events_checked: int = 0
    findings: list[Finding] = Field(default_factory=list)
    checkpoint: str = ""  # note it down: `hours verify --checkpoint` proves it is extended
    keyed: bool = False  # verify ran with the ledger key
    key_file: str = ""
    sealed: bool = False  # the ledger is sealed with a key (a key.start event)
    extends_checkpoint: bool | None = None  # when a checkpoint was given


class RowError(BaseModel):
    row: int
    field: str
    message: str


class RosterResult(BaseModel):
    path: str
    imported: list[str]
    errors: list[RowError]


class BackupResult(BaseModel):
    path: str
    bytes: int
    officers: int
    entries: int
    verified: bool
    checkpoint: str = ""


class RestoreResult(BaseModel):
    backup: str
    path: str  # the ledger restored into
    replaced: str  # where the ledger it replaced is kept ("" when there was none)
    officers: int
    entries: int
    checkpoint: str


class Bookmark(BaseModel):
    ref: str
    note: str = ""
    created_at: str = ""
