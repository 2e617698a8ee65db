"""Exam papers: templates from quizzes/templates/*.yaml, a seeded draw, shuffled order.

The same template, seed and collection give the same paper (questions, their order and
their options' order). A mock-exam attempt draws with a fresh seed, so every attempt is
shuffled anew.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import ValidationError

from lawkb.errors import InvalidInput, LawkbError, NotFound
from lawkb.i18n import _
from lawkb.models import Article
from lawkb.paths import quizzes_dir
from lawkb.quiz.catalog import QuestionCatalog
from lawkb.quiz.mix import CANDIDATES_PER_SLOT, Picker, Targets, shuffled, topic_of
from lawkb.quiz.models import (
    DEFAULT_TEMPLATE,
    FactKind,
    Paper,
    PaperItem,
    PaperTemplate,
    Question,
    QuestionType,
)

TEMPLATE_DIR = "templates"
CANDIDATE_FACTOR = 3  # candidates gathered per question needed: room to balance the kinds


def template_dirs(home: Path | None = None) -> list[Path]:
    dirs = [quizzes_dir() / TEMPLATE_DIR]
    if home is not None:
        dirs.append(home / "quizzes" / TEMPLATE_DIR)
    return dirs


def list_templates(home: Path | None = None) -> dict[str, Path]:
    """Template name -> file; a template in the home folder overrides a shipped one."""
    out: dict[str, Path] = {}
    for d in template_dirs(home):
        if d.is_dir():
            for p in sorted(d.glob("*.y*ml")):
                out[p.stem] = p
    return out


def load_template(
    name_or_path: str | Path | None = None, home: Path | None = None
) -> PaperTemplate:
    """A template by name (default, …) or by file path. Raises NotFound / InvalidInput."""
    if name_or_path is None or name_or_path == "default":
        path = list_templates(home).get("default")
        return read_template(path) if path else DEFAULT_TEMPLATE
    path = Path(name_or_path)
    if not path.is_file():
        known = list_templates(home)
        if str(name_or_path) not in known:
            names = ", ".join(sorted(known)) or "none"
            raise NotFound(
                _("模板 {name_or_path!r}：没有这个文件或模板（已有：{names}）").format(
                    name_or_path=name_or_path, names=names
                )
            )
        path = known[str(name_or_path)]
    return read_template(path)


def read_template(path: Path) -> PaperTemplate:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LawkbError(_("{path}：不是可读取的模板（{exc}）").format(path=path, exc=exc)) from exc
    if not isinstance(data, dict):
        raise InvalidInput(str(path), _("应为含有 name、minutes、pass_mark、sections 的映射"))
    data.setdefault("name", path.stem)
    sections = data.get("sections")
    if isinstance(sections, list):
        for s in sections:
            if isinstance(s, dict) and isinstance(s.get("type"), str):
                try:
                    s["type"] = QuestionType.parse(s["type"])
                except ValueError as exc:
                    raise InvalidInput(f"{path}: sections.type", str(exc)) from None
    try:
        template = PaperTemplate.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InvalidInput(f"{path}: {where}", first["msg"]) from None
    if template.pass_mark > template.total_points:
        raise InvalidInput(
            f"{path}: pass_mark",
            _("及格分 {pass_mark} 超过试卷总分 {total_points}").format(
                pass_mark=template.pass_mark, total_points=template.total_points
            ),
        )
    return template


def draw_paper(
    catalog: QuestionCatalog,
    template: PaperTemplate,
    seed: int,
    exclude: Sequence[str] = (),
) -> Paper:
    """Draw a paper: at most one question per article, sections in template order, question
    and option order shuffled by `seed`. Raises LawkbError when the scope is too small."""
    rng = random.Random(seed)
    titles = catalog.law_titles(template.scope)
    if not titles:
        raise NotFound(_("模板的范围中没有法规库里的法规"))
    need = {s.type: s.count for s in template.sections}
    if template.mix is not None:
        picked = draw_mixed(catalog, template, titles, rng, set(exclude))
    else:
        picked = _draw_by_kind(catalog, template, titles, rng, set(exclude))
    short = {t.label: n - len(picked[t]) for t, n in need.items() if len(picked[t]) < n}
    if short:
        missing = ", ".join(f"{k} {v}" for k, v in short.items())
        raise LawkbError(
            _("模板 {name!r}：范围内的题目不够（缺 {missing} 道）").format(
                name=template.name, missing=missing
            )
        )
    items: list[PaperItem] = []
    number = 1
    for section in template.sections:
        qs = picked[section.type][: section.count]
        rng.shuffle(qs)
        for q in qs:
            items.append(
                PaperItem(
                    number=number,
                    points=section.points,
                    partial=section.partial,
                    question=shuffle_options(q, rng),
                )
            )
            number += 1
    return Paper(template=template, seed=seed, items=items)


def _draw_by_kind(
    catalog: QuestionCatalog,
    template: PaperTemplate,
    titles: list[str],
    rng: random.Random,
    exclude: set[str],
) -> dict[QuestionType, list[Question]]:
    """A template without a mix: the kinds of fact in turn, any law of the scope."""
    units: list[Article | Question] = [
        a for t in titles for a in catalog.law(t).articles if not a.deleted and a.text
    ]
    if template.scope.banks:
        units.extend(catalog.bank_questions(template.scope))
    rng.shuffle(units)
    need = {s.type: s.count for s in template.sections}
    found = _candidates(catalog, units, need, exclude)
    picked: dict[QuestionType, list[Question]] = {}
    used_refs: set[str] = set()
    # the scarcest type first: 多选 needs an article with a list, 判断 takes almost any
    for qtype in sorted(need, key=lambda t: sum(map(len, found[t].values())) / max(1, need[t])):
        picked[qtype] = _round_robin(found[qtype], need[qtype], used_refs, rng)
    return picked


def draw_mixed(
    catalog: QuestionCatalog,
    template: PaperTemplate,
    titles: list[str],
    rng: random.Random,
    exclude: set[str],
) -> dict[QuestionType, list[Question]]:
    """A template with a mix: case questions first (their least share), then 多选, 判断 and
    单选, each slot taking the question whose law and topic are furthest below target."""
    assert template.mix is not None
    need = {s.type: s.count for s in template.sections}
    targets = Targets(template.mix, template.question_count, catalog.resolve_law)
    topic: dict[str, str] = {}
    found = mixed_candidates(catalog, template, titles, targets, rng, exclude, topic)
    cases = [q for q in catalog.cases(template.scope) if q.id not in exclude and q.type in need]
    topic.update({q.id: topic_of(q) for q in cases})
    picker = Picker(targets, topic)
    picked: dict[QuestionType, list[Question]] = {t: [] for t in need}
    if targets.cases and QuestionType.SINGLE in need:
        want = min(targets.cases, need[QuestionType.SINGLE])
        # the exam asks for the fine, the deadline or the competent body, each in turn, not
        # for an article's number: "which article applies" only fills in when they run out
        applied = [q for q in cases if q.kind is not FactKind.CASE_ARTICLE]
        kinds = sorted({q.kind for q in applied}, key=lambda k: k.value)
        got: list[Question] = []
        for kind in kinds:
            share = want // len(kinds)
            got += picker.pick(shuffled([q for q in applied if q.kind is kind], rng), share)
        got += picker.pick(shuffled(applied, rng), want - len(got))
        got += picker.pick(shuffled(cases, rng), want - len(got))
        picked[QuestionType.SINGLE] += got
    order = (QuestionType.MULTI, QuestionType.JUDGE, QuestionType.CLOZE, QuestionType.SINGLE)
    for qtype in [t for t in order if t in need]:
        pool = shuffled(found.get(qtype, []), rng)
        count = need[qtype] - len(picked[qtype])
        picked[qtype] += (
            balanced(picker, pool, count) if qtype is JUDGE else picker.pick(pool, count)
        )
    return picked


JUDGE = QuestionType.JUDGE


def balanced(picker: Picker, pool: list[Question], count: int) -> list[Question]:
    """`count` statements to judge, keyed 正确 and 错误 in turn (either side fills in when the
    other runs out): answering 正确 to all scores about half."""
    sides = ([q for q in pool if q.answer == ["A"]], [q for q in pool if q.answer != ["A"]])
    out: list[Question] = []
    for i in range(count):
        got = picker.pick(sides[i % 2], 1) or picker.pick(sides[1 - i % 2], 1)
        if not got:
            break
        out += got
    return out


def mixed_candidates(
    catalog: QuestionCatalog,
    template: PaperTemplate,
    titles: list[str],
    targets: Targets,
    rng: random.Random,
    exclude: set[str],
    topic: dict[str, str],
) -> dict[QuestionType, list[Question]]:
    """Candidates law bucket by law bucket, a few per slot the bucket should fill."""
    need = {s.type: s.count for s in template.sections}
    total = max(1, template.question_count)
    buckets: dict[str, list[str]] = {}
    for t in titles:
        if (b := targets.bucket(t)) is not None:
            buckets.setdefault(b, []).append(t)
    found: dict[QuestionType, list[Question]] = {t: [] for t in need}
    for bucket, laws in buckets.items():
        share = targets.law_target(bucket)
        want = {t: CANDIDATES_PER_SLOT * share * n / total + 2 for t, n in need.items()}
        got: Counter[QuestionType] = Counter()
        articles = [a for t in laws for a in catalog.law(t).articles if not a.deleted and a.text]
        for a in shuffled(articles, rng):
            if all(got[t] >= w for t, w in want.items()):
                break
            for q in catalog.for_article(a, list(need)):
                if q.id not in exclude:
                    found[q.type].append(q)
                    topic[q.id] = topic_of(q, a)
                    got[q.type] += 1
    if template.scope.banks:
        for q in catalog.bank_questions(template.scope):
            if q.type in need and q.id not in exclude:
                found[q.type].append(q)
                topic[q.id] = topic_of(q)
    return found


def _candidates(
    catalog: QuestionCatalog,
    units: list[Article | Question],
    need: dict[QuestionType, int],
    skip: set[str],
) -> dict[QuestionType, dict[FactKind, list[Question]]]:
    """Questions by type and kind of fact, from units in (shuffled) order, until every type
    has CANDIDATE_FACTOR times what the paper needs."""
    found: dict[QuestionType, dict[FactKind, list[Question]]] = {t: {} for t in need}
    for unit in units:
        if all(sum(map(len, found[t].values())) >= CANDIDATE_FACTOR * n for t, n in need.items()):
            break
        if isinstance(unit, Question):
            qs = [unit] if unit.type in need else []
        else:
            qs = catalog.for_article(unit, list(need))
        for q in qs:
            if q.id not in skip:
                found[q.type].setdefault(q.kind, []).append(q)
    return found


def _round_robin(
    by_kind: dict[FactKind, list[Question]], count: int, used_refs: set[str], rng: random.Random
) -> list[Question]:
    """`count` questions taking the kinds of fact in turn, one question per article."""
    queues = [list(v) for _ignored, v in sorted(by_kind.items())]
    rng.shuffle(queues)
    out: list[Question] = []
    while len(out) < count and any(queues):
        for queue in queues:
            while queue:
                q = queue.pop(0)
                if q.source.ref not in used_refs:
                    out.append(q)
                    used_refs.add(q.source.ref)
                    break
            if len(out) == count:
                break
    return out


def shuffle_options(q: Question, rng: random.Random) -> Question:
    if q.type not in (QuestionType.SINGLE, QuestionType.MULTI):
        return q
    order = list(range(len(q.options)))
    rng.shuffle(order)
    return q.shuffled(order)


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)
