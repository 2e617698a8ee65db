"""The optional ledger key, kept outside the database so a copy of records.db cannot forge it.

The key file is `ledger.key` in the coordinator's config folder (platformdirs
user_config_dir("lawkb"): ~/.config/lawkb on Linux, %LOCALAPPDATA%\\lawkb on Windows,
~/Library/Application Support/lawkb on macOS), or the file named by $LAWKB_KEY_FILE.
It holds the key and the ledgers sealed with it, so that a sealed ledger whose seal was
removed is noticed. `lawkb hours seal` creates it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from lawkb.errors import LawkbError
from lawkb.i18n import _

KEY_NAME = "ledger.key"


def key_path() -> Path:
    env = os.environ.get("LAWKB_KEY_FILE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("lawkb", appauthor=False)) / KEY_NAME


@dataclass
class LedgerKey:
    key: bytes
    path: Path
    ledgers: list[str] = field(default_factory=list)  # resolved paths of sealed ledgers

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)


def fingerprint(key: bytes) -> str:
    """Names the key without revealing it (a hash of a hash, 16 hex digits)."""
    return hashlib.sha256(b"lawkb-key-id" + key).hexdigest()[:16]


def load(path: Path | None = None) -> LedgerKey | None:
    """The key, or None when there is no key file. A damaged key file is an error."""
    path = path or key_path()
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        key = bytes.fromhex(data["key"])
        ledgers = [str(p) for p in data.get("ledgers", [])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LawkbError(
            _("{path}：不是 lawkb 账本密钥文件（{exc}）").format(path=path, exc=exc)
        ) from exc
    if len(key) < 16:
        raise LawkbError(_("{path}：密钥短于 16 字节").format(path=path))
    return LedgerKey(key, path, ledgers)


def create_or_load(path: Path | None = None) -> LedgerKey:
    path = path or key_path()
    found = load(path)
    if found:
        return found
    path.parent.mkdir(parents=True, exist_ok=True)
    made = LedgerKey(secrets.token_bytes(32), path)
    _write(made)
    return made


def register(ledger_key: LedgerKey, ledger: Path) -> None:
    """Note in the key file that this ledger is sealed (verify then expects the seal)."""
    name = str(Path(ledger).resolve())
    if name not in ledger_key.ledgers:
        ledger_key.ledgers.append(name)
        _write(ledger_key)


def expects_seal(ledger_key: LedgerKey | None, ledger: Path | None) -> bool:
    return bool(ledger_key and ledger and str(Path(ledger).resolve()) in ledger_key.ledgers)


def _write(ledger_key: LedgerKey) -> None:
    data = {"key": ledger_key.key.hex(), "ledgers": ledger_key.ledgers}
    tmp = ledger_key.path.with_name(f".{ledger_key.path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the owner only
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, ledger_key.path)
