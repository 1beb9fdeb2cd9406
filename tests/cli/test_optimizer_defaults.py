"""Each comparison optimizer starts from torch's own defaults unless β is given (issue 16, item 6)."""

from __future__ import annotations

import inspect
import json

import pytest
import torch

from core.cli import config_from_args, parse_args
from core.training.config import DEFAULT_MOMENTUM, TrainConfig
from core.training.optim import build_optimizer


def torch_default(optimizer: str) -> float:
    """What β sets, at torch's default: SGD's momentum is the seed's 0.9 (torch's is 0)."""
    if optimizer == "adam":
        return inspect.signature(torch.optim.Adam).parameters["betas"].default[0]
    if optimizer == "rmsprop":
        return inspect.signature(torch.optim.RMSprop).parameters["momentum"].default
    if optimizer == "adagrad":
        return 0.0  # no momentum at all
    return 0.9


@pytest.mark.parametrize("optimizer", ["sgd", "sgd-manual", "adam", "rmsprop", "adagrad"])
def test_without_momentum_each_optimizer_gets_its_default(optimizer):
    config = config_from_args(parse_args(["--optimizer", optimizer]))
    assert config.momentum == torch_default(optimizer) == DEFAULT_MOMENTUM[optimizer]


def test_the_built_rmsprop_is_torchs_default_one():
    config = config_from_args(parse_args(["--optimizer", "rmsprop"]))
    built = build_optimizer("rmsprop", [torch.zeros(1, requires_grad=True)], config)
    reference = torch.optim.RMSprop([torch.zeros(1, requires_grad=True)], lr=config.lr)
    assert built.defaults == reference.defaults


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
def test_an_explicit_momentum_wins(optimizer, tmp_path):
    assert config_from_args(parse_args(["--optimizer", optimizer, "--momentum", "0.5"])).momentum == 0.5
    # a config file that names β (a result JSON, say) keeps it, even when it is the SGD default
    path = tmp_path / "c.json"
    path.write_text(json.dumps(TrainConfig(optimizer=optimizer, momentum=0.9).to_dict()))
    assert config_from_args(parse_args(["--config", str(path)])).momentum == 0.9
    # and one that does not name it gives the optimizer's default
    path.write_text(json.dumps({"optimizer": optimizer}))
    assert config_from_args(parse_args(["--config", str(path)])).momentum == DEFAULT_MOMENTUM[optimizer]


def test_help_says_what_beta_means_for_each_optimizer(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    for phrase in ("adam's β₁ = betas[0]", "rmsprop's momentum (default 0, torch's)", "adagrad has none"):
        assert phrase in text
