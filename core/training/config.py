"""Training configuration: one frozen dataclass, its limits, validation and JSON form."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.messages import Message, foreign

# The generated datasets' validation share: the validation set is this share of all the samples made,
# 1/7 (10,000 of 60,000 + 10,000), so that it is a sixth of the training set as it always was.
DEFAULT_VAL_FRACTION = 1 / 7
MODELS = ("softmax", "linear", "mlp", "two-basins")  # two-basins: the two-basins dataset's own model
CUSTOM = "custom"  # the name of a table the learner imported (the session's data catalogue holds it)


@dataclass(frozen=True)
class DatasetInfo:
    """What a config needs to know of its dataset: the task, the training-set sizes allowed, the
    validation-set size and the shapes of the model's input and output."""

    name: str
    task: str  # classification or regression
    default_samples: int
    max_samples: int
    features: int
    classes: int  # 0 for regression
    fixed_val: int | None = None  # a validation set of fixed size; None: a sixth of the training set
    fixed_samples: bool = False  # the training set is exactly default_samples (an imported table)
    image_shape: tuple[int, int] | None = None  # (height, width) of each sample as an image; None: not images

    @property
    def generated(self) -> bool:
        """Made by SGD Lab from the seed (``--noise`` and ``--val-fraction`` apply); digits and an
        imported table are real data of a fixed split."""
        return self.fixed_val is None

    def val_samples(self, samples: int, val_fraction: float = DEFAULT_VAL_FRACTION) -> int:
        """Size of the separate validation set: ``val_fraction`` of all the samples generated, so
        ⌊N·f/(1 − f)⌋ next to the N training samples (the default f = 1/7: N/6, 10,000 for the
        60,000-sample default); a fixed split's own size for real data."""
        if self.fixed_val is not None:
            return self.fixed_val
        return max(1, math.floor(samples * val_fraction / (1.0 - val_fraction) + 1e-9))

    def parameter_shapes(self, model: str, hidden: int) -> dict[str, tuple[int, ...]]:
        """The model's parameters, name -> shape, in the order the optimizer sees them."""
        features, outputs = self.features, self.classes or 1
        if model == "linear":
            return {"w": (features,), "b": ()}
        if model == "two-basins":
            return {"w": (1,), "b": ()}
        if model == "softmax":
            return {"W": (outputs, features), "b": (outputs,)}
        return {"W1": (hidden, features), "b1": (hidden,), "W2": (outputs, hidden), "b2": (outputs,)}


# The datasets SGD Lab makes or ships: task, default and largest training set, features, classes.
BUILT_IN: dict[str, DatasetInfo] = {
    "mnist-like": DatasetInfo("mnist-like", "classification", 60_000, 200_000, 784, 10, image_shape=(28, 28)),
    "digits": DatasetInfo(
        "digits", "classification", 1_437, 1_437, 64, 10, fixed_val=1_797 - 1_437, image_shape=(8, 8)
    ),
    "moons": DatasetInfo("moons", "classification", 2_000, 200_000, 2, 2),
    "spirals": DatasetInfo("spirals", "classification", 3_000, 200_000, 2, 3),
    "linear-1d": DatasetInfo("linear-1d", "regression", 1_000, 200_000, 1, 0),
    "two-basins": DatasetInfo("two-basins", "regression", 512, 200_000, 2, 0),
}
TWO_BASINS_START = (-1.2, 0.0)  # the two-basins model's (w, b) at every start: the shallow basin's far side


OPTIMIZERS = ("sgd", "sgd-manual", "adam", "rmsprop", "adagrad")
SGD_FAMILY = ("sgd", "sgd-manual")  # the optimizers whose update is the seed's (momentum, Nesterov)
# β when the learner did not choose it: the seed's 0.9 for SGD; for the comparison optimizers torch's
# own default of what β sets (Adam's betas[0] = 0.9, RMSprop's momentum = 0; Adagrad has no momentum).
DEFAULT_MOMENTUM = {"sgd": 0.9, "sgd-manual": 0.9, "adam": 0.9, "rmsprop": 0.0, "adagrad": 0.0}
LR_SCHEDULES = ("constant", "step", "cosine")
DEVICES = ("cpu", "cuda", "auto")

MAX_CONFIG_BYTES = 1_000_000  # a config file is a few hundred bytes; anything past this is refused unread

