"""Case questions: every key re-derived from the statutory table or quizzes/cases.tsv and the
article text read at run time, with date arithmetic written here, not the generator's."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lawkb.discretion.amounts import format_yuan
from lawkb.discretion.table import load_table
from lawkb.quiz.cases import TRADES, in_holiday_span, read_deadlines
from lawkb.quiz.models import FactKind
from lawkb.quiz.text import squash, time_values


@pytest.fixture(scope="module")
def catalog(corpus_kb):
    return corpus_kb.question_catalog(bank_dirs=[])


@pytest.fixture(scope="module")
def cases(catalog):
    return catalog.cases()


def _last_day(start: dt.date, n: int, unit: str) -> dt.date:
    """The limit's last day, counted from the day after `start` (a second reading)."""
    if unit == "个月":
        month0 = start.month - 1 + n
        year, month = start.year + month0 // 12, month0 % 12 + 1
        return dt.date(year, month, start.day)  # case dates never need a month-end clamp
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if unit == "日" or day.weekday() < 5:
            left -= 1
    return day


def test_there_are_cases_of_both_kinds_with_four_options(cases):
    kinds = {q.kind for q in cases}
    assert {FactKind.CASE_PENALTY, FactKind.CASE_DEADLINE} <= kinds
    for q in cases:
        assert len(q.options) == 4 and len(set(q.options)) == 4
        assert len(q.answer) == 1


def test_deadline_keys_follow_from_the_table_and_the_article(cases, corpus_kb):
    rows = {r.id: r for r in read_deadlines()}
    checked = 0
    for q in (c for c in cases if c.kind is FactKind.CASE_DEADLINE):
        row = rows[q.case_ref]
        article = corpus_kb.article_by_ref(q.source.ref)
        assert row.limit in {m.group() for m, _ in time_values(article.text)}
        if row.counted_by:  # the article that makes these days working days says so
            law, _, number = row.counted_by.partition("#")
            assert "工作日" in corpus_kb.article(law, int(number)).text
        start = dt.date.fromisoformat(q.case_facts["start"])
        end = _last_day(start, row.count, row.unit)
        assert end.weekday() < 5 and not in_holiday_span(end)
        assert q.keyed_options == [f"{end.year}年{end.month}月{end.day}日"], q.id
        assert f"{start.year}年{start.month}月{start.day}日" in q.stem
        checked += 1
    assert checked >= 30


def test_penalty_keys_follow_from_the_statutory_table(cases, corpus_kb):
    table = load_table(corpus_kb)
    rows = {r.id: r for r in table.rows}
    checked = 0
    for q in (c for c in cases if c.kind is FactKind.CASE_PENALTY):
        row_id, _, item = q.case_ref.partition("/")
        row = rows[row_id]
        fines = [
            f
            for f in row.basic_fines([int(item)] if item else None)
            if not f.when and not f.who and f.unit == "元"
        ]
        assert len(fines) == 1
        key = f"{format_yuan(fines[0].low)}以上{format_yuan(fines[0].high)}以下"
        assert q.keyed_options == [key], q.id
        own = {(f.low, f.high) for f in row.fines}
        assert all(
            o == key or o not in {f"{format_yuan(a)}以上{format_yuan(b)}以下" for a, b in own}
            for o in q.options
        )
        # the situation is the article's violation, read from the collection now
        article = corpus_kb.article_by_ref(row.ref)
        assert squash(q.case_facts["violation"]) in squash(article.text)
        assert q.case_facts["violation"] in q.stem
        checked += 1
    assert checked >= 100


def test_applicable_article_keys_follow_from_the_violation_catalogue(cases, corpus_kb):
    violations = pytest.importorskip("lawkb.violations")
    catalogue = {v.id: v for v in violations.default_violations()}
    checked = 0
    for q in (c for c in cases if c.kind is FactKind.CASE_ARTICLE):
        v = catalogue[q.case_ref]
        first = next(r for r in v.penalty if r.law == v.law)
        article = corpus_kb.article_by_ref(first.ref)
        assert q.keyed_options == [article.label], q.id
        assert v.name in q.stem and article.label not in q.stem
        mine = {
            corpus_kb.article_by_ref(r.ref).label for r in (*v.penalty, *v.duty) if r.law == v.law
        }
        assert not (set(q.options) - {article.label}) & mine  # no wrong option applies too
        checked += 1
    assert checked >= 100


def test_case_parties_fit_the_violation(cases):
    """A party of a named trade only meets a violation that names that trade."""
    trades = dict((party, words) for words, party in TRADES)
    named = 0
    for q in cases:
        party = q.case_facts.get("company", "")
        if party in trades:
            named += 1
            told = q.case_facts.get("violation", "") or q.stem
            assert any(w in told for w in trades[party]), (q.id, party, told)
    assert named > 0


def test_article_cases_are_investigated_by_the_body_the_article_names(cases, catalog):
    seen = set()
    for q in cases:
        if q.kind is not FactKind.CASE_ARTICLE:
            continue
        authority = q.case_facts["authority"]
        assert q.stem.startswith(authority + "执法人员")
        text = catalog.article(q.source.ref).text
        named = re.search(r"由([^，。；]{2,40}?)(?:按照|依照|依据|责令|处|没收|予以|给予|对)", text)
        assert named, q.id
        if authority == "某市生态环境局":
            assert "生态环境" in named.group(1) or "环境保护" in named.group(1), q.id
        else:
            body = authority.removeprefix("某市").removeprefix("某")
            assert named.group(1).endswith(body) and "、" not in named.group(1), q.id
        seen.add(authority)
    assert "某市生态环境局" in seen and len(seen) > 1


def test_authority_keys_follow_from_the_violation_catalogue(cases, corpus_kb):
    """ "Which department punishes this?": the key is the body the first penalty paragraph
    names (read here with its own pattern), no wrong option is named by any article of the
    violation, and 生态环境 is keyed no more often than the other bodies together."""
    violations = pytest.importorskip("lawkb.violations")
    catalogue = {v.id: v for v in violations.default_violations()}
    by_key = {True: 0, False: 0}
    for q in (c for c in cases if c.kind is FactKind.CASE_AUTHORITY):
        v = catalogue[q.case_ref]
        first = next(r for r in v.penalty if r.law == v.law)
        article = corpus_kb.article_by_ref(first.ref)
        para = article.paragraphs[first.paragraph - 1] if first.paragraph else None
        text = "\n".join([para.text, *para.items]) if para else article.text
        punisher = r"由([^，。；由]{2,40}?)(?:按照|依照|依据|责令|处|没收|予以|给予|对)"
        named = re.search(punisher, text)
        assert named, q.id
        body = named.group(1)
        key = q.keyed_options[0]
        assert "、" not in body and "或者" not in body, q.id
        if key == "生态环境主管部门":
            assert "生态环境" in body or "环境保护" in body, (q.id, body)
        else:
            assert body.endswith(key), (q.id, body, key)
        refs = [r for r in (*v.penalty, *v.duty) if r.law == v.law]
        said = squash("".join(corpus_kb.article_by_ref(r.ref).text for r in refs))
        for option in q.options:
            if option != key:
                assert squash(option) not in said, (q.id, option)
                assert key not in option and option not in key, (q.id, option)
        assert v.name in q.stem and article.label not in q.stem
        by_key[key == "生态环境主管部门"] += 1
    assert by_key[False] >= 8 and by_key[True] <= by_key[False]
