"""The headless command line, run as a user runs it: a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from core import __version__
from tests.conftest import ROOT

FAST = ["--samples", "1000", "--epochs", "2"]


def sgd_lab(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def test_headless_run_writes_the_result_json(tmp_path):
    out = tmp_path / "run.json"
    p = sgd_lab("--headless", *FAST, "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    lines = p.stdout.splitlines()
    assert "⌈1000 / 64⌉ = 16 iterations per epoch (last batch: 40 samples)" in lines[1]
    assert lines[2] == "Epoch 1/2" and lines[3].startswith("16/16 [") and "val_accuracy:" in lines[3]
    assert lines[4] == "Epoch 2/2"
    d = json.loads(out.read_text())
    assert d["status"] == "completed" and d["steps_per_epoch"] == 16 and len(d["step_loss"]) == 32


@pytest.mark.slow
def test_default_run_reproduces_the_seed_numbers(tmp_path):
    out = tmp_path / "run.json"
    p = sgd_lab("--headless", "--epochs", "2", "--out", str(out), "--optimizer", "sgd-manual")
    assert p.returncode == 0, p.stderr
    assert "⌈60000 / 64⌉ = 938 iterations per epoch (last batch: 32 samples)" in p.stdout
    assert "938/938 [" in p.stdout
    d = json.loads(out.read_text())
    assert d["steps_per_epoch"] == 938 and d["last_batch_size"] == 32
    assert d["epochs"][1]["train_loss_running"] < d["epochs"][0]["train_loss_running"]
    assert d["epochs"][1]["train_loss_end"] < d["epochs"][0]["train_loss_end"]
    assert d["config"]["optimizer"] == "sgd-manual" and d["config"]["momentum"] == 0.9


def test_csv_output_and_config_file_with_override(tmp_path):
    config = tmp_path / "c.json"
    config.write_text(
        json.dumps({"dataset": "moons", "samples": 400, "model": "mlp", "lr": 0.3, "epochs": 3})
    )
    out = tmp_path / "run.csv"
    p = sgd_lab(
        "--headless", "--config", str(config), "--epochs", "1", "--batch-size", "100", "--out", str(out)
    )
    assert p.returncode == 0, p.stderr
    assert "⌈400 / 100⌉ = 4 iterations per epoch" in p.stdout and "Epoch 1/1" in p.stdout
    assert out.read_text().splitlines()[0].startswith("step,epoch,iteration,batch_size,loss")
    assert len(out.read_text().splitlines()) == 1 + 4


def test_switching_dataset_brings_its_own_size_and_model():
    p = sgd_lab("--headless", "--dataset", "linear-1d", "--epochs", "1", "--quiet")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("completed 16 steps in 1 epochs")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--lr", "-1"], "--lr: must be in [1e-05, 10] (got -1)"),
        (["--lr", "abc"], "argument --lr: invalid float value: 'abc'"),
        (["--momentum", "1"], "--momentum: must be in [0, 1) (got 1)"),
        (["--batch-size", "70000"], "--batch-size: must be between 1 and the training-set size 60,000"),
        (["--batch-size", "0"], "--batch-size"),
        (["--epochs", "0"], "--epochs: must be in [1, 10,000]"),
        (["--samples", "3"], "--samples"),
        (["--dataset", "cifar"], "argument --dataset: invalid choice"),
        (["--model", "linear"], "--model: linear regression needs a regression dataset"),
        (["--nesterov", "--momentum", "0"], "--nesterov: needs momentum > 0"),
        (
            ["--device", "cuda"] if not os.environ.get("CUDA_VISIBLE_DEVICES") else ["--device", "x"],
            "--device",
        ),
        (["--out", "run.txt"], "--out: must end in .json or .csv"),
        (["--out", "/no/such/folder/run.json"], "--out: folder /no/such/folder does not exist"),
        (["--config", "/no/such/file.json"], "--config: /no/such/file.json does not exist"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--lr", "nan"], "--lr: must be a finite number"),
        (["--lr", "inf"], "--lr: must be a finite number"),
        (["--threads", "0"], "argument --threads: must be a whole number from 1 to 256, got '0'"),
        (["--threads", "two"], "argument --threads: must be a whole number from 1 to 256, got 'two'"),
        (["--pace", "0"], "argument --pace: must be max or a number of steps a second from 0.1 to 100,000"),
        (["--pace", "fast"], "argument --pace: must be max or a number of steps a second"),
        (["--pace", "nan"], "argument --pace: must be max or a number of steps a second"),
        (["--pace", "5", "--sweep", "batch_size=16,32"], "--pace: paces one run; a sweep's runs go as fast"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, fragment):
    p = sgd_lab("--headless", *args)
    assert p.returncode == 2, (p.stdout, p.stderr)
    lines = p.stderr.splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("sgd-lab: error: ") and fragment in lines[0]
    assert "Traceback" not in p.stderr and p.stdout == ""


def test_bad_config_file(tmp_path):
    bad = tmp_path / "c.json"
    bad.write_text('{"lr": 0.1, "epochs": "many"}')
    p = sgd_lab("--headless", "--config", str(bad))
    assert (
        p.returncode == 2
        and p.stderr.strip() == "sgd-lab: error: --epochs: must be a whole number (got 'many')"
    )


def test_divergence_exit_code_and_result(tmp_path):
    out = tmp_path / "run.json"
    p = sgd_lab("--headless", "--dataset", "linear-1d", "--lr", "10", "--momentum", "0", "--out", str(out))
    assert p.returncode == 3
    assert p.stderr.startswith("sgd-lab: diverged at step ")
    d = json.loads(out.read_text())
    assert d["status"] == "diverged" and "diverged_step" in d


def test_existing_output_is_replaced_whole(tmp_path):
    out = tmp_path / "run.json"
    out.write_text("old")
    p = sgd_lab("--headless", *FAST, "--out", str(out), "--quiet")
    assert p.returncode == 0 and json.loads(out.read_text())["status"] == "completed"
    assert sorted(os.listdir(tmp_path)) == ["run.json"]


def test_pace_slows_a_headless_run_and_max_does_not(tmp_path):
    small = ("--dataset", "linear-1d", "--samples", "100", "--batch-size", "10", "--epochs", "1", "--quiet")
    paced = sgd_lab("--headless", *small, "--pace", "20", "--out", str(tmp_path / "paced.json"))
    fast = sgd_lab("--headless", *small, "--pace", "max", "--out", str(tmp_path / "fast.json"))
    assert paced.returncode == 0 and fast.returncode == 0, (paced.stderr, fast.stderr)
    paced_run, fast_run = (json.loads((tmp_path / f"{n}.json").read_text()) for n in ("paced", "fast"))
    # 10 steps at 20 a second: the 10th step comes 9/20 s after the first (a lower bound: a busy
    # machine can only make it later). The pace changes when steps happen, never what they compute.
    assert paced_run["elapsed_s"] >= 9 / 20
    assert paced_run["step_loss"] == fast_run["step_loss"]


def test_help_and_version_name_every_option():
    p = sgd_lab("--help")
    assert p.returncode == 0
    for option in (
        "--headless",
        "--epochs",
        "--batch-size",
        "--lr",
        "--momentum",
        "--nesterov",
        "--dampening",
        "--weight-decay",
        "--dataset",
        "--samples",
        "--model",
        "--seed",
        "--drop-last",
        "--optimizer",
        "--config",
        "--out",
        "--pace",
        "--device",
        "--hidden",
        "--shuffle",
        "--self-test",
        "--version",
        "--threads",
    ):
        assert option in p.stdout
    v = sgd_lab("--version")
    assert v.returncode == 0 and v.stdout == f"SGD Lab {__version__}\n"


def test_a_reader_that_goes_away_ends_nothing_early(tmp_path):
    """``sgd-lab --headless | head -1``: the run still ends and writes --out, without a traceback."""
    out = tmp_path / "run.json"
    args = ["--headless", "--samples", "2000", "--epochs", "3", "--out", str(out)]
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as proc:
        try:
            assert proc.stdout.readline().startswith("softmax on mnist-like")
            proc.stdout.close()  # the reader goes, as head does after its first line
            stderr = proc.stderr.read()
            proc.wait(timeout=120)
        finally:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    d = json.loads(out.read_text())
    assert d["status"] == "completed" and len(d["step_loss"]) == 3 * 32


def test_ctrl_c_stops_cleanly_and_writes_the_partial_result(tmp_path):
    out = tmp_path / "run.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--headless",
            "--samples",
            "2000",
            "--epochs",
            "10000",
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout.readline()  # the run has started
        while "Epoch 2/" not in proc.stdout.readline():
            pass
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert time.monotonic() - started < 10
    assert "Traceback" not in stderr
    d = json.loads(out.read_text())
    assert d["status"] == "stopped" and d["steps_done"] >= 32 and len(d["step_loss"]) == d["steps_done"]
