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
from typing import Any, BinaryIO

import numpy as np
import torch

from core import __version__
from core.experiments.runs import RunRecord
from core.io.export import atomic_write_bytes, finite
from core.io.importer import MAX_TRAIN, MAX_VALUES, VAL_FRACTION, ImportedData
from core.io.safezip import (
    UnsafeFileError,
    Window,
    check_regular,
    check_sizes,
    load_npz,
    open_zip,
    read_member,
    stored_member,
)
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
VERSION = 2  # 2: epochs[] name both training losses (train_loss_running, train_loss_end); 1 is read too
SUFFIX = ".sgdlab"
JSON_NAME, ARRAYS_NAME = "workspace.json", "arrays.npz"
MAX_JSON_BYTES = 32 * 2**20
# What arrays.npz may unpack to: the largest imported table (float32) and 256 MB of runs, at least 512 MB.
MAX_ARRAY_BYTES = max(512 * 2**20, 256 * 2**20 + 4 * MAX_VALUES + 16 * MAX_TRAIN)
MAX_FILE_BYTES = MAX_JSON_BYTES + MAX_ARRAY_BYTES  # a workspace holding the largest table reopens
MAX_RUNS = 10_000
# workspace.json's objects and lists, and its values, counted from the text before it is parsed
# (JSON such as [0,[]],… costs Python 20 to 40 times its size): parsed, they take at most ~80 MB
MAX_JSON_CONTAINERS = 100_000
MAX_JSON_VALUES = 1_000_000
MAX_WHOLE = 2**53  # any whole number in workspace.json (steps, ids, …): exact as a float, too
# The dtypes the format names for each array (little-endian, as np.savez writes them).
F64, F32, I32, I64 = (np.dtype(t) for t in ("<f8", "<f4", "<i4", "<i8"))
STEP_DTYPES = {name: (I32,) if name == "batch_size" else (F64,) for name in STEP_FIELDS}
WATCH_DTYPES = (F32, F64)
DATA_DTYPES = {
    "x_train": (F32,),
    "x_val": (F32,),
    "y_train": (I64, F32),
    "y_val": (I64, F32),
    "mean": (F64,),
    "std": (F64,),
}
STABILITY_KEYS = ("hessian_max_eigenvalue", "lr_critical")
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
        if d.dataset.image_shape is not None:
            data["image_shape"] = list(d.dataset.image_shape)
        if d.data_source is not None:
            data["data_source"] = d.data_source
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "config": workspace.config.to_dict(),
        "data": data,
        "runs": runs,
    }
    text = json.dumps(finite(doc), indent=1, ensure_ascii=False, allow_nan=False)
    npz = io.BytesIO()
    np.savez(npz, **arrays)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:  # fixed dates: the same workspace gives the same bytes
        json_info = zipfile.ZipInfo(JSON_NAME, date_time=(1980, 1, 1, 0, 0, 0))
        json_info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(json_info, text)
        zf.writestr(zipfile.ZipInfo(ARRAYS_NAME, date_time=(1980, 1, 1, 0, 0, 0)), npz.getvalue())
    return out.getvalue()


# -- loading ---------------------------------------------------------------------------------------
def load_workspace(path: str | Path) -> Workspace:
    """Read and check a workspace file; any problem is a :class:`WorkspaceError`. The file is read
    where it lies, never whole into memory: the arrays member is stored, so its arrays are read
    from the file itself (see docs/workspace-format.md, "Memory")."""
    path = Path(path)
    try:
        size = check_regular(path).st_size
        if size > MAX_FILE_BYTES:
            most = MAX_FILE_BYTES // 2**20
            raise WorkspaceError(Message("workspace.too_large", name=path.name, mb=size / 2**20, most=most))
        with path.open("rb") as f:
            return _read_file(Window(f, 0, size))  # the size checked: a file that grows is not read on
    except FileNotFoundError:
        raise WorkspaceError(Message("file.missing", path=str(path))) from None
    except IsADirectoryError:
        raise WorkspaceError(Message("workspace.folder", path=str(path))) from None
    except OSError as exc:
        reason = foreign(str(exc.strerror or exc))
        raise WorkspaceError(Message("file.cannot_read", path=str(path), reason=reason)) from None


