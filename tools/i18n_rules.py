"""Which string literals in lawkb/ a user reads, and how to put them through gettext.

Shared by the codemod (tools/i18n_apply.py) and the test (tests/test_i18n.py), so that what the
codemod wraps is exactly what the test demands. Plain `ast` with exact source positions.

USER-FACING LITERALS (a str constant or f-string):
  U1. In lawkb/cli/ and lawkb/tui/ (the UI packages): every literal with a Han character,
      except in the contexts below (X1-X8).
  U2. Anywhere in lawkb/: the arguments of a call to lawkb.errors.LawkbError or any subclass of
      it defined in lawkb (raise ParseError(path, line, "…"), InvalidInput(field, "…"), …),
      through `a if c else b`, `a + b` and f-string wrapping.
  U3. The docstring of a click command or group (a function decorated with `@….command(…)`
      or `@….group(…)`), which click shows as its help: moved into `help=_("…")`.
  U5. Anywhere in lawkb/: a literal listed (as English or as its Chinese) for its file in
      tools/i18n/english_to_chinese.tsv: a reviewed decision that a reader sees it (an error
      message built in a variable, a label in a tuple).
  U4. In the UI packages, by call site (English literals are caught here, and the Chinese ones
      too by U1): click `help=`/`prompt=` keywords, click.echo/secho/confirm/prompt,
      UsageError, ClickException, BadParameter, fail(); Textual notify/Label/Static/Button/
      Binding descriptions/SystemCommand/add_column/add_columns/`title=`/`placeholder=`/
      `tooltip=`/`border_title`; rich Table(title=)/Column/add_column/Text/Panel.
NOT USER-FACING (left alone):
  X1. docstrings other than U3; comments.
  X2. operands of a comparison (`== "已废止"`, `in ("…",)`) and match-case patterns.
  X3. dict keys and subscripts (`d["键"]`), `--json` keys are these.
  X4. arguments of string and regex methods used as data: re.*, str.startswith/endswith/
      replace/split/strip/partition/find/count/index/removeprefix/removesuffix/translate,
      dict.get/setdefault/pop, SQL execute().
  X5. keyword arguments that carry data: id=, classes=, key=, law=, category=, status=,
      kind=, style=, sep=, end=, encoding=, name=, value=.
  X6. literals already inside _() or ngettext() (so the codemod is idempotent).
  X7. literals listed in tools/i18n/keep.tsv (path, literal): Chinese data that is the same
      in every language (activity names stored in the ledger, status values …).
  X8. modules in EXCLUDED (lawkb/i18n.py); in the library (outside U2) everything: Chinese
      there is law vocabulary, regexes and reviewed data tables.
"""

from __future__ import annotations

