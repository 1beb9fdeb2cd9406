"""Sweeps and the batch-size lab: spec parsing, the table, gradient noise, cancel, the claims."""

from __future__ import annotations

import itertools
import json

import pytest
import torch

from core.experiments.lab import (
    COLUMNS,
    check_claims,
    gradient_noise,
    noise_base,
    report_csv,
    report_json,
    run_sweep,
    step_memory,
)
from core.experiments.sweep import SweepSpec, parse_sweep, sweep_configs
from core.training.config import ConfigError, TrainConfig
from core.training.data import Dataset, load_dataset

SMALL = TrainConfig(samples=1200, epochs=1, batch_size=64)


def test_parse_sweep_reads_fields_values_and_aliases():
    assert parse_sweep("batch_size=16,32, 64") == SweepSpec("batch_size", (16, 32, 64))
    assert parse_sweep("batch-size=8") == SweepSpec("batch_size", (8,))
    assert parse_sweep("lr=0.1,1e-3") == SweepSpec("lr", (0.1, 0.001))
    assert parse_sweep("beta=0,0.9") == SweepSpec("momentum", (0.0, 0.9))
    assert parse_sweep("batch_size=16,32").text() == "batch_size=16,32"
    assert all(isinstance(v, int) for v in parse_sweep("batch_size=16,32").values)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("batch_size", "FIELD=v1"),
        ("=16", "FIELD=v1"),
        ("epochs=1,2", "cannot sweep 'epochs'"),
        ("batch_size=", "none empty"),
        ("batch_size=16,,32", "none empty"),
        ("batch_size=16.5", "not a whole number"),
        ("batch_size=0", "must be in [1"),
        ("lr=abc", "not a number"),
        ("lr=100", "must be in [1e-05, 10]"),
        ("lr=nan", "finite"),
        ("momentum=1", "at most 0.999"),
        ("momentum=-0.1", "[0, 1)"),
        ("batch_size=16,16", "given twice"),
        ("lr=" + ",".join(str(0.01 + i / 100) for i in range(21)), "at most 20 values"),
    ],
)
def test_bad_sweep_specs_name_the_problem(spec, words):
    with pytest.raises(ConfigError) as info:
        parse_sweep(spec)
    assert info.value.field == "sweep"
    assert words in info.value.message
    assert "\n" not in str(info.value)


def test_sweep_configs_check_each_value_against_the_config():
    configs = sweep_configs(SMALL, parse_sweep("batch_size=16,256"))
    assert [c.batch_size for c in configs] == [16, 256]
    assert all(c.lr == SMALL.lr and c.seed == SMALL.seed for c in configs)
    with pytest.raises(ConfigError, match="batch_size=2000: batch_size must be between 1 and the training"):
        sweep_configs(SMALL, parse_sweep("batch_size=16,2000"))


def test_linear_scaling_scales_the_lr_with_the_batch():
    configs = sweep_configs(SMALL.replace(lr=0.02), parse_sweep("batch_size=16,64,256"), linear_scaling=True)
    assert [c.lr for c in configs] == pytest.approx([0.005, 0.02, 0.08])
    with pytest.raises(ConfigError, match="batch_size=256: lr must be in"):
        sweep_configs(SMALL.replace(lr=5.0), parse_sweep("batch_size=256"), linear_scaling=True)
    with pytest.raises(ConfigError, match="batch_size sweep only"):
        sweep_configs(SMALL, parse_sweep("lr=0.1"), linear_scaling=True)


@pytest.fixture(scope="module")
def lab():
    return run_sweep(SMALL, parse_sweep("batch_size=16,64,256"))


def test_lab_table_has_every_column_and_one_row_per_batch_size(lab):
    assert lab.status == "completed"
    assert lab.columns == [k for k in COLUMNS if k != "deep_basin_share"]  # two-basins only
    assert [r["batch_size"] for r in lab.rows] == [16, 64, 256]
    assert [r["steps_per_epoch"] for r in lab.rows] == [75, 19, 5]  # ⌈1200/B⌉
    for row in lab.rows:
        for key in lab.columns:
            assert row[key] is not None, key
        assert row["status"] == "completed"
        assert row["gap"] == pytest.approx(row["val_loss"] - row["train_loss"])
        assert row["epoch_time_s"] > 0
    # the budgets: one epoch of samples, and the fewest steps any run takes in an epoch
    assert lab.sample_budget == 1200 and lab.step_budget == 5
    # after one epoch every run has seen the sample budget: its loss is the final training loss
    for row in lab.rows:
        assert row["loss_at_samples"] == pytest.approx(row["train_loss"], rel=1e-5)
    # per step, the small batch has gone less far than the large one after 5 steps
    assert lab.rows[0]["loss_at_steps"] > lab.rows[-1]["loss_at_steps"]


def test_lab_measures_memory_and_noise_that_fall_with_the_batch(lab):
    memory = [r["memory_bytes"] for r in lab.rows]
    assert memory == sorted(memory) and memory[0] < memory[-1]
    noise = [r["grad_noise"] for r in lab.rows]
    assert noise[0] > noise[1] > noise[2]
    for row in lab.rows:
        assert row["grad_noise"] == pytest.approx(row["grad_noise_theory"], rel=0.35)


