"""MNIST from disk on the command line: ``--data`` with the four IDX files or Keras's mnist.npz (a real
process for the full-size run; main() in this process for the others), and its refusals (one line on
stderr, exit code 2)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from main import main
from tests.conftest import ROOT
from tests.mnist_files import NAMES, arrays, idx_bytes, write_idx_folder, write_keras_npz


def sgd_lab(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--headless", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_sixty_thousand_and_ten_thousand_images_give_938_iterations(tmp_path):
    folder = write_idx_folder(tmp_path / "MNIST" / "raw", arrays(60_000, 10_000, 4, 4), gz=True)
    out = tmp_path / "run.json"
    p = sgd_lab("--data", str(tmp_path / "MNIST"), "--epochs", "1", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "softmax on custom: 60,000 training + 10,000 validation samples" in p.stdout
    assert "⌈60000 / 64⌉ = 938 iterations per epoch (last batch: 32 samples)" in p.stdout
    assert "the file's 10,000 test images as the validation set" in p.stdout
    d = json.loads(out.read_text())
    assert d["steps_per_epoch"] == 938 and d["last_batch_size"] == 32 and len(d["step_loss"]) == 938
    source = d["data_source"]
    assert source["split"] == "file" and source["image_shape"] == [4, 4] and source["standardize"] is False
    assert len(source["features"]) == 16 and source["classes"] == [str(k) for k in range(10)]
    assert source["path"] == str(tmp_path / "MNIST") and folder.exists()


def run(capsys, *args: str) -> subprocess.CompletedProcess:
    """main() in this process, its exit code and printed text as a finished process's."""
    code = main(["--headless", *args])
    printed = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, printed.out, printed.err)


def test_a_result_json_reruns_on_the_same_four_files_and_refuses_changed_ones(tmp_path, capsys):
    folder = write_idx_folder(tmp_path / "m", gz=False)
    out = tmp_path / "run.json"
    p = run(capsys, "--data", str(folder / NAMES["train_images"]), "--epochs", "1", "--out", str(out))
    assert p.returncode == 0, p.stderr
    again = run(capsys, "--config", str(out), "--out", str(tmp_path / "again.json"))
    assert again.returncode == 0, again.stderr
    first, second = json.loads(out.read_text()), json.loads((tmp_path / "again.json").read_text())
    assert first["step_loss"] == second["step_loss"] and second["data_source"]["split"] == "file"
    labels = folder / NAMES["test_labels"]
    labels.write_bytes(labels.read_bytes()[:-1] + b"\x00")
    changed = run(capsys, "--config", str(out))
    assert changed.returncode == 2 and "has changed since the run" in changed.stderr


def test_keras_mnist_npz_trains_on_its_own_split(tmp_path, capsys):
    path = write_keras_npz(tmp_path / "mnist.npz", arrays(200, 50, 7, 7))
    p = run(capsys, "--data", str(path), "--epochs", "1", "--batch-size", "50", "--quiet")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().startswith("completed 4 steps in 1 epochs")


def test_refusals_are_one_line_on_stderr(tmp_path, capsys):
    parts = arrays()
    magic = idx_bytes(parts["train_labels"], magic=0x0803)
    sizes = idx_bytes(parts["test_images"], dims=(31, 5, 4))
    cases = {
        "magic": (write_idx_folder(tmp_path / "a", train_labels=magic), "wrong magic number 0x00000803"),
        "sizes": (write_idx_folder(tmp_path / "b", test_images=sizes), "the file holds 600 bytes of data"),
        "counts": (write_idx_folder(tmp_path / "c", test_labels=idx_bytes(parts["test_labels"][:20])),
                   "holds 20 labels but t10k-images-idx3-ubyte holds 30 images"),
        "range": (write_idx_folder(tmp_path / "d", {**parts, "train_labels": np.full(120, 12, np.uint8)}),
                  "label 12 of item 1 is out of range"),
    }  # fmt: skip
    cut = write_idx_folder(tmp_path / "e", gz=True)
    whole = (cut / (NAMES["train_images"] + ".gz")).read_bytes()
    (cut / (NAMES["train_images"] + ".gz")).write_bytes(whole[: len(whole) // 2])
    cases["gzip"] = (cut, "the gzip file is cut short")
    for name, (folder, says) in cases.items():
        p = run(capsys, "--data", str(folder))
        assert p.returncode == 2 and p.stdout == "", name
        assert p.stderr.count("\n") == 1 and says in p.stderr, (name, p.stderr)


def test_the_validation_share_is_the_file_s_own_and_cannot_be_chosen(tmp_path, capsys):
    folder = write_idx_folder(tmp_path / "m")
    p = run(capsys, "--data", str(folder), "--val-fraction", "0.3")
    assert p.returncode == 2 and p.stderr.count("\n") == 1
    assert "--val-fraction:" in p.stderr and "has its own test split" in p.stderr
