"""Faults a curious learner can cause: any config, hostile config files, huge learning rates, a full disk."""

from __future__ import annotations

import dataclasses
import errno
import json
import math
import os
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.io.export import atomic_write_text
from core.training.config import BUILT_IN, LR_SCHEDULES, MODELS, OPTIMIZERS, ConfigError, TrainConfig
from core.training.engine import COMPLETED, DIVERGED, train

FIELDS = [f.name for f in dataclasses.fields(TrainConfig)]
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
ANY_VALUE = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
)
# Values near the ones that mean something, so that many drawn configs are valid and reach the
# cross-field checks.
PLAUSIBLE = {
    "epochs": st.integers(-2, 20_000),
    "batch_size": st.integers(-1, 300_000),
    "lr": st.floats(-1, 20),
    "momentum": st.floats(-0.5, 1.5),
    "dampening": st.floats(-0.5, 1.5),
    "weight_decay": st.floats(-0.5, 1.5),
    "samples": st.integers(0, 300_000),
    "hidden": st.integers(0, 5000),
    "seed": st.integers(-1, 2**32),
    "dataset": st.sampled_from([*BUILT_IN, "cifar", ""]),
    "model": st.sampled_from([*MODELS, "resnet"]),
    "optimizer": st.sampled_from([*OPTIMIZERS, "lbfgs"]),
    "lr_schedule": st.sampled_from([*LR_SCHEDULES, "linear"]),
    "device": st.sampled_from(["cpu", "auto", "tpu"]),
    "nesterov": st.booleans(),
    "shuffle": st.booleans(),
    "drop_last": st.booleans(),
    "zero_grad": st.booleans(),
}
CONFIG_DICTS = st.fixed_dictionaries({}, optional={k: v | ANY_VALUE for k, v in PLAUSIBLE.items()}) | (
    st.dictionaries(st.text(max_size=12) | st.sampled_from(FIELDS), ANY_VALUE, max_size=6)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONFIG_DICTS)
def test_any_config_is_accepted_or_refused_with_one_line(data):
    try:
        config = TrainConfig.from_dict(data).validate()
    except ConfigError as exc:
        text = str(exc)
        assert "\n" not in text and len(text) < 400, text
        assert exc.field in FIELDS or exc.field == "config" or exc.field in data  # an unknown key
        return
    # Accepted: every field has its type and lies in its range, and the JSON form round-trips.
    assert TrainConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
    assert 1 <= config.batch_size <= config.samples and math.isfinite(config.lr)


@settings(max_examples=100, deadline=None)
@given(st.one_of(ANY_VALUE, st.lists(ANY_VALUE), st.binary(max_size=50)))
def test_from_dict_refuses_anything_but_an_object(data):
    if isinstance(data, dict) and not data:
        assert TrainConfig.from_dict(data) == TrainConfig()
        return
    with pytest.raises(ConfigError):  # no other exception, whatever the input
        TrainConfig.from_dict(data).validate()


def _refused(path, fragment: str = "") -> str:
    with pytest.raises(ConfigError) as info:
        TrainConfig.load(path).validate()  # as the command line and the window use it
    message = str(info.value)
    assert info.value.field == "config" or info.value.field in FIELDS
    assert "\n" not in message and len(message) < 400 + len(str(path)), message
    assert fragment in message, message
    return message