def test_lab_json_and_csv(lab):
    d = json.loads(report_json(lab))
    assert d["sweep"] == {"field": "batch_size", "values": [16, 64, 256]}
    assert list(d["columns"]) == lab.columns
    assert len(d["rows"]) == 3 and d["rows"][0]["batch_size"] == 16
    assert d["b_simple"] == lab.b_simple > 0 and d["b_crit"] == lab.b_crit
    assert d["critical_batch"]["target_loss"] < d["critical_batch"]["initial_loss"]
    assert "not the process's RSS" in d["settings"]["memory_method"]
    assert len(d["runs"]) == 3
    run = d["runs"][1]
    assert run["config"]["batch_size"] == 64 and run["steps_per_epoch"] == 19 and len(run["step_loss"]) == 19
    assert {c["claim"] for c in d["claims"]} == {
        "memory",
        "updates",
        "speed",
        "noise",
        "escape",
        "generalisation",
        "recommended",
    }
    assert {c["verdict"] for c in d["claims"]} <= {"agrees", "disagrees", "not measured"}
    lines = report_csv(lab).splitlines()
    assert lines[0].split(",") == lab.columns
    assert len(lines) == 4 and lines[1].startswith("16,")


def test_gradient_noise_falls_as_one_over_b_on_the_default_data():
    config = TrainConfig()
    data = load_dataset(config)
    base = noise_base(config, data)
    assert base.samples == 60_000
    batches = (16, 32, 64, 128, 256)
    noise = [gradient_noise(config, data, b, base, batches=16) for b in batches]
    assert all(a > b for a, b in itertools.pairwise(noise))
    for b, n in zip(batches, noise, strict=True):
        assert n == pytest.approx(base.theory(b), rel=0.3)
    # B·noise is about constant: the 1/B law
    scaled = [b * n for b, n in zip(batches, noise, strict=True)]
    assert max(scaled) / min(scaled) < 1.5


def test_step_memory_is_measured_from_the_tensors():
    config = SMALL
    data = load_dataset(config)
    m16, m256 = step_memory(config, data, 16), step_memory(config, data, 256)
    assert m16["batch"] == 16 * 784 * 4 + 16 * 8  # float32 pixels, int64 labels
    assert m16["gradients"] == m256["gradients"] == (10 * 784 + 10) * 4
    assert m16["activations"] > 0 and m256["activations"] == pytest.approx(16 * m16["activations"], rel=0.01)
    assert m16["total"] == m16["batch"] + m16["activations"] + m16["gradients"]


def test_a_cancelled_sweep_keeps_the_finished_rows():
    rows = []
    spec = parse_sweep("batch_size=32,64,128")
    report = run_sweep(SMALL, spec, stop=lambda: len(rows) >= 1, on_row=lambda r, _: rows.append(r))
    assert report.status == "stopped"
    assert [r["batch_size"] for r in report.rows] == [32] and len(report.results) == 1


def test_cancel_stops_the_run_in_progress():
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 20  # part-way through the first run

    report = run_sweep(SMALL, parse_sweep("batch_size=16,32"), stop=stop)
    assert report.status == "stopped" and report.rows == []
    assert len(calls) < 40  # checked between batches, not after a whole run


def test_lr_sweep_has_no_batch_columns_and_no_claims():
    progress = []
    report = run_sweep(SMALL, parse_sweep("lr=0.01,0.1"), on_progress=lambda f, t: progress.append(f))
    assert "grad_noise" not in report.columns and "memory_bytes" not in report.columns
    assert [r["lr"] for r in report.rows] == [0.01, 0.1]
    assert report.claims == []
    assert progress[-1] == 1.0 and progress == sorted(progress)


def test_sweep_uses_an_explicit_dataset():
    g = torch.Generator().manual_seed(1)
    x = torch.rand(300, 5, generator=g)
    y = (x[:, 0] > 0.5).long()
    data = Dataset("table", "classification", x, y, x[:60], y[:60], 2)
    config = TrainConfig(dataset="moons", samples=1000, epochs=1, batch_size=30)  # N comes from the data
    report = run_sweep(config, parse_sweep("batch_size=10,100"), dataset=data)
    assert report.train_samples == 300
    assert [r["steps_per_epoch"] for r in report.rows] == [30, 3]
    assert report.results[0].history.size == 30 and report.results[0].config.samples == 300
    scaled = run_sweep(config, parse_sweep("batch_size=10,100"), dataset=data, linear_scaling=True)
    assert [r["lr"] for r in scaled.rows] == pytest.approx([config.lr / 3, config.lr * 10 / 3])
    assert json.loads(report_json(scaled))["settings"]["linear_scaling"] is True


def test_claims_say_when_a_measurement_disagrees():
    rows = [
        {"batch_size": 16, "status": "completed", "memory_bytes": 100, "steps_per_epoch": 10,
         "epoch_time_s": 0.1, "grad_noise": 1.0, "loss_jitter": 0.1, "gap": 0.2, "val_loss": 0.5},
        {"batch_size": 256, "status": "completed", "memory_bytes": 900, "steps_per_epoch": 1,
         "epoch_time_s": 0.5, "grad_noise": 0.1, "loss_jitter": 0.01, "gap": 0.01, "val_loss": 0.4},
    ]  # fmt: skip
    verdicts = {c["claim"]: c["verdict"] for c in check_claims(rows, b_simple=40.0, b_crit=300.0)}
    assert verdicts == {
        "memory": "agrees",
        "updates": "agrees",
        "speed": "disagrees",
        "noise": "agrees",
        "escape": "not measured",  # softmax regression is convex
        "generalisation": "disagrees",
        "recommended": "disagrees",  # B_crit = 300 is outside 32–256
    }
    assert {c["verdict"] for c in check_claims(rows[:1])} == {"not measured"}
