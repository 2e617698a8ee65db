"""tools/crosswalk_review.tsv: crosswalk links a person checked, applied over the computed ones.

    old_law  old_key  new_keys  note

new_keys: Code article keys separated by commas (`146,145`), each optionally with the old
article's parts it carries (`146=款3+款4,145=款1+款2`); `-` when the article has no successor;
`-=款2` marks a part as having none (the note says why). Parts not named go to the named
article they are most like. `@` names where they are in the Code article when the computed
place is wrong (`162@全`, `1217=款1+款2@款1项1-5`, `806=款2@款1+款3`). References only,
never article text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lawkb.crosswalk import parse_parts
from lawkb.models import Law

REVIEW_COLUMNS = ("old_law", "old_key", "new_keys", "note")


@dataclass(frozen=True)
class Review:
    targets: tuple[str, ...]  # Code article keys; () = no successor
    note: str
    parts: dict[str, tuple[str, ...]]  # Code key -> the old parts it carries, when named
    dropped: tuple[str, ...] = ()  # old parts with no successor
    new_parts: dict[str, str] = field(default_factory=dict)  # Code key -> its parts (`全`, …)


def _parse_entry(entry: str) -> tuple[str, tuple[str, ...], str]:
    entry, _, new_spec = entry.strip().partition("@")
    new_spec = new_spec.replace("+", ",")  # 款1+款3: two places (a comma ends the entry)
    if new_spec:
        parse_parts(new_spec)  # raises ValueError when it is no part
    key, _, spec = entry.strip().partition("=")
    parts: list[str] = []
    for piece in spec.split("+") if spec else []:
        parts.extend(parse_parts(piece) or [])
    return key.strip(), tuple(parts), new_spec.strip()


def read_review(path: Path, code: Law) -> dict[str, Review]:
    """old ref -> the Code articles (and parts) a person chose."""
    if not path.is_file():
        return {}
    keys = {a.key for a in code.articles if a.kind == "article"}
    lines = [
        (n, ln)
        for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ln.strip() and not ln.startswith("#")
    ]
    if not lines or tuple(lines[0][1].split("\t")) != REVIEW_COLUMNS:
        raise SystemExit(f"{path}: expected the header {' '.join(REVIEW_COLUMNS)}")
    out: dict[str, Review] = {}
    for n, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(REVIEW_COLUMNS):
            raise SystemExit(f"{path}:{n}: expected {len(REVIEW_COLUMNS)} tab-separated cells")
        old_law, old_key, new_keys, note = cells
        try:
            entries = [_parse_entry(e) for e in new_keys.split(",")]
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: new_keys: {exc}") from None
        targets = tuple(k for k, _p, _n in entries if k != "-")
        unknown = [k for k in targets if k not in keys]
        if unknown:
            raise SystemExit(f"{path}:{n}: new_keys: no Code article {', '.join(unknown)}")
        parts = {k: p for k, p, _n in entries if k != "-" and p}
        dropped = tuple(x for k, p, _n in entries if k == "-" for x in p)
        new_parts = {k: n for k, _p, n in entries if k != "-" and n}
        out[f"{old_law}#{old_key}"] = Review(targets, note.strip(), parts, dropped, new_parts)
    return out


def apply_review(
    results: list[Any], reviews: dict[str, Review], code: Law, assign: Callable
) -> None:
    """Replace computed links by the reviewed ones. Named parts go where the review says;
    the others to the reviewed article they are most like (all of them placed)."""
    index = {a.key: i for i, a in enumerate(a for a in code.articles if a.kind == "article")}
    for r in results:
        review = reviews.get(r.old.ref)
        if review is None:
            continue
        r.reviewed, r.review_note, r.unplaced = True, review.note, []
        if not review.targets:
            r.links, r.kind_none = [], review.note or "no successor"
            continue
        r.kind_none, r.dropped = "", list(review.dropped)
        targets = [index[k] for k in review.targets]
        named: dict[str, list[int]] = {}
        for k, parts in review.parts.items():
            for part in parts:
                named.setdefault(part, []).append(index[k])
        free = [t for t in targets if t not in {t for ts in named.values() for t in ts}] or targets
        chosen: list[int | None] = []
        for u, pu in zip(r.ev.units, r.ev.unit_best, strict=True):
            if u.label in review.dropped:
                chosen.append(-1)
            elif u.label in named:
                chosen.append(named[u.label][0])
            elif u.dependent:
                chosen.append(None)
            else:
                chosen.append(max(free, key=lambda t, pu=pu: pu.get(t, (0.0, ""))[0]))
        assign(r, chosen, targets[0], r.candidates, floor=-1.0)
        r.links = [lk for lk in r.links if lk.index != -1]
        _also(r, named)
        keys = {i: k for k, i in index.items()}
        for lk in r.links:
            lk.confidence, lk.note = 1.0, review.note
            spec = review.new_parts.get(keys[lk.index])
            if spec:
                lk.new_parts = parse_parts(spec) or []  # [] is the whole Code article


def _also(r: Any, named: dict[str, list[int]]) -> None:
    """A part named for several Code articles (one sentence each) is carried by all of them."""
    by_index = {lk.index: lk for lk in r.links}
    for part, indices in named.items():
        for j in indices[1:]:
            if j not in by_index:
                by_index[j] = type(r.links[0])(j, 1.0)
                r.links.append(by_index[j])
            if part not in by_index[j].parts:
                by_index[j].parts.append(part)
