"""``--sweep`` on the command line: the table it writes, and bad specs refused in one line."""

from __future__ import annotations

import json

import pytest

from core.experiments.lab import COLUMNS
from tests.cli.test_cli import sgd_lab

FAST = ["--headless", "--samples", "600", "--epochs", "1", "--seed", "3"]


def test_sweep_writes_the_lab_table_and_every_run(tmp_path):
    out = tmp_path / "sweep.json"
    p = sgd_lab(*FAST, "--sweep", "batch_size=16,64,128", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    assert "sweep batch_size=16,64,128 on softmax / mnist-like, seed 3" in p.stdout
    assert "batch_size = 64: 10 steps per epoch" in p.stdout
    assert "[agrees] small batch updates more often" in p.stdout
    assert f"wrote {out}" in p.stdout
    d = json.loads(out.read_text())
    assert d["status"] == "completed"
    assert [r["batch_size"] for r in d["rows"]] == [16, 64, 128]
    assert [r["steps_per_epoch"] for r in d["rows"]] == [38, 10, 5]
    assert list(d["rows"][0]) == [k for k in COLUMNS if k != "deep_basin_share"]  # two-basins only
    assert d["b_simple"] > 0 and "b_crit" in d
    noise = [r["grad_noise"] for r in d["rows"]]
    assert noise[0] > noise[1] > noise[2]
    run = d["runs"][0]  # each run is the --out result JSON
    assert run["config"]["batch_size"] == 16 and run["config"]["seed"] == 3
    assert run["status"] == "completed" and len(run["step_loss"]) == 38
    assert len(d["claims"]) == 7


def test_a_two_basins_sweep_prints_and_writes_the_share_in_the_deeper_basin(tmp_path):
    out = tmp_path / "sweep.json"
    p = sgd_lab("--headless", "--dataset", "two-basins", "--epochs", "2", "--sweep", "batch_size=16,256",
                "--out", str(out))  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert "on two-basins / two-basins" in p.stdout
    assert "batch_size = 16: 32 steps per epoch" in p.stdout and "deep basin in" in p.stdout
    d = json.loads(out.read_text())
    shares = [r["deep_basin_share"] for r in d["rows"]]
    assert len(shares) == 2 and all(0 <= s <= 1 for s in shares)
    for r in d["rows"]:
        assert f"deep basin in {r['deep_basin_share']:.0%} of 20 seeds" in p.stdout
    assert d["settings"]["basin_seeds"] == 20


def test_sweep_csv_is_the_table(tmp_path):
    out = tmp_path / "sweep.csv"
    p = sgd_lab(*FAST, "--sweep", "lr=0.01,0.1", "--out", str(out), "--quiet")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "sweep completed: 2 of 2 runs"
    lines = out.read_text().splitlines()
    assert lines[0].startswith("batch_size,lr,momentum,steps_per_epoch,epoch_time_s,")
    assert "grad_noise" not in lines[0]  # an lr sweep keeps the batch size fixed
    assert [line.split(",")[1] for line in lines[1:]] == ["0.01", "0.1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sweep", "batch_size=16,x"], "--sweep: batch_size: 'x' is not a whole number"),
        (["--sweep", "epochs=1,2"], "--sweep: cannot sweep 'epochs'; choose one of batch_size, lr, momentum"),
        (["--sweep", "lr=0.1,20"], "--sweep: lr: 20 must be in [1e-05, 10]"),
        (["--sweep", "momentum=0.5,1"], "--sweep: momentum: 1 must be in [0, 1), at most 0.999"),
        (["--sweep", "batch_size=16,601"], "--sweep: batch_size=601: batch_size must be between 1 and"),
        (["--sweep", "batch_size"], "--sweep: expected FIELD=v1,v2,…"),
        (["--sweep", "lr=0.1", "--linear-scaling"], "--sweep: the linear-scaling rule applies"),
        (["--linear-scaling"], "--linear-scaling: needs --sweep batch_size=…"),
        (["--sweep", "lr=0.1", "--out", "x.txt"], "--out: must end in .json or .csv"),
    ],
)
def test_bad_sweeps_exit_2_with_one_line(tmp_path, args, message):
    out = tmp_path / "sweep.json"
    extra = [] if "--out" in args else ["--out", str(out)]
    p = sgd_lab(*FAST, *args, *extra)
    assert p.returncode == 2
    assert p.stdout == ""
    lines = p.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"sgd-lab: error: {message}"), p.stderr
    assert not out.exists()


def test_sweep_needs_headless():
    p = sgd_lab("--sweep", "batch_size=16,32")
    assert p.returncode == 2
    assert p.stderr.startswith("sgd-lab: error: --sweep: runs with --headless")


def test_help_documents_the_sweep():
    p = sgd_lab("--help")
    assert p.returncode == 0
    assert "--sweep FIELD=V1,V2,…" in p.stdout and "--linear-scaling" in p.stdout
    assert "batch-size lab" in p.stdout
