"""Extract the messages, update the zh_CN and en catalogues, compile the .mo files.

    python tools/i18n_catalog.py          # pybabel extract -> update both .po -> compile .mo
    python tools/i18n_catalog.py --check  # exit 1 if a .mo is not the compilation of its .po

msgids are the Chinese source strings; zh_CN is the identity catalogue (msgstr = msgid, so a
tool that reads it sees it complete), en holds the English, from tools/i18n/en.tsv (msgid,
English; `\\n` for a newline; a line without a tab is a comment) where the .po has none. The
.mo files are compiled with Babel's own writer, deterministically (no creation date), so the
--check and the test can compare bytes.
"""

from __future__ import annotations

import argparse
import datetime
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "lawkb" / "locale"
EN_TSV = ROOT / "tools" / "i18n" / "en.tsv"
CLICK_TSV = ROOT / "tools" / "i18n" / "click_zh.tsv"  # click's own messages, in Chinese
LANGS = ("zh_CN", "en")
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def extract() -> Catalog:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "lawkb.pot"
        _pybabel_extract(pot)
        with pot.open("rb") as fh:
            return read_po(fh)


def _pybabel_extract(pot: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_", "-k", "ngettext:1,2", "--no-location", "--sort-output", "--omit-header",
         "--project", "lawkb", "-o", str(pot), "lawkb"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def english() -> dict[str, str]:
    out: dict[str, str] = {}
    if EN_TSV.is_file():
        for line in EN_TSV.read_text(encoding="utf-8").splitlines():
            # a comment is a "#" line without a tab: a msgid may start with "#" (Markdown)
            if "\t" in line:
                msgid, _, text = line.partition("\t")
                out[unescape(msgid)] = unescape(text)
    return out


def same_spacing(msgid: str, text: str) -> str:
    """The translation with the msgid's leading and trailing blanks (they lay out columns)."""
    lead = msgid[: len(msgid) - len(msgid.lstrip())]
    trail = msgid[len(msgid.rstrip()) :]
    return lead + text.strip() + trail


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "lawkb.po"


def build_po(template: Catalog, lang: str, en: dict[str, str]) -> Catalog:
    old: dict[str, object] = {}
    if po_path(lang).is_file():
        with po_path(lang).open("rb") as fh:
            old = {m.id: m.string for m in read_po(fh) if m.id}
    cat = Catalog(locale=lang, project="lawkb", fuzzy=False)
    cat.revision_date = cat.creation_date = FIXED_DATE  # reproducible files
    for msg in template:
        if not msg.id:
            continue
        if lang == "zh_CN":
            string = msg.id
        else:
            key = msg.id if isinstance(msg.id, str) else msg.id[0]
            string = same_spacing(key, en[key]) if key in en else old.get(msg.id) or ""
            if isinstance(msg.id, tuple) and not isinstance(string, tuple):
                string = (string, string)
        cat.add(msg.id, string, flags=[f for f in msg.flags if f != "fuzzy"])
    if lang == "zh_CN":
        for msgid, chinese in click_messages().items():
            cat.add(msgid, (chinese,) if isinstance(msgid, tuple) else chinese)
    return cat


def click_messages() -> dict[str | tuple[str, str], str]:
    """click's English msgids (a plural as a pair) -> Chinese (zh_CN has one plural form)."""
    out: dict[str | tuple[str, str], str] = {}
    for line in CLICK_TSV.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            english, _, chinese = line.partition("\t")
            forms = tuple(unescape(f) for f in english.split(" || "))
            key = forms[0] if len(forms) == 1 else (forms[0], forms[1])
            out[key] = unescape(chinese)
    return out


def po_bytes(cat: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, cat, width=100, omit_header=False, no_location=True, sort_output=True)
    return buf.getvalue()


def mo_bytes(po: Path) -> bytes:
    with po.open("rb") as fh:
        cat = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    return buf.getvalue()


def compile_all() -> None:
    for lang in LANGS:
        po = po_path(lang)
        po.with_suffix(".mo").write_bytes(mo_bytes(po))


def stale() -> list[str]:
    return [
        str(po_path(lang).with_suffix(".mo").relative_to(ROOT))
        for lang in LANGS
        if not po_path(lang).with_suffix(".mo").is_file()
        or po_path(lang).with_suffix(".mo").read_bytes() != mo_bytes(po_path(lang))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the .mo files")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for path in bad:
            print(f"{path} is not compiled from its .po: run tools/i18n_catalog.py")
        return 1 if bad else 0
    template, en = extract(), english()
    for lang in LANGS:
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(po_bytes(build_po(template, lang, en)))
    compile_all()
    missing = [m.id for m in build_po(template, "en", en) if m.id and not m.string]
    unused = sorted(set(en) - {m.id if isinstance(m.id, str) else m.id[0] for m in template})
    if unused:
        print(f"{len(unused)} entries of {EN_TSV.name} are no longer in the code (kept, harmless)")
    for msgid in missing:
        print("no English yet:", repr(msgid))
    print(f"{len(template)} messages; {len(missing)} without English (add them to {EN_TSV.name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
