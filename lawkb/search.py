"""Search: article references first, then ranked full text (BM25F) with highlighted snippets.

A natural-language question is ranked by any-word BM25F times a coordination factor (the share
of the question's words an article matches), so that a question of 15 words where 12 match does
not lose to an article that happens to hold all of 3 common words. Short keyword queries try
all-words matching first. A violation the query names (未批先建, 私设暗管 …) brings the articles
that decide it first; a penalty question brings the liability article that punishes breaking the
duty it matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as Q

from lawkb.errors import NotFound
from lawkb.index.analysis import get_segmenter
from lawkb.index.scorer import Alternative, Slot, TermScorer
from lawkb.models import Article, Hit, Status
from lawkb.query import ParsedQuery, parse_query
from lawkb.search_context import ContextSmoother
from lawkb.search_dedup import higher_source_first
from lawkb.search_fusion import fused_rank
from lawkb.search_intent import Intent, ask_of, asks_about_procedure, asks_for_a_time_limit
from lawkb.search_links import LawLinks, is_penalty_question
from lawkb.search_terms import QueryWords
from lawkb.snippets import make_hit

if TYPE_CHECKING:
    from lawkb.index.build import IndexManager
    from lawkb.store import Collection, LawSummary

# up to this many query words, all words must match first (any-word fills in below MIN_AND_HITS)
STRICT_MAX_WORDS = 2
MIN_AND_HITS = 5
KEYWORD_CHARS = 8
COORDINATION = 1.0  # score × (matched share) ** COORDINATION
POOL = 160  # the documents that the priors re-rank
NAMED_LAW_LIFT = 1.5
LIABILITY_LIFT = 1.3
PUNISHER_SHARE = 0.9  # a punishing article enters at this share of its duty article's score
PUNISHER_FROM = 10  # the duty articles looked at: the top ones
VIOLATION_LIFT = 1.2  # named violation's articles go this much above the best full-text score
PHRASE_WEIGHT = 2.0
CRIME_AT = 1  # criminal case facts: the best crime article enters second
RUNNER_AT = 4  # and a close runner-up fifth
POSSIBLE_AT = 9  # a party and a crime's facts without gravity: the crime tenth
RUNNER_SHARE = 0.7  # close: its combined score is at least this share of the best one's
CRIME_TEXT_WEIGHT = 0.5  # a crime's BM25F share beside its profile share
# 刑法 346: a unit that commits a crime of 338–345 is fined and its managers punished as the
# article says. A question about a unit's crime wants it beside the crime's own article.
UNIT_LIABILITY = "中华人民共和国刑法#346"
ENV_CRIME = re.compile(r"^中华人民共和国刑法#3(?:3[89]|4[0-5])(?:之一)?$")
UNIT_CRIME = re.compile(
    r"(?:单位|公司|企业|工厂|厂)[^，。；？?]{0,30}?(?:犯|构成)[^，。；？?]{0,30}?罪|单位犯罪"
)
ENV_CRIME_NAMES = re.compile(r"破坏环境资源保护罪|污染环境罪")
REPEALED_PRIOR = 0.5
CATEGORY_PRIOR = {
    "法律": 1.0,
    "行政法规": 0.92,
    "部门规章": 0.8,
    "规范性文件": 0.6,
    "裁量基准": 0.8,
}
DEFAULT_STATUSES = [s.value for s in Status if s.in_default_view]


@dataclass
class Filters:
    include_all: bool = False
    category: str | None = None
    law: str | None = None
    # text scores only (no repealed demotion, no link lifts): does an old article match best?
    text_only: bool = False

    def queries(self) -> list[Q.Query]:
        out: list[Q.Query] = []
        if not self.include_all:
            out.append(Q.Or([Q.Term("status", s) for s in DEFAULT_STATUSES]))
        if self.category:
            out.append(Q.Term("category", self.category))
        if self.law:
            out.append(Q.Term("law", self.law))
        return out


Ranked = list[tuple[str, float]]  # article refs and scores, best first


@dataclass
class Context:
    """What the link-based steps of one ranking need: the query and the documents allowed."""

    parsed: ParsedQuery
    allowed: set[int] | None
    scorer: TermScorer

    def allows(self, ref: str) -> bool:
        doc = self.scorer.docnum(ref)
        return doc is not None and (self.allowed is None or doc in self.allowed)


class Searcher:
    """Built from the collection, the index manager and the law links; KnowledgeBase holds one."""

    def __init__(self, collection: Collection, index: IndexManager, links: LawLinks) -> None:
        self.collection = collection
        self.index = index
        self.links = links
        self.corpus: Path = links.corpus
        self._status_cache: tuple[str, dict[str, Status]] = ("", {})
        self.intent = Intent(collection)
        self.context = ContextSmoother(collection)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        include_all: bool = False,
        category: str | None = None,
        law: str | None = None,
    ) -> list[Hit]:
        law_title = self.collection.resolve_law(law) if law else None
        parsed = parse_query(query, self.collection.aliases(), law_filter=law_title)
        summaries = {s.title: s for s in self.collection.laws(include_all=True)}
        hits: list[Hit] = []
        for ref in parsed.refs:
            try:
                article = self.collection.article_by_ref(ref.ref)
            except NotFound:
                continue
            hits.append(make_hit(article, summaries[article.law], 1e6 - len(hits), [], True))
        if parsed.text or parsed.phrases:
            self.index.ensure()
            seen = {h.law + h.article for h in hits}
            filters = Filters(include_all, category, law_title)
            for article, score, matched in self._ranked(parsed, filters, limit):
                s = summaries[article.law]
                if s.title + article.label not in seen:
                    hits.append(make_hit(article, s, score, matched))
            if not include_all and not parsed.refs and law_title is None and category is None:
                best = self._ranked(parsed, Filters(True, text_only=True), 1)
                self._offer_successor_of_repealed(hits, best, summaries, parsed.text)
        hits = hits[:limit]
        self._offer_successors(hits)
        return hits

    # -- ranking -----------------------------------------------------------------------------
    def _ranked(
        self, parsed: ParsedQuery, filters: Filters, limit: int
    ) -> list[tuple[Article, float, list[str]]]:
        scorer = self.index.term_scorer()
        words = QueryWords(get_segmenter(self.index.dictionary), scorer, self.corpus)
        terms = words.terms(parsed.text)
        cover = len(terms) <= STRICT_MAX_WORDS or _keywords(parsed.text)
        slots = [s for s in (words.slot(t, cover) for t in terms) if s is not None]
        # highlighted: the query words, and the synonyms and sub-words that stood in for them
        matched = list(
            dict.fromkeys([*terms, *(w for s in slots for a in s.alternatives for w in a.words)])
        )
        allowed = self._docnums(filters.queries())
        strict = allowed
        for phrase in parsed.phrases:
            pw = words.words(phrase)
            if not pw:
                continue
            slots.append(Slot([Alternative(pw, PHRASE_WEIGHT)]))
            matched.append(phrase)
            if len(pw) > 1:  # the phrase as a phrase, unless nothing has it
                inside = self._docnums([Q.Phrase("body", pw)])
                if strict is not None:
                    inside = inside & strict
                # a question with a quoted term never ends with nothing; a bare phrase is strict
                strict = inside if inside or not terms else strict
        demote = not filters.text_only
        found = (
            self._scored(scorer, words, slots, (strict, allowed), parsed, len(terms), demote)
            if slots
            else []
        )
        found = self.intent.rerank(found, parsed.text)
        found = self.context.rerank(found, scorer, slots)
        if not filters.text_only:
            at = Context(parsed, allowed, scorer)
            found = self._with_violations(self._with_punishers(found, at), at)
            found = self._with_crime(found, at, slots)
            found = _with_unit_liability(found, at)
            found = higher_source_first(found, self.intent.texts, self._source_rank(scorer))
        top = found[:limit]
        articles = self.collection.articles_by_refs([ref for ref, _ in top])
        return [(articles[ref], score, matched) for ref, score in top if ref in articles]

    def _scored(
        self,
        scorer: TermScorer,
        words: QueryWords,
        slots: list[Slot],
        within: tuple[set[int] | None, set[int] | None],
        parsed: ParsedQuery,
        n_terms: int,
        demote: bool,
    ) -> list[tuple[str, float]]:
        """Strict (all words, inside a quoted phrase) for short queries; any-word otherwise,
        and any-word fills in whenever strict finds too little."""
        strict, allowed = within  # inside a quoted phrase (when held), and the filters
        found: list[tuple[str, float]] = []
        keywords = n_terms <= STRICT_MAX_WORDS or _keywords(parsed.text) or strict is not allowed
        if keywords:
            ranked = scorer.rank(slots, allowed=strict, require_all=True, top=POOL)
            found = self._prior(scorer, ranked, parsed, demote)
        if len(found) < MIN_AND_HITS and not (parsed.phrases and not n_terms):
            have = {ref for ref, _ in found}
            # a question: any-word BM25F fused with its characters and character pairs
            # (lawkb.search_fusion); keywords fill in by their words alone, as they asked
            grams = [] if keywords else words.grams([parsed.text, *parsed.phrases])
            ranked = fused_rank(scorer, slots, grams, allowed=allowed, coord=COORDINATION, top=POOL)
            loose = self._prior(scorer, ranked, parsed, demote)
            found += [(r, s) for r, s in loose if r not in have]
        return found

    def _docnums(self, filters: list[Q.Query]) -> set[int] | None:
        """A filter as a set of document numbers, cached per open searcher."""
        if not filters:
            return None
        cache = self.index.filter_cache()
        key = tuple(sorted(repr(f) for f in filters))
        if key not in cache:
            searcher = self.index.searcher()
            cache[key] = set(searcher.docs_for_query(Q.And(filters)))
        return cache[key]

    def _prior(
        self,
        scorer: TermScorer,
        ranked: list[tuple[int, float]],
        parsed: ParsedQuery,
        demote: bool = True,
    ) -> list[tuple[str, float]]:
        """BM25F times a prior by rank of source (officers need the statute before the rule),
        a lift for a law the query names, and one for liability articles on penalty questions."""
        penalty = is_penalty_question(parsed.text)
        liability = self.links.liability() if penalty else frozenset()
        statuses = self._statuses()
        out = []
        for doc, score in ranked[:POOL]:
            ref, category = scorer.docs[doc]
            factor = CATEGORY_PRIOR.get(category, 1.0)
            if demote and statuses.get(ref.split("#", 1)[0]) == Status.REPEALED:
                factor *= REPEALED_PRIOR  # with --all, below the law in force
            if parsed.laws and ref.split("#", 1)[0] in parsed.laws:
                factor *= NAMED_LAW_LIFT
            if ref in liability:
                factor *= LIABILITY_LIFT
            out.append((ref, score * factor))
        out.sort(key=lambda t: -t[1])
        return out

    def _source_rank(self, scorer: TermScorer) -> Callable[[str], float]:
        """The rank of an article's source: its category prior (a law above a regulation)."""

        def rank_of(ref: str) -> float:
            doc = scorer.docnum(ref)
            return CATEGORY_PRIOR.get(scorer.docs[doc][1], 1.0) if doc is not None else 1.0

        return rank_of

    def _statuses(self) -> dict[str, Status]:
        generation = self.collection.generation()
        if self._status_cache[0] != generation:
            laws = self.collection.laws(include_all=True)
            self._status_cache = (generation, {s.title: s.status for s in laws})
        return self._status_cache[1]

    def _with_punishers(self, found: Ranked, at: Context) -> Ranked:
        """A penalty question: the liability article that punishes breaking a duty article the
        question matches enters just below that duty article."""
        if not found or not is_penalty_question(at.parsed.text):
            return found
        scores = dict(found)
        for ref, score in found[:PUNISHER_FROM]:
            for penalty in self.links.punishers(ref):
                if at.allows(penalty):
                    scores[penalty] = max(scores.get(penalty, 0.0), score * PUNISHER_SHARE)
        return sorted(scores.items(), key=lambda t: -t[1])

    def _with_violations(self, found: Ranked, at: Context) -> Ranked:
        """A named crime: its 刑法 article first. A named violation: the article that punishes
        it, then the one that imposes the duty (on the tuning halves penalty-first beat
        duty-first for case facts and jargon alike), unless the question asks about a time
        limit."""
        named = self.links.named_violations(at.parsed.text)
        if asks_for_a_time_limit(at.parsed.text):
            named = []  # 五年前偷排，还能罚吗: the limitation period, not the violation, decides
        elif named and asks_about_procedure(at.parsed.text):
            # 发现私设暗管……问：能否查封: the procedure decides, unless the ask names the conduct
            named = self.links.named_violations(ask_of(at.parsed.text))
        crimes = self.links.named_crimes(at.parsed.text)
        if not named and not crimes:
            return found
        top = (found[0][1] if found else 1.0) * VIOLATION_LIFT
        first = [ref for ref in crimes if at.allows(ref)]
        for v in named:
            pairs = (v.penalty_refs, v.duty_refs)
            for ref in [*pairs[0][:1], *pairs[1][:1], *pairs[0][1:], *pairs[1][1:]]:
                if ref not in first and at.allows(ref):
                    first.append(ref)
        lifted = [(ref, top * (1 - 0.01 * i)) for i, ref in enumerate(first)]
        return lifted + [(r, s) for r, s in found if r not in first]

    def _with_crime(self, found: Ranked, at: Context, slots: list[Slot]) -> Ranked:
        """Criminal facts that name no crime (a party, a crime profile's facts and gravity:
        `lawkb/crime_profiles.py`): the crime that fits best enters at place CRIME_AT + 1,
        below the articles that decide the administrative side (first when the text is a
        criminal case: 被告人, 判处 …); a close runner-up enters at place RUNNER_AT + 1. A party
        and a crime's facts without a word of gravity: the crime only at place POSSIBLE_AT + 1."""
        reading = self.links.crime_reading(at.parsed.text)
        if not found or not (reading.criminal or reading.possible):
            return found
        chosen = self._crime_choice(reading.scores, at, slots)
        if not reading.criminal:
            return _placed(found, chosen[0], POSSIBLE_AT) if chosen else found
        first = 0 if reading.charged else CRIME_AT  # 被告人…: the crime is the question
        for ref, place in zip(chosen, (first, RUNNER_AT), strict=False):
            found = _placed(found, ref, place)
        return found

    def _crime_choice(
        self, profile: list[tuple[str, float]], at: Context, slots: list[Slot]
    ) -> list[str]:
        """The best crime and, when close, the runner-up: each crime's profile score (its
        share of the best) plus CRIME_TEXT_WEIGHT times its article's BM25F share."""
        allowed = {ref: doc for ref, _s in profile if (doc := at.scorer.docnum(ref)) is not None}
        allowed = {r: d for r, d in allowed.items() if at.allows(r)}
        if not allowed:
            return []
        docs = set(allowed.values())
        ranked = at.scorer.rank(slots, allowed=docs, require_all=False, top=len(docs))
        text = {at.scorer.docs[doc][0]: score for doc, score in ranked}
        top_text = max(text.values(), default=0.0) or 1.0
        top_profile = max(s for r, s in profile if r in allowed)
        combined = sorted(
            (
                (s / top_profile + CRIME_TEXT_WEIGHT * text.get(r, 0.0) / top_text, r)
                for r, s in profile
                if r in allowed
            ),
            reverse=True,
        )
        close = [r for score, r in combined[1:2] if score >= RUNNER_SHARE * combined[0][0]]
        return [combined[0][1], *close]

    # -- repealed law ------------------------------------------------------------------------
    def _offer_successor_of_repealed(
        self,
        hits: list[Hit],
        best_any: list[tuple[Article, float, list[str]]],
        summaries: dict[str, LawSummary],
        text: str,
    ) -> None:
        """In current-law mode, when the best match overall is a repealed article (an officer
        typed the old law's words), put the Code article that carries its rule first — after
        the articles of a violation the query names, which are already the current basis."""
        if not best_any:
            return
        old, old_score, words = best_any[0]
        if summaries[old.law].status != Status.REPEALED:
            return
        if hits and hits[0].score >= old_score:
            return
        named = {
            ref
            for v in self.links.named_violations(text)
            for ref in (*v.penalty_refs, *v.duty_refs)
        }
        lead = 0
        while lead < len(hits) and hits[lead].ref in named:
            lead += 1
        for item in reversed(self.links.successors(old.ref)[:2]):
            led = [h for h in hits[:lead] if h.ref == item.ref]
            if led:  # already first as the violation's basis
                led[0].successor_of = old.ref
                continue
            article = self.collection.article_by_ref(item.ref)
            hit = make_hit(article, summaries[article.law], old_score, words)
            hit.successor_of = old.ref
            rest = [h for h in hits if h.ref != item.ref]
            hits[:] = [*rest[:lead], hit, *rest[lead:]]

    def _offer_successors(self, hits: list[Hit]) -> None:
        """A repealed article carries the Code articles that took over its rule."""
        for h in hits:
            if h.status == Status.REPEALED and h.kind == "article":
                h.successors = [s.ref for s in self.links.successors(h.ref)]


