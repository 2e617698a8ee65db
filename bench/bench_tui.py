"""How fast the terminal app feels, on the full ../shared/corpus.

Prints three figures, each next to a baseline measured in the same run:

1. process start -> interactive search screen: `lawkb --home H` in a real terminal (tmux,
   120x40), timed until the search box is on screen. Baseline: a bare Textual app with one
   Input, started the same way.
2. process start -> first results of a query typed as soon as the screen is up (jieba and
   the index load in between). Baseline: the same query in a `lawkb search` process.
3. keystroke -> refreshed results on a warm index, through Pilot (in process, headless):
   one key typed or deleted, until the new results are in the table (the 50 ms debounce
   included). Baseline: `KnowledgeBase.search` alone for the same texts.

It also checks, on the tmux capture, that the result columns line up in a real terminal.

Usage: python bench/bench_tui.py [--home H] [--runs 5] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from lawkb.devtools import REPO, shared_corpus
from lawkb.tui.screens.search import DEBOUNCE

SIZE = (120, 40)
QUERY = "按日连续处罚"
# a session of typing: each step is one key, the text after it
TYPING = ["排", "排污", "排污许", "排污许可", "排污许可证", "排污许可", "排污许可 ", "排污许可 罚"]
TYPING += ["排污许可 罚款", "超", "超标", "超标排", "超标排放", "超标排放 ", "超标排放 罚款"]
TYPING += ["查", "查封", "查封 ", "查封 扣", "查封 扣押", "查封 扣押 期", "查封 扣押 期限"]
TYPING += ["环", "环保", "环保法", "环保法5", "环保法59", "环保法59条", "法", "法典", "法典1"]
TYPING += ["法典10", "法典100", "法典1003", "法典1003条", "按", "按日", "按日连", "按日连续"]

BASELINE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Input
    class Bare(App):
        def compose(self):
            yield Input(placeholder="搜索法条 baseline")
    Bare().run()
    """
)


def common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def fmt(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:6.0f} ms   p95 {pct(values, 95) * 1000:6.0f} ms"
    )


