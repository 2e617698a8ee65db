"""One view layer (issue 13): `show --json` and the reader read the same article page."""

from __future__ import annotations

from lawkb.kb import KnowledgeBase
from lawkb.tui.services import Services
from lawkb.views import article_view


def test_the_reader_and_show_json_read_one_page(corpus_kb):
    old = next(a for a in corpus_kb.law("大气污染防治法").articles if corpus_kb.successors(a.ref))
    view = article_view(corpus_kb.collection, corpus_kb, old)
    services = Services(KnowledgeBase(corpus_kb.home))
    try:
        page = services.page(old.ref)
        code = services.page(view["successors"][0]["ref"])
    finally:
        services.close()
    assert page.article.ref == view["ref"] and page.status == view["status"] == "已废止"
    assert [r.ref for r in page.successors] == [s["ref"] for s in view["successors"]]
    assert [r.ref for r in page.predecessors] == [s["ref"] for s in view["predecessors"]]
    cited = list(dict.fromkeys(c["ref"] for c in view["cited_by"]))  # one line per article
    assert [r.ref for r in page.cited_by] == cited
    resolved = [r for r in view["references"] if r["resolved"]]
    assert {link.target for link in page.links if link.target} == {r["target"] for r in resolved}
    # and the other way: the Code article lists the old one among its predecessors
    assert old.ref in [r.ref for r in code.predecessors]
    assert not page.problems and not code.problems
