"""corpus/ and quizzes/ live at the top of the repository (data, reviewed by hand); a built
lawkb carries them as real package data under lawkb/data/. An editable install reads them in
place (lawkb/paths.py falls back to the repository)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("corpus", "quizzes")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in DATA:
            dest = Path(self.build_lib) / "lawkb" / "data" / name
            shutil.copytree(
                ROOT / name, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
            )


setup(cmdclass={"build_py": BuildWithData})
