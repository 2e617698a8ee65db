"""Case questions: a short situation (a company, a bureau, a date, an amount) where the trainee
applies a rule: the fine range for a violation, or the last day of a time limit.

- penalty cases come from the checked statutory table (corpus/statutory.tsv): the violation is
  read from the article at run time, the key is the row's basic fine;
- deadline cases come from quizzes/cases.tsv (law, article, the limit as the article writes it,
  who counts it in working days): the key is the date the limit ends.

Every case is a pure function of its row, the seed words of its id and the collection; a test
re-derives each key from the table or the TSV and the article text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lawkb.discretion.amounts import format_yuan
from lawkb.discretion.fine_clauses import split_violation
from lawkb.discretion.models import Fine, StatutoryRow
from lawkb.errors import InvalidInput
from lawkb.i18n import _
from lawkb.models import Article, Law, Status
from lawkb.numerals import int_to_cn
from lawkb.paths import quizzes_dir
from lawkb.quiz.case_bodies import authority_cases
from lawkb.quiz.facts import is_usable_item
from lawkb.quiz.lint import DANGLING_RE
from lawkb.quiz.models import (
    BLANK,
    LETTERS,
    FactKind,
    Question,
    QuestionSource,
    QuestionType,
    stable_id,
)
from lawkb.quiz.text import item_text, number_value, time_values

CASES_VERSION = "case-1"
CASES_FILE = "cases.tsv"
CASE_COLUMNS = ("id", "law", "article", "limit", "unit", "counted_by", "party", "event", "action")
UNITS = ("日", "工作日", "个月")
# a party of a trade the violation implies (first match wins), else a company of no trade:
# a dyeing firm is never cast as a restaurant nor a building-materials firm as a pig farm
TRADES = (
    (("船舶", "港口", "码头"), "某航运有限公司"),
    (("畜禽", "养殖"), "某畜禽养殖场"),
    (("餐饮", "油烟"), "某餐饮店"),
    (("医疗废物", "医疗机构"), "某医院"),
    (("施工", "建筑垃圾", "渣土"), "某建筑工程有限公司"),
    (("建设项目", "建设单位", "环境影响"), "某房地产开发有限公司"),
    (("机动车", "车辆", "运输"), "某运输有限公司"),
    (("加油", "油气", "储油"), "某石油销售有限公司"),
    (("尾矿", "矿产", "采矿"), "某矿业有限公司"),
    (("放射", "射线", "核技术"), "某核技术利用单位"),
    (("电镀",), "某电镀有限公司"),
    (("印染", "染料"), "某印染有限公司"),
    (("造纸", "纸浆"), "某纸业有限公司"),
    (("危险化学品", "危险废物", "化学"), "某化工有限公司"),
    (("生活垃圾", "厨余垃圾", "环境卫生"), "某环境卫生服务有限公司"),
    (("监测", "检测"), "某环境检测有限公司"),
)
COMPANIES = ("某有限公司", "某实业有限公司", "某制造有限公司")
# who punishes, as the penalty article names it (由……责令/处/依照 …)
_AUTHORITY_RE = re.compile(r"由([^，。；由]{2,40}?)(?:按照|依照|依据|责令|处|没收|予以|给予|对)")
_LOCAL_RE = re.compile(r"^(?:县级以上)?(?:地方)?(?:各级)?(?:人民政府)?")
_NOT_ONE_BODY = ("、", "或者", "和", "等", "指定", "确定", "其他", "有关")
AMOUNTS = (30000, 50000, 80000, 120000, 200000)
CASE_YEAR = 2025  # a past year: its weekdays are fixed
# month-day spans that may hold a public holiday or a swapped working day in any year
# (元旦, 春节, 清明, 劳动节, 端午, 中秋 and 国庆): no case date falls in or counts across them
HOLIDAY_SPANS = (
    ((12, 29), (1, 4)),
    ((1, 20), (2, 25)),
    ((4, 2), (4, 8)),
    ((4, 28), (5, 7)),
    ((5, 28), (6, 25)),
    ((9, 8), (10, 9)),
)
MAX_VIOLATION = 70
BUREAU = "某市生态环境局"
BUREAU_WORDS = ("生态环境", "环境保护")
NOT_A_COMPANY = ("船舶", "个人", "机动车", "港口", "矿山企业")  # subjects a company story misfits
_LEAD_VIOLATION_RE = re.compile(r"^违反[^，]{0,40}?规定[，,]")
_SUBJECT_RE = re.compile(r"^(?P<s>[^，]{0,30}?)[，,]?有下列[^，]{0,8}之一的?$")
_COMPANY_SUBJECT = re.compile(r"(?:单位|企业|经营者|机构|公司|生产者|销售者|运营者|管理者|使用者)$")


@dataclass(frozen=True)
class DeadlineRow:
    id: str
    law: str
    article: str
    limit: str
    unit: str
    counted_by: str
    party: str
    event: str
    action: str
    line: int

    @property
    def count(self) -> int:
        value = number_value(re.sub(r"个?(?:工作日|日|月)$", "", self.limit))
        if value is None:
            raise InvalidInput(
                f"{CASES_FILE}:{self.line}: limit",
                _("{limit!r} 中没有数字").format(limit=self.limit),
            )
        return int(value)


def party_for(text: str, rng: random.Random) -> str:
    """A party of a trade that fits the violation `text`."""
    for words, party in TRADES:
        if any(w in text for w in words):
            return party
    return rng.choice(COMPANIES)


def case_authority(article_text: str) -> str | None:
    """The body that investigates a case on this penalty article: 某市生态环境局 when the article
    names an 生态环境 body, 某市<department> when it names one other department, None when it
    names several, a body chosen locally, or none (no story can be told without guessing)."""
    m = _AUTHORITY_RE.search(article_text)
    if not m:
        return None
    body = m.group(1)
    if any(w in body for w in BUREAU_WORDS):
        return BUREAU
    if any(w in body for w in _NOT_ONE_BODY):
        return None
    body = _LOCAL_RE.sub("", body)
    if not body.endswith(("部门", "机构", "机关")):
        return None  # a government or a text the pattern misread: no department to name
    return f"某{body}" if body.startswith(("海事", "公安")) and "机构" in body else f"某市{body}"


# -- dates ---------------------------------------------------------------------------------
def in_holiday_span(day: dt.date) -> bool:
    md = (day.month, day.day)
    for start, end in HOLIDAY_SPANS:
        if start <= end and start <= md <= end:
            return True
        if start > end and (md >= start or md <= end):
            return True
    return False


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def last_day(start: dt.date, n: int, unit: str) -> dt.date:
    """The last day of a limit of n units that starts the day after `start` (the start day
    itself is not counted). Dates are chosen so that no rest day moves it."""
    if unit == "个月":
        return add_months(start, n)
    if unit == "工作日":
        return add_working_days(start, n)
    return start + dt.timedelta(days=n)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _span_is_clear(start: dt.date, end: dt.date, unit: str) -> bool:
    if end.weekday() >= 5 or in_holiday_span(end):
        return False
    if unit != "工作日":
        return True  # natural days and months count rest days alike: only the last day matters
    days = (end - start).days
    return not any(in_holiday_span(start + dt.timedelta(days=i)) for i in range(days + 1))


def pick_start(rng: random.Random, n: int, unit: str) -> dt.date:
    """A start date in CASE_YEAR whose limit ends on a weekday with no holiday in the way."""
    days = [dt.date(CASE_YEAR, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    rng.shuffle(days)
    for day in days:
        if day.weekday() < 5 and _span_is_clear(day, last_day(day, n, unit), unit):
            return day
    raise InvalidInput(CASES_FILE, _("{n}{unit} 没有明确的起算日").format(n=n, unit=unit))


# -- the deadline table --------------------------------------------------------------------
def read_deadlines(path: Path | None = None) -> list[DeadlineRow]:
    path = path or quizzes_dir() / CASES_FILE
    rows: list[DeadlineRow] = []
    header: list[str] | None = None
    for n, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            if tuple(cells) != CASE_COLUMNS:
                raise InvalidInput(
                    f"{path}:{n}",
                    _("列应为 {case_columns}").format(case_columns=", ".join(CASE_COLUMNS)),
                )
            continue
        if len(cells) != len(CASE_COLUMNS):
            raise InvalidInput(
                f"{path}:{n}",
                _("{n_cells} 个单元格，应为 {n_case_columns} 个").format(
                    n_cells=len(cells), n_case_columns=len(CASE_COLUMNS)
                ),
            )
        row = DeadlineRow(**dict(zip(CASE_COLUMNS, cells, strict=True)), line=n)
        if row.unit not in UNITS:
            raise InvalidInput(
                f"{path}:{n}: unit", _("{unit!r}（应为 日、工作日 或 个月）").format(unit=row.unit)
            )
        rows.append(row)
    return rows


def _actor(row: DeadlineRow, company: str) -> tuple[str, str]:
    """(who the stem starts with, how the question names them)."""
    return {
        "公司": (company, "该单位"),
        "行政机关": ("某市生态环境局", "该局"),
        "复议机关": ("某市人民政府（行政复议机关）", "行政复议机关"),
        "赔偿义务机关": ("某市生态环境局（赔偿义务机关）", "赔偿义务机关"),
    }.get(row.party, (company, "该单位"))


def deadline_question(row: DeadlineRow, law: Law, article: Article, variant: int) -> Question:
    """One case on `row`; `variant` picks the date, the company and the amount."""
    rng = random.Random(stable_id(row.id, str(variant), CASES_VERSION))
    n = row.count
    start = pick_start(rng, n, row.unit)
    end = last_day(start, n, row.unit)
    company = party_for(row.event, rng)
    amount = format_yuan(float(rng.choice(AMOUNTS)))
    subject, actor = _actor(row, company)
    event = row.event.replace("{amount}", amount)
    wrong = _wrong_days(start, n, row.unit, end)
    options = [cn_date(end), *(cn_date(d) for d in wrong)]
    rng.shuffle(options)
    counted = "工作日（不含法定节假日）" if row.unit == "工作日" else row.unit
    basis = f"《{law.short_title}》{article.label}"
    if row.counted_by:
        basis += f"，期限按{counted}计算（{_counted_label(row.counted_by)}）"
    note = (
        "期间开始之日不计入；该期间内除周六、周日外没有休息日"
        if row.unit == "工作日"
        else "期间开始之日不计入；最后一日不是休息日"
    )
    stem = (
        f"{cn_date(start)}，{subject}{event}。依照《{law.short_title}》，{actor}{row.action}的"
        f"期限，最后一日是{BLANK}。（{note}）"
    )
    explanation = (
        f"依照{basis}，期限为“{row.limit}”，自{cn_date(start)}的次日起算，"
        f"按{counted}计算，最后一日是{cn_date(end)}。"
    )
    return Question(
        id=stable_id(row.id, str(variant), CASES_VERSION),
        type=QuestionType.SINGLE,
        stem=stem,
        options=options,
        answer=[LETTERS[options.index(cn_date(end))]],
        explanation=explanation,
        difficulty=3 + (row.unit != "日"),
        source=QuestionSource.of(law, article),
        kind=FactKind.CASE_DEADLINE,
        tested=row.limit,
        case_ref=row.id,
        case_facts={"start": start.isoformat(), "unit": row.unit, "count": str(n)},
        generator=CASES_VERSION,
    )


def _counted_label(ref: str) -> str:
    law, _ignored, number = ref.partition("#")
    return f"《{law}》第{int_to_cn(int(number))}条" if number.isdigit() else ref


def _wrong_days(start: dt.date, n: int, unit: str, end: dt.date) -> list[dt.date]:
    """Three wrong last days a trainee could compute: the start day counted, the other way of
    counting (natural days for working days and back), and a limit a step longer."""
    other = "日" if unit == "工作日" else ("工作日" if unit == "日" else "日")
    tries = [
        last_day(start, n, unit) - dt.timedelta(days=1),
        last_day(start, n * 30 if unit == "个月" else n, other),
        last_day(start, n + (1 if unit == "个月" else 5), unit),
        last_day(start, n + (2 if unit == "个月" else 10), unit),
    ]
    out: list[dt.date] = []
    for d in tries:
        if d != end and d not in out:
            out.append(d)
    return out[:3]


def deadline_cases(laws: dict[str, Law], variants: int = 3) -> list[Question]:
    """Deadline cases for the rows whose law is in `laws` (short title -> Law)."""
    out: list[Question] = []
    for row in read_deadlines():
        law = laws.get(row.law)
        if law is None or law.status != Status.CURRENT:
            continue
        article = next((a for a in law.articles if a.key == row.article), None)
        if article is None or row.limit not in {
            m.group() for m, _ignored in time_values(article.text)
        }:
            continue  # the table no longer matches the article: no question rather than a wrong one
        out.extend(deadline_question(row, law, article, v) for v in range(variants))
    return out


# -- penalty cases from the statutory table ----------------------------------------------------
def range_text(f: Fine) -> str:
    return f"{format_yuan(f.low)}以上{format_yuan(f.high)}以下"


def case_fine(row: StatutoryRow, item: int | None = None) -> Fine | None:
    """The one fine a case about `row` (and its item) asks for: the party's basic fine in yuan
    with both bounds; None when the row has none or more than one."""
    fines = [f for f in row.basic_fines([item] if item else None) if not f.when and not f.who]
    if len(fines) != 1:
        return None
    f = fines[0]
    if f.unit != "元" or f.per or f.low is None or f.high is None or f.floor is not None:
        return None
    return f


def _violations(article: Article, row: StatutoryRow) -> list[tuple[int | None, str]]:
    """(item, violation words as the article writes them) for the row's paragraph."""
    para = article.paragraphs[row.paragraph - 1]
    head = _LEAD_VIOLATION_RE.sub("", split_violation(para.text.strip())[0]).removesuffix("的")
    if not para.items:
        ok = head and len(head) <= MAX_VIOLATION and not DANGLING_RE.search(head)
        ok = ok and not head.startswith(NOT_A_COMPANY)
        return [(None, head)] if ok and "下列" not in head else []
    m = _SUBJECT_RE.match(head)
    if not m or (m.group("s") and not _COMPANY_SUBJECT.search(m.group("s"))):
        return []  # a list for a subject a company cannot be (a government, a person …)
    out = []
    for i, raw in enumerate(para.items, start=1):
        text = item_text(raw)
        if text.startswith(NOT_A_COMPANY):
            continue
        if is_usable_item(text) and not DANGLING_RE.search(text) and "下列" not in text:
            out.append((i, text.removesuffix("的")))
    return out


