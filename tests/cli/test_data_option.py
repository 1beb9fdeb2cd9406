"""``--data FILE``: the command line trains on the learner's own table, as the window does."""

from __future__ import annotations

import json

import numpy as np

from main import main


def write_table(path, n=120):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 2))
    label = np.where(x[:, 0] - x[:, 1] > 0, "up", "down")
    path.write_text("f1,f2,dir\n" + "".join(f"{a},{b},{c}\n" for (a, b), c in zip(x, label, strict=True)))
    return path


def test_headless_run_on_a_csv(tmp_path, capsys):
    out = tmp_path / "run.json"
    code = main(["--headless", "--data", str(write_table(tmp_path / "t.csv")), "--batch-size", "16",
                 "--epochs", "2", "--lr", "0.5", "--out", str(out), "--quiet"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    d = json.loads(out.read_text())
    assert d["config"]["dataset"] == "custom" and d["config"]["samples"] == 96
    assert d["steps_per_epoch"] == 6 and len(d["step_loss"]) == 12
    assert d["epochs"][-1]["val_accuracy"] > 0.8


def test_regression_target_by_name_switches_to_linear(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text("x,y\n" + "".join(f"{i / 10},{2 * i / 10 - 1}\n" for i in range(50)))
    out = tmp_path / "run.json"
    options = [
        "--target",
        "y",
        "--val-fraction",
        "0.1",
        "--no-standardize",
        "--epochs",
        "1",
        "--batch-size",
        "5",
    ]
    code = main(["--headless", "--data", str(path), *options, "--out", str(out), "--quiet"])
    assert code == 0, capsys.readouterr().err
    d = json.loads(out.read_text())
    assert d["config"]["model"] == "linear" and d["config"]["samples"] == 45 and "lr_critical" in d


def test_the_data_are_described(tmp_path, capsys):
    assert main(["--headless", "--data", str(write_table(tmp_path / "t.csv")), "--epochs", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0]
        == "data: t.csv: 96 training + 24 validation rows, 2 features, 2 classes of 'dir', standardised"
    )
    assert out[1].startswith("softmax on custom: 96 training + 24 validation samples")


def test_bad_file_is_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("a,b,c\n1,2,x\n3,oops,y\n")
    assert main(["--headless", "--data", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        err.count("\n") == 1 and "--data:" in err and "row 3, column 2 ('b'): 'oops' is not a number" in err
    )


def test_custom_without_data_and_data_options_alone(tmp_path, capsys):
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"dataset": "custom", "samples": 100}))
    assert main(["--headless", "--config", str(config)]) == 2
    assert "--dataset: custom names imported data" in capsys.readouterr().err
    assert main(["--headless", "--target", "y"]) == 2
    assert "--target: applies to --data FILE only" in capsys.readouterr().err
    assert main(["--headless", "--data", str(write_table(tmp_path / "t.csv")), "--dataset", "moons"]) == 2
    assert "cannot be combined with --dataset" in capsys.readouterr().err
