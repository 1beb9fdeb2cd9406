"""Training configuration: one frozen dataclass, its limits, validation and JSON form."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.io.importer import ImportedData

# Dataset name -> (task, default training-set size, largest training-set size).
DATASETS: dict[str, tuple[str, int, int]] = {
    "mnist-like": ("classification", 60_000, 200_000),
    "digits": ("classification", 1_437, 1_437),
    "moons": ("classification", 2_000, 200_000),
    "spirals": ("classification", 3_000, 200_000),
    "linear-1d": ("regression", 1_000, 200_000),
}
MODELS = ("softmax", "linear", "mlp")
# Dataset name -> (features, classes; 0 classes for regression).
SHAPES: dict[str, tuple[int, int]] = {
    "mnist-like": (784, 10),
    "digits": (64, 10),
    "moons": (2, 2),
    "spirals": (2, 3),
    "linear-1d": (1, 0),
}
# The learner's own data (File → Import data…, or --data FILE): one table at a time, held here so that
# a config naming it can be validated. Its training-set size is fixed by the file and the split.
CUSTOM = "custom"
_imported: ImportedData | None = None


def set_imported(data: ImportedData | None) -> None:
    """Make ``data`` the data that ``dataset="custom"`` names (None: no imported data)."""
    global _imported
    _imported = data


def imported() -> ImportedData | None:
    """The imported data, if any."""
    return _imported


def dataset_info(name: str) -> tuple[str, int, int]:
    """(task, default training-set size, largest training-set size) of a built-in dataset or of the
    imported data; KeyError for an unknown name or ``custom`` with nothing imported."""
    if name == CUSTOM and _imported is not None:
        return _imported.task, _imported.train_rows, _imported.train_rows
    return DATASETS[name]


OPTIMIZERS = ("sgd", "sgd-manual", "adam", "rmsprop", "adagrad")
SGD_FAMILY = ("sgd", "sgd-manual")  # the optimizers whose update is the seed's (momentum, Nesterov)
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
}


class ConfigError(ValueError):
    """A bad configuration field; ``field`` names it, the message says what is allowed."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


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

    # -- derived -------------------------------------------------------------------------------
    @property
    def task(self) -> str:
        """``classification`` or ``regression``, from the dataset."""
        return dataset_info(self.dataset)[0]

    @property
    def val_samples(self) -> int:
        """Size of the separate validation set (10,000 for the 60,000-sample default)."""
        if self.dataset == "digits":
            return 1_797 - 1_437
        if self.dataset == CUSTOM and _imported is not None:
            return _imported.val_rows
        return max(1, self.samples // 6)

    def parameter_shapes(self) -> dict[str, tuple[int, ...]]:
        """The model's parameters, name -> shape, in the order the optimizer sees them."""
        if self.dataset == CUSTOM and _imported is not None:
            features, classes = _imported.features, _imported.num_classes
        else:
            features, classes = SHAPES[self.dataset]
        outputs = classes or 1
        if self.model == "linear":
            return {"w": (features,), "b": ()}
        if self.model == "softmax":
            return {"W": (outputs, features), "b": (outputs,)}
        h = self.hidden
        return {"W1": (h, features), "b1": (h,), "W2": (outputs, h), "b2": (outputs,)}

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (not validated)."""
        return dataclasses.replace(self, **changes)

    # -- validation ----------------------------------------------------------------------------
    def errors(self) -> list[ConfigError]:
        """Every problem with this config, one per field, in field order."""
        out: dict[str, ConfigError] = {}

        def bad(name: str, message: str) -> None:
            out.setdefault(name, ConfigError(name, message))

        types = {f.name: f.type for f in dataclasses.fields(self)}
        for name, kind in types.items():
            value = getattr(self, name)
            if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
                bad(name, f"must be a whole number (got {_show(value)})")
            elif kind == "float" and (isinstance(value, bool) or not isinstance(value, (int, float))):
                bad(name, f"must be a number (got {_show(value)})")
            elif kind == "float" and not _finite(value):
                bad(name, f"must be a finite number (got {_show(value)})")
            elif kind == "bool" and not isinstance(value, bool):
                bad(name, f"must be true or false (got {_show(value)})")
            elif kind == "str" and not isinstance(value, str):
                bad(name, f"must be text (got {_show(value)})")

        def in_range(name: str, low_open: bool = False) -> None:
            if name in out:
                return
            lo, hi = LIMITS[name]
            value = getattr(self, name)
            if (value <= lo if low_open else value < lo) or value > hi:
                left = "(" if low_open else "["
                bad(name, f"must be in {left}{_num(lo)}, {_num(hi)}] (got {_num(value)})")

        for name in ("epochs", "samples", "hidden", "seed", "dampening", "weight_decay"):
            in_range(name)
        in_range("lr")
        if "momentum" not in out and not 0.0 <= self.momentum < 1.0:
            bad("momentum", f"must be in [0, 1) (got {_num(self.momentum)})")
        elif "momentum" not in out and self.momentum > LIMITS["momentum"][1]:
            bad("momentum", f"must be at most {LIMITS['momentum'][1]} (got {_num(self.momentum)})")

        if "dataset" not in out and self.dataset == CUSTOM and _imported is None:
            bad("dataset", "custom names imported data, and none is loaded: import a CSV or .npz file first")
        elif "dataset" not in out and self.dataset not in DATASETS and self.dataset != CUSTOM:
            bad("dataset", f"must be one of {', '.join(DATASETS)} (got {_show(self.dataset)})")
        if "model" not in out and self.model not in MODELS:
            bad("model", f"must be one of {', '.join(MODELS)} (got {_show(self.model)})")
        if "optimizer" not in out and self.optimizer not in OPTIMIZERS:
            bad("optimizer", f"must be one of {', '.join(OPTIMIZERS)} (got {_show(self.optimizer)})")
        if "lr_schedule" not in out and self.lr_schedule not in LR_SCHEDULES:
            bad("lr_schedule", f"must be one of {', '.join(LR_SCHEDULES)} (got {_show(self.lr_schedule)})")
        if "device" not in out and self.device not in DEVICES:
            bad("device", f"must be one of {', '.join(DEVICES)} (got {_show(self.device)})")

        if "dataset" not in out and "samples" not in out:
            task, rows, most = dataset_info(self.dataset)
            if self.dataset == CUSTOM and self.samples != rows:
                bad(
                    "samples",
                    f"must be {rows:,}, the training rows of the imported data (got {self.samples:,})",
                )
            elif self.samples > most:
                bad("samples", f"must be at most {most:,} for {self.dataset} (got {self.samples:,})")
            if "model" not in out:
                if self.model == "softmax" and task != "classification":
                    bad("model", f"softmax needs a classification dataset; {self.dataset} is regression")
                if self.model == "linear" and task != "regression":
                    bad(
                        "model",
                        f"linear regression needs a regression dataset; {self.dataset} is classification",
                    )
        if "batch_size" not in out and "samples" not in out and not 1 <= self.batch_size <= self.samples:
            bad(
                "batch_size",
                f"must be between 1 and the training-set size {self.samples:,} (got {self.batch_size:,})",
            )
        if "nesterov" not in out and self.nesterov:
            if "optimizer" not in out and self.optimizer not in SGD_FAMILY:
                bad("nesterov", f"is an option of SGD, not of {self.optimizer}")
            elif "momentum" not in out and self.momentum <= 0:
                bad("nesterov", "needs momentum > 0")
            elif "dampening" not in out and self.dampening != 0:
                bad("nesterov", "needs dampening = 0")
        return list(out.values())

    def validate(self) -> TrainConfig:
        """Return self, or raise the first :class:`ConfigError`."""
        problems = self.errors()
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
            raise ConfigError("config", "must be a JSON object of option names to values")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known, key=repr)
        if unknown:
            name = unknown[0]
            listed = f"(known: {', '.join(sorted(known))})"
            if isinstance(name, str) and name.isidentifier() and len(name) <= 40:
                raise ConfigError(name, f"is not a known option {listed}")
            raise ConfigError("config", f"{_show(name)} is not a known option {listed}")
        values = dict(data)
        for f in dataclasses.fields(cls):
            # JSON has one number type: accept 1.0 for an int field and 1 for a float field.
            v = values.get(f.name)
            if f.type == "int" and isinstance(v, float) and v.is_integer():
                values[f.name] = int(v)
            elif f.type == "float" and isinstance(v, int) and not isinstance(v, bool):
                values[f.name] = float(v) if abs(v) < 2**1023 else math.copysign(math.inf, v)
        return dataclasses.replace(base or cls(), **values)

    @classmethod
    def load(cls, path: str | Path) -> TrainConfig:
        """Read a config JSON file; any problem is a ConfigError naming the file."""
        path = Path(path)
        from core.io.safezip import NotRegularFileError, read_bounded  # numpy: not for --help

        try:
            raw = read_bounded(path, MAX_CONFIG_BYTES)
            if len(raw) > MAX_CONFIG_BYTES:
                raise ConfigError("config", f"{path} is larger than 1 MB; not a config file")
            data = json.loads(raw.decode("utf-8"))
        except ConfigError:
            raise
        except FileNotFoundError:
            raise ConfigError("config", f"{path} does not exist") from None
        except (IsADirectoryError, NotRegularFileError):  # a folder, a device, a pipe: never read
            raise ConfigError("config", f"{path} is not a regular file") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(
                "config", f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
        except UnicodeDecodeError:
            raise ConfigError("config", f"cannot read {path}: not UTF-8 text") from None
        except OSError as exc:
            raise ConfigError("config", f"cannot read {path}: {exc.strerror or exc}") from None
        except RecursionError:
            raise ConfigError("config", f"{path} is nested too deeply to be a config") from None
        except ValueError as exc:  # e.g. an integer of 5,000 digits
            raise ConfigError("config", f"{path} is not a usable config: {str(exc)[:80]}") from None
        if isinstance(data, dict) and isinstance(data.get("config"), dict):
            data = data["config"]  # a result JSON carries its config: reuse it
            data = {k: v for k, v in data.items() if k != "val_samples"}
        return cls.from_dict(data)


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
