"""Case questions on who punishes: a company's catalogued violation, and the department that
the penalty article gives it to (生态环境 or another: 自然资源, 海事, 住房和城乡建设 …).

This replaces asking for the penalty article's number: the exam asks which body is competent
(职责分工), a point an officer of an environment bureau meets every day, and rarely an article's
number. The key is read at run time from the penalty article the violation catalogue
(corpus/violations.tsv) names; a test re-derives it the same way.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable

from lawkb.models import Article, Law
from lawkb.quiz.models import (
    BLANK,
    LETTERS,
    FactKind,
    Question,
    QuestionSource,
    QuestionType,
    stable_id,
)
from lawkb.quiz.text import authorities_overlap, squash

BODIES_VERSION = "case-body-1"
# who punishes, as the penalty paragraph names it (由……责令/处/依照 …)
PUNISHER_RE = re.compile(r"由([^，。；由]{2,40}?)(?:按照|依照|依据|责令|处|没收|予以|给予|对)")
# a body chosen locally, several bodies or a description: no single right answer
NOT_ONE_BODY = (
    "、",
    "或者",
    "和",
    "及",
    "等",
    "指定",
    "确定",
    "其他",
    "有关",
    "负有",
    "职责",
    "的",
)
BODY_ENDS = ("主管部门", "管理部门", "管理机构", "公安机关", "海关", "机构")
ECO = "生态环境主管部门"
# departments that one city may merge or give each other's tasks (环境卫生 under 住房和城乡建设
# or 城市管理, 城镇排水 under 水务): one is no wrong option for the other
SHARED_DUTIES = ("环境卫生", "住房", "城镇排水", "城市管理", "水行政", "水务")
# a catalogue entry named by its consequence, not by what was done
NOT_A_VIOLATION = ("适用", "情节严重")


def punishing_body(text: str) -> str | None:
    """The one department a penalty text gives the case to, without its level and under its
    current name (环境保护主管部门 -> 生态环境主管部门); None for a government, several
    bodies or a body described rather than named."""
    m = PUNISHER_RE.search(text)
    if not m:
        return None
    body = m.group(1).rsplit("人民政府", 1)[-1].removeprefix("国务院")
    if not body or any(w in body for w in NOT_ONE_BODY) or not body.endswith(BODY_ENDS):
        return None
    if body.startswith("环境保护"):
        return ECO  # the renamed department (环境保护主管部门, 环境保护行政主管部门)
    return body.replace("生态环境行政主管部门", ECO)


def _shared(a: str, b: str) -> bool:
    return a.startswith(SHARED_DUTIES) and b.startswith(SHARED_DUTIES)


def _penalty_text(article: Article, paragraph: int | None) -> str:
    if paragraph and 0 < paragraph <= len(article.paragraphs):
        p = article.paragraphs[paragraph - 1]
        return "\n".join([p.text, *p.items])
    return article.text


def authority_cases(violations: Iterable, laws: dict[str, Law]) -> list[Question]:
    """ "Which department punishes this?" for catalogued violations: the key is the body the
    violation's first penalty article names; the wrong options are bodies that punish other
    violations of the same law and that no article of this violation names. As many keyed
    生态环境主管部门 as keyed another body, so that the answer is never "always 生态环境"."""
    violations = [v for v in violations if v.law in laws and v.penalty]
    keyed: dict[str, dict[str, Article]] = {}
    made: list[tuple[object, Law, Article, str]] = []
    bodies: dict[str, Counter[str]] = {}
    for v in violations:
        if any(w in v.name for w in NOT_A_VIOLATION):
            continue
        law = laws[v.law]
        if v.law not in keyed:
            keyed[v.law] = {a.key: a for a in law.articles if not a.deleted}
        ref = next((r for r in v.penalty if r.law == v.law), None)
        article = keyed[v.law].get(ref.key) if ref else None
        if article is None:
            continue
        body = punishing_body(_penalty_text(article, ref.paragraph))
        if body is None:
            continue
        bodies.setdefault(v.law, Counter())[body] += 1
        made.append((v, law, article, body))
    out: list[Question] = []
    for v, law, article, body in made:
        said = squash(
            " ".join(
                keyed[v.law][r.key].text for r in (*v.penalty, *v.duty) if r.key in keyed[v.law]
            )
        )
        wrong = [
            b
            for b, _ in bodies[v.law].most_common()
            if not authorities_overlap(b, body) and squash(b) not in said and not _shared(b, body)
        ]
        if ECO in wrong:  # the bureau's own department: the confusion the question is about
            wrong.remove(ECO)
            wrong.insert(0, ECO)
        if len(wrong) >= 3:
            out.append(_question(v, law, article, body, wrong[:6]))
    others = [q for q in out if q.tested != ECO]
    eco = sorted((q for q in out if q.tested == ECO), key=lambda q: q.id)
    return others + eco[: len(others)]


def _question(v, law: Law, article: Article, body: str, near: list[str]) -> Question:
    rng = random.Random(stable_id(v.id, BODIES_VERSION))
    picks = ([near[0]] if near[0] == ECO else []) + rng.sample(
        [b for b in near if b != ECO], 3 - (near[0] == ECO)
    )
    options = [body, *picks]
    rng.shuffle(options)
    return Question(
        id=stable_id(v.id, "authority", BODIES_VERSION),
        type=QuestionType.SINGLE,
        stem=(
            f"某市接到群众举报，反映辖区内存在“{v.name}”的违法行为，经查属实。"
            f"依照《{law.short_title}》，对该违法行为实施行政处罚的部门是{BLANK}。"
        ),
        options=options,
        answer=[LETTERS[options.index(body)]],
        explanation=(
            f"“{v.name}”的罚则是《{law.short_title}》{article.label}，由{body}"
            f"实施处罚（违法行为目录 {v.id}）；其余选项是该法中处罚其他违法行为的部门。"
        ),
        difficulty=3,
        source=QuestionSource.of(law, article),
        kind=FactKind.CASE_AUTHORITY,
        tested=body,
        case_ref=v.id,
        case_facts={"violation": v.name, "authority": body},
        generator=BODIES_VERSION,
    )
