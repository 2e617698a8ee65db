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
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field, computed_field

from lawkb.discretion.factors import Condition, Factor
from lawkb.discretion.models import Fine
from lawkb.discretion.refs import ArticleResolver, resolve_ref, split_refs
from lawkb.discretion.standard import (
    DEFAULT_SCALE,
    FineRange,
    Standard,
    Tier,
    Violation,
    save_standard,
)
from lawkb.discretion.standard_checks import (
    Problem,
    describe_spans,
    inside,
    statutory_intervals,
    validate_violation,
)
from lawkb.discretion.table import StatutoryTable
from lawkb.errors import InvalidInput, LawkbError, NotFound, ParseError
from lawkb.i18n import _
from lawkb.tabular import read_table

COLUMNS = ["违法行为", "违法依据", "处罚依据", "裁量阶次", "适用情形", "处罚标准"]
CARRIED = ("违法行为", "违法依据", "处罚依据")  # merged over a violation's tiers
FREE_TEXT_FACTOR = "适用情形"


class SheetRow(BaseModel):
    row: int  # 1-based row in the sheet, as Excel shows it
    cells: dict[str, str]


class ImportResult(BaseModel):
    """What an import did; dumped as is by `discretion import --json` (the standard left out)."""

    path: str
    standard: Standard | None = Field(None, exclude=True)
    imported_rows: list[int] = Field(default_factory=list)
    rejected_rows: list[int] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    saved_to: str = ""
    dry_run: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return not self.rejected_rows and not any(p.severity == "error" for p in self.problems)


# -- reading the sheet -----------------------------------------------------------------------
def read_sheet(path: Path) -> list[SheetRow]:
    path = Path(path)
    if not path.exists():
        raise NotFound(_("{path}：文件不存在").format(path=path))
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
                    _("缺少列 {missing}；应有 {columns}").format(
                        missing="、".join(missing), columns=" | ".join(COLUMNS)
                    ),
                )
            return i, {c: names.index(c) for c in COLUMNS}
    raise ParseError(
        path, None, _("前 15 行中没有含 {columns} 的表头行").format(columns=" | ".join(COLUMNS))
    )


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
Reject = Callable[..., None]  # reject(row, message)
Checked = tuple[SheetRow, FineRange, str]  # a good row, its fine, its statutory case


def import_xlsx(
    articles: ArticleResolver, table: StatutoryTable, path: Path, name: str | None = None
) -> ImportResult:
    """Read, validate and build the standard (not yet saved: see `save_import`)."""
    path = Path(path)
    rows = read_sheet(path)
    result = ImportResult(path=str(path))
    if not rows:
        raise ParseError(path, None, _("表中只有表头，没有数据行"))

    def reject(row: SheetRow, message: str) -> None:
        result.problems.append(Problem(where=f"第 {row.row} 行", message=message, row=row.row))
        if row.row not in result.rejected_rows:
            result.rejected_rows.append(row.row)

    good = [c for r in rows if (c := _check_row(r, articles, table, reject)) is not None]
    std = _empty_standard(good, path, name, len(rows))
    groups: dict[tuple[str, str], list[Checked]] = {}
    for item in good:
        cells = item[0].cells
        groups.setdefault((cells["违法行为"], cells["处罚依据"]), []).append(item)
    for index, ((vname, basis_text), items) in enumerate(groups.items(), start=1):
        v = _violation(index, vname, basis_text, items, std.factors)
        _add_checked(std, v, articles, table, result)
    std.factors = _used_factors(std)
    result.rejected_rows = sorted(set(result.rejected_rows))
    result.imported_rows = sorted(set(result.imported_rows) - set(result.rejected_rows))
    result.standard = std if std.violations else None
    return result