class _Marker:
    """Unpickling this would create a file: the proof that nothing was executed."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_hostile_config_files_are_refused_unread_or_unexecuted(tmp_path):
    marker = tmp_path / "executed"
    cases = {
        "truncated.json": (json.dumps(TrainConfig().to_dict())[:40], "not valid JSON"),
        "empty.json": ("", "not valid JSON"),
        "wrong-types.json": ('{"epochs": "5", "lr": [0.1]}', "must be a whole number"),
        "null.json": ("null", "JSON object"),
        "nan.json": ('{"lr": NaN}', "finite"),
        "huge-number.json": ('{"lr": 1e999}', "finite"),
        "long-digits.json": ('{"seed": ' + "9" * 5000 + "}", "not a usable config"),
        "deep.json": ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
        "long-text.json": (json.dumps({"dataset": "x" * 500_000}), "dataset"),
        "strange-key.json": (json.dumps({"lr\nrm -rf": 1}), "is not a known option"),
        "bom.json": ("\ufeff{}", "not valid JSON"),
    }
    for name, (text, fragment) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        _refused(path, fragment)
    binary = {
        "model.pkl": (pickle.dumps(_Marker(str(marker))), ""),
        "junk.bin": (os.urandom(4096), ""),
        "utf16.json": ('{"lr": 0.1}'.encode("utf-16"), "not UTF-8"),
    }
    for name, (content, fragment) in binary.items():
        path = tmp_path / name
        path.write_bytes(content)
        _refused(path, fragment)
    assert not marker.exists()
    _refused(tmp_path, "not a regular file")
    _refused("/dev/zero", "not a regular file")  # endless: must never be read


def test_a_huge_config_is_refused_before_it_is_read(tmp_path, monkeypatch):
    sparse = tmp_path / "sparse.json"
    with open(sparse, "wb") as f:
        f.truncate(20 * 2**30)  # 20 GB that take no disk: reading it whole would exhaust memory
    sizes = []
    real_open = type(sparse).open

    def counting_open(self, *args, **kwargs):
        f = real_open(self, *args, **kwargs)
        real_read, real_readinto = f.read, f.readinto

        def read(n=-1):
            sizes.append(n)
            return real_read(n)

        def readinto(buffer):
            sizes.append(len(buffer))
            return real_readinto(buffer)

        f.read, f.readinto = read, readinto
        return f

    monkeypatch.setattr(type(sparse), "open", counting_open)
    _refused(sparse, "larger than 1 MB")
    assert sizes and all(0 < n <= 1_000_001 for n in sizes)


# Every model on the tasks it serves, with every optimizer, at the largest lr the controls allow.
COMBINATIONS = [
    (model, dataset, optimizer)
    for model, dataset in (
        ("linear", "linear-1d"),
        ("mlp", "linear-1d"),
        ("softmax", "moons"),
        ("mlp", "moons"),
    )
    for optimizer in OPTIMIZERS
]


@pytest.mark.parametrize(("model", "dataset", "optimizer"), COMBINATIONS)
def test_the_largest_lr_ends_with_a_status_never_an_error(model, dataset, optimizer):
    config = TrainConfig(
        dataset=dataset, model=model, samples=100, batch_size=100, epochs=30, lr=10.0, optimizer=optimizer,
        momentum=0.0 if optimizer == "adagrad" else 0.9, hidden=8,
    )  # fmt: skip
    result = train(config)
    assert result.status in (DIVERGED, COMPLETED), result.message
    finite = result.history.loss
    assert all(math.isfinite(v) for v in finite)  # the plots get only finite numbers
    if optimizer in ("sgd", "sgd-manual") and dataset == "linear-1d":
        # Past (2 + 2β)/λ_max the iterates grow geometrically: divergence within a few steps.
        assert result.status == DIVERGED and result.diverged_step is not None
        assert "diverged at step" in result.message and result.history.size < 30
        json.dumps(result.to_dict(), allow_nan=False)  # the result file stays strict JSON
    # Adam, RMSprop and Adagrad move each weight by about lr per step at most, and cross-entropy
    # grows only linearly in the weights: those runs stay finite and complete.


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("open", PermissionError(errno.EACCES, "Permission denied")),  # a read-only folder
        ("fsync", OSError(errno.ENOSPC, "No space left on device")),  # a full disk
        ("write", OSError(errno.ENOSPC, "No space left on device")),
        ("replace", OSError(errno.EROFS, "Read-only file system")),
    ],
)
def test_a_failed_save_keeps_the_previous_file(tmp_path, monkeypatch, where, error):
    path = tmp_path / "run.json"
    path.write_text("previous")

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, where, fail)
    with pytest.raises(OSError) as info:
        atomic_write_text(path, "new")
    assert info.value.errno == error.errno
    assert path.read_text() == "previous"
    assert os.listdir(tmp_path) == ["run.json"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_saving_into_a_read_only_folder_keeps_the_previous_file(tmp_path):
    path = tmp_path / "run.json"
    path.write_text("previous")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            atomic_write_text(path, "new")
        assert path.read_text() == "previous"
    finally:
        tmp_path.chmod(0o700)