# -- a real terminal: tmux --------------------------------------------------------------
class Tmux:
    def __init__(self, name: str) -> None:
        self.name = name

    def start(self, command: str) -> float:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
        t0 = time.perf_counter()
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(SIZE[0]),
                "-y",
                str(SIZE[1]),
                command,
            ],
            check=True,
        )
        return t0

    def capture(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return out.stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.capture():
                return time.perf_counter()
            time.sleep(0.005)
        raise TimeoutError(f"{text!r} did not appear on the screen:\n{self.capture()}")

    def send(self, keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", keys], check=True)

    def stop(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def app_command(home: Path) -> str:
    py = sys.executable
    return f"cd {REPO} && LANG=C.UTF-8 LAWKB_KEYMAP=/nonexistent {py} -m lawkb --home {home}"


def time_to_screen(home: Path, runs: int) -> tuple[list[float], list[float]]:
    tmux = Tmux("lawkb-bench")
    app, bare = [], []
    script = Path(tempfile.mkdtemp()) / "bare.py"
    script.write_text(BASELINE_APP, encoding="utf-8")
    try:
        for _ in range(runs):
            t0 = tmux.start(app_command(home))
            app.append(tmux.wait_for("搜索法条") - t0)
            tmux.stop()
            t0 = tmux.start(f"LANG=C.UTF-8 {sys.executable} {script}")
            bare.append(tmux.wait_for("搜索法条 baseline") - t0)
            tmux.stop()
    finally:
        tmux.stop()
    return app, bare


def time_to_first_results(home: Path, runs: int) -> tuple[list[float], str]:
    tmux = Tmux("lawkb-bench")
    times, capture = [], ""
    try:
        for _ in range(runs):
            t0 = tmux.start(app_command(home))
            tmux.wait_for("搜索法条")
            tmux.send(QUERY)
            times.append(tmux.wait_for("条结果") - t0)
            time.sleep(0.3)
            capture = tmux.capture()
            tmux.stop()
    finally:
        tmux.stop()
    return times, capture


def cli_first_result(home: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "lawkb", "--home", str(home), "search", QUERY, "--limit", "1"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - t0)
    return times


def check_alignment(capture: str) -> str:
    """On the tmux capture: each result row's article label and badge start in the header's
    columns, counted in cells as the terminal lays them out."""
    from rich.cells import cell_len

    lines = capture.splitlines()
    try:
        header = next(line for line in lines if "摘要" in line and "章节" in line)
    except StopIteration:
        return "FAIL (no result table on screen)"
    head_at = lines.index(header)

    def col(line: str, needle: str) -> int:
        i = line.find(needle)
        return -1 if i < 0 else cell_len(line[:i])

    want = col(header, "状态")
    rows = [line for line in lines[head_at + 1 :] if "第" in line and "条" in line][:20]
    bad = []
    for row in rows:
        label_at = col(row, "第")
        badge_at = min(c for c in (col(row, s) for s in ("现行", "已废止", "已修改")) if c >= 0)
        if label_at != col(header, "条") or badge_at != want + 1 or cell_len(row) > SIZE[0]:
            bad.append(row)
    return f"ok ({len(rows)} rows)" if rows and not bad else f"FAIL: {bad[:3]}"


# -- keystroke to refreshed results, through Pilot ------------------------------------------
async def keystrokes(home: Path) -> tuple[list[float], list[float], list[float]]:
    """Keystroke -> the first frame drawn with the new results, per single keystroke.

    Pilot's own `press` waits for every widget to go idle, which is later than the officer
    sees the results; so frames are timed where the app draws them (`App._display`, which the
    headless driver also goes through), and the generation of results each frame shows.
    """
    from lawkb.kb import KnowledgeBase
    from lawkb.tui.app import create_app

    app = create_app(home, keymap_path=Path("/nonexistent"))
    to_frame: list[float] = []
    to_results: list[float] = []
    frames: list[tuple[float, int, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        display = app._display

        def timed_display(scr, renderable):  # type: ignore[no-untyped-def]
            display(scr, renderable)
            if renderable is not None:
                frames.append((time.perf_counter(), screen.result_generation, screen.last_query))

        app._display = timed_display  # type: ignore[method-assign]
        while not screen.ready:
            await pilot.pause(0.02)
        await pilot.click("#query")
        box = screen.query_one("#query")
        for _round in range(2):
            box.value = ""
            await pilot.pause(0.2)
            previous = ""
            for text in TYPING:
                common = common_prefix(previous, text)
                keys = ["backspace"] * (len(previous) - len(common)) + list(text[len(common) :])
                if len(keys) != 1:  # only single keystrokes are timed
                    box.value = text
                    box.cursor_position = len(text)
                    previous = text
                    await pilot.pause(0.2)
                    continue
                key = "space" if keys[0] == " " else keys[0]
                generation = screen.result_generation
                frames.clear()
                t0 = time.perf_counter()
                await pilot.press(key)
                deadline = t0 + 10
                while screen.result_generation == generation or screen.last_query != text.strip():
                    if time.perf_counter() > deadline:
                        raise TimeoutError(f"no results for {text!r} ({screen.last_query!r})")
                    await asyncio.sleep(0.001)
                while not any(g > generation for _, g, _ in frames):
                    await asyncio.sleep(0.001)
                shown = min(t for t, g, q in frames if g > generation and q == text.strip())
                to_frame.append(shown - t0)
                to_results.append(screen.results_at - t0)
                previous = text
    kb = KnowledgeBase(home)
    kb.search("环境")
    lib = []
    for text in TYPING:
        t0 = time.perf_counter()
        kb.search(text, limit=50)
        lib.append(time.perf_counter() - t0)
    return to_frame, to_results, lib


def build_home(corpus: Path) -> Path:
    from lawkb.kb import KnowledgeBase

    home = Path(tempfile.mkdtemp(prefix="lawkb-bench-tui-"))
    kb = KnowledgeBase(home)
    kb.import_paths([corpus])
    kb.ensure_index()
    kb.index.close()
    return home


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an imported and indexed lawkb home to reuse")
    parser.add_argument("--corpus", type=Path, default=shared_corpus())
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("tmux"):
        print("tmux is needed for the start-up figures (apt-get install tmux)", file=sys.stderr)
        return 1
    home = args.home or build_home(args.corpus)

    app, bare = time_to_screen(home, args.runs)
    print(f"start -> search screen   lawkb  {fmt(app)}")
    print(f"                         bare Textual app with one Input: {fmt(bare)}")
    print(f"                         ratio {statistics.median(app) / statistics.median(bare):.2f}")

    first, capture = time_to_first_results(home, args.runs)
    cli = cli_first_result(home, args.runs)
    print(f"start -> first results   lawkb tui  {fmt(first)}   (query typed when the screen is up)")
    print(f"                         `lawkb search` process: {fmt(cli)}")
    print(f"columns in tmux capture: {check_alignment(capture)}")

    frame, results, lib = asyncio.run(keystrokes(home))
    print(f"keystroke -> frame with the new results  n={len(frame)}  {fmt(frame)}")
    print(f"keystroke -> results in the widgets          {fmt(results)}")
    print(f"                         KnowledgeBase.search alone: {fmt(lib)}")
    print(f"                         (debounce {DEBOUNCE * 1000:.0f} ms included in both)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
