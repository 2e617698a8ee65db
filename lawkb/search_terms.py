"""From query text to scoring slots: segmentation, question words dropped, synonyms, and
sub-words or character bigrams for words the index does not know."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lawkb.crosswalk import table_rows  # the corpus TSV reader: header, # comments
from lawkb.errors import LawkbError
from lawkb.index.analysis import STOP_WORDS, Segmenter, is_word
from lawkb.index.grams import runs_ngrams
from lawkb.index.scorer import Alternative, Slot, TermScorer

# Words that make a question a question, not a topic: dropped from queries only.
_QUESTION_WORDS = (
    "怎么办 怎么 怎样 如何 什么 哪些 哪个 多少 多久 几 吗 呢 吧 啊 么 是否 能否 能不能 可不可以 "
    "可以 会 要 需要 应该 有 没有 有没有 谁 哪里 哪 还 就 都 后 时 时候 我 我们 你 他 她 它 公司 "
    "企业 单位 情况 问题 规定 法律 条文 条款 请问 一下 一个 这个 那个 给 让 里 中 上 下"
)
QUERY_STOP_WORDS = STOP_WORDS | frozenset(_QUESTION_WORDS.split())
SYNONYM_WEIGHT = 0.8
# a query word of three or more characters also looks for the dictionary words inside it, a
# little weaker: an unsegmented phrase then finds what the spaced one finds
SUBWORD_WEIGHT = 0.4
# ... and, in a keyword query, the words it is made of, all together, as the spaced query would
# find them (a question's characters already reach them: lawkb.search_fusion)
COVER_WEIGHT = 1.0
COVER_MAX = 4
# A question word that everyday language uses everywhere but the law seldom writes (能, 才, 现在)
# is filler: its weight rises linearly with its general-language log-idf (corpus/common_words.tsv)
# from COMMON_FROM (weight COMMON_FLOOR) to COMMON_TO (full weight). A word the law itself
# writes in at least LAW_SHARE of its articles (发现, 决定, 期限) keeps full weight.
LAW_SHARE = 0.01
COMMON_FROM = 6.0
COMMON_TO = 9.0
COMMON_FLOOR = 0.15


@lru_cache(maxsize=4)
def synonyms(corpus: Path) -> dict[str, list[str]]:
    """corpus/synonyms.tsv: `word<TAB>legal word|legal word`, # comments."""
    path = corpus / "synonyms.tsv"
    out: dict[str, list[str]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                word, exps = line.split("\t", 1)
                out[word.strip()] = [e.strip() for e in exps.split("|") if e.strip()]
    return out


@lru_cache(maxsize=4)
def common_words(corpus: Path) -> dict[str, float]:
    """corpus/common_words.tsv (`word`, `idf`: general-language log-idf), written by
    tools/build_common_words.py; missing or unreadable, every word keeps full weight."""
    path = corpus / "common_words.tsv"
    try:
        return {row["word"]: float(row["idf"]) for _n, row in table_rows(path, ("word", "idf"))}
    except (LawkbError, OSError, ValueError):
        return {}


def common_weight(idf: float | None) -> float:
    if idf is None or idf >= COMMON_TO:
        return 1.0
    share = (idf - COMMON_FROM) / (COMMON_TO - COMMON_FROM)
    return max(COMMON_FLOOR, min(1.0, share))


class QueryWords:
    """Turns query text into slots against one index (its scorer knows which words exist)."""

    def __init__(self, seg: Segmenter, scorer: TermScorer, corpus: Path) -> None:
        self.seg = seg
        self.scorer = scorer
        self.synonyms = synonyms(corpus)
        self.common = common_words(corpus)

    def terms(self, text: str) -> list[str]:
        """Accurate-mode words, question words dropped, each once."""
        out: list[str] = []
        for word, _s, _e in self.seg.tokenize(text, False):
            w = word.lower()
            if is_word(w) and w not in QUERY_STOP_WORDS and w not in out:
                out.append(w)
        return out

    def grams(self, texts: list[str]) -> list[str]:
        """The characters and character pairs of the question (lawkb.index.grams): question
        words, stop words and punctuation break the text into runs, each run gives its own."""
        runs: list[str] = []
        for text in texts:
            run = ""
            for word, _s, _e in self.seg.tokenize(text, False):
                w = word.lower()
                if is_word(w) and w not in QUERY_STOP_WORDS:
                    run += w
                else:
                    runs.append(run)
                    run = ""
            runs.append(run)
        return runs_ngrams(runs)

    def words(self, text: str) -> list[str]:
        return [w for w, _s, _e in self.seg.tokenize(text, False) if is_word(w)]

    def slot(self, word: str, cover: bool = False) -> Slot | None:
        """A query word, the legal words corpus/synonyms.tsv gives for it, and its sub-words."""
        alternatives = [self._alternative(word, 1.0)]
        for exp in self.synonyms.get(word, []):
            for w in self.words(exp):
                if w != word:
                    alternatives.append(self._alternative(w, SYNONYM_WEIGHT))
        if self.scorer.known(word) and len(word) > 2:
            alternatives += [Alternative([w], SUBWORD_WEIGHT) for w in self._inner(word)]
            parts = self._cover(word) if cover else []
            if len(parts) > 1:
                alternatives.append(Alternative(parts, COVER_WEIGHT))
        found = [a for a in alternatives if a is not None]
        return Slot(found, self._weight(word)) if found else None

    def _weight(self, word: str) -> float:
        if word not in self.common or self.scorer.share(word) >= LAW_SHARE:
            return 1.0
        return common_weight(self.common[word])

    def _cover(self, word: str) -> list[str]:
        """The words a compound is made of, as the spaced query would have them
        (危险废物转移联单 -> 危险废物, 转移, 联单): at each place the longest known inner word of
        at most COVER_MAX characters, else the run up to the next one when the index knows it."""
        inner = [(sub, i) for sub, i in self.seg.inner(word) if len(sub) <= COVER_MAX]
        parts: list[str] = []
        pos = 0
        while pos < len(word):
            here = [sub for sub, i in inner if i == pos and self.scorer.known(sub)]
            if here:
                parts.append(max(here, key=len))
                pos += len(parts[-1])
                continue
            nxt = min([i for _sub, i in inner if i > pos] + [len(word)])
            if len(word[pos:nxt]) > 1 and self.scorer.known(word[pos:nxt]):
                parts.append(word[pos:nxt])
            pos = nxt
        return parts

    def _inner(self, word: str) -> list[str]:
        """Dictionary words inside a word, as the index adds them (longest first)."""
        subs = dict.fromkeys(sub for sub, _i in self.seg.inner(word))
        return [sub for sub in subs if self.scorer.known(sub)]

    def _alternative(self, word: str, boost: float) -> Alternative | None:
        """A word, or, when the index lacks it, its known sub-words (all must occur), or at
        last its character bigrams (all must occur)."""
        if self.scorer.known(word):
            return Alternative([word], boost)
        subs = [w for w, _s, _e in self.seg.tokenize(word, True) if len(w) > 1 and w != word]
        subs = [w for w in subs if is_word(w) and self.scorer.known(w)]
        if not subs and len(word) > 2:
            subs = [word[i : i + 2] for i in range(len(word) - 1)]
            subs = [w for w in subs if self.scorer.known(w)]
        return Alternative(list(dict.fromkeys(subs)), boost) if subs else None