def penalty_cases(rows: Iterable[StatutoryRow], laws: dict[str, Law]) -> list[Question]:
    """Fine-range cases for the statutory rows of the laws in `laws` (full title -> Law)."""
    # the bureau in the story inspects what it is competent for: rows an 生态环境 body punishes
    rows = [
        r
        for r in rows
        if r.law in laws and not r.stale and any(w in r.authority for w in BUREAU_WORDS)
    ]
    ranges = {(f.low, f.high) for r in rows for f in r.fines if f.unit == "元" and f.low}
    out: list[Question] = []
    for row in rows:
        law = laws[row.law]
        article = next((a for a in law.articles if a.key == row.key), None)
        if article is None or row.paragraph > len(article.paragraphs):
            continue
        for item, violation in _violations(article, row):
            fine = case_fine(row, item)
            if fine is None:
                continue
            q = _penalty_question(row, law, article, item, violation, fine, ranges)
            if q is not None:
                out.append(q)
    return out


def _penalty_question(row, law, article, item, violation, fine, ranges) -> Question | None:
    rng = random.Random(stable_id(row.id, str(item), CASES_VERSION))
    own = {(f.low, f.high) for f in row.fines}
    near = sorted(
        (r for r in ranges if r not in own and r[1] != fine.high and r[0] != fine.low),
        key=lambda r: (abs((r[1] or 1) / fine.high - 1), r),
    )[:8]
    if len(near) < 3:
        return None
    picks = rng.sample(near, 3)
    key = range_text(fine)
    options = [key, *(range_text(Fine(low=lo, high=hi)) for lo, hi in picks)]
    rng.shuffle(options)
    company = party_for(violation, rng)
    para = f"第{int_to_cn(row.paragraph)}款" if len(article.paragraphs) > 1 else ""
    where = f"第{int_to_cn(item)}项" if item else ""
    may = "可以" if fine.may else ""
    return Question(
        id=stable_id(row.id, str(item), CASES_VERSION),
        type=QuestionType.SINGLE,
        stem=(
            f"{BUREAU}执法人员检查{company}时查明，该单位存在以下违法事实：{violation}。"
            f"依照《{law.short_title}》，对该单位{may}处罚款的法定幅度是{BLANK}。"
        ),
        options=options,
        answer=[LETTERS[options.index(key)]],
        explanation=(
            f"依照《{law.short_title}》{article.label}{para}{where}，"
            f"对该违法行为{may}处{key}的罚款（法定罚则表 {row.id}）。"
        ),
        difficulty=3,
        source=QuestionSource.of(law, article),
        kind=FactKind.CASE_PENALTY,
        tested=key,
        case_ref=f"{row.id}/{item}" if item else row.id,  # row id, then the 项
        case_facts={"violation": violation, "company": company},
        generator=CASES_VERSION,
    )


