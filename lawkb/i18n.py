"""The app's messages in the user's language (gettext).

The source strings (msgids) are Chinese: the app speaks Chinese, and `zh_CN` is its default and
fallback. `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` and `LANG` (in that order, as gettext reads them)
choose another catalogue, e.g. `LANG=en_US.UTF-8` for English. The catalogues live in
`lawkb/locale/<lang>/LC_MESSAGES/lawkb.po` (edited) and `.mo` (compiled by
`tools/i18n_catalog.py`). The language is fixed when this module is first imported.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "lawkb"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "zh_CN"
ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def requested_languages(environ: os._Environ[str] | dict[str, str] | None = None) -> list[str]:
    """The languages the environment asks for, first choice first, without encodings: the
    first of LANGUAGE (a colon list), LC_ALL, LC_MESSAGES, LANG that is set; C/POSIX mean none."""
    env = os.environ if environ is None else environ
    for var in ENV_VARS:
        value = env.get(var, "")
        if value:
            langs = [v.split(".")[0].split("@")[0] for v in value.split(":") if v]
            return [lang for lang in langs if lang not in ("C", "POSIX")]
    return []


def choose_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The catalogue to use: the first requested language (or its bare language, en_US -> en)
    that lawkb has, else zh_CN."""
    available = {p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()}
    for lang in requested_languages(environ):
        for candidate in (lang, lang.split("_")[0]):
            if candidate in available:
                return candidate
            if candidate == "zh":
                return DEFAULT
    return DEFAULT


def load(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of `language`; the identity (Chinese) when it has none."""
    mo = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file():
        return gettext.NullTranslations()
    with mo.open("rb") as fh:
        return gettext.GNUTranslations(fh)


LANGUAGE = choose_language()
_translations = load(LANGUAGE)


def _(message: str) -> str:
    """The message in the user's language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` in the user's language."""
    return _translations.ngettext(singular, plural, n)


def route_stdlib_gettext() -> None:
    """Let the stdlib's global gettext answer from lawkb's catalogue in lawkb's language.

    click marks its own messages (Usage:, Options:, Error: …) with `gettext.gettext`, whose
    domain and language are process-wide: the command line calls this once, so that they come
    from lawkb.po (tools/i18n/click_zh.tsv) like every other message. It sets LANGUAGE, which
    the stdlib reads first, to the language chosen above (zh_CN under LANG=C.UTF-8 too)."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = LANGUAGE
