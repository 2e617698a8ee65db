"""Import a discretion standard from the XLSX layout that bureaus circulate:

    违法行为 | 违法依据 | 处罚依据 | 裁量阶次 | 适用情形 | 处罚标准

One row per tier; the first three columns are often merged over a violation's tiers (an
empty cell repeats the one above). Every row is validated: an article that does not resolve,
a sub-range outside the statutory range of its article, tiers that overlap, or tiers missing
from the scale are reported with the row number; the valid rows are imported.

适用情形 may be written as factor conditions for automatic checks (超标倍数<0.5；敏感区域=否)
or as free text; free text becomes a choice the calculator asks ("适用情形").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from lawkb.discretion.refs import resolve_ref, split_refs
from lawkb.discretion.standard import (
    DEFAULT_SCALE,
    Condition,
    Factor,
    FineRange,
    Problem,
    Standard,
    Tier,
    Violation,
    inside,
    statutory_intervals,
    validate_violation,
)
from lawkb.errors import InvalidInput, LawkbError, NotFound, ParseError
from lawkb.tabular import read_table

if TYPE_CHECKING:
    from lawkb.discretion.table import StatutoryTable
    from lawkb.kb import KnowledgeBase

COLUMNS = ["违法行为", "违法依据", "处罚依据", "裁量阶次", "适用情形", "处罚标准"]
CARRIED = ("违法行为", "违法依据", "处罚依据")  # merged over a violation's tiers
FREE_TEXT_FACTOR = "适用情形"


class SheetRow(BaseModel):
    row: int  # 1-based row in the sheet, as Excel shows it
    cells: dict[str, str]


class ImportResult(BaseModel):
    path: str
    standard: Standard | None = None
    imported_rows: list[int] = Field(default_factory=list)
    rejected_rows: list[int] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    saved_to: str = ""

    @property
    def ok(self) -> bool:
        return not self.rejected_rows and not any(p.severity == "error" for p in self.problems)


# -- reading the sheet -----------------------------------------------------------------------
def read_sheet(path: Path) -> list[SheetRow]:
    path = Path(path)
    if not path.exists():
        raise NotFound(f"{path}: no such file")
    rows = read_table(path, kind="discretion standard")
    header_at, columns = _find_header(rows, path)
    out: list[SheetRow] = []
    carried: dict[str, str] = {}
    for index in range(header_at + 1, len(rows)):
        raw = rows[index]
        cells = {name: _text(raw[col]) if col < len(raw) else "" for name, col in columns.items()}
        if not any(cells.values()):
            continue
        if cells["违法行为"]:  # a new violation: nothing carries over from the one above
            carried = {name: cells[name] for name in CARRIED}
        else:  # a tier row under merged cells
            for name in CARRIED:
                cells[name] = cells[name] or carried.get(name, "")
        out.append(SheetRow(row=index + 1, cells=cells))
    return out


def _text(value: str) -> str:
    return re.sub(r"[ \t\u3000]+", " ", value).strip()


def _find_header(rows: list[list[str]], path: Path) -> tuple[int, dict[str, int]]:
    for i, raw in enumerate(rows[:15]):
        names = [re.sub(r"\s", "", _text(v)) for v in raw]
        if "违法行为" in names and "处罚依据" in names:
            missing = [c for c in COLUMNS if c not in names]
            if missing:
                raise ParseError(
                    path,
                    i + 1,
                    f"missing column(s) {'、'.join(missing)}; expected {' | '.join(COLUMNS)}",
                )
            return i, {c: names.index(c) for c in COLUMNS}
    raise ParseError(path, None, f"no header row with {' | '.join(COLUMNS)} in the first 15 rows")


# -- conditions from 适用情形 ------------------------------------------------------------------
_CLAUSE_RE = re.compile(
    r"^(?P<f>[^<>=≤≥＜＞：:]+?)\s*(?P<op><=|>=|≤|≥|<|>|=|＜|＞|：|:|为)\s*(?P<v>.+)$"
)


def parse_situation(text: str) -> list[tuple[str, str, str]] | None:
    """'超标倍数<0.5；敏感区域=否' -> [(超标倍数, <, 0.5), (敏感区域, =, 否)]; None if free text."""
    clauses = [c.strip() for c in re.split(r"[；;，,\n]|并且|且", text) if c.strip()]
    if not clauses:
        return None
    out = []
    for clause in clauses:
        m = _CLAUSE_RE.match(clause)
        if not m:
            return None
        op = {"≤": "<=", "≥": ">=", "＜": "<", "＞": ">", "：": "=", ":": "=", "为": "="}.get(
            m.group("op"), m.group("op")
        )
        out.append((m.group("f").strip(), op, m.group("v").strip()))
    return out


def _numeric(value: str) -> tuple[float, str] | None:
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*([^\d\s]{0,3})", value)
    return (float(m.group(1)), m.group(2)) if m else None


def infer_factors(parsed: list[list[tuple[str, str, str]]]) -> dict[str, Factor]:
    kinds: dict[str, str] = {}
    units: dict[str, str] = {}
    options: dict[str, list[str]] = {}
    for clauses in parsed:
        for name, _op, value in clauses:
            num = _numeric(value)
            if value in ("是", "否"):
                kind = "是否"
            elif num is not None:
                kind = "数值"
                units.setdefault(name, num[1])
            else:
                kind = "选项"
                for v in re.split(r"[/／、]|或者|或", value):
                    if v.strip() and v.strip() not in options.setdefault(name, []):
                        options[name].append(v.strip())
            if kinds.get(name, kind) != kind:
                kind = "选项"
            kinds[name] = kind
    return {
        n: Factor(
            name=n, kind=k, unit=units.get(n, "") if k == "数值" else "", options=options.get(n, [])
        )
        for n, k in kinds.items()
    }


def _conditions(clauses: list[tuple[str, str, str]], factors: dict[str, Factor]) -> list[Condition]:
    conds: dict[str, Condition] = {}
    for name, op, value in clauses:
        f = factors[name]
        if f.kind == "数值":
            num = _numeric(value)
            spec = f"{op if op != '=' else ''}{num[0]:g}" if num else value
            new = Condition.parse(f, spec)
            if name in conds:  # 超标倍数>=0.5；超标倍数<1 on one row
                old = conds[name]
                new = old.model_copy(
                    update={
                        k: v
                        for k, v in new.model_dump().items()
                        if v is not None and k in ("low", "high")
                    }
                    | ({"low_inclusive": new.low_inclusive} if new.low is not None else {})
                    | ({"high_inclusive": new.high_inclusive} if new.high is not None else {})
                )
            conds[name] = new
        elif f.kind == "是否":
            conds[name] = Condition.parse(f, value)
        else:
            values = [v.strip() for v in re.split(r"[/／、]|或者|或", value) if v.strip()]
            conds[name] = Condition(factor=name, values=values)
    return list(conds.values())


# -- import ----------------------------------------------------------------------------------
def import_xlsx(
    kb: KnowledgeBase,
    table: StatutoryTable,
    path: Path,
    name: str | None = None,
) -> ImportResult:
    """Read, validate and build the standard (not yet saved: see `save_import`)."""
    path = Path(path)
    rows = read_sheet(path)
    result = ImportResult(path=str(path))
    if not rows:
        raise ParseError(path, None, "the sheet has a header but no rows")

    def reject(row: SheetRow, message: str, violation: str = "", tier: str = "") -> None:
        result.problems.append(
            Problem(
                where=f"row {row.row}", message=message, row=row.row, violation=violation, tier=tier
            )
        )
        if row.row not in result.rejected_rows:
            result.rejected_rows.append(row.row)

    # 1. rows one by one
    good: list[tuple[SheetRow, FineRange, Any]] = []
    for r in rows:
        c = r.cells
        for col in ("违法行为", "处罚依据", "裁量阶次", "处罚标准"):
            if not c[col]:
                reject(r, f"{col} is empty")
        if r.row in result.rejected_rows:
            continue
        try:
            fine = FineRange.parse(c["处罚标准"], "处罚标准")
        except InvalidInput as exc:
            reject(r, f"处罚标准: {exc.message}")
            continue
        ok = True
        for text in split_refs(c["违法依据"]):
            try:
                resolve_ref(kb, text)
            except LawkbError as exc:
                reject(r, f"违法依据 does not resolve: {exc}")
                ok = False
        basis_refs = split_refs(c["处罚依据"])
        try:
            basis, _ = resolve_ref(kb, basis_refs[0])
        except LawkbError as exc:
            reject(r, f"处罚依据 does not resolve: {exc}")
            continue
        if not ok:
            continue
        fines = table.statutory_fines(
            basis.law, basis.key, basis.paragraph, [basis.item] if basis.item else None
        )
        spans = statutory_intervals(fines, fine.unit, "*")
        if not spans:
            reject(
                r,
                f"处罚依据 {basis.citation()} sets no fine in {fine.unit} "
                "to check 处罚标准 against",
            )
            continue
        if not inside(fine, spans):
            from lawkb.discretion.standard import describe_spans

            reject(
                r,
                f"sub-range {fine.describe()} lies outside the statutory range of "
                f"{basis.citation()} ({describe_spans(spans, fine.unit)})",
            )
            continue
        good.append((r, fine, _statutory_case(fines, fine)))

    # 2. group the good rows into violations, in order
    groups: dict[tuple[str, str], list[tuple[SheetRow, FineRange, str]]] = {}
    for item in good:
        r = item[0]
        groups.setdefault((r.cells["违法行为"], r.cells["处罚依据"]), []).append(item)
    parsed_all = [
        p for (r, _f, _c) in good if (p := parse_situation(r.cells["适用情形"])) is not None
    ]
    factors = infer_factors(parsed_all)
    names = [r.cells["裁量阶次"] for r, _f, _c in good]
    scale = (
        list(DEFAULT_SCALE)
        if all(n in DEFAULT_SCALE for n in names)
        else list(dict.fromkeys(names))
    )
    std = Standard(
        name=name or path.stem,
        description=f"从 {path.name} 导入（{len(rows)} 行）",
        scale=scale,
        factors=factors,
    )
    for index, ((vname, basis_text), items) in enumerate(groups.items(), start=1):
        v = _violation(index, vname, basis_text, items, factors, std)
        problems = validate_violation(std, v, kb, table)
        bad_tiers: set[str] = set()
        for p in problems:
            if p.severity == "error":
                bad_tiers.update(_tiers_named(p, v))
        for p in problems:
            p.where = f"row {p.row}" if p.row else p.where
            result.problems.append(p)
        for t in v.tiers:
            if t.name in bad_tiers and t.row:
                result.rejected_rows.append(t.row)
        v.tiers = [t for t in v.tiers if t.name not in bad_tiers]
        if v.tiers:
            std.violations.append(v)
            result.imported_rows.extend(t.row for t in v.tiers if t.row)
    std.factors = {
        n: f
        for n, f in factors.items()
        if any(
            c.factor == n
            for v in std.violations
            for t in v.tiers
            for a in t.alternatives
            for c in a
        )
    }
    result.rejected_rows = sorted(set(result.rejected_rows))
    result.imported_rows = sorted(set(result.imported_rows) - set(result.rejected_rows))
    result.standard = std if std.violations else None
    return result


def _statutory_case(fines: list, fine: FineRange) -> str:
    """The statutory case whose range holds the tier: '' (general) or a scoped when."""
    if inside(fine, statutory_intervals(fines, fine.unit, "")):
        return ""
    for f in fines:
        head = f.when.split("；")[0]
        if head and inside(fine, statutory_intervals(fines, fine.unit, head)):
            return head
    return ""


def _violation(
    index: int,
    vname: str,
    basis_text: str,
    items: list[tuple[SheetRow, FineRange, str]],
    factors: dict[str, Factor],
    std: Standard,
) -> Violation:
    first = items[0][0]
    parsed = [parse_situation(r.cells["适用情形"]) for r, _f, _c in items]
    structured = all(p is not None for p in parsed)
    v = Violation(
        id=f"R{first.row}",
        name=vname,
        keywords=[vname],
        violated=split_refs(first.cells["违法依据"]),
        basis=split_refs(basis_text)[0],
        row=first.row,
    )
    if not structured:
        texts = [r.cells["适用情形"] or r.cells["裁量阶次"] for r, _f, _c in items]
        v.factors[FREE_TEXT_FACTOR] = Factor(
            name=FREE_TEXT_FACTOR,
            kind="选项",
            options=list(dict.fromkeys(texts)),
            question=f"{vname}：符合下列哪一种情形",
        )
    for (
        (r, fine, case),
        clauses,
    ) in zip(items, parsed, strict=True):
        if structured and clauses is not None:
            conds = _conditions(clauses, factors)
        else:
            conds = [
                Condition(
                    factor=FREE_TEXT_FACTOR, values=[r.cells["适用情形"] or r.cells["裁量阶次"]]
                )
            ]
        v.tiers.append(
            Tier(
                name=r.cells["裁量阶次"],
                alternatives=[conds],
                fine=fine,
                statutory_case=case,
                row=r.row,
                note="" if structured else r.cells["适用情形"],
            )
        )
    del std
    return v


def _tiers_named(p: Problem, v: Violation) -> set[str]:
    """The tiers an error is about: the one it names, and the other one of an overlap."""
    del v
    return {t for t in (p.tier, *p.also) if t}


def save_import(kb: KnowledgeBase, result: ImportResult, replace: bool = False) -> Path:
    from lawkb.discretion.standard import STANDARD_DIR, save_standard

    if result.standard is None:
        raise InvalidInput("rows", f"{result.path}: no valid row to import")
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "-", result.standard.name).strip("-") or "standard"
    path = Path(kb.home) / STANDARD_DIR / f"{safe}.yaml"
    result.saved_to = str(save_standard(result.standard, path, replace=replace))
    return path
