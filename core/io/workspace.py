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
from core.messages import Message, MessageError, either, foreign
from core.training.config import (
    BUILT_IN,
    CUSTOM,
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


class WorkspaceError(MessageError):
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
            most = MAX_FILE_BYTES // 2**20
            raise WorkspaceError(Message("workspace.too_large", name=path.name, mb=size / 2**20, most=most))
    except FileNotFoundError:
        raise WorkspaceError(Message("file.missing", path=str(path))) from None
    except IsADirectoryError:
        raise WorkspaceError(Message("workspace.folder", path=str(path))) from None
    except OSError as exc:
        reason = foreign(str(exc.strerror or exc))
        raise WorkspaceError(Message("file.cannot_read", path=str(path), reason=reason)) from None
    return read_workspace(raw)


def read_workspace(raw: bytes) -> Workspace:
    """A workspace from the bytes of a workspace file."""
    if not raw:
        raise WorkspaceError(Message("file.empty"))
    try:
        return _read(raw)
    except UnsafeFileError as exc:
        raise WorkspaceError(exc.msg) from None


def _read(raw: bytes) -> Workspace:
    if not raw.startswith(b"PK"):
        raise WorkspaceError(Message("workspace.not_zip"))
    what = Message("zip.the_workspace")
    with open_zip(io.BytesIO(raw), what) as zf:
        names = zf.namelist()
        if len(set(names)) != len(names):
            raise WorkspaceError(Message("workspace.file_twice"))
        unknown = sorted(set(names) - {JSON_NAME, ARRAYS_NAME})
        if unknown:
            raise WorkspaceError(Message("workspace.unexpected_file", name=unknown[0]))
        if JSON_NAME not in names:
            raise WorkspaceError(Message("workspace.no_json", name=JSON_NAME))
        check_sizes(zf, what, MAX_JSON_BYTES + MAX_ARRAY_BYTES)
        text = read_member(zf, JSON_NAME, what, MAX_JSON_BYTES)
        doc = _parse_json(text)
        npz = read_member(zf, ARRAYS_NAME, what, MAX_ARRAY_BYTES) if ARRAYS_NAME in names else None
    return _build(doc, npz)


def _parse_json(text: bytes) -> dict:
    try:
        doc = json.loads(text.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise WorkspaceError(Message("workspace.not_utf8", name=JSON_NAME)) from None
    except json.JSONDecodeError as exc:
        where = {"path": JSON_NAME, "line": exc.lineno, "column": exc.colno}
        raise WorkspaceError(Message("file.bad_json", **where, detail=foreign(exc.msg))) from None
    except (RecursionError, ValueError) as exc:
        detail = exc.msg if isinstance(exc, MessageError) else foreign(str(exc))
        raise WorkspaceError(Message("workspace.unreadable", name=JSON_NAME, detail=detail)) from None
    if not isinstance(doc, dict):
        raise WorkspaceError(Message("workspace.not_an_object", name=JSON_NAME))
    if doc.get("format") != FORMAT:
        raise WorkspaceError(Message("workspace.not_ours"))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkspaceError(Message("workspace.version", version=version))
    if version > VERSION:
        raise WorkspaceError(Message("workspace.newer", version=version, supported=VERSION))
    return doc


def _no_constant(name: str) -> None:
    raise MessageError(Message("workspace.json_constant", name=name))


def _build(doc: dict, npz: bytes | None) -> Workspace:
    arrays = load_npz(npz, Message("zip.the_arrays"), MAX_ARRAY_BYTES) if npz is not None else {}
    data = _data(doc.get("data"), arrays)
    config = _config(_get(doc, "config", dict, "workspace"), "config")
    if config.dataset == CUSTOM and data is None:
        raise WorkspaceError(Message("workspace.no_data"))
    runs_doc = _get(doc, "runs", list, "workspace")
    if len(runs_doc) > MAX_RUNS:
        raise WorkspaceError(Message("workspace.too_many_runs", count=len(runs_doc), most=MAX_RUNS))
    runs, ids = [], set()
    for k, item in enumerate(runs_doc):
        record = _run(item, k, arrays)
        if record.run_id in ids:
            raise WorkspaceError(Message("workspace.id_twice", where=f"runs[{k}]", run_id=record.run_id))
        ids.add(record.run_id)
        runs.append(record)
    return Workspace(config, runs, data)


def _get(d: Any, key: str, kind: type | tuple[type, ...], where: str, optional: bool = False) -> Any:
    if not isinstance(d, dict):
        raise WorkspaceError(Message("workspace.object", where=where))
    top = where == "workspace"  # the document itself: said as "workspace.runs"
    if key not in d:
        if optional:
            return None
        missing = (
            Message("workspace.top_missing", key=key)
            if top
            else Message("workspace.missing", where=where, key=key)
        )
        raise WorkspaceError(missing)
    value = d[key]
    if optional and value is None:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if ok and isinstance(value, float) and not math.isfinite(value):
        ok = False
    if not ok:
        names = (
            Message("kind.number") if kinds == NUMBER else either([Message(_TYPE_NAMES[k]) for k in kinds])
        )
        got = _short(value)
        wrong = (
            Message("workspace.top_kind", key=key, kind=names, got=got)
            if top
            else Message("workspace.kind", where=where, key=key, kind=names, got=got)
        )
        raise WorkspaceError(wrong)
    return value


_TYPE_NAMES = {
    int: "kind.whole_number",
    float: "kind.number",
    str: "kind.text",
    bool: "kind.true_or_false",
    dict: "kind.object",
    list: "kind.list",
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
        raise WorkspaceError(
            Message("workspace.config_refused", where=where, field=exc.field, problem=exc.msg)
        ) from None
    kinds = {"int": int, "float": NUMBER, "bool": bool, "str": str}
    for f in dataclasses.fields(TrainConfig):
        _get(config.to_dict(), f.name, kinds[f.type], where)
    if config.dataset not in BUILT_IN and config.dataset != CUSTOM:
        raise WorkspaceError(Message("workspace.unknown_dataset", where=where, name=config.dataset))
    for name, allowed in CHOICES.items():
        if getattr(config, name) not in allowed:
            raise WorkspaceError(
                Message("workspace.unknown_value", where=where, key=name, value=getattr(config, name))
            )
    for name, (lo, hi) in LIMITS.items():
        value = getattr(config, name)
        if not lo <= value <= hi:
            limits = {"low": lo, "high": hi, "value": value}
            raise WorkspaceError(Message("workspace.range", where=where, key=name, **limits))
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
        raise WorkspaceError(Message("workspace.unknown_status", where=where, status=status))
    if per_epoch < 1 or last < 0 or steps < 0:
        raise WorkspaceError(Message("workspace.negative", where=where))
    message = _get(item, "message", str, where)
    device = _get(item, "device", str, where)
    elapsed = float(_get(item, "elapsed_s", NUMBER, where))
    diverged = _get(item, "diverged_step", int, where, optional=True)
    changes = _get(item, "changes", list, where)
    for i, change in enumerate(changes):
        if not isinstance(change, dict) or not all(
            isinstance(v, (int, float, str, bool)) or v is None for v in change.values()
        ):
            raise WorkspaceError(Message("workspace.changes", where=where, index=i))
    stability = _get(item, "stability", dict, where, optional=True)
    if stability is not None and not all(
        (isinstance(v, (int, float)) and not isinstance(v, bool)) or v is None for v in stability.values()
    ):
        raise WorkspaceError(Message("workspace.stability", where=where))
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
            raise WorkspaceError(Message("workspace.array_missing", where=where, key=key, npz=ARRAYS_NAME))
        a = arrays[key]
        if a.dtype.kind not in "iuf" or (name_ == "batch_size" and a.dtype.kind == "f"):
            raise WorkspaceError(Message("workspace.array_kind", where=where, key=key, dtype=str(a.dtype)))
        columns[name_] = a
    if ("watch_values" in columns) != ("watch_norms" in columns):
        raise WorkspaceError(Message("workspace.norms", where=where))
    if any(len(a) != steps for a in columns.values()):
        raise WorkspaceError(Message("workspace.steps", where=where, steps=steps))
    try:
        history = History.from_arrays(columns, epochs, segments)
    except (ValueError, TypeError) as exc:
        problem = exc.msg if isinstance(exc, MessageError) else str(exc)
        raise WorkspaceError(Message("workspace.history", where=where, problem=problem)) from None
    result = RunResult(
        config, per_epoch, last, history, status, message, device, diverged, elapsed, changes, stability
    )
    result.msg = _run_message(result)
    return RunRecord(run_id, name, result, visible)


def _run_message(r: RunResult) -> Message | None:
    """The message of a run read back, as data: the one its status and numbers give, when it is the
    saved text (None otherwise, e.g. an engine failure's words: the text is shown as saved)."""
    if r.status == COMPLETED:
        candidates = [Message("run.completed", steps=r.history.size, epochs=r.config.epochs)]
    elif r.status == STOPPED:
        candidates = [Message("run.stopped", steps=r.history.size, total=r.total_steps)]
    elif r.status == DIVERGED and r.diverged_step is not None:
        candidates = [
            Message("run.diverged", step=r.diverged_step, quantity=Message(term), value=value)
            for term in ("term.loss", "term.gradient_norm", "term.validation_loss")
            for value in (math.inf, -math.inf, math.nan)
        ]
    else:
        candidates = []
    return next((m for m in candidates if str(m) == r.message), None)


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
        raise WorkspaceError(Message("workspace.segment", where=where))
    entries = []
    for entry in seg[1]:
        if (
            not isinstance(entry, list)
            or len(entry) != 2
            or not isinstance(entry[0], str)
            or not isinstance(entry[1], list)
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in entry[1])
        ):
            raise WorkspaceError(Message("workspace.entry", where=where))
        entries.append((entry[0], tuple(entry[1])))
    return seg[0], tuple(entries)


def _data(d: Any, arrays: dict[str, np.ndarray]) -> ImportedData | None:
    if d is None:
        return None
    where = "data"
    name = _get(d, "name", str, where)
    task = _get(d, "task", str, where)
    if task not in ("classification", "regression"):
        raise WorkspaceError(Message("workspace.task", task=task))
    features = _get(d, "features", int, where)
    names = _get(d, "feature_names", list, where)
    classes = _get(d, "classes", list, where)
    if len(names) != features or not all(isinstance(n, str) for n in names):
        raise WorkspaceError(Message("workspace.feature_names"))
    if not all(isinstance(c, str) for c in classes):
        raise WorkspaceError(Message("workspace.classes_text"))
    if (task == "classification") != (len(classes) >= 2) or len(classes) > 1000:
        raise WorkspaceError(Message("workspace.classes_count"))
    standardized = _get(d, "standardized", bool, where)
    parts = {}
    for key in ("x_train", "y_train", "x_val", "y_val", *(("mean", "std") if standardized else ())):
        a = arrays.get(f"data.{key}")
        if a is None:
            missing = Message("workspace.array_missing", where=where, key=f"data.{key}", npz=ARRAYS_NAME)
            raise WorkspaceError(missing)
        if a.dtype.kind not in "iuf":
            kind = {"key": f"data.{key}", "dtype": str(a.dtype)}
            raise WorkspaceError(Message("workspace.array_kind", where=where, **kind))
        parts[key] = a
    train, val = _get(d, "train_rows", int, where), _get(d, "val_rows", int, where)
    for part, rows in (("train", train), ("val", val)):
        x, y = parts[f"x_{part}"], parts[f"y_{part}"]
        said = Message(f"part.{part}")
        if x.shape != (rows, features) or y.shape != (rows,):
            raise WorkspaceError(Message("workspace.data_shape", part=said, rows=rows, features=features))
        if not np.isfinite(x).all() or not np.isfinite(y.astype(np.float64)).all():
            raise WorkspaceError(Message("workspace.data_finite", part=said))
        if task == "classification" and (
            y.dtype.kind == "f" or y.min(initial=0) < 0 or y.max(initial=0) >= len(classes)
        ):
            raise WorkspaceError(Message("workspace.data_classes", part=said, last=len(classes) - 1))
    if standardized and (parts["mean"].shape != (features,) or parts["std"].shape != (features,)):
        raise WorkspaceError(Message("workspace.standardisation"))
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
