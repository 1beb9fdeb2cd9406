"""Data-parallel training (core/training/distributed.py): K real worker processes on gloo against
the one-process engine and PyTorch's own DistributedSampler; faults, Stop and the command line.

Each run spawns processes (seconds each on a shared 2-core machine): the samples are small and the
runs one or two epochs."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.utils.data import BatchSampler, DistributedSampler

from core.cli import EXIT_OK, EXIT_USAGE, parse_args, run_headless
from core.session.session import Session
from core.training.config import ConfigError, TrainConfig
from core.training.distributed import DistributedRun, Fault, train_distributed
from core.training.engine import Callback, Trainer, train
from core.training.steps import steps_per_epoch, worker_share
from tests.conftest import ROOT

# 256 moons, an MLP: 2·B divides N, so that K = 2 workers of B match one process of 2·B.
BASE = TrainConfig(dataset="moons", samples=256, batch_size=16, epochs=2, model="mlp", hidden=8, lr=0.1)
FAULT_BOUND_S = 50.0  # ten times the 5 s the issue allows between a fault and the run's end


def _no_workers_left(run: DistributedRun) -> None:
    assert multiprocessing.active_children() == []
    for pid in run.pids:  # gone from /proc, or at least not a live child of this process
        status = Path(f"/proc/{pid}/status")
        if status.exists():  # the pid taken again since: by a process that is not ours
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            assert int(fields["PPid"]) != os.getpid(), fields


def _assert_same_weights(a: torch.nn.Module, b: torch.nn.Module) -> None:
    for (name, p), (other, q) in zip(a.state_dict().items(), b.state_dict().items(), strict=True):
        assert name == other
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("samples", [10, 11, 97, 256, 1000, 60_000])
@pytest.mark.parametrize("workers", [1, 2, 3, 7, 8])
def test_worker_arithmetic_is_distributed_samplers(samples, workers):
    for rank in range(workers):
        sampler = DistributedSampler(range(samples), num_replicas=workers, rank=rank, shuffle=True, seed=3)
        share, padding = worker_share(samples, workers)
        assert len(sampler) == share == len(list(sampler))
        assert share * workers - samples == padding
        for batch, drop in ((1, False), (4, True), (32, False), (32, True)):
            assert steps_per_epoch(share, batch, drop) == len(BatchSampler(sampler, batch, drop))


def test_two_workers_match_one_process_of_twice_the_batch_in_every_epoch():
    run = DistributedRun(BASE.replace(workers=2))
    result = run.run()
    one = train(BASE.replace(batch_size=32))
    assert result.status == "completed", result.message
    assert one.status == "completed"
    assert result.history.size == one.history.size == 16  # 2 epochs of ⌈128 / 16⌉ = 8
    np.testing.assert_allclose(result.history.loss, one.history.loss, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(result.history.column("grad_norm"), one.history.column("grad_norm"), rtol=1e-4)
    _assert_same_weights(result.model, one.model)
    for mine, theirs in zip(result.history.epochs, one.history.epochs, strict=True):
        assert mine.val_loss == pytest.approx(theirs.val_loss, rel=1e-5)
        assert mine.train_loss_end == pytest.approx(theirs.train_loss_end, rel=1e-5)
    doc = json.loads(json.dumps(result.to_dict()))
    sampler = DistributedSampler(range(256), num_replicas=2, rank=1, shuffle=True, seed=BASE.seed)
    assert doc["workers"] == 2 and doc["config"]["workers"] == 2
    assert doc["per_worker_samples"] == len(sampler) == 128 and doc["padding"] == 0
    assert doc["global_batch"] == 32
    assert doc["steps_per_epoch"] == len(BatchSampler(sampler, 16, False)) == 8
    # each worker's own loss, and their mean is the step's loss
    worker_loss = np.array(doc["worker_loss"])
    assert worker_loss.shape == (2, 16)
    np.testing.assert_allclose(worker_loss.mean(axis=0), doc["step_loss"], rtol=1e-12)
    assert not np.allclose(worker_loss[0], worker_loss[1])
    _no_workers_left(run)


def test_accumulation_combines_global_batch_k_times_k_times_b():
    """K = 2 workers of B = 8 accumulating k = 2: the step of one process's batch of 32, and its
    iterations those of one process of batch 16 accumulating 2."""
    config = BASE.replace(batch_size=8, accumulate=2, workers=2)
    result = train_distributed(config)
    one = train(BASE.replace(batch_size=16, accumulate=2))
    big = train(BASE.replace(batch_size=32))
    assert result.status == "completed", result.message
    np.testing.assert_allclose(result.history.loss, one.history.loss, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(result.history.loss, big.history.loss, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        result.history.iteration_loss, one.history.iteration_loss, rtol=1e-5, atol=1e-6
    )
    _assert_same_weights(result.model, big.model)
    doc = result.to_dict()
    assert doc["global_batch"] == 2 * 2 * 8
    assert doc["steps_per_epoch"] == 16 and doc["optimizer_steps_per_epoch"] == 8
    assert len(doc["iteration_loss"]) == 32


def test_a_worker_killed_mid_run_ends_the_run_naming_it_and_leaves_no_process():
    run = DistributedRun(BASE.replace(workers=2, epochs=200), fault=Fault("kill", rank=1, step=3))
    started = time.perf_counter()
    result = run.run()
    after_start = time.perf_counter() - started - run.start_s
    assert result.status == "error"
    assert "worker 1 of 2 ended unexpectedly (killed by signal SIGKILL)" in result.message
    assert result.msg.code == "run.worker_died"
    assert after_start < FAULT_BOUND_S
    assert 3 <= result.history.size < 200 * 8  # worker 0 sent the steps it took
    assert f"after {result.history.size:,} steps" in result.message
    _no_workers_left(run)


def test_a_hung_worker_ends_the_run_naming_it():
    run = DistributedRun(BASE.replace(workers=2, epochs=200), fault=Fault("hang", rank=1, step=2))
    started = time.perf_counter()
    result = run.run()
    after_start = time.perf_counter() - started - run.start_s
    assert result.status == "error"
    assert result.msg.code == "run.worker_hung"
    assert result.message.startswith("worker 1 of 2 made no progress for 4.")
    assert result.message.endswith(f"after {result.history.size:,} steps; every worker was stopped")
    assert result.history.size == 2  # worker 0 sent the steps taken before worker 1 hung
    assert after_start < FAULT_BOUND_S
    _no_workers_left(run)


def test_a_worker_that_never_meets_the_others_ends_the_run_at_the_rendezvous_timeout():
    run = DistributedRun(BASE.replace(workers=2), fault=Fault("no_rendezvous", rank=1), rendezvous_s=10)
    started = time.perf_counter()
    result = run.run()
    assert result.status == "error" and result.msg.code == "run.rendezvous_timeout"
    assert "did not all start and meet within 10 s" in result.message
    assert time.perf_counter() - started < 10 + FAULT_BOUND_S
    _no_workers_left(run)


class _StopAfter(Callback):
    def __init__(self, steps: int) -> None:
        self.steps, self.run = steps, None

    def on_step_end(self, step) -> None:
        if step.step == self.steps:
            self.run.request_stop()


def test_stop_ends_every_worker_and_keeps_the_steps_done():
    stopper = _StopAfter(5)
    run = stopper.run = DistributedRun(BASE.replace(workers=2, epochs=200), [stopper])
    result = run.run()
    assert result.status == "stopped", result.message
    assert 5 <= result.history.size < 200 * 8
    assert result.message == f"stopped after {result.history.size:,} of {200 * 8:,} steps"
    assert [len(w) for w in result.to_dict()["worker_loss"]] == [result.history.size] * 2
    _no_workers_left(run)


def test_the_command_line_prints_the_arithmetic_and_writes_the_workers_fields(tmp_path):
    out = tmp_path / "run.json"
    args = ["--headless", "--workers", "3", "--dataset", "moons", "--samples", "100", "--batch-size", "8"]
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless(
        parse_args([*args, "--epochs", "1", "--drop-last", "--out", str(out)]), stdout, stderr
    )
    assert code == EXIT_OK, stderr.getvalue()
    text = stdout.getvalue()
    # ⌈100/3⌉ = 34 each, 2 repeated; ⌊34/8⌋ = 4 iterations, 2 dropped by each worker
    assert "3 workers: ⌈100 / 3⌉ = 34 samples each (2 repeated as padding by DistributedSampler)" in text
    assert "⌊34 / 8⌋ = 4 iterations per epoch (2 samples dropped by each worker, 6 in all)" in text
    assert "global batch 3 × 8 = 24 samples a step" in text
    doc = json.loads(out.read_text())
    sampler = DistributedSampler(range(100), num_replicas=3, rank=0, drop_last=False)
    assert doc["per_worker_samples"] == len(sampler) and doc["padding"] == 3 * len(sampler) - 100
    assert doc["steps_per_epoch"] == len(BatchSampler(sampler, 8, True)) == doc["steps_done"] == 4
    assert doc["global_batch"] == 24 and doc["workers"] == 3
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--workers", "9"], "--workers: must be in [1, 8] (got 9)"),
        (["--workers", "2", "--pace", "10"], "--pace: paces one process"),
        (["--workers", "2", "--sweep", "lr=0.1,0.2"], "--workers: a sweep's runs train in one process"),
        (["--workers", "4", "--samples", "20", "--batch-size", "6", "--drop-last"], "would drop every batch"),
        (["--workers", "2", "--device", "cuda"], "--device: data-parallel workers train on the CPU"),
    ],
)
def test_the_command_line_refuses_what_workers_cannot_do(extra, says):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_headless(parse_args(["--headless", "--dataset", "moons", *extra]), stdout, stderr)
    assert code == EXIT_USAGE
    assert says in stderr.getvalue()


def test_one_worker_is_todays_engine_and_the_session_takes_more():
    """The one-process Trainer refuses K > 1 (DistributedRun trains them); the session accepts them
    (the window's runner starts a DistributedRun), but never pauses or steps them."""
    config = BASE.replace(workers=1)
    assert config == BASE and Trainer(config).config.workers == 1
    with pytest.raises(ConfigError) as caught:
        Trainer(BASE.replace(workers=2))
    assert caught.value.field == "workers"
    session = Session(BASE.replace(workers=2))
    assert session.errors() == [] and session.errors(BASE) == []
    assert not session.can_pause and session.step() is False and session.start(single_step=True) is False
    session.set_draft(BASE)
    assert session.can_pause


def test_ctrl_c_in_a_terminal_stops_the_workers_through_the_parent(tmp_path):
    """The terminal sends SIGINT to the whole process group: the workers ignore it, the parent stops
    them (core.cli.ctrl_c), writes the partial result and exits 130, and no worker is left."""
    out = tmp_path / "run.json"
    args = ["--headless", "--workers", "2", "--dataset", "moons", "--samples", "256", "--epochs", "5000"]
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args, "--batch-size", "16", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        while "Epoch 2/" not in proc.stdout.readline():
            assert proc.poll() is None, proc.stderr.read()
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    doc = json.loads(out.read_text())
    assert (
        doc["status"] == "stopped" and doc["steps_done"] >= 8 and len(doc["step_loss"]) == doc["steps_done"]
    )
    assert [len(w) for w in doc["worker_loss"]] == [doc["steps_done"]] * 2
    deadline = time.monotonic() + 10
    while _live_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _live_in_group(proc.pid) == []


def _live_in_group(group: int) -> list[str]:
    """Processes of process group ``group`` that still run (zombies, already ended, aside)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()  # state, ppid, pgrp, …
        if int(fields[2]) == group and fields[0] != "Z":
            live.append(text[: text.rindex(")") + 1])
    return live


def test_a_port_taken_before_worker_0_binds_it_means_a_new_start_on_another(monkeypatch):
    import core.training.distributed as distributed

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    ports = [taken.getsockname()[1]]
    real = distributed.free_port

    def first_taken() -> int:  # the port found, then taken by another program before the rendezvous
        ports.append(real())
        return ports[-2] if len(ports) == 2 else ports[-1]

    monkeypatch.setattr(distributed, "free_port", first_taken)
    try:
        run = DistributedRun(BASE.replace(workers=2, epochs=1))
        result = run.run()
    finally:
        taken.close()
    assert result.status == "completed", result.message
    assert len(ports) == 3  # the taken port, then one free one
    assert result.history.size == 8
    _no_workers_left(run)


def test_a_diverging_run_diverges_at_the_one_process_runs_step():
    config = TrainConfig(
        dataset="linear-1d", model="linear", samples=256, batch_size=16, epochs=3, lr=3.0, momentum=0.9
    )
    result = train_distributed(config, workers=2)
    one = train(config.replace(batch_size=32))
    assert one.status == "diverged"
    assert (result.status, result.message, result.diverged_step) == (
        one.status,
        one.message,
        one.diverged_step,
    )
    np.testing.assert_allclose(result.history.loss, one.history.loss, rtol=1e-5)
    assert result.to_dict()["lr_critical"] == pytest.approx(one.to_dict()["lr_critical"])