def _check_row(
    r: SheetRow, articles: ArticleResolver, table: StatutoryTable, reject: Reject
) -> Checked | None:
    """One row on its own: filled in, a readable fine, articles that resolve, the fine inside
    the statutory range of its penalty article."""
    c = r.cells
    empty = [col for col in ("违法行为", "处罚依据", "裁量阶次", "处罚标准") if not c[col]]
    for col in empty:
        reject(r, f"{col}为空")
    if empty:
        return None
    try:
        fine = FineRange.parse(c["处罚标准"], "处罚标准")
    except InvalidInput as exc:
        reject(r, f"处罚标准：{exc.message}")
        return None
    ok = True
    for text in split_refs(c["违法依据"]):
        try:
            resolve_ref(articles, text)
        except LawkbError as exc:
            reject(r, f"违法依据无法对应到条文：{exc}")
            ok = False
    try:
        basis, _ignored = resolve_ref(articles, split_refs(c["处罚依据"])[0])
    except LawkbError as exc:
        reject(r, f"处罚依据无法对应到条文：{exc}")
        return None
    if not ok:
        return None
    fines = table.statutory_fines(
        basis.law, basis.key, basis.paragraph, [basis.item] if basis.item else None
    )
    spans = statutory_intervals(fines, fine.unit, "*")
    if not spans:
        reject(r, f"处罚依据 {basis.citation()} 没有以{fine.unit}计的罚款，无法核对处罚标准")
        return None
    if not inside(fine, spans):
        reject(
            r,
            f"幅度 {fine.describe()} 超出 {basis.citation()} 的法定幅度"
            f"（{describe_spans(spans, fine.unit)}）",
        )
        return None
    return r, fine, _statutory_case(fines, fine)


def _empty_standard(good: list[Checked], path: Path, name: str | None, count: int) -> Standard:
    """The standard before its violations: name, scale and the factors the rows use."""
    parsed = [p for (r, _f, _c) in good if (p := parse_situation(r.cells["适用情形"])) is not None]
    names = [r.cells["裁量阶次"] for r, _f, _c in good]
    in_scale = all(n in DEFAULT_SCALE for n in names)
    return Standard(
        name=name or path.stem,
        description=f"从 {path.name} 导入（{count} 行）",
        scale=list(DEFAULT_SCALE) if in_scale else list(dict.fromkeys(names)),
        factors=infer_factors(parsed),
    )


def _add_checked(
    std: Standard,
    v: Violation,
    articles: ArticleResolver,
    table: StatutoryTable,
    result: ImportResult,
) -> None:
    """Check the violation's tiers together; keep it with the tiers that have no error."""
    problems = validate_violation(std, v, articles, table)
    bad_tiers: set[str] = set()
    for p in problems:
        if p.severity == "error":
            bad_tiers.update(t for t in (p.tier, *p.also) if t)
        p.where = f"第 {p.row} 行" if p.row else p.where
        result.problems.append(p)
    for t in v.tiers:
        if t.name in bad_tiers and t.row:
            result.rejected_rows.append(t.row)
    v.tiers = [t for t in v.tiers if t.name not in bad_tiers]
    if v.tiers:
        std.violations.append(v)
        result.imported_rows.extend(t.row for t in v.tiers if t.row)


def _used_factors(std: Standard) -> dict[str, Factor]:
    used = {c.factor for v in std.violations for t in v.tiers for a in t.alternatives for c in a}
    return {n: f for n, f in std.factors.items() if n in used}


def _statutory_case(fines: list[Fine], fine: FineRange) -> str:
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
    items: list[Checked],
    factors: dict[str, Factor],
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
    for (r, fine, case), clauses in zip(items, parsed, strict=True):
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
    return v


def save_import(result: ImportResult, folder: Path, replace: bool = False) -> Path:
    """Save the imported standard as <folder>/<name>.yaml (folder: home/discretion)."""
    if result.standard is None:
        raise InvalidInput("rows", _("{path}：没有可导入的有效行").format(path=result.path))
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "-", result.standard.name).strip("-") or "standard"
    path = Path(folder) / f"{safe}.yaml"
    result.saved_to = str(save_standard(result.standard, path, replace=replace))
    return path