# Numeric limits, shared by the command line, the window's spin boxes and validation.
LIMITS: dict[str, tuple[float, float]] = {
    "epochs": (1, 10_000),
    "batch_size": (1, 200_000),
    "lr": (1e-5, 10.0),
    "momentum": (0.0, 0.999),
    "dampening": (0.0, 1.0),
    "weight_decay": (0.0, 1.0),
    "samples": (10, 200_000),
    "hidden": (1, 4_096),
    "seed": (0, 2**31 - 1),
    "noise": (0.0, 5.0),  # × each generated dataset's own noise (1: as made by default; 0: none)
    "val_fraction": (0.05, 0.5),  # the generated datasets' validation share of all samples made
    "accumulate": (1, 64),  # iterations (mini-batches) whose gradients add up before one optimizer.step()
    "workers": (1, 8),  # data-parallel worker processes (core/training/distributed.py); 1: this process
}

# The pace: optimizer steps a second (not part of a config: it changes when steps happen, never
# what they compute). None is as fast as it goes: headless, the tests, sweeps and the lab. The
# window's settings, and its default: at 200 steps a second the article's first epoch (938 steps)
# unfolds over about 5 s, slow enough to watch the epoch map fill, fast enough to finish 5 epochs
# in under half a minute.
PACES: tuple[float | None, ...] = (None, 1000.0, 200.0, 50.0, 10.0, 2.0, 1.0)
WINDOW_PACE = 200.0
PACE_LIMITS = (0.1, 100_000.0)  # the command line's --pace


def checked_pace(steps_per_s: float | None) -> float | None:
    """A pace as the engine takes it: iterations a second, or None (also for 0) for no limit;
    ValueError for a negative or non-finite one."""
    if steps_per_s is not None and not (steps_per_s >= 0 and math.isfinite(steps_per_s)):
        raise ValueError(f"pace must be a positive number of steps a second, not {steps_per_s}")
    return steps_per_s or None


