"""The workspace file (``.sgdlab``): the current config, the runs with their histories, and the
imported data, in one versioned zip of ``workspace.json`` and ``arrays.npz``.

The format is documented in ``docs/workspace-format.md``. Nothing is ever unpickled. Loading checks
everything (zip integrity, member names, sizes before unpacking, the JSON's types, the version, every
array's dtype and shape) and builds the whole :class:`Workspace` before returning it, so a refused
file changes nothing.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from core import __version__
from core.experiments.runs import RunRecord
from core.io.export import atomic_write_bytes
from core.io.importer import ImportedData
from core.io.safezip import UnsafeFileError, check_sizes, load_npz, open_zip, read_bounded, read_member
from core.training.config import (
    CUSTOM,
    DATASETS,
    DEVICES,
    LIMITS,
    LR_SCHEDULES,
    MODELS,
    OPTIMIZERS,
    ConfigError,
    TrainConfig,
)
from core.training.data import Dataset
from core.training.engine import COMPLETED, DIVERGED, ERROR, STOPPED, RunResult
from core.training.history import MAX_WATCH, STEP_FIELDS, EpochRecord, History

FORMAT = "sgd-lab-workspace"
VERSION = 1
SUFFIX = ".sgdlab"
JSON_NAME, ARRAYS_NAME = "workspace.json", "arrays.npz"
MAX_FILE_BYTES = 256 * 2**20
MAX_JSON_BYTES = 32 * 2**20
MAX_ARRAY_BYTES = 512 * 2**20  # what arrays.npz may unpack to
MAX_RUNS = 10_000
STATUSES = (COMPLETED, STOPPED, DIVERGED, ERROR)
CHOICES = {
    "model": MODELS,
    "optimizer": OPTIMIZERS,
    "lr_schedule": LR_SCHEDULES,
    "device": DEVICES,
}


class WorkspaceError(ValueError):
    """A workspace file that cannot be saved or opened; the message says why."""


@dataclass
class Workspace:
    """What a workspace file holds."""

    config: TrainConfig
    runs: list[RunRecord] = field(default_factory=list)
    data: ImportedData | None = None


# -- saving ----------------------------------------------------------------------------------------
def save_workspace(workspace: Workspace, path: str | Path) -> None:
    """Write the workspace atomically (the previous file stays whole if anything fails)."""
    atomic_write_bytes(path, workspace_bytes(workspace))


def workspace_bytes(workspace: Workspace) -> bytes:
    """The workspace file's bytes."""
    arrays: dict[str, np.ndarray] = {}
    runs = []
    for k, record in enumerate(workspace.runs):
        r = record.result
        for name, column in r.history.arrays().items():
            arrays[f"run{k}.{name}"] = column
        runs.append(
            {
                "id": record.run_id,
                "name": record.name,
                "visible": record.visible,
                "config": r.config.to_dict(),
                "steps_per_epoch": r.steps_per_epoch,
                "last_batch_size": r.last_batch_size,
                "steps": r.history.size,
                "status": r.status,
                "message": r.message,
                "device": r.device,
                "elapsed_s": r.elapsed_s,
                "diverged_step": r.diverged_step,
                "changes": r.changes,
                "stability": r.stability,
                "epochs": [e.to_dict() for e in r.history.epochs],
                "watch_segments": [
                    [first, [[name, list(index)] for name, index in entries]]
                    for first, entries in r.history.segments
                ],
            }
        )
    data = None
    d = workspace.data
    if d is not None:
        ds = d.dataset
        arrays["data.x_train"] = ds.x_train.numpy()
        arrays["data.y_train"] = ds.y_train.numpy()
        arrays["data.x_val"] = ds.x_val.numpy()
        arrays["data.y_val"] = ds.y_val.numpy()
        if d.mean is not None:
            arrays["data.mean"] = np.asarray(d.mean, dtype=np.float64)
            arrays["data.std"] = np.asarray(d.std, dtype=np.float64)
        data = {
            "name": d.name,
            "source": d.source,
            "task": d.task,
            "feature_names": list(d.feature_names),
            "target": d.target,
            "classes": list(d.classes),
            "val_fraction": d.val_fraction,
            "seed": d.seed,
            "standardized": d.mean is not None,
            "train_rows": d.train_rows,
            "val_rows": d.val_rows,
            "features": d.features,
        }
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "config": workspace.config.to_dict(),
        "data": data,
        "runs": runs,
    }
    text = json.dumps(_finite(doc), indent=1, ensure_ascii=False, allow_nan=False)
    npz = io.BytesIO()
    np.savez(npz, **arrays)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:  # fixed dates: the same workspace gives the same bytes
        json_info = zipfile.ZipInfo(JSON_NAME, date_time=(1980, 1, 1, 0, 0, 0))
        json_info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(json_info, text)
        zf.writestr(zipfile.ZipInfo(ARRAYS_NAME, date_time=(1980, 1, 1, 0, 0, 0)), npz.getvalue())
    return out.getvalue()


