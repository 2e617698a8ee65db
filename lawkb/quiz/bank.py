"""Curated question banks: YAML/JSON files in quizzes/ (and home/quizzes/), and the CSV/XLSX
import template with the columns 题型, 题干, 选项A–E, 答案, 解析, 依据.

Every row or entry is checked on its own. A bad one is reported with its row number (or its
position in the file) and what was expected; the good ones are still taken.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from lawkb.atomic import atomic_write
from lawkb.errors import InvalidInput, LawkbError, NotFound
from lawkb.i18n import _
from lawkb.models import Article, Law, Status
from lawkb.quiz.models import (
    JUDGE_OPTIONS,
    LETTERS,
    FactKind,
    Question,
    QuestionSource,
    QuestionType,
    stable_id,
)
from lawkb.tabular import read_table


class QuestionCatalog(Protocol):
    """What a bank needs of `lawkb.quiz.catalog.QuestionCatalog` (which imports this module)."""

    def resolve_basis(self, basis: str) -> tuple[Article, Law]: ...
    def reload_banks(self) -> None: ...


COLUMNS = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "答案", "解析", "依据"]
OPTION_COLUMNS = COLUMNS[2:7]
BANK_SUFFIXES = (".yaml", ".yml", ".json")
_TRUE = {"正确", "对", "√", "是", "true", "t", "a", "y"}
_FALSE = {"错误", "错", "×", "x", "否", "false", "f", "b", "n"}


@dataclass
class RowError:
    row: int | str  # spreadsheet row (header = 1) or "questions[3]" in a bank file
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if isinstance(self.row, int) else str(self.row)
        return f"{where}: {self.message}"


@dataclass
class Bank:
    path: Path
    name: str
    questions: list[Question] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportReport:
    source: Path
    target: Path | None
    imported: int = 0  # new questions
    updated: int = 0  # questions already in the bank, replaced
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# -- one entry -> Question ------------------------------------------------------------------
def build_question(entry: dict[str, Any], catalog: QuestionCatalog, origin: str) -> Question:
    """A bank entry (type, stem, options, answer, explanation, basis) -> Question.

    Raises InvalidInput naming the field that is wrong.
    """
    raw_type = str(entry.get("type") or "").strip()
    if not raw_type:
        raise InvalidInput(_("题型"), _("缺少（应为 单选、多选、判断 或 填空）"))
    try:
        qtype = QuestionType.parse(raw_type)
    except ValueError as exc:
        raise InvalidInput(_("题型"), str(exc)) from None
    stem = str(entry.get("stem") or "").strip()
    if not stem:
        raise InvalidInput(_("题干"), _("未填写"))
    options = [str(o).strip() for o in entry.get("options") or [] if str(o or "").strip()]
    raw_answer = entry.get("answer")
    answer_text = "" if raw_answer is None else str(raw_answer).strip()
    if isinstance(raw_answer, list):
        answer_text = "".join(str(a).strip() for a in raw_answer)
    if not answer_text:
        raise InvalidInput(_("答案"), _("未填写"))
    answer = _answer(qtype, answer_text, options)
    if qtype is QuestionType.JUDGE:
        options = list(JUDGE_OPTIONS)
    basis = str(entry.get("basis") or "").strip()
    if not basis:
        raise InvalidInput(_("依据"), _("缺少（应为例如 《行政处罚法》第三十六条）"))
    try:
        article, law = catalog.resolve_basis(basis)
    except NotFound as exc:
        raise InvalidInput(_("依据"), str(exc).removeprefix(f"依据 {basis!r}: ")) from None
    if law.status != Status.CURRENT and "已废止" not in stem:
        stem = f"【旧法·已废止】{stem}"
    explanation = (
        str(entry.get("explanation") or "").strip() or f"依据《{law.short_title}》{article.label}。"
    )
    difficulty = entry.get("difficulty") or 2
    try:
        difficulty = max(1, min(5, int(difficulty)))
    except (TypeError, ValueError):
        raise InvalidInput(
            "difficulty", _("{difficulty!r} 不是 1–5 的数字").format(difficulty=difficulty)
        ) from None
    return Question(
        id=stable_id(article.ref, qtype.value, stem, "bank"),
        type=qtype,
        stem=stem,
        options=options if qtype is not QuestionType.CLOZE else [],
        answer=answer,
        explanation=explanation,
        difficulty=difficulty,
        source=QuestionSource.of(law, article),
        kind=FactKind.CURATED,
        origin=origin,
    )


def _answer(qtype: QuestionType, text: str, options: list[str]) -> list[str]:
    if qtype is QuestionType.CLOZE:
        return [a.strip() for a in text.replace("；", ";").split(";") if a.strip()]
    if qtype is QuestionType.JUDGE:
        key = text.strip().lower()
        if key in _TRUE:
            return ["A"]
        if key in _FALSE:
            return ["B"]
        raise InvalidInput(
            _("答案"), _("{text!r}：判断题的答案应为 正确 或 错误").format(text=text)
        )
    if len(options) < 2:
        raise InvalidInput(_("选项"), _("{label}题至少需要两个选项").format(label=qtype.label))
    letters = [c for c in text.upper() if c not in " ,，、;；"]
    valid = LETTERS[: len(options)]
    bad = [c for c in letters if c not in valid]
    if bad or not letters:
        raise InvalidInput(
            _("答案"),
            _("{text!r} 不在选项中（应为 {valid} 中的字母）").format(text=text, valid=valid),
        )
    letters = sorted(set(letters))
    if qtype is QuestionType.SINGLE and len(letters) != 1:
        raise InvalidInput(_("答案"), _("{text!r}：单选题只有一个答案").format(text=text))
    if qtype is QuestionType.MULTI and len(letters) < 2:
        raise InvalidInput(_("答案"), _("{text!r}：多选题有两个或更多答案").format(text=text))
    return letters


# -- bank files ------------------------------------------------------------------------------
def load_bank(path: Path, catalog: QuestionCatalog) -> Bank:
    """Read one YAML or JSON bank. Broken entries go to bank.errors; raises LawkbError only
    when the file itself cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise LawkbError(_("{path}：不是可读取的题库（{exc}）").format(path=path, exc=exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise LawkbError(_("{path}：应为含有 'questions' 列表的映射").format(path=path))
    bank = Bank(path=path, name=str(data.get("name") or path.stem))
    seen: set[str] = set()
    for i, entry in enumerate(data["questions"]):
        where = f"questions[{i}]"
        if not isinstance(entry, dict):
            bank.errors.append(RowError(where, "expected a mapping"))
            continue
        try:
            q = build_question(entry, catalog, f"bank:{path.name}")
        except InvalidInput as exc:
            bank.errors.append(RowError(where, str(exc)))
            continue
        if q.id not in seen:
            seen.add(q.id)
            bank.questions.append(q)
    return bank


def load_banks(dirs: Sequence[Path], catalog: QuestionCatalog) -> list[Bank]:
    out = []
    for d in dirs:
        if not d.is_dir():
            continue
        for path in sorted(d.iterdir()):
            if path.suffix in BANK_SUFFIXES and path.is_file():
                out.append(load_bank(path, catalog))
    return out


def bank_entry(q: Question) -> dict[str, Any]:
    """Question -> the documented bank entry (what a YAML bank holds)."""
    answer: str
    if q.type is QuestionType.JUDGE:
        answer = JUDGE_OPTIONS[LETTERS.index(q.answer[0])]
    elif q.type is QuestionType.CLOZE:
        answer = "；".join(q.answer)
    else:
        answer = "".join(q.answer)
    entry: dict[str, Any] = {"type": q.type.label, "stem": q.stem}
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
        entry["options"] = list(q.options)
    entry |= {
        "answer": answer,
        "explanation": q.explanation,
        "basis": q.source.citation,
        "difficulty": q.difficulty,
    }
    return entry


# -- CSV / XLSX import -----------------------------------------------------------------------
def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) for each non-empty data row; header is row 1."""
    rows = read_table(path, kind="question file")
    if not any(rows):
        raise InvalidInput(
            "FILE",
            _("{path}：空文件（表头应为 {columns}）").format(path=path, columns=",".join(COLUMNS)),
        )
    header = [str(h or "").strip() for h in rows[0]]
    missing = [c for c in ("题型", "题干", "答案", "依据") if c not in header]
    if missing:
        raise InvalidInput(
            _("表头"),
            _("{path}：第 1 行缺少列 {missing}（应为 {columns}）").format(
                path=path, missing=", ".join(missing), columns=",".join(COLUMNS)
            ),
        )
    out = []
    for n, values in enumerate(rows[1:], start=2):
        cells = {h: values[i] if i < len(values) else "" for i, h in enumerate(header) if h}
        if any(cells.values()):
            out.append((n, cells))
    return out


def row_entry(cells: dict[str, str]) -> dict[str, Any]:
    return {
        "type": cells.get("题型", ""),
        "stem": cells.get("题干", ""),
        "options": [cells.get(c, "") for c in OPTION_COLUMNS],
        "answer": cells.get("答案", ""),
        "explanation": cells.get("解析", ""),
        "basis": cells.get("依据", ""),
    }


def import_file(path: Path, catalog: QuestionCatalog, target_dir: Path) -> ImportReport:
    """Import a CSV/XLSX file into target_dir/<file name>.yaml: valid rows are added (or
    replace the same question), bad rows are reported with their row numbers."""
    path = Path(path)
    rows = read_rows(path)
    target = target_dir / f"{path.stem}.yaml"
    report = ImportReport(source=path, target=target, rows=len(rows))
    good: list[Question] = []
    for n, cells in rows:
        if _options_gap(cells):
            report.errors.append(
                RowError(n, "选项: options must be filled from 选项A on, without gaps")
            )
            continue
        try:
            good.append(build_question(row_entry(cells), catalog, f"bank:{target.name}"))
        except InvalidInput as exc:
            report.errors.append(RowError(n, str(exc)))
    if not good:
        report.target = None
        return report
    existing: dict[str, dict[str, Any]] = {}
    name = path.stem
    if target.is_file():
        bank = load_bank(target, catalog)
        name = bank.name
        existing = {q.id: bank_entry(q) for q in bank.questions}
    for q in good:
        if q.id in existing:
            report.updated += 1
        else:
            report.imported += 1
        existing[q.id] = bank_entry(q)
    write_bank(target, name, existing.values())
    catalog.reload_banks()
    return report


def _options_gap(cells: dict[str, str]) -> bool:
    filled = [bool(cells.get(c)) for c in OPTION_COLUMNS]
    return any(later and not earlier for earlier, later in itertools.pairwise(filled))


def write_bank(target: Path, name: str, entries: Iterable[dict[str, Any]]) -> None:
    """Write a bank atomically: a reader sees the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"name": name, "questions": list(entries)}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    atomic_write(target, text)
