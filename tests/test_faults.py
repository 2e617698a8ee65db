"""The fault suite (issue 14): lawkb in real processes, run at once, killed with SIGKILL, and
given damaged files. Each fault ends in a working home or in a clear instruction, never in a
traceback. Made-up laws (示例…) only."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from faults_support import (
    flip_bytes,
    flip_part,
    generations,
    holding_build_lock,
    kill,
    laws_in,
    lock_waiters,
    no_traceback,
    run,
    start,
    wait_for,
    write_laws,
)
from homes import copy_home

from lawkb.kb import KnowledgeBase

ARTICLES = 400  # a build takes a second or more: time to kill it


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(home, source folder): three made-up laws, imported and indexed."""
    root = tmp_path_factory.mktemp("faults")
    sources = root / "laws"
    write_laws(sources, 3, ARTICLES)
    home = root / "home"
    kb = KnowledgeBase(home)
    assert kb.import_paths([sources]).ok
    kb.ensure_index()
    kb.close()
    return home, sources


@pytest.fixture
def home(base: tuple[Path, Path], tmp_path: Path) -> Path:
    copy = copy_home(base[0], tmp_path / "home")
    sources = base[0] / "collection-sources.json"  # what the import wrote beside the database
    if sources.is_file():
        shutil.copy(sources, copy)
    return copy


def _segment(home: Path) -> Path:
    live = home / "index" / (home / "index" / "CURRENT").read_text(encoding="utf-8").strip()
    [seg] = live.glob("*.seg")
    return seg


# -- item 9: builds and searches at once ---------------------------------------------------------
def test_two_forced_builds_at_once_build_once(home: Path) -> None:
    before = generations(home)
    with holding_build_lock(home) as lock:  # both start while a build is under way
        procs = [start(home, "index", "--force", "--json") for _ in range(2)]
        wait_for(lambda: lock_waiters(lock) == 2, what="both builds waiting for the lock")
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    results = [json.loads(out) for out, _err in outs]
    assert results[0]["generation"] == results[1]["generation"]  # one build served both
    assert all(r["status"] == "ok" for r in results)
    assert len(generations(home) - before) == 1


def test_parallel_searches_on_a_missing_index_build_it_once(home: Path) -> None:
    shutil.rmtree(home / "index")
    with holding_build_lock(home) as lock:
        procs = [start(home, "search", "示例义务 监测数据", "--json") for _ in range(3)]
        wait_for(lambda: lock_waiters(lock) == 3, what="three searches waiting for the build")
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0 and "Traceback" not in err, err
        assert json.loads(out), "no hits"
    assert len(generations(home)) == 1


def test_a_search_on_a_stale_index_reads_the_live_one_while_a_build_is_under_way(
    home: Path, tmp_path: Path
) -> None:
    more = tmp_path / "more"
    write_laws(more, 1, 3)
    (more / "示例条例001.txt").rename(more / "另一示例条例.txt")
    kb = KnowledgeBase(home)
    kb.import_paths([more])  # the collection changes: the live index is stale
    kb.close()
    with holding_build_lock(home):  # another process is building
        result = run(home, "search", "示例义务", "--json", timeout=120)
        assert result.returncode == 0 and json.loads(result.stdout)  # it did not wait
    assert run(home, "index", "--json").stdout.count('"before": "stale"') == 1


# -- item 10: flipped bytes in a segment ---------------------------------------------------------
def test_a_search_that_meets_flipped_bytes_rebuilds_and_says_why(home: Path) -> None:
    flip_part(_segment(home), "_stored.col")  # the index opens; reading a hit fails (zlib)
    result = run(home, "search", "示例义务 监测数据", "--json")
    assert result.returncode == 0 and no_traceback(result), result.stderr
    assert json.loads(result.stdout)
    assert "损坏" in result.stderr and "CRC-32" in result.stderr
    assert run(home, "index", "--json").stdout.count('"rebuilt": false') == 1


def test_index_never_says_up_to_date_for_a_damaged_index(home: Path) -> None:
    flip_bytes(_segment(home), [0.9])  # postings: found by the check before any search
    result = run(home, "index")
    assert result.returncode == 0 and no_traceback(result)
    assert "已重建（原状态：corrupt" in result.stdout and "CRC-32" in result.stdout
    assert "索引已是最新（原状态：ok）" in run(home, "index").stdout