import ast
import inspect
import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lawkb"
UI_DIRS = ("lawkb/cli/", "lawkb/tui/")
EXCLUDED = ("lawkb/i18n.py",)
KEEP_FILE = ROOT / "tools" / "i18n" / "keep.tsv"
ENGLISH_FILE = ROOT / "tools" / "i18n" / "english_to_chinese.tsv"
IMPORT_LINE = "from lawkb.i18n import _\n"

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][^{}]*)\}")  # a str.format field, not "{{"
GETTEXT = {"_", "ngettext", "gettext"}
DATA_METHODS = {
    "compile", "match", "search", "fullmatch", "sub", "subn", "findall", "finditer", "split",
    "startswith", "endswith", "replace", "strip", "lstrip", "rstrip", "partition",
    "rpartition", "find", "rfind", "count", "index", "removeprefix", "removesuffix",
    "translate", "maketrans", "get", "setdefault", "pop", "execute", "executemany", "escape",
    "set", "frozenset",
}  # fmt: skip
DATA_KEYWORDS = {
    "id", "classes", "key", "law", "category", "status", "kind", "style", "sep", "end",
    "encoding", "name", "value",
}  # fmt: skip
UI_CALLS = {
    "echo", "secho", "confirm", "prompt", "UsageError", "ClickException", "BadParameter",
    "fail", "notify", "Label", "Static", "Button", "Binding", "SystemCommand", "add_column",
    "add_columns", "Table", "Column", "Text", "Panel", "LawkbError", "print",
}  # fmt: skip
UI_KEYWORDS = {"help", "prompt", "title", "placeholder", "tooltip", "description", "label"}
ERROR_BASES = {"LawkbError"}


def rel(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def is_ui(path: str) -> bool:
    return path.startswith(UI_DIRS)


def source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if rel(p) not in EXCLUDED)


def error_classes(files: list[Path]) -> set[str]:
    """LawkbError and every class in lawkb that derives from it (by name, to a fixpoint)."""
    bases: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                }
                bases.setdefault(node.name, set()).update(names)
    found = set(ERROR_BASES)
    while True:
        more = {name for name, bs in bases.items() if bs & found} - found
        if not more:
            return found
        found |= more


def load_keep() -> set[tuple[str, str]]:
    """(path, literal) pairs that stay as they are (X7)."""
    keep: set[tuple[str, str]] = set()
    if KEEP_FILE.is_file():
        for line in KEEP_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                path, _, text = line.partition("\t")
                keep.add((path, unescape(text)))
    return keep


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def template(node: ast.AST) -> str | None:
    """The text of a literal: a str constant's value; for an f-string its constant parts with
    `{expr}` for each field (None if a format spec holds a field)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    out = []
    for v in node.values:
        if isinstance(v, ast.Constant):
            out.append(str(v.value).replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(v, ast.FormattedValue)
        spec = ""
        if v.format_spec is not None:
            parts = v.format_spec.values  # type: ignore[attr-defined]
            if not all(isinstance(p, ast.Constant) for p in parts):
                return None
            spec = ":" + "".join(str(p.value) for p in parts)  # type: ignore[attr-defined]
        conv = "" if v.conversion == -1 else "!" + chr(v.conversion)
        out.append("{" + ast.unparse(v.value) + conv + spec + "}")
    return "".join(out)


def plain_text(node: ast.AST) -> str:
    """The constant parts only (what a reader sees besides the fields)."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    return "".join(str(v.value) for v in getattr(node, "values", []) if isinstance(v, ast.Constant))


_NOT_ENGLISH = re.compile(
    r"`[^`]*`|--?[\w-]+|\{[^}]*\}|\b[A-Z0-9_]{2,}\b|\[/?[a-z #]*\]|\S+\.\w+|[\w<>.-]*/[\w<>/.-]*"
)


def looks_english(text: str) -> bool:
    """Two or more English words outside code, options, fields, constants and file names,
    with at least as many letters in them as there are Han characters."""
    rest = _NOT_ENGLISH.sub(" ", text)
    words = re.findall(r"\b[A-Za-z][a-z]{2,}\b", rest)
    if len(words) >= 2 and sum(map(len, words)) > 3 * len(HAN.findall(text)):
        return True
    grammar = re.findall(r"\b(?:expected|should|must|cannot|is|are|or|and|the|of|not)\b", rest)
    return bool(grammar) and len(re.findall(r"\b[a-z]{2,}\b", rest)) >= 3


@dataclass
class Literal:
    node: ast.AST
    reason: str  # U1 … U4
    docstring_of: ast.FunctionDef | None = None
    decorator: ast.Call | None = None


@dataclass
class Scan:
    path: str
    source: str
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    literals: list[Literal] = field(default_factory=list)  # user-facing, not yet wrapped
    english: list[Literal] = field(default_factory=list)  # user-facing and English
    candidates: list[Literal] = field(default_factory=list)  # every user-facing literal
    binds_underscore: list[ast.AST] = field(default_factory=list)


def load_marked() -> set[tuple[str, str]]:
    """(path, text) of every literal the mapping lists for its file, English and Chinese (U5)."""
    marked: set[tuple[str, str]] = set()
    for line in ENGLISH_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, english, chinese = line.split("\t")
            if path != "*":
                marked |= {(path, unescape(english)), (path, unescape(chinese))}
    return marked


_MARKED: set[tuple[str, str]] | None = None


def marked(path: str, text: str | None) -> bool:
    global _MARKED
    if _MARKED is None:
        _MARKED = load_marked()
    return (path, text) in _MARKED


def scan(path: Path, errors: set[str], keep: set[tuple[str, str]]) -> Scan:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    s = Scan(rel(path), source, tree)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            s.parents[child] = node
    docstrings = {id(d) for d in _docstring_nodes(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.arg) and _binds_underscore(node):
            s.binds_underscore.append(node)
        if isinstance(node, ast.FunctionDef):
            _command_docstring(s, node)
        if not _is_literal(node) or _inside_literal(s, node) or id(node) in docstrings:
            continue
        reason = _reason(s, node, errors)
        text = template(node)
        if reason is None and marked(s.path, text):
            reason = "U5"
        if reason is None or text is None or (s.path, text) in keep or _excluded(s, node):
            continue
        s.candidates.append(Literal(node, reason))
        if looks_english(plain_text(node)) and (reason != "U1"):
            s.english.append(Literal(node, reason))
        elif HAN.search(plain_text(node)):
            s.literals.append(Literal(node, reason))
    return s


def _binds_underscore(node: ast.AST) -> bool:
    if isinstance(node, ast.arg):
        return node.arg == "_"
    return isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)


def _is_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _inside_literal(s: Scan, node: ast.AST) -> bool:
    """Inside an f-string's field: wrapped on the next pass, once the f-string is `.format`."""
    parent = s.parents.get(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.JoinedStr):
            return True
        parent = s.parents.get(parent)
    return False


def _docstring_nodes(tree: ast.Module) -> list[ast.AST]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _is_literal(body[0].value):
                out.append(body[0].value)
    return out


def command_decorator(func: ast.FunctionDef) -> ast.Call | None:
    for dec in func.decorator_list:
        if (
            isinstance(dec, ast.Call)
            and call_name(dec) in ("command", "group")
            and not any(k.arg == "help" for k in dec.keywords)
        ):
            return dec
    return None


def _command_docstring(s: Scan, func: ast.FunctionDef) -> None:
    dec = command_decorator(func)
    doc = ast.get_docstring(func, clean=True)
    if dec is None or not doc:
        return
    lit = Literal(func.body[0].value, "U3", docstring_of=func, decorator=dec)  # type: ignore[attr-defined]
    if looks_english(doc):
        s.english.append(lit)
    else:
        s.literals.append(lit)


def _excluded(s: Scan, node: ast.AST) -> bool:
    child, parent = node, s.parents.get(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.Compare | ast.match_case | ast.MatchValue):
            return True
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            return True
        if isinstance(parent, ast.Dict) and any(child is k for k in parent.keys):
            return True
        if (
            isinstance(parent, ast.keyword)
            and parent.arg in DATA_KEYWORDS
            and call_name(s.parents[parent]) != "format"  # the codemod's own placeholders
        ):
            return True
        if isinstance(parent, ast.Call) and child is not parent.func:
            name = call_name(parent)
            if name in GETTEXT or name in DATA_METHODS:
                return True
        child, parent = parent, s.parents.get(parent)
    return isinstance(parent, ast.stmt) and isinstance(parent, ast.Expr) and child is node


def _reason(s: Scan, node: ast.AST, errors: set[str]) -> str | None:
    """Why the literal is user-facing (U1, U2, U4), or None."""
    child, parent = node, s.parents.get(node)
    while isinstance(parent, ast.IfExp | ast.BinOp | ast.BoolOp | ast.Tuple | ast.List):
        if isinstance(parent, ast.IfExp) and child is parent.test:
            break
        child, parent = parent, s.parents.get(parent)
    if isinstance(parent, ast.keyword):
        call = s.parents.get(parent)
        if is_ui(s.path) and parent.arg in UI_KEYWORDS:
            return "U4"
        if isinstance(call, ast.Call) and call_name(call) in errors:
            return "U2"
    if isinstance(parent, ast.Call) and child is not parent.func:
        name = call_name(parent)
        if name in errors:
            return "U2"
        if name == "Binding" and parent.args.index(child) < 2:  # type: ignore[arg-type]
            return "U1" if is_ui(s.path) else None  # the key and the action
        if is_ui(s.path) and name in UI_CALLS:
            return "U4"
    return "U1" if is_ui(s.path) else None


# -- rewriting --------------------------------------------------------------------------------


def py_str(text: str, width: int = 64) -> str:
    """Python source for `text`: one double-quoted literal, or several (implicitly joined,
    one per line) when long, split after newlines and punctuation."""
    pieces, cur, cols = [], "", 0
    for ch in text:
        cur += ch
        cols += 2 if ord(ch) > 0x2E7F else 1  # CJK takes two columns, as ruff counts
        if cols >= width and (ch in "\n，。；：、 " or cols >= width + 10):
            pieces.append(cur)
            cur, cols = "", 0
    if cur or not pieces:
        pieces.append(cur)
    lits = [_quote(p) for p in pieces]
    return lits[0] if len(lits) == 1 else "(\n" + "\n".join(lits) + "\n)"


def _quote(text: str) -> str:
    body = repr(text)
    if body.startswith("'"):
        body = '"' + body[1:-1].replace('\\"', '"').replace('"', '\\"').replace("\\'", "'") + '"'
    return body


def _constant(node: ast.expr) -> object:
    """The value of a constant subscript, -1 included (a UnaryOp in the tree)."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant(node.operand)
        return -inner if isinstance(inner, int) else None
    return None


_WRAPPERS = {"join", "int", "str", "float", "repr", "escape", "abs", "round", "sorted", "list"}


def field_name(expr: ast.expr) -> str:
    """A readable placeholder name for an f-string field."""
    if isinstance(expr, ast.Name):
        name = expr.id
    elif isinstance(expr, ast.Attribute):
        name = expr.attr
    elif isinstance(expr, ast.Subscript) and _constant(expr.slice) is not None:
        key = _constant(expr.slice)
        if isinstance(key, str):
            name = key  # info["where"] -> where
        else:  # valid[0] -> valid_first, valid[-1] -> valid_last, ident[3] -> ident_3
            suffix = {0: "first", -1: "last"}.get(key, str(key).replace("-", "m"))  # type: ignore[call-overload]
            name = f"{field_name(expr.value)}_{suffix}"
    elif isinstance(expr, ast.Call) and call_name(expr) == "len" and expr.args:
        name = "n_" + field_name(expr.args[0])
    elif isinstance(expr, ast.Call) and call_name(expr) == "map" and len(expr.args) > 1:
        name = field_name(expr.args[1])  # ", ".join(map(str, rows)) -> rows
    elif isinstance(expr, ast.Call) and expr.args and call_name(expr) in _WRAPPERS:
        name = field_name(expr.args[0])  # ", ".join(missing) -> missing, int(x) -> x
    elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        name = field_name(expr.func.value)  # day.isoformat() -> day
    elif isinstance(expr, ast.Call):
        name = call_name(expr) or "value"
    elif isinstance(expr, ast.Subscript):
        name = field_name(expr.value)
    else:
        name = "value"
    name = re.sub(r"\W", "_", name).strip("_").lower() or "value"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = "v_" + name
    return name


def gettext_call(node: ast.AST) -> str:
    """`_("…")` for a constant, `_("…{name}…").format(name=expr, …)` for an f-string."""
    if isinstance(node, ast.Constant):
        return "_(" + py_str(str(node.value)) + ")"
    assert isinstance(node, ast.JoinedStr)
    names: dict[str, str] = {}  # expr source -> name
    out, args = [], []
    for v in node.values:
        if isinstance(v, ast.Constant):
            out.append(str(v.value).replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(v, ast.FormattedValue)
        src = ast.unparse(v.value)
        if src not in names:
            base, n = field_name(v.value), 2
            name = base
            while name in names.values():
                name, n = f"{base}{n}", n + 1
            names[src] = name
            args.append(f"{name}={src}")
        conv = "" if v.conversion == -1 else "!" + chr(v.conversion)
        spec = ""
        if v.format_spec is not None:
            spec = ":" + "".join(str(p.value) for p in v.format_spec.values)  # type: ignore[attr-defined]
        out.append("{" + names[src] + conv + spec + "}")
    return "_(" + py_str("".join(out)) + ").format(" + ", ".join(args) + ")"


def docstring_help(doc: str) -> str:
    return "help=_(" + py_str(inspect.cleandoc(doc)) + ")"