# -- applicable-article cases from the violation catalogue -------------------------------------
def article_cases(violations: Iterable, laws: dict[str, Law]) -> list[Question]:
    """The cases on catalogued violations (corpus/violations.tsv): "which department punishes
    this?" (lawkb/quiz/case_bodies.py; what papers draw) and "which article punishes this?"
    (practice only: the key is the violation's first penalty article in its law; the wrong
    options punish other catalogued violations of that law and are neither a penalty nor a
    duty of this one)."""
    violations = [v for v in violations if v.law in laws and v.penalty]
    return authority_cases(violations, laws) + _article_number_cases(violations, laws)


def _article_number_cases(violations: list, laws: dict[str, Law]) -> list[Question]:
    punished: dict[str, set[str]] = {}
    for v in violations:
        for r in v.penalty:
            if r.law == v.law:
                punished.setdefault(v.law, set()).add(r.key)
    out: list[Question] = []
    keyed: dict[str, dict[str, Article]] = {}  # law -> article key -> article, built once
    for v in violations:
        law = laws[v.law]
        own = {r.key for r in (*v.penalty, *v.duty) if r.law == v.law}
        key_ref = next((r for r in v.penalty if r.law == v.law), None)
        if v.law not in keyed:
            keyed[v.law] = {a.key: a for a in law.articles if not a.deleted}
        by_key = keyed[v.law]
        if key_ref is None or key_ref.key not in by_key:
            continue
        others = sorted(
            (k for k in punished.get(v.law, set()) - own if k in by_key),
            key=lambda k: (abs(by_key[k].number - by_key[key_ref.key].number), k),
        )[:6]
        if len(others) < 3:
            continue
        authority = case_authority(by_key[key_ref.key].text)
        if authority is None:
            continue  # who investigates is not one body the article names: no story to tell
        near = [by_key[k] for k in others]
        out.append(_article_question(v, law, by_key[key_ref.key], near, authority))
    return out


def _article_question(
    v, law: Law, article: Article, near: list[Article], authority: str
) -> Question:
    rng = random.Random(stable_id(v.id, CASES_VERSION))
    company = party_for(v.name, rng)
    options = [article.label, *(a.label for a in rng.sample(near, 3))]
    rng.shuffle(options)
    return Question(
        id=stable_id(v.id, "article", CASES_VERSION),
        type=QuestionType.SINGLE,
        stem=(
            f"{authority}执法人员查明，{company}存在“{v.name}”的违法行为。依照"
            f"《{law.short_title}》，对该违法行为给予行政处罚应当适用的条款是{BLANK}。"
        ),
        options=options,
        answer=[LETTERS[options.index(article.label)]],
        explanation=(
            f"“{v.name}”的罚则是《{law.short_title}》{article.label}"
            f"（违法行为目录 {v.id}）；其余选项是其他违法行为的罚则条款。"
        ),
        difficulty=4,
        source=QuestionSource.of(law, article),
        kind=FactKind.CASE_ARTICLE,
        tested=article.label,
        case_ref=v.id,
        case_facts={"company": company, "violation": v.name, "authority": authority},
        generator=CASES_VERSION,
    )
