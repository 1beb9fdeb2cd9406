"""``--export-script`` with ``--workers K``: the DistributedDataParallel script, run under torchrun
(``python -m torch.distributed.run``, which comes with torch) in its own processes, takes the same
steps as the app's headless K-worker run (step_loss, each worker's loss and the epochs to 1e-5), with
and without gradient accumulation, on one "node" of 2 processes and on two local "nodes" of one
process each (``--nnodes 2``, static rendezvous, as across machines).

Each app run and each torchrun start costs seconds on a shared 2-core machine: one app run per case
(module-scoped) serves every comparison, the samples are small and the runs two epochs."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.io.script import SCRIPT_IMPORTS
from main import main
from tests.cli.test_export_script import imports_of

TIMEOUT_S = 300  # torch imported by 2 processes and their launchers on a busy 2-core machine
_LOGS = itertools.count()  # the launchers' log files, numbered

CASES = {
    # 251 moons on 2 workers: 126 each, one sample repeated as padding; an MLP, the step schedule
    "ddp": ["--dataset", "moons", "--model", "mlp", "--hidden", "8", "--samples", "251", "--batch-size", "16",
            "--lr", "0.2", "--lr-schedule", "step", "--epochs", "2", "--workers", "2"],
    # the shipped digits (an .npz beside the script), 501 on 2 workers (251 each, one repeated), each
    # worker's partial batch dropped, windows of 3 batches (7 iterations: 3, 3, 1), the seed-form SGD
    # with a cosine schedule
    "ddp-accumulate": ["--dataset", "digits", "--samples", "501", "--batch-size", "32", "--drop-last",
                       "--accumulate", "3", "--optimizer", "sgd-manual", "--lr", "0.05",
                       "--lr-schedule", "cosine", "--epochs", "2", "--workers", "2"],
}  # fmt: skip


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Per case: the exported script (alone in its folder, with its .npz) and the app's K-worker
    result JSON."""
    out = {}
    for case, options in CASES.items():
        root = tmp_path_factory.mktemp(case)
        app = root / "app.json"
        assert main(["--headless", *options, "--out", str(app), "--quiet"]) == 0
        folder = root / "lesson"
        folder.mkdir()
        assert main(["--export-script", str(folder / "run.py"), *options, "--quiet"]) == 0
        out[case] = (folder / "run.py", json.loads(app.read_text()))
    return out