class ConfigError(ValueError):
    """A bad configuration field; ``field`` names it, ``msg`` says what is allowed (``message`` is
    its English). core/ always gives a :class:`Message`; plain text is for callers outside it."""

    def __init__(self, field_name: str, msg: Message | str) -> None:
        self.message = str(msg)
        super().__init__(f"{field_name}: {self.message}")
        self.field = field_name
        self.msg = msg


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a run. Defaults are the seed article's example."""

    epochs: int = 5
    batch_size: int = 64
    lr: float = 0.01
    momentum: float = 0.9
    nesterov: bool = False
    dampening: float = 0.0
    weight_decay: float = 0.0
    dataset: str = "mnist-like"
    samples: int = 60_000
    model: str = "softmax"
    hidden: int = 64
    seed: int = 0
    shuffle: bool = True
    drop_last: bool = False
    optimizer: str = "sgd"
    lr_schedule: str = "constant"
    zero_grad: bool = True
    device: str = "cpu"
    noise: float = 1.0  # the generated datasets' noise, × each one's own (README, "Datasets")
    val_fraction: float = DEFAULT_VAL_FRACTION  # generated datasets: the validation share of all samples
    accumulate: int = 1  # gradient accumulation: one optimizer.step() every k iterations (README, "Options")
    workers: int = 1  # data-parallel worker processes K; 1 trains in this process (README, "Options")

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (not validated)."""
        return dataclasses.replace(self, **changes)

    def differences(self, other: TrainConfig | None = None) -> dict[str, Any]:
        """The fields whose values differ from ``other``'s (default: from the defaults'), with this
        config's values."""
        other = other if other is not None else TrainConfig()
        return {
            f.name: v
            for f in dataclasses.fields(self)
            if (v := getattr(self, f.name)) != getattr(other, f.name)
        }

    # -- validation ----------------------------------------------------------------------------
    def errors(self, dataset: DatasetInfo | None = None) -> list[ConfigError]:
        """Every problem with this config, one per field, in field order. ``dataset`` describes the
        data it names (a built-in dataset needs none; an imported table is described by the session's
        catalogue)."""
        out: dict[str, ConfigError] = {}

        def bad(name: str, code: str, **args: Any) -> None:
            if name not in out:
                out[name] = ConfigError(name, Message(code, **args))

        types = {f.name: f.type for f in dataclasses.fields(self)}
        for name, kind in types.items():
            value = getattr(self, name)
            if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
                bad(name, "config.whole_number", got=_show(value))
            elif kind == "float" and (isinstance(value, bool) or not isinstance(value, (int, float))):
                bad(name, "config.number", got=_show(value))
            elif kind == "float" and not _finite(value):
                bad(name, "config.finite", got=_show(value))
            elif kind == "bool" and not isinstance(value, bool):
                bad(name, "config.true_or_false", got=_show(value))
            elif kind == "str" and not isinstance(value, str):
                bad(name, "config.text", got=_show(value))

        def in_range(name: str, low_open: bool = False) -> None:
            if name in out:
                return
            lo, hi = LIMITS[name]
            value = getattr(self, name)
            if (value <= lo if low_open else value < lo) or value > hi:
                left = "(" if low_open else "["
                bad(name, "config.range", interval=f"{left}{_num(lo)}, {_num(hi)}]", got=_num(value))

        ranged = (
            "epochs", "samples", "hidden", "seed", "dampening", "weight_decay", "noise", "val_fraction",
            "accumulate", "workers",
        )  # fmt: skip
        for name in ranged:
            in_range(name)
        in_range("lr")
        if "momentum" not in out and not 0.0 <= self.momentum < 1.0:
            bad("momentum", "config.momentum_range", got=_num(self.momentum))
        elif "momentum" not in out and self.momentum > LIMITS["momentum"][1]:
            bad("momentum", "config.at_most", most=LIMITS["momentum"][1], got=_num(self.momentum))

        info = (
            dataset
            if dataset is not None
            else BUILT_IN.get(self.dataset)
            if isinstance(self.dataset, str)
            else None
        )
        if "dataset" not in out and self.dataset == CUSTOM and info is None:
            bad("dataset", "config.no_imported_data")
        elif "dataset" not in out and info is None:
            bad("dataset", "config.one_of", choices=", ".join(BUILT_IN), got=_show(self.dataset))
        for name, allowed in (
            ("model", MODELS),
            ("optimizer", OPTIMIZERS),
            ("lr_schedule", LR_SCHEDULES),
            ("device", DEVICES),
        ):
            value = getattr(self, name)
            if name not in out and value not in allowed:
                bad(name, "config.one_of", choices=", ".join(allowed), got=_show(value))

        if "dataset" not in out and "samples" not in out:
            task, rows, most = info.task, info.default_samples, info.max_samples
            if info.fixed_samples and self.samples != rows:
                bad("samples", "config.imported_rows", rows=rows, got=self.samples)
            elif self.samples > most:
                bad("samples", "config.samples_at_most", most=most, dataset=self.dataset, got=self.samples)
            if "model" not in out:
                if self.model == "softmax" and task != "classification":
                    bad("model", "config.softmax_needs_classification", dataset=self.dataset)
                if self.model == "linear" and task != "regression":
                    bad("model", "config.linear_needs_regression", dataset=self.dataset)
                if (self.model == "two-basins") != (self.dataset == "two-basins"):
                    bad("model", "config.two_basins_pair", dataset=self.dataset, model=self.model)
        if "dataset" not in out and not info.generated:  # real data: its own noise and its own split
            if "noise" not in out and self.noise != 1.0:
                bad("noise", "config.generated_only", dataset=self.dataset)
            if "val_fraction" not in out and self.val_fraction != DEFAULT_VAL_FRACTION:
                bad("val_fraction", "config.generated_only", dataset=self.dataset)
        if "batch_size" not in out and "samples" not in out and not 1 <= self.batch_size <= self.samples:
            bad("batch_size", "config.batch_size_range", samples=self.samples, got=self.batch_size)
        if "batch_size" not in out and "workers" not in out and "samples" not in out and self.drop_last:
            share = -(-self.samples // self.workers)  # each worker's ⌈N/K⌉ samples
            if self.workers > 1 and self.batch_size > share:  # drop_last would drop every batch
                bad(
                    "batch_size",
                    "config.workers_drop_all",
                    share=share,
                    workers=self.workers,
                    got=self.batch_size,
                )
        if "workers" not in out and "device" not in out and self.workers > 1 and self.device == "cuda":
            bad("device", "config.workers_cpu")
        if "nesterov" not in out and self.nesterov:
            if "optimizer" not in out and self.optimizer not in SGD_FAMILY:
                bad("nesterov", "config.nesterov_sgd_only", optimizer=self.optimizer)
            elif "momentum" not in out and self.momentum <= 0:
                bad("nesterov", "config.nesterov_momentum")
            elif "dampening" not in out and self.dampening != 0:
                bad("nesterov", "config.nesterov_dampening")
        return list(out.values())

    def validate(self, dataset: DatasetInfo | None = None) -> TrainConfig:
        """Return self, or raise the first :class:`ConfigError` (``dataset`` as in :meth:`errors`)."""
        problems = self.errors(dataset)
        if problems:
            raise problems[0]
        return self

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict of the fields."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Any, base: TrainConfig | None = None) -> TrainConfig:
        """Build from a dict (``--config`` JSON). Unknown keys and wrong types raise ConfigError."""
        if not isinstance(data, dict):
            raise ConfigError("config", Message("config.not_an_object"))
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known, key=repr)
        if unknown:
            name = unknown[0]
            listed = ", ".join(sorted(known))
            if isinstance(name, str) and name.isidentifier() and len(name) <= 40:
                raise ConfigError(name, Message("config.unknown_option", known=listed))
            raise ConfigError("config", Message("config.unknown_key", key=_show(name), known=listed))
        values = dict(data)
        for f in dataclasses.fields(cls):
            # JSON has one number type: accept 1.0 for an int field and 1 for a float field.
            v = values.get(f.name)
            if f.type == "int" and isinstance(v, float) and v.is_integer():
                values[f.name] = int(v)
            elif f.type == "float" and isinstance(v, int) and not isinstance(v, bool):
                values[f.name] = float(v) if abs(v) < 2**1023 else math.inf if v > 0 else -math.inf
        return dataclasses.replace(base or cls(), **values)

    @classmethod
    def load(cls, path: str | Path, keys: set[str] | None = None) -> TrainConfig:
        """Read a config JSON file; any problem is a ConfigError naming the file. ``keys``, when
        given, receives the option names the file sets."""
        path = Path(path)
        from core.io.safezip import NotRegularFileError, read_bounded  # numpy: not for --help

        try:
            raw = read_bounded(path, MAX_CONFIG_BYTES)
            if len(raw) > MAX_CONFIG_BYTES:
                raise ConfigError("config", Message("config.file_too_large", path=str(path)))
            data = json.loads(raw.decode("utf-8"), object_pairs_hook=_object)
        except ConfigError:
            raise
        except FileNotFoundError:
            raise ConfigError("config", Message("file.missing", path=str(path))) from None
        except (IsADirectoryError, NotRegularFileError):  # a folder, a device, a pipe: never read
            raise ConfigError("config", Message("config.not_regular_file", path=str(path))) from None
        except json.JSONDecodeError as exc:
            where = {"path": str(path), "line": exc.lineno, "column": exc.colno}
            raise ConfigError("config", Message("file.bad_json", **where, detail=foreign(exc.msg))) from None
        except UnicodeDecodeError:
            reason = Message("file.not_utf8")
            raise ConfigError("config", Message("file.cannot_read", path=str(path), reason=reason)) from None
        except OSError as exc:
            reason = foreign(str(exc.strerror or exc))
            raise ConfigError("config", Message("file.cannot_read", path=str(path), reason=reason)) from None
        except RecursionError:
            raise ConfigError("config", Message("config.too_deep", path=str(path))) from None
        except ValueError as exc:  # e.g. an integer of 5,000 digits
            unusable = Message("config.unusable", path=str(path), detail=str(exc)[:80])
            raise ConfigError("config", unusable) from None
        if isinstance(data, dict) and isinstance(data.get("config"), dict):
            data = data["config"]  # a result JSON carries its config: reuse it
            data = {k: v for k, v in data.items() if k != "val_samples"}
        config = cls.from_dict(data)
        if keys is not None:
            keys.update(data)
        return config


def _object(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON object; a key given twice is refused (which of the two would count is a guess)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ConfigError("config", Message("config.key_twice", key=_show(twice)))
    return out


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _show(value: Any) -> str:
    """A value as it goes into a one-line message: its repr, cut short."""
    if isinstance(value, int) and abs(value) > 10**30:
        return _num(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(value: float) -> str:
    if isinstance(value, int) and abs(value) > 10**30:  # no 5,000-digit numbers in a message
        return f"{'-' if value < 0 else ''}about 10^{int(value.bit_length() * 0.30103)}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if abs(value) >= 1 or value == 0 else repr(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return f"{value:g}"
