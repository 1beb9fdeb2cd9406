"""``--sweep FIELD=v1,v2,…``: which hyperparameter and which values, checked against the config's
limits. No torch here, so bad input is refused at once."""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.messages import Message, field_name
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
    "steps_to_target": "steps S to the target training loss",
    "samples_to_target": "samples E = S·B to the target training loss",
    "deep_basin_share": "share of runs ending in the deeper basin (two-basins)",
    "status": "status",
}
# meaningful only when B varies (deep_basin_share: on two-basins only)
BATCH_ONLY = (
    "memory_bytes",
    "grad_noise",
    "grad_noise_theory",
    "steps_to_target",
    "samples_to_target",
    "deep_basin_share",
)


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
        raise ConfigError("sweep", Message("sweep.syntax", text=text))
    swept = ALIASES.get(name)
    if swept is None:
        raise ConfigError("sweep", Message("sweep.unknown_field", name=name, choices=", ".join(SWEEP_FIELDS)))
    said = field_name(swept)
    parts = [p.strip() for p in rest.split(",")]
    if not rest.strip() or any(not p for p in parts):
        raise ConfigError("sweep", Message("sweep.empty_value", field=said, text=rest))
    if len(parts) > MAX_VALUES:
        raise ConfigError("sweep", Message("sweep.too_many", field=said, most=MAX_VALUES, count=len(parts)))
    values: list[float] = []
    lo, hi = LIMITS[swept]
    for p in parts:
        try:
            value: float = int(p) if swept == "batch_size" else float(p)
        except ValueError:
            code = "sweep.not_whole_number" if swept == "batch_size" else "sweep.not_number"
            raise ConfigError("sweep", Message(code, field=said, value=p)) from None
        if not math.isfinite(value):
            raise ConfigError("sweep", Message("sweep.not_finite", field=said, value=p))
        if swept == "momentum" and not 0 <= value <= hi:
            raise ConfigError("sweep", Message("sweep.momentum_range", value=p, most=hi))
        if not lo <= value <= hi:
            raise ConfigError("sweep", Message("sweep.range", field=said, value=p, low=lo, high=hi))
        if value in values:
            raise ConfigError("sweep", Message("sweep.twice", field=said, value=p))
        values.append(value)
    return SweepSpec(swept, tuple(values))


def sweep_configs(base: TrainConfig, spec: SweepSpec, linear_scaling: bool = False) -> list[TrainConfig]:
    """One validated config per value. With ``linear_scaling`` (batch-size sweeps only) the lr is
    scaled with B from the base config's (lr, B): lr_B = lr · B / B_base (Goyal et al. 2017)."""
    if linear_scaling and spec.field != "batch_size":
        raise ConfigError("sweep", Message("sweep.scaling_batch_only"))
    out = []
    for value in spec.values:
        changes: dict = {spec.field: value}
        if linear_scaling:
            changes["lr"] = scaled_lr(base.lr, base.batch_size, int(value))
        config = base.replace(**changes)
        problems = config.errors()
        if problems:
            p = problems[0]
            refused = Message(
                "sweep.value_refused",
                field=field_name(spec.field),
                value=number_text(value),
                refused=field_name(p.field),
                problem=p.msg,
            )
            raise ConfigError("sweep", refused)
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
    if key == "deep_basin_share":
        return f"{100 * value:.0f}%"
    if key in ("steps_to_target", "samples_to_target"):
        return f"{value:,.0f}"
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
