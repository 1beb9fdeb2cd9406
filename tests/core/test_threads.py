"""The intra-op thread rule: one thread for small steps, one per core but one (at most 4) for large ones,
``--threads`` over both; the Trainer applies it to every run."""

from __future__ import annotations

import pytest
import torch

import main
from core.training import threads
from core.training.config import TrainConfig
from core.training.engine import train


@pytest.fixture(autouse=True)
def _restore_threads():
    before = torch.get_num_threads()
    yield
    threads.set_override(None)
    torch.set_num_threads(before)


def _parameters(features: int, hidden: int | None, outputs: int) -> int:
    if hidden is None:
        return features * outputs + outputs
    return features * hidden + hidden + hidden * outputs + outputs


def test_small_steps_get_one_thread():
    # The default run: softmax on 784 features, 10 classes, batch 64: 502,400 multiply-adds a step.
    assert threads.threads_for(64, _parameters(784, None, 10)) == 1
    assert threads.threads_for(256, _parameters(784, None, 10)) == 1
    assert threads.threads_for(64, _parameters(784, 64, 10)) == 1  # the default MLP


def test_large_steps_get_one_thread_per_core_but_one_up_to_four(monkeypatch):
    work = 64 * _parameters(784, 1024, 10)  # 52 million: the MLP with 1,024 hidden units
    assert work >= threads.PARALLEL_WORK
    for cores, expected in ((1, 1), (2, 1), (4, 3), (8, 4)):
        monkeypatch.setattr(threads, "cores", lambda c=cores: c)
        assert threads.threads_for(64, _parameters(784, 1024, 10)) == expected


def test_the_override_wins_and_is_checked():
    threads.set_override(3)
    assert threads.threads_for(64, 10) == 3
    threads.set_override(None)
    assert threads.threads_for(64, 10) == 1
    for bad in (0, 257):
        with pytest.raises(ValueError, match="threads must be 1 … 256"):
            threads.set_override(bad)


def test_every_run_sets_torch_threads_by_the_rule():
    torch.set_num_threads(2)
    train(TrainConfig(samples=256, epochs=1))
    assert torch.get_num_threads() == 1
    threads.set_override(2)
    train(TrainConfig(samples=256, epochs=1))
    assert torch.get_num_threads() == 2


def test_the_command_line_option_reaches_the_run():
    code = main.main(["--headless", "--quiet", "--samples", "256", "--epochs", "1", "--threads", "2"])
    assert code == 0
    assert torch.get_num_threads() == 2
