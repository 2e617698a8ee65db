"""laws.db glued two of the Code's articles (1120, 1201) onto the article before them and lost
their first words; corpus/builtin_splits.tsv says where each starts, and the import cuts them
out again. Checked on the installed laws.db, and against the Wikisource copy when it is here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lawkb.corpus.builtin import iter_builtin
from lawkb.corpus.repair import RepairCount
from lawkb.corpus.splits import MISSING_OPENING, Split, apply_splits, fingerprint, read_splits
from lawkb.errors import ParseError
from lawkb.models import Law
from lawkb.paths import corpus_dir

CODE = "中华人民共和国生态环境法典"


@pytest.fixture(scope="module")
def code() -> Law:
    (law,) = iter_builtin([CODE])
    return law


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_every_article_of_the_code_is_there_once_and_in_order(code: Law) -> None:
    numbers = [a.number for a in code.articles]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == 1242


def test_the_lost_articles_stand_alone_and_say_their_opening_is_missing(code: Law) -> None:
    by_number = {a.number: a for a in code.articles}
    for host, lost in ((1119, 1120), (1200, 1201)):
        assert by_number[lost].text.startswith(MISSING_OPENING)
        assert MISSING_OPENING not in by_number[host].text
        # the lost article sits in its host's chapter and section
        assert by_number[lost].path == by_number[host].path
        # the host ends where its own last sentence ends
        assert by_number[host].text.endswith("。")
    assert sum(a.text.startswith(MISSING_OPENING) for a in code.articles) == 2


def test_the_import_reports_the_splits(home: Path) -> None:
    repairs: dict[str, RepairCount] = {}
    list(iter_builtin([CODE], repairs=repairs))
    assert repairs[CODE].splits == 2 and repairs[CODE].stale == []


def test_the_split_text_matches_the_wikisource_copy(code: Law, shared_kb) -> None:
    """Host and lost article as cut here say what the shared (Wikisource) copy says, apart from
    the lost opening words."""
    for host, lost in ((1119, 1120), (1200, 1201)):
        ours = {a.number: _flat(a.text) for a in code.articles if a.number in (host, lost)}
        theirs = {n: _flat(shared_kb.article(CODE, str(n)).text) for n in (host, lost)}
        assert ours[host] == theirs[host]
        tail = ours[lost].removeprefix(MISSING_OPENING)
        assert theirs[lost].endswith(tail) and 0 < len(theirs[lost]) - len(tail) < 40


def _row(number: int, text: str) -> dict[str, object]:
    return {"id": number, "article_no": f"第{number}条", "article_no_arabic": number,
            "article_text": text, "chapter": "第一章", "section": ""}  # fmt: skip


def test_a_host_whose_text_changed_is_not_cut_and_is_reported() -> None:
    host = "第一款甲。\n（一）乙；\n丙丁戊。"
    split = Split("示例条例", 3, 3, 4, fingerprint(host), "")
    rows = [_row(3, host)]
    stale: list[str] = []
    cut = apply_splits("示例条例", rows, [split], stale)
    assert [r["article_no_arabic"] for r in cut] == [3, 4] and stale == []
    assert cut[1]["article_text"] == MISSING_OPENING + "丙丁戊。"
    changed = [_row(3, host.replace("乙", "己"))]
    assert apply_splits("示例条例", changed, [split], stale) == changed
    assert stale == ["示例条例 第三条"]


def test_a_malformed_row_of_the_table_names_its_line(tmp_path: Path) -> None:
    lines = (corpus_dir() / "builtin_splits.tsv").read_text(encoding="utf-8").splitlines()
    assert len(read_splits(corpus_dir())) == 2
    bad = [*lines, "中华人民共和国生态环境法典\t一千\t7\t1120\tabc\t说明"]
    (tmp_path / "builtin_splits.tsv").write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_splits(tmp_path)
    assert err.value.line == len(bad) and "整数" in err.value.message
