"""A pydantic ValidationError on a standard's YAML -> where (in the YAML's own Chinese keys)
and what is wrong, in Chinese."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

_MESSAGES = {
    "missing": "缺少此项",
    "string_too_short": "不能为空",
    "string_type": "应为文字",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "model_attributes_type": "应为映射",
}


def chinese_error(exc: ValidationError, data: Any) -> tuple[str, str]:
    """(where, message) for the first error: 'where' walks the YAML (行为 SL-01 阶次 2)."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    field = str(loc.pop()) if loc and isinstance(loc[-1], str) else ""
    where = _where(loc, data) or "裁量基准"
    if err["type"] == "value_error":
        text = str(err.get("ctx", {}).get("error", err["msg"]))
    else:
        text = _MESSAGES.get(err["type"], err["msg"])
    return where, f"{field}：{text}" if field else text


def _where(loc: list[Any], data: Any) -> str:
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
            label = node.get("编号") if isinstance(node, dict) else None
            parts.append(str(label) if label else str(key + 1))
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " ".join(parts)