def read_workspace(raw: bytes) -> Workspace:
    """A workspace from the bytes of a workspace file."""
    return _read_file(io.BytesIO(raw))


def _read_file(fp: BinaryIO) -> Workspace:
    if fp.seek(0, 2) == 0:
        raise WorkspaceError(Message("file.empty"))
    fp.seek(0)
    try:
        return _read(fp)
    except UnsafeFileError as exc:
        raise WorkspaceError(exc.msg) from None


def _read(fp: BinaryIO) -> Workspace:
    if fp.read(2) != b"PK":
        raise WorkspaceError(Message("workspace.not_zip"))
    what = Message("zip.the_workspace")
    with open_zip(fp, what) as zf:
        names = zf.namelist()
        if len(set(names)) != len(names):
            raise WorkspaceError(Message("workspace.file_twice"))
        unknown = sorted(set(names) - {JSON_NAME, ARRAYS_NAME})
        if unknown:
            raise WorkspaceError(Message("workspace.unexpected_file", name=_said(unknown[0])))
        if JSON_NAME not in names:
            raise WorkspaceError(Message("workspace.no_json", name=JSON_NAME))
        check_sizes(zf, what, MAX_JSON_BYTES + MAX_ARRAY_BYTES)
        text = read_member(zf, JSON_NAME, what, MAX_JSON_BYTES)
        doc = _parse_json(text)
        del text
        arrays = {}
        if ARRAYS_NAME in names:
            npz = stored_member(zf, fp, ARRAYS_NAME, what)
            dtypes = _array_dtypes(doc)
            what = Message("zip.the_arrays")  # arrays the document does not name are never read
            arrays = load_npz(npz, what, MAX_ARRAY_BYTES, keys=tuple(dtypes), dtypes=dtypes, stored=True)
    return _build(doc, arrays)


def _array_dtypes(doc: dict) -> dict[str, tuple[np.dtype, ...]]:
    """The dtypes the format names for the arrays this document's runs and data have (any other
    array is refused before its data is read: one widened to float64 could cost 8 times its size)."""
    runs = doc.get("runs")
    count = min(len(runs), MAX_RUNS) if isinstance(runs, list) else 0
    out = {f"data.{key}": dtypes for key, dtypes in DATA_DTYPES.items()}
    for k in range(count):
        out.update({f"run{k}.{name}": dtypes for name, dtypes in STEP_DTYPES.items()})
        out[f"run{k}.watch_values"] = out[f"run{k}.watch_norms"] = WATCH_DTYPES
        out[f"run{k}.iteration_loss"] = (F64,)  # gradient accumulation: every mini-batch's loss
    return out


def _parse_json(text: bytes) -> dict:
    containers = text.count(b"[") + text.count(b"{")
    values = containers + text.count(b",") + text.count(b":")
    if containers > MAX_JSON_CONTAINERS or values > MAX_JSON_VALUES:
        most = {"containers": MAX_JSON_CONTAINERS, "values": MAX_JSON_VALUES}
        raise WorkspaceError(Message("workspace.json_too_many", name=JSON_NAME, **most))
    try:
        doc = json.loads(text.decode("utf-8"), parse_constant=_no_constant, object_pairs_hook=_object)
    except WorkspaceError:
        raise
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
        raise WorkspaceError(Message("workspace.version", version=_said(version)))
    if version > VERSION:
        raise WorkspaceError(Message("workspace.newer", version=version, supported=VERSION))
    return doc


def _no_constant(name: str) -> None:
    raise MessageError(Message("workspace.json_constant", name=name))


