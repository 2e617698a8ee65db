"""A seeded mutator for the importer fuzz test: byte-level changes, tokens the parsers care
about, changed encodings, and for XLSX changes inside the zip and odd cell values."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

# what the law parsers, the detector and the spreadsheet readers branch on
TOKENS = [
    "第一条",
    "第一万条",
    "第一万零一条",
    "第零条",
    "第九千九百九十九条之九十九",
    "之一",
    "第一章",
    "第一编",
    "第一节 ",
    "# 示例条例\n",
    "---\n",
    "\n---\n",
    "<!-- INFO END -->",
    "::: tip 修订信息\n",
    ":::\n",
    '<p id="t1">',
    "<b>第五条</b>",
    "</p>",
    "<br>",
    "【条旨】",
    "（删去）",
    "（一）",
    "一、",
    "附件：",
    "law_id: 1\n",
    "```\n",
    "\ufeff",
    "\u3000",
    "\r",
    "\x00",
    "\t",
    '"',
    '""',
    ",",
    ";",
    "\n",
    "99999999999999999999",
    "1.23457E+19",
    "=SUM(A1:A2)",
    "2026年13月45日",
]
NUMERALS = "零〇一二三四五六七八九十百千万两"
CELL_VALUES: list[Any] = [
    None,
    "",
    " ",
    12345678901234567890,
    2**53 + 1,
    -0.0,
    1e308,
    0.1,
    True,
    dt.datetime(1900, 1, 1),
    dt.date(2026, 2, 28),
    dt.time(12, 30),
    "=A1+1",
    "=1/0",
    '="示例"&"公式"',
    "第一万条",
    "《示例条例》第一条",
    "x" * 5000,
    "\x01\x02控制字符",
    "1.23457E+19",
    "单选",
    "判断",
    "AB",
    "10万元～30万元",
    "超标倍数<0.5；敏感区域=否",
]


def mutate_bytes(rng: random.Random, data: bytes, others: Sequence[bytes] = ()) -> bytes:
    """One to four random edits: flips, deletions, duplications, insertions, splices."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        n = len(buf)
        at = rng.randrange(n + 1)
        if op == 0 and n:  # flip bits
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(n)
                buf[i] ^= 1 << rng.randrange(8)
        elif op == 1 and n:  # delete a span
            del buf[at : at + rng.randint(1, 64)]
        elif op == 2 and n:  # duplicate a span
            end = min(n, at + rng.randint(1, 256))
            buf[at:at] = buf[at:end]
        elif op == 3:  # insert a token the parsers branch on
            buf[at:at] = rng.choice(TOKENS).encode("utf-8")
        elif op == 4:  # insert random bytes
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 5 and n:  # truncate
            del buf[at:]
        elif op == 6 and others:  # splice in part of another seed
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            buf[at:at] = other[start : start + rng.randint(1, 512)]
        elif op == 7 and n:  # swap two lines
            lines = bytes(buf).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                buf = bytearray(b"\n".join(lines))
    return bytes(buf)


def reencode(rng: random.Random, data: bytes) -> bytes:
    """The same text in another encoding Excel or an editor might have used."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    encoding = rng.choice(["gb18030", "utf-16", "utf-8-sig", "big5", "latin-1"])
    return text.encode(encoding, errors="replace")


def mutate_chars(rng: random.Random, text: str) -> str:
    """Edits that keep the text valid UTF-8, so that they reach the parsers' rules."""
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        n = len(chars)
        at = rng.randrange(n + 1)
        op = rng.randrange(6)
        if op == 0:
            chars[at:at] = rng.choice(TOKENS)
        elif op == 1 and n:
            del chars[at : at + rng.randint(1, 40)]
        elif op == 2 and n:
            chars[at:at] = chars[at : at + rng.randint(1, 400)]
        elif op == 3 and n:  # another numeral: article numbers skip, repeat, go back
            i = rng.randrange(n)
            if chars[i] in NUMERALS:
                chars[i] = rng.choice(NUMERALS)
        elif op == 4 and n:
            lines = "".join(chars).split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            chars = list("\n".join(lines))
        elif op == 5 and n:
            chars[at:at] = chr(rng.choice([0x3000, 0xFEFF, 0x200B, 0x2028, 0x85, 0xD7FF, 0x1F600]))
    return "".join(chars)


def mutate_text(rng: random.Random, data: bytes, others: Sequence[bytes] = ()) -> bytes:
    roll = rng.random()
    if roll < 0.1:
        return reencode(rng, data)
    if roll < 0.7:
        try:
            return mutate_chars(rng, data.decode("utf-8")).encode("utf-8")
        except UnicodeDecodeError:
            pass
    return mutate_bytes(rng, data, others)


def xlsx_bytes(rows: Sequence[Sequence[Any]], writer: str) -> bytes:
    """A workbook of `rows` written by openpyxl or xlsxwriter, as bytes."""
    out = io.BytesIO()
    if writer == "openpyxl":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append(list(row))
        wb.save(out)
    else:
        import xlsxwriter

        wb = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "in_memory": True})
        ws = wb.add_worksheet()
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _xlsxwriter_cell(ws, r, c, value)
        wb.close()
    return out.getvalue()


def _xlsxwriter_cell(ws: Any, r: int, c: int, value: Any) -> None:
    if isinstance(value, str) and value.startswith("="):
        ws.write_formula(r, c, value)  # no saved value, as a script would write it
    elif isinstance(value, dt.time):
        ws.write_string(r, c, value.isoformat())
    elif value is not None:
        ws.write(r, c, value)


def mutate_rows(rng: random.Random, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Odd values in random cells, rows dropped or repeated, columns shifted."""
    out = [list(r) for r in rows]
    for _ in range(rng.randint(1, 5)):
        op = rng.randrange(4)
        if op == 0 and out:
            row = rng.choice(out)
            col = rng.randrange(len(row) + 2)
            while len(row) <= col:
                row.append(None)
            row[col] = rng.choice(CELL_VALUES)
        elif op == 1 and len(out) > 1:
            del out[rng.randrange(len(out))]
        elif op == 2 and out:
            out.insert(rng.randrange(len(out) + 1), list(rng.choice(out)))
        elif op == 3 and out:
            row = rng.choice(out)
            row.insert(rng.randrange(len(row) + 1), None)
    return out


def mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """Damage one member of a workbook's zip (the sheet, shared strings, styles …)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    except zipfile.BadZipFile:
        return mutate_bytes(rng, data)
    i = rng.randrange(len(members))
    name, content = members[i]
    if rng.random() < 0.15:
        del members[i]
    else:
        members[i] = (name, mutate_bytes(rng, content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, c in members:
            z.writestr(n, c)
    return out.getvalue()


def fuzz_xlsx(rng: random.Random, rows: Sequence[Sequence[Any]]) -> bytes:
    writer = rng.choice(["openpyxl", "xlsxwriter"])
    kind = rng.randrange(3)
    try:
        data = xlsx_bytes(mutate_rows(rng, rows) if kind != 1 else rows, writer)
    except Exception:  # a value the writer itself refuses: write the plain rows instead
        data = xlsx_bytes(rows, writer)
    if kind == 1:
        return mutate_zip(rng, data)
    if kind == 2 and rng.random() < 0.3:
        return mutate_bytes(rng, data)
    return data


Check = Callable[[bytes], None]