# -- item 11: a damaged collection.db -------------------------------------------------------------
def _damaged_collection(home: Path, how: str) -> None:
    db = home / "collection.db"
    if how == "truncated":
        os.truncate(db, db.stat().st_size // 2)
    else:  # one page overwritten with garbage
        with db.open("r+b") as fh:
            fh.seek(4096 * 3)
            fh.write(bytes((i * 7 + 3) % 256 for i in range(4096)))


@pytest.mark.parametrize("how", ["truncated", "garbage page"])
def test_a_damaged_collection_is_kept_aside_and_rebuilt_from_its_sources(
    home: Path, how: str
) -> None:
    _damaged_collection(home, how)
    result = run(home, "show", "示例第二号条例", "第三百条")
    assert result.returncode == 0 and no_traceback(result), result.stderr
    assert "第300号示例义务" in result.stdout
    assert "collection.db was damaged" in result.stderr and "Rebuilt 3 laws" in result.stderr
    aside = [p.name for p in home.glob("collection.db.damaged-*") if not p.name.endswith("-wal")]
    assert len(aside) == 1 and aside[0] in result.stderr
    laws = json.loads(run(home, "laws", "--json").stdout)
    assert sorted(law["article_count"] for law in laws) == [ARTICLES] * 3
    again = run(home, "search", "示例义务", "--json")  # the index follows the new collection
    assert again.returncode == 0 and json.loads(again.stdout)


def test_sources_that_are_gone_are_named_for_re_import(
    home: Path, base: tuple[Path, Path], tmp_path: Path
) -> None:
    gone = base[1] / "示例条例002.txt"
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(gone, moved / gone.name)
    gone.rename(tmp_path / "away.txt")
    try:
        _damaged_collection(home, "truncated")
        result = run(home, "laws")
        assert result.returncode == 0 and no_traceback(result), result.stderr
        assert "Rebuilt 2 laws" in result.stderr
        assert "import them again" in result.stderr and str(gone) in result.stderr
    finally:
        (tmp_path / "away.txt").rename(gone)
    # import itself works on a damaged collection
    _damaged_collection(home, "garbage page")
    imported = run(home, "import", str(moved), "--json")
    assert imported.returncode == 0 and no_traceback(imported), imported.stderr
    assert len(json.loads(run(home, "laws", "--json").stdout)) == 3


def test_a_collection_without_recorded_sources_says_what_to_import(home: Path) -> None:
    (home / "collection-sources.json").unlink()
    db = home / "collection.db"
    db.write_bytes(b"\x00" * 8192)  # nothing of the laws table is left
    result = run(home, "laws")
    assert result.returncode in (0, 1) and no_traceback(result), result.stderr
    assert "lawkb import FOLDER" in result.stderr


# -- item 12 and SIGKILL during a build -----------------------------------------------------------
def test_a_killed_build_is_cleaned_up_by_the_next_build(home: Path) -> None:
    live = generations(home)
    first = start(home, "index", "--force")
    wait_for(lambda: generations(home) - live, what="the first build's folder")
    kill(first)
    [left] = generations(home) - live  # what a killed build leaves
    second = start(home, "index", "--force")
    wait_for(lambda: generations(home) - live - {left}, what="the second build's folder")
    assert left not in generations(home)  # cleaned at the start, under the lock
    kill(second)
    result = run(home, "search", "示例义务", "--json")  # the old index still serves
    assert result.returncode == 0 and json.loads(result.stdout)
    rebuilt = run(home, "index", "--force")
    assert rebuilt.returncode == 0 and no_traceback(rebuilt)
    assert len(generations(home)) == 2  # the new one and the one it replaced


def test_a_build_killed_on_a_missing_index_is_rebuilt_on_the_next_search(home: Path) -> None:
    shutil.rmtree(home / "index")
    build = start(home, "index")
    wait_for(lambda: bool(generations(home)), what="the build's folder")
    kill(build)
    result = run(home, "search", "示例义务", "--json")
    assert result.returncode == 0 and no_traceback(result) and json.loads(result.stdout)
    assert "ok" in run(home, "index", "--json").stdout


# -- SIGKILL during import ------------------------------------------------------------------------
def test_sigkill_during_import_leaves_every_law_whole(tmp_path: Path) -> None:
    sources = tmp_path / "laws"
    write_laws(sources, 20, 120)
    home = tmp_path / "home"
    db = home / "collection.db"
    proc = start(home, "import", str(sources))
    wait_for(lambda: laws_in(db) >= 3, what="three laws imported")
    kill(proc)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    counts = conn.execute(
        "SELECT l.title, l.article_count, count(a.ref) FROM laws l "
        "LEFT JOIN articles a ON a.law = l.title AND a.kind = 'article' GROUP BY l.title"
    ).fetchall()
    conn.close()
    assert counts and all(declared == stored == 120 for _t, declared, stored in counts)
    again = run(home, "import", str(sources), "--json")
    assert again.returncode == 0 and no_traceback(again), again.stderr
    assert laws_in(db) == 20
