"""``--export-script FILE.py``: the equivalent PyTorch script, run in its own process, takes the same
steps as the app's headless run of the same settings (step_loss to 1e-5), and imports nothing of
SGD Lab."""

from __future__ import annotations

import ast
import errno
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from core.io.script import SCRIPT_IMPORTS
from main import main


def write_table(path, n=150):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 3))
    label = np.where(x[:, 0] - 0.5 * x[:, 1] + 0.2 * x[:, 2] > 0, "up", "down")
    rows = "".join(f"{a},{b},{c},{d}\n" for (a, b, c), d in zip(x, label, strict=True))
    path.write_text("f1,f2,f3,dir\n" + rows)
    return path


def app_result(tmp_path, options: list[str], capsys) -> dict:
    """The app's headless run of these settings: its result JSON."""
    out = tmp_path / "app.json"
    code = main(["--headless", *options, "--out", str(out), "--quiet"])
    assert code == 0, capsys.readouterr().err
    return json.loads(out.read_text())


def run_script(script, *args: str) -> subprocess.CompletedProcess:
    """The script as a learner runs it, in its own folder, isolated (-I: no PYTHONPATH, no user site,
    not even the script's folder on sys.path): it cannot import SGD Lab."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [sys.executable, "-I", str(script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=script.parent,
        env=env,
    )


def imports_of(text: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[0])
    return names


CASES = {
    # the default dataset and model (mnist-like, softmax, SGD with β = 0.9), a small sample count
    "default": ["--samples", "600", "--epochs", "2"],
    # a generated 2-D set with the MLP (initial weights drawn from the seed), cosine schedule
    "spirals-mlp": ["--dataset", "spirals", "--model", "mlp", "--hidden", "16", "--samples", "300",
                    "--batch-size", "32", "--lr", "0.2", "--lr-schedule", "cosine", "--epochs", "2"],
    # momentum with Nesterov, weight decay and the step schedule, on a regression
    "nesterov-step": ["--dataset", "linear-1d", "--samples", "200", "--batch-size", "16", "--momentum", "0.8",
                      "--nesterov", "--weight-decay", "0.01", "--lr", "0.05", "--lr-schedule", "step",
                      "--epochs", "2", "--seed", "7"],
    # the seed's form written out, with dampening and a changing lr (where it differs from torch's SGD)
    "sgd-manual": ["--dataset", "two-basins", "--optimizer", "sgd-manual", "--momentum", "0.9",
                   "--dampening", "0.5", "--lr", "0.05", "--lr-schedule", "cosine", "--samples", "256",
                   "--batch-size", "32", "--epochs", "2"],
    # the MLP on moons with Adam
    "moons-adam": ["--dataset", "moons", "--model", "mlp", "--hidden", "8", "--optimizer", "adam",
                   "--lr", "0.01", "--samples", "200", "--batch-size", "20", "--epochs", "1",
                   "--noise", "0.5"],
    # the shipped digits (an .npz beside the script), in order, the partial batch dropped, no zero_grad
    "digits-in-order": ["--dataset", "digits", "--samples", "500", "--batch-size", "64", "--no-shuffle",
                        "--drop-last", "--no-zero-grad", "--lr", "0.001", "--epochs", "2"],
    # gradient accumulation over 4 batches of 32, a shorter last window (10 iterations: 4, 4, 2), cosine
    "accumulate": ["--dataset", "moons", "--model", "mlp", "--hidden", "8", "--samples", "300",
                   "--batch-size", "32", "--accumulate", "4", "--lr", "0.2", "--lr-schedule", "cosine",
                   "--epochs", "2"],
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_script_takes_the_apps_steps(case, tmp_path, capsys):
    check_equivalent(tmp_path, CASES[case], capsys, npz=case.startswith("digits"))


def test_the_script_of_imported_data_reads_the_npz_beside_it(tmp_path, capsys):
    table = write_table(tmp_path / "table.csv")
    options = ["--data", str(table), "--batch-size", "16", "--lr", "0.3", "--epochs", "2"]
    check_equivalent(tmp_path, options, capsys, npz=True)


def check_equivalent(tmp_path, options: list[str], capsys, npz: bool) -> None:
    app = app_result(tmp_path, options, capsys)
    folder = tmp_path / "lesson"
    folder.mkdir()
    script = folder / "run.py"
    assert main(["--export-script", str(script), *options]) == 0, capsys.readouterr().err
    written = sorted(p.name for p in folder.iterdir())
    assert written == (["run.npz", "run.py"] if npz else ["run.py"])
    text = script.read_text()
    assert imports_of(text) <= set(SCRIPT_IMPORTS), imports_of(text)
    if npz:
        assert "np.load(DATA_FILE, allow_pickle=False)" in text

    p = run_script(script, "--out", "steps.json")
    assert p.returncode == 0, p.stderr
    got = json.loads((folder / "steps.json").read_text())
    assert len(got["step_loss"]) == len(app["step_loss"]) == app["total_steps"]
    np.testing.assert_allclose(got["step_loss"], app["step_loss"], rtol=0, atol=1e-5)
    if "iteration_loss" in app:  # gradient accumulation: every mini-batch's loss too
        np.testing.assert_allclose(got["iteration_loss"], app["iteration_loss"], rtol=0, atol=1e-5)
    assert len(got["epochs"]) == len(app["epochs"])
    for mine, theirs in zip(got["epochs"], app["epochs"], strict=True):
        for key in ("train_loss_running", "train_loss_end", "val_loss"):
            assert mine[key] == pytest.approx(theirs[key], abs=1e-5), key
        if theirs["val_accuracy"] is None:
            assert mine["val_accuracy"] is None
        else:
            assert mine["val_accuracy"] == pytest.approx(theirs["val_accuracy"], abs=1e-6)
        # the per-epoch line prints the losses as the app's progress line does
        line = f"Epoch {theirs['epoch']}/{len(app['epochs'])} - loss: {theirs['train_loss_running']:.4f}"
        assert line in p.stdout, p.stdout
        assert f"val_loss: {theirs['val_loss']:.4f}" in p.stdout


# -- the command line's refusals ------------------------------------------------------------------------
def refused(capsys, *args: str) -> str:
    code = main(list(args))
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("sgd-lab: error: --export-script: "), err
    return err


def test_an_existing_script_or_npz_is_never_overwritten(tmp_path, capsys):
    script = tmp_path / "run.py"
    script.write_text("# mine\n")
    assert "exists already" in refused(capsys, "--export-script", str(script))
    assert script.read_text() == "# mine\n"
    data = tmp_path / "digits.npz"
    data.write_bytes(b"mine")
    err = refused(capsys, "--export-script", str(tmp_path / "digits.py"), "--dataset", "digits")
    assert "digits.npz exists already" in err
    assert data.read_bytes() == b"mine" and not (tmp_path / "digits.py").exists()


def test_bad_paths_are_one_line_each(tmp_path, capsys):
    assert "must end in .py" in refused(capsys, "--export-script", str(tmp_path / "run.txt"))
    assert "does not exist" in refused(capsys, "--export-script", str(tmp_path / "none" / "run.py"))
    (tmp_path / "dir.py").mkdir()
    assert "is a folder" in refused(capsys, "--export-script", str(tmp_path / "dir.py"))
    assert "--sweep" in refused(capsys, "--export-script", str(tmp_path / "a.py"), "--sweep", "lr=0.1,0.2")
    assert "--out" in refused(
        capsys, "--export-script", str(tmp_path / "a.py"), "--out", str(tmp_path / "x.json")
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "dir.py"]


def test_bad_settings_are_refused_before_writing(tmp_path, capsys):
    code = main(["--export-script", str(tmp_path / "run.py"), "--batch-size", "0"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("sgd-lab: error: --batch-size: "), err
    assert not list(tmp_path.iterdir())


def test_a_failed_write_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    import core.io.script

    def full_disk(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core.io.script, "atomic_write_text", full_disk)
    code = main(["--export-script", str(tmp_path / "run.py"), "--dataset", "digits", "--samples", "100"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert (
        err
        == f"sgd-lab: error: --export-script: cannot write {tmp_path / 'run.py'}: No space left on device\n"
    )
    assert not list(tmp_path.iterdir())


def test_the_readmes_excerpt_is_what_the_default_settings_export():
    from core.io.script import ScriptPlan, script_text
    from core.training.config import BUILT_IN, TrainConfig
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The equivalent PyTorch script", 1)[1].split("\n## ", 1)[0]
    excerpts = [part.split("```", 1)[0] for part in section.split("```python\n")[1:]]
    assert len(excerpts) == 2  # one process, then the changes for K workers
    for excerpt, workers in zip(excerpts, (1, 2), strict=True):
        text = script_text(ScriptPlan(TrainConfig(workers=workers), BUILT_IN["mnist-like"], None, 1))
        lines = [line for line in excerpt.splitlines() if line.strip() != "..."]
        assert len(lines) >= 10
        for line in lines:
            assert line in text.splitlines(), line
