"""What the law links, for ranking: the liability article that punishes breaking a duty (the
resolved 违反本法第X条 references and the violation catalogue), and the violations a query names.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawkb import violation_match, violations
from lawkb.crime_profiles import CrimeProfiles, Reading, load_profiles
from lawkb.errors import LawkbError, NotFound
from lawkb.i18n import _
from lawkb.links import CrosswalkItem, ensure_links
from lawkb.links import successors as crosswalk_successors
from lawkb.violation_match import ViolationMatcher
from lawkb.violations import Violation, load_violations

if TYPE_CHECKING:
    from lawkb.store import Collection

# "what is the penalty for …": the answer is a legal-liability article
PENALTY_INTENT = re.compile(
    r"怎么罚|怎么处罚|如何处罚|罚多少|罚款多少|会被罚|受.{0,3}处罚|处罚|处理|罚款|罚则|什么责任|"
    r"法律责任|后果|违法|追究"
)
_LIABILITY_SQL = "SELECT ref FROM articles WHERE path LIKE '%法律责任%' OR path LIKE '%罚则%'"
# a liability article citing an article outside its chapter punishes breaking that article
_PUNISHES_SQL = (
    "SELECT r.target_ref, r.src_ref FROM refs r JOIN articles a ON a.ref = r.src_ref "
    "WHERE r.resolved AND r.target_ref IS NOT NULL AND r.target_ref != r.src_ref "
    "AND (a.path LIKE '%法律责任%' OR a.path LIKE '%罚则%')"
)


def is_penalty_question(text: str) -> bool:
    return bool(PENALTY_INTENT.search(text))


# the modules whose code shapes the pickled catalogue and matcher
_MATCHER_CODE = tuple(Path(m.__file__ or "") for m in (violation_match, violations))


class LawLinks:
    """Reads the link tables of one collection (rebuilt first when missing or outdated) and
    the violation catalogue; everything is cached per collection generation."""

    def __init__(self, collection: Collection, corpus: Path) -> None:
        self.collection = collection
        self.corpus = corpus
        self._generation: str | None = None
        self._liability: frozenset[str] = frozenset()
        self._punishers: dict[str, list[str]] = {}
        self._violations: Sequence[Violation] | None = None
        self._matcher: Any = None
        self._crimes: list[tuple[str, str]] | None = None
        self._profiles: CrimeProfiles | None = None

    def _fresh(self) -> None:
        generation = self.collection.generation()
        if generation == self._generation:
            return
        ensure_links(self.collection, self.corpus)
        db = self.collection.db
        self._liability = frozenset(r[0] for r in db.execute(_LIABILITY_SQL))
        punishers: dict[str, list[str]] = {}
        for duty, penalty in db.execute(_PUNISHES_SQL):
            if duty not in self._liability and penalty not in punishers.setdefault(duty, []):
                punishers[duty].append(penalty)
        for v in self.violations():
            for duty in v.duty_refs:
                for penalty in v.penalty_refs:
                    if penalty not in punishers.setdefault(duty, []):
                        punishers[duty].append(penalty)
        self._punishers = punishers
        self._generation = generation

    def liability(self) -> frozenset[str]:
        """Articles in 法律责任 / 罚则 chapters."""
        self._fresh()
        return self._liability

    def punishers(self, duty_ref: str) -> list[str]:
        """The liability articles that punish breaking this article."""
        self._fresh()
        return self._punishers.get(duty_ref, [])

    def violations(self) -> Sequence[Violation]:
        """The catalogue (corpus/violations.tsv); empty when it cannot be read."""
        if self._violations is None:
            self._violations, self._matcher = self._compiled()
        return self._violations

    def named_violations(self, text: str) -> list[Violation]:
        self.violations()
        return [v for v, _term in self._matcher.match(text)] if self._matcher else []

    def _compiled(self) -> tuple[Sequence[Violation], Any]:
        """The catalogue and its compiled matcher, kept beside the collection in a pickle keyed
        by the catalogue and dictionary files and by the code that reads and compiles them (an
        upgrade must not keep an old matcher): building the matcher costs a cold search about
        half a second, loading the pickle a few milliseconds."""
        path = self.corpus / "violations.tsv"
        if not path.is_file():
            return [], None
        key = [str(path)] + [
            f"{f.stat().st_mtime_ns}:{f.stat().st_size}"
            for f in (path, self.corpus / "dictionary.txt", *_MATCHER_CODE)
            if f.is_file()
        ]
        cache = self.collection.path.parent / "violations.pickle"
        with contextlib.suppress(Exception):  # a missing, old or damaged cache is rebuilt
            saved = pickle.loads(cache.read_bytes())
            if saved[0] == key:
                return saved[1], saved[2]
        try:
            violations = load_violations(path)
        except LawkbError:
            return [], None  # `lawkb` reports a bad catalogue; search goes on
        matcher = ViolationMatcher(violations)
        with contextlib.suppress(OSError, pickle.PicklingError):
            tmp = cache.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps((key, violations, matcher)))
            os.replace(tmp, cache)
        return violations, matcher

    def named_crimes(self, text: str) -> list[str]:
        """The 刑法 articles of the crimes a query names (corpus/crimes.tsv)."""
        if self._crimes is None:
            self._crimes = read_crimes(self.corpus / "crimes.tsv")
        query = _plain(text)
        out: list[str] = []
        for name, ref in self._crimes:
            if name in query and ref not in out:
                out.append(ref)
        return out

    def crime_profiles(self) -> CrimeProfiles:
        """corpus/crime_profiles.tsv, checked against crimes.tsv; none when it cannot be read
        (`load_profiles` names the bad row; search goes on without them)."""
        if self._profiles is None:
            try:
                crimes = self._crimes = self._crimes or read_crimes(self.corpus / "crimes.tsv")
                self._profiles = load_profiles(self.corpus, crimes)
            except (LawkbError, OSError):
                self._profiles = CrimeProfiles([])
        return self._profiles

    def crime_reading(self, text: str) -> Reading:
        """Whether the text reads as criminal facts, and each crime's profile score."""
        return self.crime_profiles().read(text)

    def successors(self, ref: str) -> list[CrosswalkItem]:
        self._fresh()
        try:
            return crosswalk_successors(self.collection, ref)
        except NotFound:
            return []


def _plain(text: str) -> str:
    """Without punctuation or spaces: 危害珍贵、濒危野生动物罪 = 危害珍贵濒危野生动物罪."""
    return "".join(ch for ch in text if ch.isalnum())


def read_crimes(path: Path) -> list[tuple[str, str]]:
    """(name without punctuation, law#article) per row of crimes.tsv, longest name first."""
    rows: list[tuple[str, str]] = []
    if not path.is_file():
        return rows
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise LawkbError(
                _("{path}:{lineno}：应为以制表符分隔的名称、法规和条文").format(
                    path=path, lineno=lineno
                )
            )
        rows.append((_plain(parts[0]), f"{parts[1].strip()}#{parts[2].strip()}"))
    return sorted(rows, key=lambda r: -len(r[0]))
