"""Writing results: atomic file writes, the result JSON and a per-step CSV."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.training.config import TrainConfig

if TYPE_CHECKING:
    from core.training.engine import RunResult


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``: readers see the old file or the new one, never half of one. On any error (a full
    disk, a read-only folder) the temporary file is removed, the old file is left as it was and the
    OSError is raised. The file keeps the permissions of the file it replaces; a new one gets the
    user's umask, as an editor's would."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    fd, tmp = _create_beside(path)
    try:
        try:
            if mode is not None:
                _set_mode(fd, tmp, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[int, str]:
    """A new, empty temporary file in ``path``'s folder, opened for writing: created with mode
    0o666 less the umask (tempfile.mkstemp would make it 0o600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _set_mode(fd: int, tmp: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # Windows: only the read-only flag
        os.chmod(tmp, mode)


def atomic_write_text(path: str | Path, text: str) -> None:
    """:func:`atomic_write_bytes` for text, in UTF-8 (line ends as given)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def write_config(config: TrainConfig, path: str | Path) -> None:
    """Save a config as the JSON that ``--config`` reads, atomically."""
    atomic_write_text(path, json.dumps(config.to_dict(), indent=1, allow_nan=False) + "\n")


def result_json(result: RunResult) -> str:
    """The result JSON text (strict JSON: a number that is not finite is written as null)."""
    return json.dumps(finite(result.to_dict()), indent=1, allow_nan=False) + "\n"


def finite(value: Any) -> Any:
    """``value`` with every float that is not finite replaced by None (null in strict JSON)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def result_csv(result: RunResult) -> str:
    """One row per optimizer step; the epoch's metrics on the row of its last step."""
    h = result.history
    per_epoch = result.steps_per_epoch
    ends = {}
    done = 0
    for record in h.epochs:
        done += record.steps
        ends[done] = record
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(
        [
            "step",
            "epoch",
            "iteration",
            "batch_size",
            "loss",
            "lr",
            "grad_norm",
            "time_s",
            "train_loss_running",
            "train_loss_end",
            "val_loss",
            "val_accuracy",
            "gap",
            "duration_s",
        ]
    )
    cols = [h.column(name).tolist() for name in ("batch_size", "loss", "lr", "grad_norm", "time_s")]
    for i, (size, loss, lr, norm, t) in enumerate(zip(*cols, strict=True)):
        step = i + 1
        row = [
            step,
            i // per_epoch + 1,
            i % per_epoch + 1,
            size,
            repr(loss),
            repr(lr),
            repr(norm),
            f"{t:.6f}",
        ]
        record = ends.get(step)
        if record is not None:
            row += [
                _cell(record.train_loss_running),
                _cell(record.train_loss_end),
                _cell(record.val_loss),
                _cell(record.val_accuracy),
                _cell(record.gap),
                "" if record.duration_s is None else f"{record.duration_s:.6f}",
            ]
        else:
            row += [""] * 6
        out.writerow(row)
    return buf.getvalue()


def _cell(value: float | None) -> str:
    """A CSV cell: the number as Python writes it back exactly, empty for None."""
    return "" if value is None else repr(value)


def write_result(result: RunResult, path: str | Path) -> None:
    """Write the result as JSON or CSV, chosen by the file's suffix, atomically."""
    path = Path(path)
    text = result_csv(result) if path.suffix.lower() == ".csv" else result_json(result)
    atomic_write_text(path, text)