def _object(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON object; a key given twice is refused (which of the two would count is a guess)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise WorkspaceError(Message("workspace.key_twice", name=JSON_NAME, key=_short(twice)))
    return out


def _build(doc: dict, arrays: dict[str, np.ndarray]) -> Workspace:
    data = _data(doc.get("data"), arrays)
    config = _config(_get(doc, "config", dict, "workspace"), "config")
    if config.dataset == CUSTOM and data is None:
        raise WorkspaceError(Message("workspace.no_data"))
    runs_doc = _get(doc, "runs", list, "workspace")
    if len(runs_doc) > MAX_RUNS:
        raise WorkspaceError(Message("workspace.too_many_runs", count=len(runs_doc), most=MAX_RUNS))
    runs, ids = [], set()
    for k, item in enumerate(runs_doc):
        record = _run(item, k, arrays, data)
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
    """A JSON value as it goes into a one-line message, cut short (a 400-digit number too)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"{'-' if value < 0 else ''}about 10^{len(str(abs(value))) - 1}"
    try:
        text = json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else repr(value)
    except ValueError:  # deeper than json can write
        text = type(value).__name__
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "…"


def _said(value: Any) -> Any:
    """A value for a message shown with ``!r``: short values as they are, others cut short."""
    if value is None or isinstance(value, (bool, float)) or (isinstance(value, int) and abs(value) < 10**15):
        return value
    if isinstance(value, str) and len(value) <= 40 and value.isprintable():
        return value
    return _short(value)


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
        raise WorkspaceError(Message("workspace.unknown_dataset", where=where, name=_said(config.dataset)))
    for name, allowed in CHOICES.items():
        if getattr(config, name) not in allowed:
            value = _said(getattr(config, name))
            raise WorkspaceError(Message("workspace.unknown_value", where=where, key=name, value=value))
    for name, (lo, hi) in LIMITS.items():
        value = getattr(config, name)
        if not lo <= value <= hi:
            said = value if abs(value) < 1e300 else math.inf if value > 0 else -math.inf
            limits = {"low": lo, "high": hi, "value": said}
            raise WorkspaceError(Message("workspace.range", where=where, key=name, **limits))
    return config


def _whole(d: Any, key: str, where: str, low: int, high: int, optional: bool = False) -> int | None:
    """A whole number in [low, high]; None for a null when ``optional``."""
    value = _get(d, key, int, where, optional)
    if value is not None and not low <= value <= high:
        got = _short(value)
        raise WorkspaceError(
            Message("workspace.whole_range", where=where, key=key, low=low, high=high, got=got)
        )
    return value


def _float(
    d: Any, key: str, where: str, low: float = -math.inf, high: float = math.inf, optional: bool = False
) -> float | None:
    """A finite number in [low, high] as a float (an integer too large for a float is refused, as
    are NaN and infinity); None for a null when ``optional``."""
    value = _get(d, key, NUMBER, where, optional)
    if value is None:
        return None
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not (math.isfinite(number) and low <= number <= high):
        interval = f"[{_bound(low)}, {_bound(high)}]"
        got = _short(value)
        raise WorkspaceError(
            Message("workspace.number_range", where=where, key=key, interval=interval, got=got)
        )
    return number


def _bound(x: float) -> str:
    return "∞" if x == math.inf else "−∞" if x == -math.inf else f"{x:g}"


def _run(item: Any, k: int, arrays: dict[str, np.ndarray], data: ImportedData | None) -> RunRecord:
    where = f"runs[{k}]"
    run_id = _whole(item, "id", where, 0, MAX_WHOLE)
    name = _get(item, "name", str, where)
    visible = _get(item, "visible", bool, where)
    config = _config(_get(item, "config", dict, where), f"{where}.config")
    status = _get(item, "status", str, where)
    if status not in STATUSES:
        raise WorkspaceError(Message("workspace.unknown_status", where=where, status=_said(status)))
    # the epoch's arithmetic: at most one step a sample, at most a batch in the last step
    per_epoch = _whole(item, "steps_per_epoch", where, 1, config.samples)
    last = _whole(item, "last_batch_size", where, 0, config.batch_size)
    steps = _whole(item, "steps", where, 0, config.epochs * per_epoch)
    message = _get(item, "message", str, where)
    device = _get(item, "device", str, where)
    elapsed = _float(item, "elapsed_s", where, 0.0)
    diverged = _whole(item, "diverged_step", where, 1, steps + 1, optional=True)
    changes = _get(item, "changes", list, where)
    for i, change in enumerate(changes):
        if not isinstance(change, dict) or not all(
            isinstance(v, (str, bool)) or v is None or (isinstance(v, (int, float)) and _finite_number(v))
            for v in change.values()
        ):
            raise WorkspaceError(Message("workspace.changes", where=where, index=i))
    stability = _stability(item, where)
    epochs_doc = _get(item, "epochs", list, where)
    if len(epochs_doc) > config.epochs:
        raise WorkspaceError(Message("workspace.too_many_epochs", where=where, epochs=config.epochs))
    epochs = [_epoch(e, f"{where}.epochs[{i}]", config, steps) for i, e in enumerate(epochs_doc)]
    shapes = _shapes(config, data)
    segments = []
    for i, seg in enumerate(_get(item, "watch_segments", list, where)):
        segment = _segment(seg, f"{where}.watch_segments[{i}]", steps, shapes)
        if segments and segment[0] <= segments[-1][0]:
            raise WorkspaceError(Message("workspace.segment_order", where=f"{where}.watch_segments[{i}]"))
        segments.append(segment)

    columns: dict[str, np.ndarray] = {}
    for name_ in (*STEP_FIELDS, "watch_values", "watch_norms", "iteration_loss"):
        key = f"run{k}.{name_}"
        if key not in arrays:
            if name_.startswith("watch") or name_ == "iteration_loss":
                continue
            raise WorkspaceError(Message("workspace.array_missing", where=where, key=key, npz=ARRAYS_NAME))
        columns[name_] = arrays[key]
    if ("watch_values" in columns) != ("watch_norms" in columns):
        raise WorkspaceError(Message("workspace.norms", where=where))
    if segments and "watch_values" not in columns:
        raise WorkspaceError(Message("workspace.segments_without_values", where=where))
    iterations = columns.pop("iteration_loss", None)
    if any(a.ndim == 0 or len(a) != steps for a in columns.values()):
        raise WorkspaceError(Message("workspace.steps", where=where, steps=steps))
    if iterations is not None and not (
        config.accumulate > 1
        and iterations.ndim == 1
        and steps <= len(iterations) <= steps * config.accumulate
        and np.isfinite(iterations).all()
    ):  # an optimizer step takes 1 to k iterations, each loss finite
        raise WorkspaceError(Message("workspace.iterations", where=where, steps=steps, k=config.accumulate))
    for name_ in ("loss", "lr", "grad_norm", "time_s", "momentum"):  # what the engine records is finite
        if not np.isfinite(columns[name_]).all():
            raise WorkspaceError(Message("workspace.array_finite", where=where, key=f"run{k}.{name_}"))
    sizes = columns["batch_size"]  # the samples of each step: with accumulation, of k mini-batches
    most = config.batch_size * config.accumulate
    if len(sizes) and not (sizes.min() >= 1 and sizes.max() <= most):
        key = f"run{k}.batch_size"
        raise WorkspaceError(Message("workspace.batch_sizes", where=where, key=key, most=most))
    try:
        history = History.from_arrays(
            columns if iterations is None else {**columns, "iteration_loss": iterations}, epochs, segments
        )
    except (ValueError, TypeError) as exc:
        problem = exc.msg if isinstance(exc, MessageError) else str(exc)
        raise WorkspaceError(Message("workspace.history", where=where, problem=problem)) from None
    result = RunResult(
        config, per_epoch, last, history, status, message, device, diverged, elapsed, changes, stability
    )
    result.msg = _run_message(result)
    if config.dataset == CUSTOM and data is not None:
        result.data_source = data.data_source
    return RunRecord(run_id, name, result, visible)


def _finite_number(v: int | float) -> bool:
    try:
        return math.isfinite(v)
    except OverflowError:
        return False


def _stability(item: dict, where: str) -> dict | None:
    """``null`` or the two-parameter model's bound: known keys only (they go into the result JSON
    beside its own), each a finite number or null."""
    stability = _get(item, "stability", dict, where, optional=True)
    if stability is None:
        return None
    unknown = [key for key in stability if key not in STABILITY_KEYS]
    if unknown:
        raise WorkspaceError(Message("workspace.stability_key", where=where, key=_short(unknown[0])))
    return {key: _float(stability, key, f"{where}.stability", optional=True) for key in stability}


def _shapes(config: TrainConfig, data: ImportedData | None) -> dict[str, tuple[int, ...]] | None:
    """The shapes of the run's model parameters (None for imported data the workspace lacks)."""
    if config.dataset == CUSTOM:
        if data is None:
            return None
        return data.dataset.info().parameter_shapes(config.model, config.hidden)
    return BUILT_IN[config.dataset].parameter_shapes(config.model, config.hidden)


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
            for term in ("term.loss", "term.gradient_norm", "term.validation_loss", "term.training_loss")
            for value in (math.inf, -math.inf, math.nan)
        ]
    else:
        candidates = []
    return next((m for m in candidates if str(m) == r.message), None)


