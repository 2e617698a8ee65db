"""The statutory table: extracted from the legal-liability articles of the collection.

Each paragraph (款) that punishes something becomes a row: the violation (key words only),
penalty kinds, fines with their conditions, 可以/应当, the authority. Paragraphs that only
add amounts or conditions to the one before (有前款第三项情形的，处… / 情节特别严重的…)
are merged into that row. Nothing is invented: every figure comes from the article's text,
and `numbers_in` lets a test check that.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from lawkb.discretion.amounts import NUM, cn_number, parse_fine_expression
from lawkb.discretion.models import AGGRAVATION_RE, Fine, StatutoryRow
from lawkb.models import Article, Category, Law, Status
from lawkb.numerals import cn_to_int

CODE_TITLE = "中华人民共和国生态环境法典"
PUNISHMENT_LAW = "中华人民共和国行政处罚法"

# -- penalty kinds, in the order of 行政处罚法第九条 then the measures that come with them ----
KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (k, re.compile(p))
    for k, p in [
        ("警告", r"警告"),
        ("通报批评", r"通报批评"),
        ("罚款", r"罚款(?!处罚|数额高)"),
        ("没收违法所得", r"没收[^，；。]*违法所得"),
        ("暂扣许可证件", r"暂扣[^，；。]*(?:许可证|证书|驾驶证|执照|资格)"),
        ("吊销许可证件", r"吊销[^，；。]*(?:许可证|证书|执照|许可)"),
        ("撤销许可", r"撤销[^，；。]*(?:许可证|许可|资质)"),
        ("降低资质等级", r"降低资质等级"),
        ("取消资质", r"取消[^，；。]*资质"),
        ("限制生产", r"限制生产"),
        ("停产整治", r"停产整治"),
        ("停工整治", r"停工整治"),
        ("停业整治", r"停业整治|停业整顿"),
        ("责令停业", r"停业(?!整治|整顿)"),
        ("责令关闭", r"责令[^，；。]*关闭|、关闭|或者关闭|责令关闭"),
        ("禁止从业", r"禁止从事|不得从事|不得再次申请"),
        ("行政拘留", r"拘留"),
        ("责令改正", r"责令(?:限期)?改正"),
        ("责令停止违法行为", r"责令(?:其)?停止(?:违法行为|建设|生产|使用|销售|进口)"),
        ("责令恢复原状", r"恢复原状"),
        ("责令拆除", r"拆除(?!或者关闭设施)|强制拆除"),
        ("责令退运", r"退运|退出中华人民共和国管辖海域"),
        ("代为治理", r"代为(?:治理|处置|处理|履行)"),
        ("采取治理措施", r"采取治理措施|消除污染|采取补救措施|消除危害"),
        ("查封扣押", r"查封|扣押"),
        ("暂停施工、销售或航行", r"暂停施工|暂停销售|临时停航"),
        ("说服教育", r"说服教育"),
        ("处分", r"处分|记过|记大过|降级|撤职|开除"),
        (
            "依照他条或他法处罚",
            r"依照[^。；]*?(?:规定|法律|法规)[^。；]*?(?:处罚|追究|处理)"
            r"|适用[^。；]*?规定予以处罚|依法予以处罚|依法给予治安管理处罚",
        ),
    ]
]

# where the violation ends and the penalty begins: '…的，由…' '…的，处…' '…的，对…处…'
_PENALTY_START = re.compile(
    r"[，,](?=由|(?:应当|可以)?(?:并)?处(?!理|置)|按次处|给予|(?:应当|可以)?责令|没收|依照|依法|应当依照"
    r"|对[^，；。]{0,40}?(?:给予|(?:可以)?(?:并)?处))"
)
_AUTHORITY_RE = re.compile(
    r"(?<!费用)(?<!承担)由(?P<auth>[^，；。]+?)(?=按照|依照|依据|依法|可以|应当|责令|处(?!理|置|分)|没收|给予|对|说服|予以|撤销|吊销"
    r"|组织|将案件|报经|指定(?!的)|限期|暂扣|实施|$)"
)
_FINE_RE = re.compile(
    r"(?P<may>可以)?(?P<also>并)?(?:按次)?处(?!理|置|分|罚)(?P<expr>[^，；。：]*?)的?罚款(?!处罚|数额)"
    r"|(?P<may2>可以)?(?P<also2>并)?处以罚款"
)
_FINE_AMOUNT_RE = re.compile(r"罚款数额为(?P<expr>[^，；。：]*)")
_FINE_MULTIPLE_OF_RE = re.compile(
    rf"(?P<may>可以)?按照(?P<base>[^，；。]*?罚款数额)的(?P<lo>{NUM})倍以上(?P<hi>{NUM})倍以下"
    r"[^，；。]*?处以罚款"
)
_FLOOR_RE = re.compile(rf"(?:货值金额|违法所得)不足(?P<f>{NUM})元的[，,]以(?P<g>{NUM})元计算")
_WHO_RE = re.compile(r"对(?P<who>[^，；。]{1,40}?)(?:可以)?(?:并)?(?:按次)?处(?!理|置|分)")
_WHO_VERB_RE = re.compile(r"对(?P<who>[^，；。]{1,40}?)(?=给予|可以|并处|处(?!理|置|分)|依法)")
_ITEMS_RE = re.compile(r"第([一二三四五六七八九十]+)项")
_HEADING_NOISE = re.compile(r"[\s　]|&emsp;")


def text_sha(text: str) -> str:
    """Hash of an article's text, blind to whitespace and wiki marks (the sources differ there)."""
    norm = re.sub(r"\s|\[\[|\]\]|\u200b", "", text)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def law_short(title: str) -> str:
    return title.removeprefix("中华人民共和国") or title


