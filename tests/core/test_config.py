from __future__ import annotations

import json

import pytest

from core.training.config import BUILT_IN, LIMITS, ConfigError, TrainConfig


def test_defaults_are_the_seed_example():
    c = TrainConfig().validate()
    assert (c.samples, c.batch_size, c.lr, c.momentum, c.epochs) == (60000, 64, 0.01, 0.9, 5)
    assert c.model == "softmax" and c.dataset == "mnist-like"
    assert BUILT_IN[c.dataset].val_samples(c.samples) == 10000


def test_json_round_trip():
    c = TrainConfig(epochs=3, lr=0.5, momentum=0.0, dataset="moons", samples=500, model="mlp", hidden=7)
    text = json.dumps(c.to_dict())
    assert TrainConfig.from_dict(json.loads(text)) == c


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"lr": 0.0}, "lr", "[1e-05, 10]"),
        ({"lr": -1.0}, "lr", "got -1"),
        ({"lr": float("nan")}, "lr", "finite"),
        ({"lr": 11.0}, "lr", "10"),
        ({"momentum": 1.0}, "momentum", "[0, 1)"),
        ({"momentum": -0.1}, "momentum", "[0, 1)"),
        ({"momentum": 0.9995}, "momentum", "at most 0.999"),
        ({"batch_size": 0}, "batch_size", "between 1 and the training-set size"),
        ({"batch_size": 60001}, "batch_size", "60,000"),
        ({"epochs": 0}, "epochs", "[1, 10,000]"),
        ({"samples": 5}, "samples", "[10,"),
        ({"samples": 2000, "dataset": "digits"}, "samples", "at most 1,437"),
        ({"dataset": "cifar"}, "dataset", "one of"),
        ({"model": "cnn"}, "model", "one of"),
        ({"model": "linear"}, "model", "regression dataset"),
        ({"dataset": "linear-1d", "samples": 100}, "model", "softmax needs a classification"),
        ({"optimizer": "lbfgs"}, "optimizer", "one of"),
        ({"optimizer": "adam", "nesterov": True}, "nesterov", "option of SGD"),
        ({"lr_schedule": "linear"}, "lr_schedule", "one of"),
        ({"zero_grad": 0}, "zero_grad", "true or false"),
        ({"device": "tpu"}, "device", "one of"),
        ({"nesterov": True, "momentum": 0.0}, "nesterov", "momentum > 0"),
        ({"nesterov": True, "dampening": 0.5}, "nesterov", "dampening = 0"),
        ({"weight_decay": -1.0}, "weight_decay", "[0, 1]"),
        ({"dampening": 2.0}, "dampening", "[0, 1]"),
        ({"epochs": 2.5}, "epochs", "whole number"),
        ({"epochs": True}, "epochs", "whole number"),
        ({"lr": "fast"}, "lr", "must be a number"),
        ({"shuffle": "yes"}, "shuffle", "true or false"),
        ({"hidden": 0}, "hidden", "[1, 4096]"),
    ],
)
def test_each_bad_field_has_one_clear_message(changes, field, fragment):
    c = TrainConfig().replace(**changes)
    errors = c.errors()
    assert [e.field for e in errors].count(field) == 1
    error = next(e for e in errors if e.field == field)
    assert fragment in error.message
    with pytest.raises(ConfigError):
        c.validate()


def test_several_bad_fields_are_all_reported():
    c = TrainConfig(lr=-1.0, momentum=2.0, epochs=0)
    assert {e.field for e in c.errors()} == {"lr", "momentum", "epochs"}


def test_limits_are_accepted_at_both_ends():
    for name in ("epochs", "lr", "momentum", "hidden"):
        lo, hi = LIMITS[name]
        kind = type(getattr(TrainConfig(), name))
        for v in (lo, hi):
            TrainConfig().replace(**{name: kind(v)}).validate()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([1, 2], "config"),
        ({"learning_rate": 0.1}, "learning_rate"),
    ],
)
def test_from_dict_rejects_wrong_shapes(data, field):
    with pytest.raises(ConfigError) as info:
        TrainConfig.from_dict(data)
    assert info.value.field == field


def test_from_dict_accepts_json_numbers():
    c = TrainConfig.from_dict({"epochs": 3.0, "lr": 1})
    assert c.epochs == 3 and isinstance(c.epochs, int) and c.lr == 1.0 and isinstance(c.lr, float)


def test_load_files(tmp_path):
    good = tmp_path / "c.json"
    good.write_text(json.dumps({"lr": 0.1, "epochs": 2}))
    assert TrainConfig.load(good).lr == 0.1
    result_json = tmp_path / "run.json"
    result_json.write_text(json.dumps({"config": TrainConfig(lr=0.2).to_dict(), "status": "completed"}))
    assert TrainConfig.load(result_json).lr == 0.2

    cases = {
        "missing.json": ("does not exist", None),
        "bad.json": ("not valid JSON (line 1", "{lr: 1"),
        "binary.json": ("cannot read", b"\xff\xfe\x00garbage"),
        "list.json": ("JSON object", "[1, 2]"),
    }
    for name, (fragment, content) in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            path.write_text(content)
        with pytest.raises(ConfigError) as info:
            TrainConfig.load(path)
        assert fragment in info.value.message, name
    huge = tmp_path / "huge.json"
    huge.write_text(" " * 1_000_001)
    with pytest.raises(ConfigError, match="larger than 1 MB"):
        TrainConfig.load(huge)
