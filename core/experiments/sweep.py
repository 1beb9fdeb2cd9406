"""``--sweep FIELD=v1,v2,…``: which hyperparameter and which values, checked against the config's
limits. No torch here, so bad input is refused at once."""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.training.config import LIMITS, ConfigError, TrainConfig

# Sweepable fields, with the names the command line and the window accept for them.
SWEEP_FIELDS = ("batch_size", "lr", "momentum")
ALIASES = {
    "batch_size": "batch_size",
    "batch-size": "batch_size",
    "b": "batch_size",
    "lr": "lr",
    "alpha": "lr",
    "α": "lr",
    "momentum": "momentum",
    "beta": "momentum",
    "β": "momentum",
}
MAX_VALUES = 20
DEFAULT_VALUES: dict[str, tuple[float, ...]] = {
    "batch_size": (16, 32, 64, 128, 256),
    "lr": (0.001, 0.01, 0.1),
    "momentum": (0.0, 0.5, 0.9),
}


# Table columns: key -> heading. Times, memory and the gradient noise are measured, not derived.
COLUMNS: dict[str, str] = {
    "batch_size": "batch size B",
    "lr": "lr α",
    "momentum": "momentum β",
    "steps_per_epoch": "steps per epoch",
    "epoch_time_s": "wall time per epoch (s)",
    "memory_bytes": "memory per step (bytes)",
    "grad_noise": "gradient noise E‖g_B − g‖²",
    "grad_noise_theory": "theory S²(1 − B/N)/B",
    "loss_jitter": "loss jitter (last epoch)",
    "train_loss": "final training loss",
    "val_loss": "validation loss",
    "val_accuracy": "validation accuracy",
    "gap": "generalisation gap (val − train)",
    "loss_at_samples": "training loss after the sample budget",
    "loss_at_steps": "training loss after the step budget",
    "status": "status",
}
BATCH_ONLY = ("memory_bytes", "grad_noise", "grad_noise_theory")  # meaningful only when B varies


@dataclass(frozen=True)
class SweepSpec:
    """One hyperparameter and the values to try, in the order given."""

    field: str
    values: tuple[float, ...]

    def text(self) -> str:
        return f"{self.field}=" + ",".join(number_text(v) for v in self.values)


def parse_sweep(text: str) -> SweepSpec:
    """Read ``FIELD=v1,v2,...`` (fields: batch_size, lr, momentum; aliases batch-size, alpha, beta).
    Raises :class:`ConfigError` (field ``sweep``) with a one-line message."""
    name, sep, rest = str(text).partition("=")
    name = name.strip().lower()
    if not sep or not name:
        raise ConfigError("sweep", f"expected FIELD=v1,v2,… such as batch_size=16,32,64 (got {text!r})")
    field_name = ALIASES.get(name)
    if field_name is None:
        raise ConfigError("sweep", f"cannot sweep {name!r}; choose one of {', '.join(SWEEP_FIELDS)}")
    parts = [p.strip() for p in rest.split(",")]
    if not rest.strip() or any(not p for p in parts):
        raise ConfigError("sweep", f"{field_name}: give comma-separated values, none empty (got {rest!r})")
    if len(parts) > MAX_VALUES:
        raise ConfigError("sweep", f"{field_name}: at most {MAX_VALUES} values (got {len(parts)})")
    values: list[float] = []
    lo, hi = LIMITS[field_name]
    for p in parts:
        try:
            value: float = int(p) if field_name == "batch_size" else float(p)
        except ValueError:
            kind = "a whole number" if field_name == "batch_size" else "a number"
            raise ConfigError("sweep", f"{field_name}: {p!r} is not {kind}") from None
        if not math.isfinite(value):
            raise ConfigError("sweep", f"{field_name}: {p!r} is not a finite number")
        if field_name == "momentum" and not 0 <= value <= hi:
            raise ConfigError("sweep", f"momentum: {p} must be in [0, 1), at most {hi:g}")
        if not lo <= value <= hi:
            raise ConfigError("sweep", f"{field_name}: {p} must be in [{lo:g}, {hi:g}]")
        if value in values:
            raise ConfigError("sweep", f"{field_name}: {p} is given twice")
        values.append(value)
    return SweepSpec(field_name, tuple(values))


def sweep_configs(base: TrainConfig, spec: SweepSpec, linear_scaling: bool = False) -> list[TrainConfig]:
    """One validated config per value. With ``linear_scaling`` (batch-size sweeps only) the lr is
    scaled with B from the base config's (lr, B): lr_B = lr · B / B_base (Goyal et al. 2017)."""
    if linear_scaling and spec.field != "batch_size":
        raise ConfigError("sweep", "the linear-scaling rule applies to a batch_size sweep only")
    out = []
    for value in spec.values:
        changes: dict = {spec.field: value}
        if linear_scaling:
            changes["lr"] = scaled_lr(base.lr, base.batch_size, int(value))
        config = base.replace(**changes)
        problems = config.errors()
        if problems:
            p = problems[0]
            raise ConfigError("sweep", f"{spec.field}={number_text(value)}: {p.field} {p.message}")
        out.append(config)
    return out


def scaled_lr(lr: float, base_batch: int, batch: int) -> float:
    """The linear-scaling rule: lr grows in proportion to the batch size."""
    return lr * batch / base_batch


def number_text(value: float) -> str:
    """A sweep value as written: 16, 0.01, 0.9."""
    return str(int(value)) if float(value).is_integer() and abs(value) >= 1 else f"{value:g}"


def format_value(key: str, value) -> str:
    """A table cell as text (shared by the terminal and the window)."""
    if value is None:
        return "—"
    if key == "memory_bytes":
        return bytes_text(value)
    if key in ("batch_size", "steps_per_epoch"):
        return f"{int(value):,}"
    if key == "status":
        return str(value)
    if key == "val_accuracy":
        return f"{100 * value:.1f}%"
    if key == "epoch_time_s":
        return f"{value:.3f}"
    if key in ("lr", "momentum"):
        return f"{value:g}"
    return f"{value:.4g}"


def bytes_text(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"