# -- which articles are legal-liability articles ------------------------------------------
def liability_chapter(article: Article) -> bool | None:
    """True/False when the article's 编/章/节 decide it; None when no heading says.

    The innermost heading that names 法律责任/罚则 or 附则 decides: the Code's 第五编
    法律责任和附则 holds both its liability chapters and its 附则 chapter.
    """
    verdict: bool | None = None
    for heading in article.path:
        h = _HEADING_NOISE.sub("", heading)
        if "法律责任" in h or "罚则" in h:
            verdict = True
        elif "附则" in h:
            verdict = False
    return verdict


def law_has_liability_chapter(law: Law) -> bool:
    return any(liability_chapter(a) for a in law.articles)


def is_liability_article(article: Article, law_has_chapter: bool) -> bool:
    if article.deleted or article.kind != "article":
        return False
    verdict = liability_chapter(article)
    if law_has_chapter:
        return bool(verdict)
    # laws without a 法律责任 chapter: any article that imposes a penalty itself
    return bool(re.search(r"由[^。；]{1,60}?(?:处|给予警告|责令|没收)", article.text)) and bool(
        _FINE_RE.search(article.text) or re.search(r"给予警告|责令停产|责令停业|吊销", article.text)
    )


def fine_bearing(article: Article) -> bool:
    """An article that imposes a fine (处…罚款 in one clause, or 按日连续处罚).

    Independent of the extractor on purpose: the bench measures coverage against it.
    """
    text = article.text
    return bool(re.search(r"处(?!罚|理|置|分)[^，；。]{0,60}?罚款(?!处罚)|按日连续处罚", text))


# -- extraction ---------------------------------------------------------------------------
class _Draft:
    def __init__(self, paragraph: int, violation: str, items: list[int]) -> None:
        self.paragraph = paragraph
        self.violation = violation
        self.items = items
        self.item_count = 0
        self.kinds: list[str] = []
        self.fines: list[Fine] = []
        self.authority = ""
        self.daily = False


def extract_article(law: Law, article: Article) -> list[StatutoryRow]:
    drafts: list[_Draft] = []
    for index, para in enumerate(article.paragraphs, start=1):
        text = _plain(para.text)
        if not text:
            continue
        own_items = [_plain(i) for i in para.items]
        starts_new = not drafts or _starts_new_row(text, bool(own_items))
        if starts_new:
            violation_text, penalty = _split_violation(text)
            draft = _Draft(index, _summarise(violation_text, own_items), [])
            draft.item_count = len(own_items)
            drafts.append(draft)
            _read_penalty(draft, penalty)
        else:
            _read_penalty(drafts[-1], text, merged=True)
    rows: list[StatutoryRow] = []
    sha = text_sha(article.text)
    short = law_short(law.title)
    for draft in drafts:
        fines = _tidy_fines(draft.fines)
        kinds = _order_kinds(draft.kinds + (["罚款"] if fines else []))
        if not kinds and not fines:
            continue
        basic = [f for f in fines if not f.personal and not f.aggravated and f.per != "按日"]
        mandatory = ""
        if basic:
            mandatory = "可以" if all(f.may for f in basic) else "应当"
        elif fines:
            mandatory = "可以" if all(f.may for f in fines) else "应当"
        rows.append(
            StatutoryRow(
                id=f"{short}#{article.key}.{draft.paragraph}",
                law=law.title,
                number=article.number,
                suffix=article.suffix,
                label=article.label,
                paragraph=draft.paragraph,
                items=list(range(1, draft.item_count + 1)) if draft.item_count else [],
                violation=draft.violation,
                kinds=kinds,
                fines=fines,
                mandatory=mandatory,
                daily=draft.daily,
                authority=draft.authority,
                text_sha=sha,
            )
        )
    return rows