def _finite(value: Any) -> Any:
    """Strict JSON: non-finite floats (an overflowing stability bound, say) become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


# -- loading ---------------------------------------------------------------------------------------
def load_workspace(path: str | Path) -> Workspace:
    """Read and check a workspace file; any problem is a :class:`WorkspaceError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        raw = read_bounded(path, MAX_FILE_BYTES) if size <= MAX_FILE_BYTES else b""
        size = max(size, len(raw))  # a file may grow after its size was read
        if size > MAX_FILE_BYTES:
            raise WorkspaceError(
                f"{path.name} is {size / 2**20:,.0f} MB; a workspace is at most {MAX_FILE_BYTES // 2**20} MB"
            )
    except FileNotFoundError:
        raise WorkspaceError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise WorkspaceError(f"{path} is a folder") from None
    except OSError as exc:
        raise WorkspaceError(f"cannot read {path}: {exc.strerror or exc}") from None
    return read_workspace(raw)


def read_workspace(raw: bytes) -> Workspace:
    """A workspace from the bytes of a workspace file."""
    if not raw:
        raise WorkspaceError("the file is empty")
    try:
        return _read(raw)
    except UnsafeFileError as exc:
        raise WorkspaceError(str(exc)) from None


def _read(raw: bytes) -> Workspace:
    if not raw.startswith(b"PK"):
        raise WorkspaceError("not an SGD Lab workspace (not a zip archive)")
    what = "the workspace"
    with open_zip(io.BytesIO(raw), what) as zf:
        names = zf.namelist()
        if len(set(names)) != len(names):
            raise WorkspaceError("the workspace holds a file twice (damaged or tampered with)")
        unknown = sorted(set(names) - {JSON_NAME, ARRAYS_NAME})
        if unknown:
            raise WorkspaceError(f"the workspace holds an unexpected file {unknown[0]!r}")
        if JSON_NAME not in names:
            raise WorkspaceError(f"not an SGD Lab workspace (no {JSON_NAME})")
        check_sizes(zf, what, MAX_JSON_BYTES + MAX_ARRAY_BYTES)
        text = read_member(zf, JSON_NAME, what, MAX_JSON_BYTES)
        doc = _parse_json(text)
        npz = read_member(zf, ARRAYS_NAME, what, MAX_ARRAY_BYTES) if ARRAYS_NAME in names else None
    return _build(doc, npz)


def _parse_json(text: bytes) -> dict:
    try:
        doc = json.loads(text.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise WorkspaceError(f"{JSON_NAME} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise WorkspaceError(
            f"{JSON_NAME} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (RecursionError, ValueError) as exc:
        raise WorkspaceError(f"{JSON_NAME} cannot be read: {exc}") from None
    if not isinstance(doc, dict):
        raise WorkspaceError(f"{JSON_NAME} must hold a JSON object")
    if doc.get("format") != FORMAT:
        raise WorkspaceError("not an SGD Lab workspace (its format name is missing or different)")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkspaceError(f"unknown workspace format version {version!r}")
    if version > VERSION:
        raise WorkspaceError(
            f"made by a newer SGD Lab (format {version}); this version reads format {VERSION}: "
            "update SGD Lab to open it"
        )
    return doc


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in strict JSON")


def _build(doc: dict, npz: bytes | None) -> Workspace:
    arrays = load_npz(npz, f"the workspace's {ARRAYS_NAME}", MAX_ARRAY_BYTES) if npz is not None else {}
    data = _data(doc.get("data"), arrays)
    config = _config(_get(doc, "config", dict, "workspace"), "config")
    if config.dataset == CUSTOM and data is None:
        raise WorkspaceError("config: trains on imported data, but the workspace holds none")
    runs_doc = _get(doc, "runs", list, "workspace")
    if len(runs_doc) > MAX_RUNS:
        raise WorkspaceError(f"the workspace holds {len(runs_doc):,} runs; at most {MAX_RUNS:,} are read")
    runs, ids = [], set()
    for k, item in enumerate(runs_doc):
        record = _run(item, k, arrays)
        if record.run_id in ids:
            raise WorkspaceError(f"runs[{k}].id {record.run_id} is used twice")
        ids.add(record.run_id)
        runs.append(record)
    return Workspace(config, runs, data)


def _get(d: Any, key: str, kind: type | tuple[type, ...], where: str, optional: bool = False) -> Any:
    if not isinstance(d, dict):
        raise WorkspaceError(f"{where} must be a JSON object")
    if key not in d:
        if optional:
            return None
        raise WorkspaceError(f"{where}.{key} is missing")
    value = d[key]
    if optional and value is None:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if ok and isinstance(value, float) and not math.isfinite(value):
        ok = False
    if not ok:
        names = "a number" if kinds == NUMBER else " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
        raise WorkspaceError(f"{where}.{key} must be {names} (got {_short(value)})")
    return value


_TYPE_NAMES = {
    int: "a whole number",
    float: "a number",
    str: "text",
    bool: "true or false",
    dict: "an object",
    list: "a list",
}
NUMBER = (int, float)


def _short(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _config(d: dict, where: str) -> TrainConfig:
    """A config with the right types and known choices (ranges are the controls' business)."""
    try:
        config = TrainConfig.from_dict(d)
    except ConfigError as exc:
        raise WorkspaceError(f"{where}.{exc.field} {exc.message}") from None
    kinds = {"int": int, "float": NUMBER, "bool": bool, "str": str}
    for f in dataclasses.fields(TrainConfig):
        _get(config.to_dict(), f.name, kinds[f.type], where)
    if config.dataset not in DATASETS and config.dataset != CUSTOM:
        raise WorkspaceError(f"{where}.dataset: unknown dataset {config.dataset!r}")
    for name, allowed in CHOICES.items():
        if getattr(config, name) not in allowed:
            raise WorkspaceError(f"{where}.{name}: unknown value {getattr(config, name)!r}")
    for name, (lo, hi) in LIMITS.items():
        value = getattr(config, name)
        if not lo <= value <= hi:
            raise WorkspaceError(f"{where}.{name} must be in [{lo:g}, {hi:g}] (got {value:g})")
    return config


def _run(item: Any, k: int, arrays: dict[str, np.ndarray]) -> RunRecord:
    where = f"runs[{k}]"
    run_id = _get(item, "id", int, where)
    name = _get(item, "name", str, where)
    visible = _get(item, "visible", bool, where)
    config = _config(_get(item, "config", dict, where), f"{where}.config")
    per_epoch = _get(item, "steps_per_epoch", int, where)
    last = _get(item, "last_batch_size", int, where)
    steps = _get(item, "steps", int, where)
    status = _get(item, "status", str, where)
    if status not in STATUSES:
        raise WorkspaceError(f"{where}.status: unknown status {status!r}")
    if per_epoch < 1 or last < 0 or steps < 0:
        raise WorkspaceError(f"{where}: steps_per_epoch, last_batch_size and steps must not be negative")
    message = _get(item, "message", str, where)
    device = _get(item, "device", str, where)
    elapsed = float(_get(item, "elapsed_s", NUMBER, where))
    diverged = _get(item, "diverged_step", int, where, optional=True)
    changes = _get(item, "changes", list, where)
    for i, change in enumerate(changes):
        if not isinstance(change, dict) or not all(
            isinstance(v, (int, float, str, bool)) or v is None for v in change.values()
        ):
            raise WorkspaceError(f"{where}.changes[{i}] must be an object of plain values")
    stability = _get(item, "stability", dict, where, optional=True)
    if stability is not None and not all(
        (isinstance(v, (int, float)) and not isinstance(v, bool)) or v is None for v in stability.values()
    ):
        raise WorkspaceError(f"{where}.stability must hold numbers")
    epochs = [_epoch(e, f"{where}.epochs[{i}]") for i, e in enumerate(_get(item, "epochs", list, where))]
    segments = []
    for i, seg in enumerate(_get(item, "watch_segments", list, where)):
        segments.append(_segment(seg, f"{where}.watch_segments[{i}]"))

    columns: dict[str, np.ndarray] = {}
    for name_ in (*STEP_FIELDS, "watch_values", "watch_norms"):
        key = f"run{k}.{name_}"
        if key not in arrays:
            if name_.startswith("watch"):
                continue
            raise WorkspaceError(f"{where}: the array {key} is missing from {ARRAYS_NAME}")
        a = arrays[key]
        if a.dtype.kind not in "iuf" or (name_ == "batch_size" and a.dtype.kind == "f"):
            raise WorkspaceError(f"{where}: the array {key} holds {a.dtype}, not numbers")
        columns[name_] = a
    if ("watch_values" in columns) != ("watch_norms" in columns):
        raise WorkspaceError(f"{where}: watched values without their norms")
    if any(len(a) != steps for a in columns.values()):
        raise WorkspaceError(f"{where}: its arrays do not hold {steps:,} steps each")
    try:
        history = History.from_arrays(columns, epochs, segments)
    except (ValueError, TypeError) as exc:
        raise WorkspaceError(f"{where}: {exc}") from None
    result = RunResult(
        config, per_epoch, last, history, status, message, device, diverged, elapsed, changes, stability
    )
    return RunRecord(run_id, name, result, visible)


def _epoch(e: Any, where: str) -> EpochRecord:
    acc = _get(e, "val_accuracy", NUMBER, where, optional=True)
    return EpochRecord(
        _get(e, "epoch", int, where),
        float(_get(e, "train_loss", NUMBER, where)),
        float(_get(e, "val_loss", NUMBER, where)),
        None if acc is None else float(acc),
        float(_get(e, "time_s", NUMBER, where)),
        _get(e, "steps", int, where),
    )


def _segment(seg: Any, where: str) -> tuple[int, tuple]:
    if (
        not isinstance(seg, list)
        or len(seg) != 2
        or not isinstance(seg[0], int)
        or not isinstance(seg[1], list)
        or len(seg[1]) > MAX_WATCH
    ):
        raise WorkspaceError(f"{where} must be [first step, [[name, index], …]]")
    entries = []
    for entry in seg[1]:
        if (
            not isinstance(entry, list)
            or len(entry) != 2
            or not isinstance(entry[0], str)
            or not isinstance(entry[1], list)
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in entry[1])
        ):
            raise WorkspaceError(f"{where}: a watched entry must be [name, [index, …]]")
        entries.append((entry[0], tuple(entry[1])))
    return seg[0], tuple(entries)


def _data(d: Any, arrays: dict[str, np.ndarray]) -> ImportedData | None:
    if d is None:
        return None
    where = "data"
    name = _get(d, "name", str, where)
    task = _get(d, "task", str, where)
    if task not in ("classification", "regression"):
        raise WorkspaceError(f"data.task: unknown task {task!r}")
    features = _get(d, "features", int, where)
    names = _get(d, "feature_names", list, where)
    classes = _get(d, "classes", list, where)
    if len(names) != features or not all(isinstance(n, str) for n in names):
        raise WorkspaceError("data.feature_names must name every feature")
    if not all(isinstance(c, str) for c in classes):
        raise WorkspaceError("data.classes must be text labels")
    if (task == "classification") != (len(classes) >= 2) or len(classes) > 1000:
        raise WorkspaceError(
            "data.classes must list two or more labels for classification, none for regression"
        )
    standardized = _get(d, "standardized", bool, where)
    parts = {}
    for key in ("x_train", "y_train", "x_val", "y_val", *(("mean", "std") if standardized else ())):
        a = arrays.get(f"data.{key}")
        if a is None:
            raise WorkspaceError(f"data: the array data.{key} is missing from {ARRAYS_NAME}")
        if a.dtype.kind not in "iuf":
            raise WorkspaceError(f"data: the array data.{key} holds {a.dtype}, not numbers")
        parts[key] = a
    train, val = _get(d, "train_rows", int, where), _get(d, "val_rows", int, where)
    for part, rows in (("train", train), ("val", val)):
        x, y = parts[f"x_{part}"], parts[f"y_{part}"]
        if x.shape != (rows, features) or y.shape != (rows,):
            raise WorkspaceError(f"data: the {part} arrays do not have {rows:,} rows of {features} features")
        if not np.isfinite(x).all() or not np.isfinite(y.astype(np.float64)).all():
            raise WorkspaceError(f"data: the {part} arrays hold NaN or infinite values")
        if task == "classification" and (
            y.dtype.kind == "f" or y.min(initial=0) < 0 or y.max(initial=0) >= len(classes)
        ):
            raise WorkspaceError(f"data: the {part} targets are not class numbers 0 … {len(classes) - 1}")
    if standardized and (parts["mean"].shape != (features,) or parts["std"].shape != (features,)):
        raise WorkspaceError("data: the standardisation does not match the features")
    ytype = np.int64 if task == "classification" else np.float32

    def tensor(a: np.ndarray, dtype) -> torch.Tensor:
        return torch.from_numpy(np.ascontiguousarray(a, dtype=dtype))

    dataset = Dataset(
        name,
        task,
        tensor(parts["x_train"], np.float32),
        tensor(parts["y_train"], ytype),
        tensor(parts["x_val"], np.float32),
        tensor(parts["y_val"], ytype),
        len(classes) if task == "classification" else 0,
    )
    return ImportedData(
        dataset,
        _get(d, "source", str, where),
        tuple(names),
        _get(d, "target", str, where),
        tuple(classes),
        float(_get(d, "val_fraction", NUMBER, where)),
        _get(d, "seed", int, where),
        parts.get("mean"),
        parts.get("std"),
    )