def _epoch(e: Any, where: str, config: TrainConfig, steps: int) -> EpochRecord:
    # format 1 named the running mean of the mini-batch losses "train_loss"
    running = "train_loss" if isinstance(e, dict) and "train_loss_running" not in e else "train_loss_running"
    return EpochRecord(
        _whole(e, "epoch", where, 1, config.epochs),
        _float(e, running, where),
        _float(e, "val_loss", where),
        _float(e, "val_accuracy", where, 0.0, 1.0, optional=True),
        _float(e, "time_s", where, 0.0),
        _whole(e, "steps", where, 0, steps),
        _float(e, "train_loss_end", where, optional=True),
        _float(e, "duration_s", where, 0.0, optional=True),
    )


def _segment(
    seg: Any, where: str, steps: int, shapes: dict[str, tuple[int, ...]] | None
) -> tuple[int, tuple]:
    """[first step, [[parameter name, [index, …]], …]]: a step of the run (or the one after its
    last), and at most MAX_WATCH entries of the model's parameters, each index within its shape."""
    if (
        not isinstance(seg, list)
        or len(seg) != 2
        or type(seg[0]) is not int
        or not isinstance(seg[1], list)
        or len(seg[1]) > MAX_WATCH
    ):
        raise WorkspaceError(Message("workspace.segment", where=where))
    if not 1 <= seg[0] <= steps + 1:
        raise WorkspaceError(Message("workspace.segment_step", where=where, last=steps + 1))
    entries = []
    for entry in seg[1]:
        if (
            not isinstance(entry, list)
            or len(entry) != 2
            or not isinstance(entry[0], str)
            or not isinstance(entry[1], list)
            or not all(type(i) is int for i in entry[1])
        ):
            raise WorkspaceError(Message("workspace.entry", where=where))
        name, index = entry[0], tuple(entry[1])
        shape = None if shapes is None else shapes.get(name)
        if shapes is not None and (
            shape is None
            or len(index) != len(shape)
            or not all(0 <= i < n for i, n in zip(index, shape, strict=True))
        ):
            raise WorkspaceError(Message("workspace.entry_unknown", where=where, name=_said(name)))
        entries.append((name, index))
    if len(set(entries)) != len(entries):
        raise WorkspaceError(Message("workspace.entry", where=where))
    return seg[0], tuple(entries)


