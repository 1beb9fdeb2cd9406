"""packaging/smoke_test.sh, the check CI runs on the built executable, checked on the app from source."""

from __future__ import annotations

import configparser
import json
import os
import shlex
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SMOKE = ROOT / "packaging" / "smoke_test.sh"


def _wrapper(folder: Path, extra: str = "") -> Path:
    """An executable that runs ``python main.py`` with the arguments it gets (and ``extra`` after)."""
    exe = folder / "sgd-lab"
    exe.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "main.py"}" "$@" {extra}\n', encoding="utf-8"
    )
    exe.chmod(0o755)
    return exe


def _smoke(exe: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the script sets it itself
    return subprocess.run(
        ["bash", str(SMOKE), str(exe)], capture_output=True, text=True, timeout=300, env=env, cwd=ROOT
    )


def test_smoke_test_passes_on_a_working_app(tmp_path):
    p = _smoke(_wrapper(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "smoke: headless: 32 steps" in p.stdout
    assert "self-test: window training: ok" in p.stdout
    assert p.stdout.rstrip().endswith("smoke: passed")


def test_smoke_test_fails_on_a_wrong_result(tmp_path):
    p = _smoke(_wrapper(tmp_path, extra="--epochs 1"))  # one epoch where two were asked for
    assert p.returncode == 1
    assert "step_loss has 2 × 16 = 32 values" in p.stderr
    assert "smoke: FAILED: the result JSON is wrong" in p.stderr
    assert "smoke: passed" not in p.stdout


def test_smoke_test_fails_without_an_executable(tmp_path):
    p = _smoke(tmp_path / "missing")
    assert p.returncode == 1
    assert "is not there; build it with: make package" in p.stderr


# -- the wheel (pip install ., pipx install .): CI installs it for real (packaging/check_install.sh) --


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built with this venv's setuptools and PySide6 (no download)."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("sgd_lab-*.whl")
    return path


def test_the_wheel_keeps_the_app_under_one_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.startswith("sgd_lab-")}
    assert top == {"sgd_lab"}  # no top-level core, gui or main that could clash with another package
    modules = {
        f"sgd_lab/{p.relative_to(ROOT).as_posix()}" for d in ("core", "gui") for p in (ROOT / d).rglob("*.py")
    }
    assert modules <= set(names), sorted(modules - set(names))
    assert "sgd_lab/main.py" in names
    shipped = {
        f"sgd_lab/{p.relative_to(ROOT).as_posix()}"
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and p.suffix not in (".ts", ".qm")
    }
    assert shipped <= set(names), sorted(shipped - set(names))
    for ts in (ROOT / "resources" / "translations").glob("*.ts"):
        assert f"sgd_lab/resources/translations/{ts.stem}.qm" in names  # compiled when the wheel is built
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert "sgd-lab = sgd_lab:main" in entry_points.decode()


def test_the_unpacked_wheel_runs_beside_another_core_package(wheel, tmp_path):
    """The installed layout, away from the source tree, with another distribution's ``core`` and
    ``gui`` first on the path: importing sgd_lab leaves them alone, and the sgd-lab command still
    runs its own."""
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    other = tmp_path / "other"
    for name in ("core", "gui"):
        (other / name).mkdir(parents=True)
        (other / name / "__init__.py").write_text("WHO = 'another package'\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(other), str(site)])}
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()

    def python(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-s", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    imported = python("-c", "import sgd_lab, core, gui; print(core.WHO, '/', gui.WHO)")
    assert imported.stdout.strip() == "another package / another package", imported.stderr
    out = elsewhere / "run.json"
    run = python(
        "-m",
        "sgd_lab",
        "--headless",
        "--dataset",
        "digits",
        "--samples",
        "200",
        "--epochs",
        "1",
        "--out",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["status"], result["steps_per_epoch"], len(result["step_loss"])) == ("completed", 4, 4)
    version = python("-m", "sgd_lab", "--version")
    assert version.stdout.strip() == f"SGD Lab {_version()}"


def _version() -> str:
    text = (ROOT / "core" / "__init__.py").read_text(encoding="utf-8")
    return text.split('__version__ = "')[1].split('"')[0]


# -- the desktop entry (make install-desktop) --


def test_install_desktop_adds_the_entry_and_icons(tmp_path):
    done = subprocess.run(
        ["make", "-s", "install-desktop", f"XDG_DATA_HOME={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    entry = tmp_path / "applications" / "sgd-lab.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(entry.read_text(encoding="utf-8"))
    desktop = parser["Desktop Entry"]
    assert (desktop["Type"], desktop["Name"], desktop["Icon"]) == ("Application", "SGD Lab", "sgd-lab")
    program, script = shlex.split(desktop["Exec"])
    assert Path(program).is_file() and os.access(program, os.X_OK)
    assert Path(script) == ROOT / "main.py"
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "sgd-lab.svg").is_file()
    for size in (16, 32, 48, 256):
        png = (tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "sgd-lab.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)  # the IHDR's width and height
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        checked = subprocess.run([validate, str(entry)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr

    removed = subprocess.run(
        ["make", "-s", "uninstall-desktop", f"XDG_DATA_HOME={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists()
    assert not list(tmp_path.rglob("sgd-lab.png"))
