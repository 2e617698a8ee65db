"""Chinese throughout, English with LANG: every user-facing string goes through the catalogue.

(a) every `_()` msgid of lawkb/ is in both catalogues, translated in en, none fuzzy, and the
    .mo files are the compilation of the .po files;
(b) no user-facing literal (tools/i18n_rules.py's call-site rules, the ones the codemod
    applies) is left outside `_()`, and none is English;
(c) the real program: `lawkb --help`, an error message and the command palette are Chinese by
    default and English with LANG=en_US.UTF-8.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from tui_support import SIZE, make_app, wait_for

from lawkb import i18n

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import i18n_catalog  # noqa: E402
import i18n_rules  # noqa: E402


def code_msgids() -> set[str]:
    found = extract_from_dir(
        str(REPO / "lawkb"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "ngettext": (1, 2)},
    )
    return {m if isinstance(m, str) else m[0] for _f, _l, m, _c, _x in found}


def catalogue(lang: str) -> dict[str, object]:
    with i18n_catalog.po_path(lang).open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(fh) if m.id}


def test_every_message_is_in_both_catalogues_and_translated_in_english():
    ids = code_msgids()
    assert len(ids) > 500  # the codemod has run: the UI goes through _()
    zh, en = catalogue("zh_CN"), catalogue("en")
    assert sorted(ids - set(zh)) == [], "not in zh_CN: run tools/i18n_catalog.py"
    assert sorted(ids - set(en)) == [], "not in en: run tools/i18n_catalog.py"
    untranslated = sorted(i for i in ids if not en[i].string)
    assert untranslated == [], "no English: add them to tools/i18n/en.tsv"
    assert [i for i in ids if en[i].fuzzy or zh[i].fuzzy] == []
    assert [i for i in ids if zh[i].string != i] == []  # zh_CN is the identity for lawkb's own
    english = sorted(i for i in ids if i18n_rules.looks_english(i))
    assert english == [], "msgids are the Chinese source strings"


def test_english_keeps_every_placeholder():
    en = catalogue("en")
    for msgid in code_msgids():
        wanted = sorted(i18n_rules.FIELD.findall(msgid))
        assert sorted(i18n_rules.FIELD.findall(str(en[msgid].string))) == wanted, msgid


def test_clicks_own_messages_have_chinese_with_the_same_placeholders():
    zh = catalogue("zh_CN")
    for english, chinese in i18n_catalog.click_messages().items():
        first = english if isinstance(english, str) else english[0]
        assert zh[first].string, english
        fields = set(
            i18n_rules.FIELD.findall(" ".join([english] if isinstance(english, str) else english))
        )
        assert set(i18n_rules.FIELD.findall(chinese)) <= fields, english


def test_the_compiled_catalogues_are_up_to_date():
    assert i18n_catalog.stale() == [], "run tools/i18n_catalog.py"


def test_no_user_facing_literal_is_outside_the_catalogue():
    files = i18n_rules.source_files()
    errors, keep = i18n_rules.error_classes(files), i18n_rules.load_keep()
    unwrapped, english = [], []
    for path in files:
        s = i18n_rules.scan(path, errors, keep)
        unwrapped += [f"{s.path}:{lit.node.lineno}" for lit in s.literals]  # type: ignore[attr-defined]
        english += [f"{s.path}:{lit.node.lineno}" for lit in s.english]  # type: ignore[attr-defined]
    assert unwrapped == [], "not in _(): run tools/i18n_apply.py"
    assert english == [], "English: add it to tools/i18n/english_to_chinese.tsv"


def test_the_language_comes_from_the_environment():
    assert i18n.choose_language({}) == "zh_CN"
    assert i18n.choose_language({"LANG": "C.UTF-8"}) == "zh_CN"
    assert i18n.choose_language({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.choose_language({"LANG": "de_DE.UTF-8"}) == "zh_CN"  # no German: the default
    assert i18n.choose_language({"LANGUAGE": "fr:en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.choose_language({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_CN"


def run_lawkb(args: list[str], lang: str | None, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENV_VARS}
    env["LAWKB_HOME"] = str(home)
    if lang:
        env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "lawkb", *args], env=env, capture_output=True, text=True
    )


def test_help_is_chinese_by_default_and_english_with_lang(home):
    zh = run_lawkb(["--help"], None, home)
    en = run_lawkb(["--help"], "en_US.UTF-8", home)
    assert zh.returncode == en.returncode == 0
    assert "在终端中检索、阅读和学习生态环境法律法规" in zh.stdout
    assert "数据文件夹" in zh.stdout
    assert (
        "用法：" in zh.stdout and "显示此帮助并退出" in zh.stdout
    )  # click's own, from click_zh.tsv
    assert "Usage:" not in zh.stdout and "Show this message" not in zh.stdout
    assert "search, read and study" in en.stdout.lower()
    assert "Data folder" in en.stdout and "Usage:" in en.stdout
    assert "数据文件夹" not in en.stdout and "用法" not in en.stdout


def test_an_error_is_chinese_by_default_and_english_with_lang(home):
    args = ["hours", "log", "45010001", "2"]
    zh = run_lawkb(args, None, home)
    en = run_lawkb(args, "en_US.UTF-8", home)
    assert zh.returncode != 0 and en.returncode != 0
    assert "没有单位" in zh.stderr and "2h" in zh.stderr and "的值无效" in zh.stderr
    assert "no unit" in en.stderr and "2h" in en.stderr and "Invalid value" in en.stderr
    assert "Traceback" not in zh.stderr + en.stderr


PALETTE_PROBE = """
import asyncio, sys
from lawkb.tui.app import create_app

async def main():
    app = create_app(sys.argv[1], keymap_path=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        for _ in range(100):
            if app.screen.query("CommandInput"):
                break
            await pilot.pause(0.05)
        print("\\n".join(c.title for c in app.get_system_commands(app.screen_stack[0])))
        print(app.screen.query_one("CommandInput").placeholder)
asyncio.run(main())
"""


def test_the_command_palette_speaks_english_with_lang(home):
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENV_VARS}
    env["LANG"] = "en_US.UTF-8"
    out = subprocess.run(
        [sys.executable, "-c", PALETTE_PROBE, str(home)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert {"Quit", "Keys", "Screenshot", "Theme", "Search articles"} <= set(lines)
    assert lines[-1] == "Search for commands…"


@pytest.mark.skipif(i18n.LANGUAGE != "zh_CN", reason="the suite runs in Chinese")
async def test_the_command_palette_speaks_chinese_by_default(home, tmp_path):
    app = make_app(home, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: app.screen.query("CommandInput"), "the palette")
        titles = {c.title for c in app.get_system_commands(app.screen_stack[0])}
        assert {"退出", "按键", "截图", "配色主题", "搜索法条"} <= titles
        assert not {"Quit", "Keys", "Screenshot", "Theme"} & titles
        assert app.screen.query_one("CommandInput").placeholder == "搜索命令…"
        await pilot.press(*"zzzqqq")
        await wait_for(
            pilot,
            lambda: (
                "没有匹配的命令"
                in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)
                if app.screen.query_one("CommandList").option_count
                else False
            ),
            "the no-match line",
        )