def _with_unit_liability(found: Ranked, at: Context) -> Ranked:
    """A unit's environmental crime (单位犯…罪, 公司构成污染环境罪): 刑法 346 right below the
    best crime article of 338–345 among the first ten, or first when the text names the
    section's crimes but no article ranks."""
    text = at.parsed.text
    if not UNIT_CRIME.search(text) or not at.allows(UNIT_LIABILITY):
        return found
    head = [ref for ref, _s in found[:10]]
    crime = next((i for i, ref in enumerate(head) if ENV_CRIME.match(ref)), None)
    if crime is not None:
        return _placed(found, UNIT_LIABILITY, crime + 1)
    if ENV_CRIME_NAMES.search(text):
        return _placed(found, UNIT_LIABILITY, 0)
    return found


def _placed(found: Ranked, ref: str, place: int) -> Ranked:
    """The article at `place` (0-based) unless it already ranks there or higher; its score
    between its new neighbours'."""
    refs = [r for r, _s in found]
    if ref in refs[: place + 1]:
        return found
    rest = [(r, s) for r, s in found if r != ref]
    if len(rest) <= place:
        return [*rest, (ref, rest[-1][1] * 0.99 if rest else 1.0)]
    above = rest[place - 1][1] if place else rest[0][1] * 1.01
    return [*rest[:place], (ref, (above + rest[place][1]) / 2), *rest[place:]]


def _keywords(text: str) -> bool:
    """Space-separated short keywords (查封 扣押 期限): the user asks for all of them."""
    pieces = text.split()
    return len(pieces) > 1 and all(len(p) <= KEYWORD_CHARS for p in pieces)