def _plain(text: str) -> str:
    return re.sub(r"\s|\[\[|\]\]|\u200b|&emsp;", "", text)


def _starts_new_row(text: str, has_items: bool) -> bool:
    """A paragraph with its own violation and authority starts a row; one that only adds
    amounts or conditions to the paragraph before (有前款第三项…的，处…) does not."""
    if has_items or text.startswith("违反"):
        return True
    first_penalty = _FINE_RE.search(text)
    head = text[: first_penalty.start()] if first_penalty else text
    if "，由" in head or head.startswith("由"):
        return True
    # no authority of its own: it adds to the paragraph before when it refers back to it
    # (有前款…, 前款规定的…, 第一款规定的…) or is a bare 对…的，处… list; otherwise it is
    # a violation of its own (个人擅自在岸滩…的，按次处…)
    start = _PENALTY_START.search(text)
    lead = text[: start.start()] if start else text
    if text.startswith("对") or re.search(r"前[两三]?款|本条|第[一二三四五六七八九十]+款", lead):
        return False
    return bool(start) and lead.endswith("的")


def _split_violation(text: str) -> tuple[str, str]:
    m = _PENALTY_START.search(text)
    if not m:
        return text, ""
    return text[: m.start()], text[m.start() + 1 :]


def _summarise(violation: str, items: list[str]) -> str:
    """Key words of the violation (never the article's sentence in full)."""
    v = re.sub(r"^违反[^，]{0,40}?规定[，,]", "", violation)
    v = v.removesuffix("的")
    if items:
        subject = re.sub(r"[，,]?(?:有下列(?:情形|行为)之一|有下列[^，]{0,8}之一)$", "", v)
        subject = re.sub(r"^违反[^，]{0,40}?规定[，,]?", "", subject).strip("，")
        shown = [
            _shorten(re.sub(r"^[（(][一二三四五六七八九十]+[)）]", "", i).rstrip("；;。."), 14)
            for i in items[:3]
        ]
        more = f"等{len(items)}项" if len(items) > 3 else ""
        head = f"{_shorten(subject, 12)}：" if subject else ""
        return head + "；".join(shown) + more
    return _shorten(v, 30)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _read_penalty(draft: _Draft, penalty: str, merged: bool = False) -> None:
    if "按日连续处罚" in penalty and not draft.daily:
        draft.daily = True
        base = "原罚款数额" if "原罚款数额" in penalty else ""
        draft.fines.append(
            Fine(per="按日", base=base, may="可以" in penalty.split("按日连续处罚")[0][-40:])
        )
        draft.kinds.append("按日连续处罚")
    # every authority the paragraph names (由生态环境主管部门…；由公安机关…拘留)
    found = [m.group("auth").strip("，") for m in _AUTHORITY_RE.finditer(penalty)]
    known = draft.authority.split("；") if draft.authority else []
    draft.authority = "；".join(dict.fromkeys([*known, *(a for a in found if a)]))
    segments = re.split(r"[；;。：:]", penalty)
    scope = _paragraph_case(draft, segments[0]) if merged else ""
    for segment in segments:
        _read_segment(draft, segment, scope)


def _paragraph_case(draft: _Draft, first_segment: str) -> str:
    """A merged paragraph that opens with its own case (前款规定的固体废物为危险废物的，…)
    keeps that case for all its sentences."""
    first = first_segment.split("，")[0]
    if not first.endswith("的") or _fines_in(first) or _has_penalty_verb(first):
        return ""
    cond = first.removeprefix("对").removesuffix("的")
    if _person_of(cond):
        return ""
    if _items_of(cond, draft.item_count) is not None:
        cond = _strip_item_ref(cond)
    cond = _tidy_condition(cond, "")
    if not cond or AGGRAVATION_RE.search(cond):
        return ""
    return cond


