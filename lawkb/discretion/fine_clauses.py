"""The clauses of a legal-liability paragraph: where the penalty starts, the authority, the
fines and their conditions (前款第N项, 个人/单位, 直接责任人员 …). Pure functions over text."""

from __future__ import annotations

import re

from lawkb.discretion.amounts import NUM, Amount, cn_number, parse_fine_expression
from lawkb.discretion.models import Fine
from lawkb.numerals import CN_SMALL, cn_to_int

# where the violation ends and the penalty begins: '…的，由…' '…的，处…' '…的，对…处…'
PENALTY_START = re.compile(
    r"[，,](?=由|(?:应当|可以)?(?:并)?处(?!理|置)|按次处|给予|(?:应当|可以)?责令|没收|依照|依法|应当依照"
    r"|对[^，；。]{0,40}?(?:给予|(?:可以)?(?:并)?处))"
)
AUTHORITY_RE = re.compile(
    r"(?<!费用)(?<!承担)由(?P<auth>[^，；。]+?)(?=按照|依照|依据|依法|可以|应当|责令|处(?!理|置|分)|没收|给予|对|说服|予以|撤销|吊销"
    r"|组织|将案件|报经|指定(?!的)|限期|暂扣|实施|$)"
)
FINE_RE = re.compile(
    r"(?P<may>可以)?(?P<also>并)?(?:按次)?处(?!理|置|分|罚)(?P<expr>[^，；。：]*?)的?罚款(?!处罚|数额)"
    r"|(?P<may2>可以)?(?P<also2>并)?处以罚款"
)
FINE_AMOUNT_RE = re.compile(r"罚款数额为(?P<expr>[^，；。：]*)")
FINE_MULTIPLE_OF_RE = re.compile(
    rf"(?P<may>可以)?按照(?P<base>[^，；。]*?罚款数额)的(?P<lo>{NUM})倍以上(?P<hi>{NUM})倍以下"
    r"[^，；。]*?处以罚款"
)
FLOOR_RE = re.compile(rf"(?:货值金额|违法所得)不足(?P<f>{NUM})元的[，,]以(?P<g>{NUM})元计算")
WHO_RE = re.compile(r"对(?P<who>[^，；。]{1,40}?)(?:可以)?(?:并)?(?:按次)?处(?!理|置|分)")
WHO_VERB_RE = re.compile(r"对(?P<who>[^，；。]{1,40}?)(?=给予|可以|并处|处(?!理|置|分)|依法)")
ITEMS_RE = re.compile(rf"第([{CN_SMALL}]+)项")


def plain(text: str) -> str:
    return re.sub(r"\s|\[\[|\]\]|\u200b|&emsp;", "", text)


def split_violation(text: str) -> tuple[str, str]:
    m = PENALTY_START.search(text)
    if not m:
        return text, ""
    return text[: m.start()], text[m.start() + 1 :]


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def fines_in(part: str) -> list[tuple[re.Match[str], Fine]]:
    out: list[tuple[re.Match[str], Fine]] = []
    m = FINE_MULTIPLE_OF_RE.search(part)
    if m:
        fine = Fine(
            low=cn_number(m.group("lo")),
            high=cn_number(m.group("hi")),
            unit="倍",
            base=m.group("base").removeprefix("前款").removeprefix("原") or "罚款数额",
            may=bool(m.group("may")),
        )
        fine.base = "前款" + fine.base if "前款" in m.group("base") else fine.base
        return [(m, fine)]
    for m in FINE_RE.finditer(part):
        expr = m.group("expr") or ""
        may = bool(m.group("may") or m.group("may2"))
        amount = parse_fine_expression(expr) if expr else None
        per = "按次" if "按次处" in m.group(0) else ""
        out.append((m, _fine(amount, may, per) if amount is not None else Fine(may=may)))
    for m in FINE_AMOUNT_RE.finditer(part):
        amount = parse_fine_expression(m.group("expr"))
        if amount is not None:
            out.append((m, _fine(amount)))
    return out


def _fine(amount: Amount, may: bool = False, per: str = "") -> Fine:
    """A fine from a parsed amount; `per` when the amount names no unit of its own (按次)."""
    return Fine(
        low=amount.low,
        high=amount.high,
        unit=amount.unit,
        base=amount.base,
        per=amount.per or per,
        may=may,
    )


def has_penalty_verb(part: str) -> bool:
    return bool(re.search(r"责令|没收|给予|吊销|处(?!理|置)|由[^，]*部门", part))


def items_of(cond: str, count: int) -> list[int] | None:
    """'有前款第一项、第五项情形之一' -> [1, 5]; '有前款第二项至第五项' -> [2..5];
    '有前款除第三项以外情形之一' -> all but 3; '有前款情形之一' -> []."""
    if "前款" not in cond and "项" not in cond:
        return None
    numbers = [cn_to_int(x) for x in ITEMS_RE.findall(cond)]
    if not numbers:
        return [] if "前款" in cond and "情形" in cond else None
    if "除" in cond and "以外" in cond:
        return [i for i in range(1, count + 1) if i not in numbers]
    if "至" in cond and len(numbers) == 2:
        return list(range(numbers[0], numbers[1] + 1))
    return numbers


def strip_item_ref(cond: str) -> str:
    cond = re.sub(r"有前(?:款|两款)[^，]*?(?:情形之一|违法情形|情形)", "", cond)
    return cond.removeprefix("前款规定的").strip("，,")


def person_of(cond: str) -> str:
    if cond.startswith("个人") or cond.endswith("为个人"):
        return "个人"
    if cond.startswith("单位有"):
        return "单位"
    return ""


def tidy_condition(cond: str, person: str) -> str:
    cond = cond.removeprefix("前款规定的").strip("，,")
    if person and cond in ("个人", "单位"):
        return ""
    if person == "单位" and cond.startswith("单位"):
        cond = cond.removeprefix("单位")
    return cond


def normalise_who(phrase: str) -> str:
    p = re.sub(r"^其(?=直接|法定|主要)", "", phrase).strip("，")
    if "法定代表人" in p:
        return "法定代表人、主要负责人、直接负责的主管人员和其他直接责任人员"
    if "直接负责的主管人员" in p or "直接责任人员" in p:
        return "直接负责的主管人员和其他直接责任人员"
    return p[:24]


def tidy_fines(fines: list[Fine]) -> list[Fine]:
    """Drop an unstated 处以罚款 when a later paragraph states the amounts; drop duplicates."""
    stated = [f for f in fines if f.stated or f.per == "按日"]
    keep = stated if stated else fines[:1]
    out: list[Fine] = []
    seen: set[str] = set()
    for f in keep:
        token = f.to_token()
        if token not in seen:
            seen.add(token)
            out.append(f)
    return out
