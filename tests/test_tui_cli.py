"""`lawkb tui`: the command is registered, has help, and --json says where its files are."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lawkb.cli import main


def test_tui_command_help_and_json(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWKB_KEYMAP", str(tmp_path / "keys.toml"))
    runner = CliRunner()
    result = runner.invoke(main, ["tui", "--help"])
    assert result.exit_code == 0 and "终端应用" in result.output
    result = runner.invoke(main, ["--home", str(tmp_path / "h"), "tui", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "home": str(tmp_path / "h"),
        "keymap": str(tmp_path / "keys.toml"),
    }
    result = runner.invoke(main, ["tui", "--bogus"])
    assert result.exit_code == 2