def _env() -> dict[str, str]:
    """The learner's environment: no PYTHONPATH (SGD Lab cannot be imported), one OpenMP thread."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "TORCHELASTIC"))}
    env["OMP_NUM_THREADS"] = "1"
    return env


def _start(script: Path, *launcher: str, out: str = "steps.json") -> tuple[subprocess.Popen, Path]:
    """torchrun with ``launcher``'s options on ``script --out out``, in the script's folder; its
    output goes to a file (no pipe to fill while the others are awaited), whose path comes back
    with it."""
    log = script.parent / f"{out}.{next(_LOGS)}.log"
    with log.open("w", encoding="utf-8") as f:
        p = subprocess.Popen(
            [sys.executable, "-I", "-m", "torch.distributed.run", *launcher, script.name, "--out", out],
            cwd=script.parent,
            env=_env(),
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    return p, log


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (torchrun starts each worker in a session of its own)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _end(p: subprocess.Popen) -> None:
    """End a launcher still running, and its workers: SIGTERM, on which torchrun ends them; then,
    if need be, SIGKILL for them all."""
    if p.poll() is not None:
        return
    p.terminate()
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        for child in _children(p.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        p.kill()
        p.wait()


def _finish(started: list[tuple[subprocess.Popen, Path]]) -> list[str]:
    """Every launcher's output once all have ended well. When one fails or time runs out, the
    others are ended at once (a node left alone would wait for its peer), so that no worker is
    left behind."""
    procs = [p for p, _ in started]
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
            if any(p.poll() not in (None, 0) for p in procs):
                break
            time.sleep(0.1)
    finally:
        for p in procs:
            _end(p)
    outputs = [log.read_text(encoding="utf-8") for _, log in started]
    for p, text in zip(procs, outputs, strict=True):
        assert p.returncode == 0, text
    return outputs


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _assert_same_steps(got: dict, app: dict) -> None:
    assert len(got["step_loss"]) == len(app["step_loss"]) == app["total_steps"]
    np.testing.assert_allclose(got["step_loss"], app["step_loss"], rtol=0, atol=1e-5)
    np.testing.assert_allclose(got["worker_loss"], app["worker_loss"], rtol=0, atol=1e-5)
    if "iteration_loss" in app:  # gradient accumulation: every iteration's mean loss too
        np.testing.assert_allclose(got["iteration_loss"], app["iteration_loss"], rtol=0, atol=1e-5)
    assert len(got["epochs"]) == len(app["epochs"])
    for mine, theirs in zip(got["epochs"], app["epochs"], strict=True):
        for key in ("train_loss_running", "train_loss_end", "val_loss"):
            assert mine[key] == pytest.approx(theirs[key], abs=1e-5), key
        assert mine["val_accuracy"] == pytest.approx(theirs["val_accuracy"], abs=1e-6)


@pytest.mark.parametrize("case", list(CASES))
def test_the_ddp_script_under_torchrun_takes_the_apps_steps(case, exported):
    script, app = exported[case]
    text = script.read_text()
    assert imports_of(text) <= set(SCRIPT_IMPORTS), imports_of(text)
    assert "torchrun --nproc_per_node 2 run.py" in text  # the header says how to start it
    for line in (
        "torch.set_num_threads(1)",
        'dist.init_process_group("gloo")',
        "ddp = DistributedDataParallel(model)",
        "    sampler.set_epoch(epoch - 1)",
        "    train_set, num_replicas=WORLD_SIZE, rank=RANK, shuffle=SHUFFLE, seed=SEED, drop_last=False",
        "loader = DataLoader(train_set, batch_size=BATCH_SIZE, sampler=sampler, drop_last=DROP_LAST)",
        "        dist.all_reduce(losses)",
    ):
        assert any(row.startswith(line) for row in text.splitlines()), line
    if case == "ddp-accumulate":
        assert "with contextlib.nullcontext() if i == len(window) else ddp.no_sync():" in text
        assert sorted(p.name for p in script.parent.iterdir()) == ["run.npz", "run.py"]

    (output,) = _finish([_start(script, "--nproc_per_node", "2")])
    got = json.loads((script.parent / "steps.json").read_text())
    _assert_same_steps(got, app)
    assert f"2 workers of {app['per_worker_samples']} ({app['padding']} repeated as padding)" in output
    for epoch in app["epochs"]:  # worker 0 prints the app's per-epoch losses, once
        line = f"Epoch {epoch['epoch']}/2 - loss: {epoch['train_loss_running']:.4f}"
        assert output.count(line) == 1, output
        assert f"val_loss: {epoch['val_loss']:.4f}" in output


def test_two_local_nodes_take_the_steps_of_one_node_of_two_workers(exported):
    """Beyond one machine, on one: two torchrun launchers, one a "node" of one worker, meeting at
    node 0's address (``--nnodes 2 --node-rank R --rdzv-endpoint HOST:PORT``, README.md)."""
    script, app = exported["ddp"]
    for attempt in range(2):  # a port taken between finding it and node 0 binding it: once more
        port = _free_port()
        nodes = [
            _start(
                script,
                *("--nnodes", "2", "--nproc_per_node", "1", "--node-rank", str(rank)),
                *("--rdzv-endpoint", f"127.0.0.1:{port}"),
                out="nodes.json",
            )
            for rank in (0, 1)
        ]
        try:
            outputs = _finish(nodes)
            break
        except AssertionError as failed:
            if attempt or "address already in use" not in str(failed).lower():
                raise
    got = json.loads((script.parent / "nodes.json").read_text())
    _assert_same_steps(got, app)
    assert sum(text.count("Epoch 2/2 - loss:") for text in outputs) == 1  # worker 0 of node 0 speaks


def test_without_torchrun_it_says_how_to_start_it(exported):
    script, _ = exported["ddp"]
    p = subprocess.run(
        [sys.executable, "-I", script.name],
        cwd=script.parent,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert p.returncode == 1, p.stderr
    assert p.stdout == ""
    assert p.stderr == "2 workers, a process each: start them with\n  torchrun --nproc_per_node 2 run.py\n"


def test_one_worker_exports_the_one_process_script(tmp_path, capsys):
    script = tmp_path / "run.py"
    assert main(["--export-script", str(script), "--workers", "1", "--quiet"]) == 0, capsys.readouterr().err
    text = script.read_text()
    assert "torch.distributed" not in text and "torchrun" not in text
