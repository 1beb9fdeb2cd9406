"""How the wheel is built (``pip install .``, ``pipx install .``, ``pip wheel .``); pyproject.toml has
the metadata. The repository's layout is kept for development; the wheel holds it under one package,
``sgd_lab`` (packaging/sgd_lab/__init__.py says why):

- ``core/`` and ``gui/`` become ``sgd_lab/core`` and ``sgd_lab/gui``;
- main.py is copied to ``sgd_lab/main.py``;
- ``resources/`` is copied to ``sgd_lab/resources``, less the translation sources (``*.ts``), which are
  compiled into the ``.qm`` the app loads with Qt's ``lrelease`` (PySide6 is a build requirement).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PACKAGE = "sgd_lab"
LRELEASE = "import sys; from PySide6.scripts.pyside_tool import lrelease; sys.exit(lrelease())"


class BuildApp(build_py):
    """build_py, then main.py, resources/ and the compiled translations into the package."""

    def run(self) -> None:
        target = Path(self.build_lib) / PACKAGE
        if target.exists():  # an earlier build's files, some perhaps deleted from the source since
            shutil.rmtree(target)
        super().run()
        shutil.copy2(ROOT / "main.py", target / "main.py")
        resources = target / "resources"
        shutil.copytree(
            ROOT / "resources", resources, ignore=shutil.ignore_patterns("*.ts", "*.qm", "__pycache__", ".*")
        )
        sources = sorted((ROOT / "resources" / "translations").glob("*.ts"))
        if not sources:
            raise SystemExit("setup.py: resources/translations/ has no .ts file to compile")
        for ts in sources:
            qm = resources / "translations" / ts.with_suffix(".qm").name
            done = subprocess.run(
                [sys.executable, "-c", LRELEASE, "-silent", str(ts), "-qm", str(qm)],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0 or not qm.is_file():
                raise SystemExit(f"setup.py: lrelease could not compile {ts.name}: {done.stderr.strip()}")


setup(
    packages=[
        PACKAGE,
        *(f"{PACKAGE}.{name}" for name in find_packages(include=["core", "core.*", "gui", "gui.*"])),
    ],
    package_dir={PACKAGE: "packaging/sgd_lab", f"{PACKAGE}.core": "core", f"{PACKAGE}.gui": "gui"},
    cmdclass={"build_py": BuildApp},
)