def _read_segment(draft: _Draft, segment: str, scope: str) -> None:
    """Read one sentence part (up to ；or 。) under the paragraph's case, if any."""
    if not segment:
        return
    floors = list(_FLOOR_RE.finditer(segment))
    segment_no_floor = _FLOOR_RE.sub("", segment)
    # a case that narrows (报告表, 工业噪声) stays while aggravations (情节严重) follow
    cur_when, cur_who, cur_items = scope, "", []
    before_close = ""  # the condition in force before '所需费用由违法者承担'
    pending: list[str] = []  # clauses of a condition not yet closed by 的
    for part in segment_no_floor.split("，"):
        if not part:
            continue
        fines_here = _fines_in(part)
        verb = _has_penalty_verb(part)
        if part.endswith("的") and not fines_here and not verb:
            cond = "，".join([*pending, part]).removeprefix("其中，").removeprefix("对")
            cond = cond.removesuffix("的")
            pending = []
            found_items = _items_of(cond, draft.item_count)
            person = _person_of(cond)
            if person:
                cur_who = person
            if found_items is not None:
                cur_items = found_items
                cond = _strip_item_ref(cond)
            cond = _tidy_condition(cond, person)
            if not cond:
                continue
            # 情节严重 under 报告表 combines; 造成较大…事故 after 造成一般…事故 is a parallel case
            if AGGRAVATION_RE.search(cond) and not (scope and cond[:2] == scope[:2]):
                cur_when = f"{scope}；{cond}" if scope else cond
            else:
                scope = cond
                cur_when = cond
            continue
        bare = part.removeprefix("并")
        if bare.startswith("对") and not fines_here and not _has_penalty_verb(bare[1:]):
            cur_who = _normalise_who(bare[1:])
            continue
        if not fines_here and not verb:
            if "所需费用由" in part:
                # 逾期不拆除的，强制拆除，所需费用由违法者承担，处…: the fine is the case's own;
                # …，所需费用由…承担，并处…: the fine comes with the measure, under its condition
                before_close, cur_when = cur_when, scope
            else:
                pending.append(part)
            continue
        _read_kinds(draft, pending)  # clauses that did not end up as a condition
        pending = []
        m = _WHO_VERB_RE.match(bare)
        if m and not fines_here:
            cur_who = _normalise_who(m.group("who"))
        _read_kinds(draft, [part])
        for fine_match, amount_fine in fines_here:
            who_here, when_here = cur_who, cur_when
            if before_close and fine_match.group(0).startswith("并"):
                when_here = before_close
            m = _WHO_RE.search(part[: fine_match.end()])
            if m:
                phrase = m.group("who")
                if re.search(r"(?:活动|行为)$", phrase):
                    when_here = f"{when_here}；{phrase}" if when_here else phrase
                else:
                    who_here = _normalise_who(phrase)
            fine = amount_fine.model_copy(
                update={"when": _shorten(when_here, 40), "who": who_here, "items": cur_items}
            )
            draft.fines.append(fine)
    _read_kinds(draft, pending)
    for fm in floors:
        value = cn_number(fm.group("f"))
        for fine in reversed(draft.fines):
            if fine.unit == "倍":
                if fine.floor is None:
                    fine.floor = value
                break


def _read_kinds(draft: _Draft, parts: list[str]) -> None:
    for part in parts:
        for kind, pattern in KIND_PATTERNS:
            if kind != "罚款" and pattern.search(part):
                draft.kinds.append(kind)
        # 没收 of anything besides 违法所得 (原材料、产品, 渔具, 所购买的化学品 …)
        for m in re.finditer(r"没收([^，；。]*)", part):
            rest = re.sub(r"违法所得|以及|和|及|、|销毁|其他|的", "", m.group(1))
            if rest:
                draft.kinds.append("没收非法财物")