def _data(d: Any, arrays: dict[str, np.ndarray]) -> ImportedData | None:
    if d is None:
        return None
    where = "data"
    name = _get(d, "name", str, where)
    task = _get(d, "task", str, where)
    if task not in ("classification", "regression"):
        raise WorkspaceError(Message("workspace.task", task=_said(task)))
    features = _whole(d, "features", where, 1, MAX_VALUES)
    names = _get(d, "feature_names", list, where)
    classes = _get(d, "classes", list, where)
    if len(names) != features or not all(isinstance(n, str) for n in names):
        raise WorkspaceError(Message("workspace.feature_names"))
    if not all(isinstance(c, str) for c in classes):
        raise WorkspaceError(Message("workspace.classes_text"))
    if (task == "classification") != (len(classes) >= 2) or len(classes) > 1000:
        raise WorkspaceError(Message("workspace.classes_count"))
    standardized = _get(d, "standardized", bool, where)
    ytype = np.int64 if task == "classification" else np.float32
    parts = {}
    for key in ("x_train", "y_train", "x_val", "y_val", *(("mean", "std") if standardized else ())):
        a = arrays.get(f"data.{key}")
        if a is None:
            missing = Message("workspace.array_missing", where=where, key=f"data.{key}", npz=ARRAYS_NAME)
            raise WorkspaceError(missing)
        wanted = {"y_train": ytype, "y_val": ytype}.get(
            key, np.float64 if key in ("mean", "std") else np.float32
        )
        if a.dtype != wanted:
            kind = {"key": f"data.{key}", "dtype": str(a.dtype), "wanted": str(np.dtype(wanted))}
            raise WorkspaceError(Message("workspace.array_dtype", where=where, **kind))
        parts[key] = a
    train = _whole(d, "train_rows", where, 1, MAX_TRAIN)
    val = _whole(d, "val_rows", where, 1, MAX_VALUES)
    for part, rows in (("train", train), ("val", val)):
        x, y = parts[f"x_{part}"], parts[f"y_{part}"]
        said = Message(f"part.{part}")
        if x.shape != (rows, features) or y.shape != (rows,):
            raise WorkspaceError(Message("workspace.data_shape", part=said, rows=rows, features=features))
        if not np.isfinite(x).all() or (y.dtype.kind == "f" and not np.isfinite(y).all()):
            raise WorkspaceError(Message("workspace.data_finite", part=said))
        if task == "classification" and (
            y.dtype.kind == "f" or y.min(initial=0) < 0 or y.max(initial=0) >= len(classes)
        ):
            raise WorkspaceError(Message("workspace.data_classes", part=said, last=len(classes) - 1))
    if standardized and (
        parts["mean"].shape != (features,)
        or parts["std"].shape != (features,)
        or not (np.isfinite(parts["mean"]).all() and np.isfinite(parts["std"]).all())
    ):
        raise WorkspaceError(Message("workspace.standardisation"))

    def tensor(a: np.ndarray, dtype) -> torch.Tensor:
        return torch.from_numpy(np.ascontiguousarray(a, dtype=dtype))

    shape = _get(d, "image_shape", list, where, optional=True)
    if shape is not None and (
        len(shape) != 2
        or not all(type(v) is int and v >= 1 for v in shape)
        or shape[0] * shape[1] != features
    ):
        raise WorkspaceError(Message("workspace.image_shape", features=features))
    dataset = Dataset(
        name,
        task,
        tensor(parts["x_train"], np.float32),
        tensor(parts["y_train"], ytype),
        tensor(parts["x_val"], np.float32),
        tensor(parts["y_val"], ytype),
        len(classes) if task == "classification" else 0,
        tuple(shape) if shape is not None else None,
    )
    return ImportedData(
        dataset,
        _get(d, "source", str, where),
        tuple(names),
        _get(d, "target", str, where),
        tuple(classes),
        _float(d, "val_fraction", where, VAL_FRACTION[0], VAL_FRACTION[1]),
        _whole(d, "seed", where, 0, MAX_WHOLE),
        parts.get("mean"),
        parts.get("std"),
        data_source=_data_source(_get(d, "data_source", dict, where, optional=True)),
    )


DATA_SOURCE_KEYS = {
    "path": str, "size": int, "sha256": str, "target": str, "features": list, "columns": list, "task": str,
    "header": bool, "delimiter": (str, type(None)), "rows_dropped": int, "classes": list, "missing": str,
    "val_fraction": (int, float), "standardize": bool, "split": str, "image_shape": list,
}  # fmt: skip


def _data_source(d: dict | None) -> dict | None:
    """``data.data_source``, the imported file's provenance: known keys only, each of its type (lists of
    text), as the importer writes it."""
    if d is None:
        return None
    for key, value in d.items():
        kind = DATA_SOURCE_KEYS.get(key)
        ok = kind is not None and isinstance(value, kind) and (isinstance(value, bool) == (kind is bool))
        if ok and isinstance(value, list):
            kind = int if key == "image_shape" else str  # (height, width); the others list names
            ok = all(isinstance(v, kind) and not isinstance(v, bool) for v in value)
        if not ok:
            raise WorkspaceError(Message("workspace.data_source", key=_said(key)))
    return d