def _fines_in(part: str) -> list[tuple[re.Match[str], Fine]]:
    out: list[tuple[re.Match[str], Fine]] = []
    m = _FINE_MULTIPLE_OF_RE.search(part)
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
    for m in _FINE_RE.finditer(part):
        expr = m.group("expr") or ""
        may = bool(m.group("may") or m.group("may2"))
        amount = parse_fine_expression(expr) if expr else None
        if amount is None:
            out.append((m, Fine(may=may)))
        else:
            out.append(
                (
                    m,
                    Fine(
                        low=amount.low,
                        high=amount.high,
                        unit=amount.unit,
                        base=amount.base,
                        per=amount.per or ("按次" if "按次处" in m.group(0) else ""),
                        may=may,
                    ),
                )
            )
    for m in _FINE_AMOUNT_RE.finditer(part):
        amount = parse_fine_expression(m.group("expr"))
        if amount is not None:
            out.append(
                (
                    m,
                    Fine(
                        low=amount.low,
                        high=amount.high,
                        unit=amount.unit,
                        base=amount.base,
                        per=amount.per,
                    ),
                )
            )
    return out


def _has_penalty_verb(part: str) -> bool:
    return bool(re.search(r"责令|没收|给予|吊销|处(?!理|置)|由[^，]*部门", part))


def _items_of(cond: str, count: int) -> list[int] | None:
    """'有前款第一项、第五项情形之一' -> [1, 5]; '有前款第二项至第五项' -> [2..5];
    '有前款除第三项以外情形之一' -> all but 3; '有前款情形之一' -> []."""
    if "前款" not in cond and "项" not in cond:
        return None
    numbers = [cn_to_int(x) for x in _ITEMS_RE.findall(cond)]
    if not numbers:
        return [] if "前款" in cond and "情形" in cond else None
    if "除" in cond and "以外" in cond:
        return [i for i in range(1, count + 1) if i not in numbers]
    if "至" in cond and len(numbers) == 2:
        return list(range(numbers[0], numbers[1] + 1))
    return numbers


def _strip_item_ref(cond: str) -> str:
    cond = re.sub(r"有前(?:款|两款)[^，]*?(?:情形之一|违法情形|情形)", "", cond)
    return cond.removeprefix("前款规定的").strip("，,")


def _person_of(cond: str) -> str:
    if cond.startswith("个人") or cond.endswith("为个人"):
        return "个人"
    if cond.startswith("单位有"):
        return "单位"
    return ""


def _tidy_condition(cond: str, person: str) -> str:
    cond = cond.removeprefix("前款规定的").strip("，,")
    if person and cond in ("个人", "单位"):
        return ""
    if person == "单位" and cond.startswith("单位"):
        cond = cond.removeprefix("单位")
    return cond


def _normalise_who(phrase: str) -> str:
    p = re.sub(r"^其(?=直接|法定|主要)", "", phrase).strip("，")
    if "法定代表人" in p:
        return "法定代表人、主要负责人、直接负责的主管人员和其他直接责任人员"
    if "直接负责的主管人员" in p or "直接责任人员" in p:
        return "直接负责的主管人员和其他直接责任人员"
    return p[:24]


def _tidy_fines(fines: list[Fine]) -> list[Fine]:
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


def _order_kinds(kinds: list[str]) -> list[str]:
    order = [k for k, _ in KIND_PATTERNS] + ["按日连续处罚", "处分"]
    order.insert(order.index("没收违法所得") + 1, "没收非法财物")
    unique = dict.fromkeys(kinds)
    return sorted(unique, key=lambda k: order.index(k) if k in order else len(order))


# -- over a collection ----------------------------------------------------------------------
def law_order(law: Law) -> tuple[int, str]:
    if law.title == CODE_TITLE:
        return (0, "")
    if law.title == PUNISHMENT_LAW:
        return (1, "")
    rank = {Category.LAW: 2, Category.REGULATION: 3, Category.RULE: 4}.get(law.category, 5)
    return (rank, law.title)


def in_scope(law: Law) -> bool:
    """Current laws, regulations and rules; not repealed texts, not normative documents."""
    if law.status in (Status.REPEALED,):
        return False
    return law.category in (Category.LAW, Category.REGULATION, Category.RULE)


def extract_law(law: Law) -> list[StatutoryRow]:
    has_chapter = law_has_liability_chapter(law)
    rows: list[StatutoryRow] = []
    for article in law.articles:
        if is_liability_article(article, has_chapter):
            rows.extend(extract_article(law, article))
    return rows


def extract_laws(laws: Iterable[Law]) -> list[StatutoryRow]:
    rows: list[StatutoryRow] = []
    for law in sorted((x for x in laws if in_scope(x)), key=law_order):
        rows.extend(extract_law(law))
    return rows
