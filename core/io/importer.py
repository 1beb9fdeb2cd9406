"""Importing the learner's own data: a CSV table or a NumPy ``.npz`` file (arrays ``x`` and ``y``).

Everything is checked before it becomes a :class:`core.training.data.Dataset`: the file's size before it is
read, then every cell. A problem raises :class:`DataImportError` with one message that names the
row and column the way a spreadsheet shows them (1-based; with a header, the header is row 1).
The rows are split into training and validation parts with a seed, and features may be
standardised with the training part's mean and standard deviation only.
"""

from __future__ import annotations

import csv
import io
import math
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from core.io.safezip import UnsafeFileError, load_npz, read_bounded
from core.messages import Message, MessageError, foreign
from core.training.config import LIMITS
from core.training.data import Dataset

MAX_FILE_BYTES = 64 * 2**20  # a CSV is read into memory whole
MAX_NPZ_BYTES = 256 * 2**20  # what an .npz may unpack to
MAX_VALUES = 5_000_000  # rows × columns
MAX_CLASSES = 100
MAX_LABEL = 100  # characters in a class label
AUTO_MAX_CLASSES = 20  # "auto": whole-number targets with at most this many values are classes
MIN_TRAIN = int(LIMITS["samples"][0])
MAX_TRAIN = int(LIMITS["samples"][1])
PREVIEW_ROWS = 10
TASKS = ("auto", "classification", "regression")
DELIMITERS = ("\t", ";", ",", "|")  # tried in this order; None: runs of spaces
SAMPLE_CHARS = 64 * 1024
MAX_LINE_CHARS = 4 * 2**20  # any line of a CSV file, checked as it is read
MAX_COLUMNS = 100_000  # a row's cells, counted before they are split
VAL_FRACTION = (0.01, 0.9)


class DataImportError(MessageError):
    """A file that cannot be imported; the message says what and where."""


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file. ``target``: a column name or 1-based number (None: the last column);
    ``header``: None to detect it; ``delimiter``: None to detect it."""

    target: str | int | None = None
    task: str = "auto"
    header: bool | None = None
    delimiter: str | None = None
    val_fraction: float = 0.2
    standardize: bool = True
    seed: int = 0


@dataclass(frozen=True)
class Preview:
    """The first rows of a file as text, with the column names (``column 3`` without a header)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    has_header: bool
    delimiter: str | None  # None: spaces; "" for an .npz file


@dataclass(frozen=True)
class ImportedData:
    """Imported data ready to train on, and what is needed to describe and save it."""

    dataset: Dataset
    source: str  # the file's name
    feature_names: tuple[str, ...]
    target: str
    classes: tuple[str, ...]  # the label of class 0, 1, …; () for regression
    val_fraction: float
    seed: int
    mean: np.ndarray | None  # standardisation fitted on the training part; None when off
    std: np.ndarray | None

    @property
    def name(self) -> str:
        return self.dataset.name

    @property
    def task(self) -> str:
        return self.dataset.task

    @property
    def train_rows(self) -> int:
        return int(self.dataset.x_train.shape[0])

    @property
    def val_rows(self) -> int:
        return int(self.dataset.x_val.shape[0])

    @property
    def features(self) -> int:
        return self.dataset.features

    @property
    def num_classes(self) -> int:
        return self.dataset.num_classes

    def describe(self) -> str:
        """One line: rows, features, task."""
        kind = f"{self.num_classes} classes" if self.task == "classification" else "regression"
        scaled = ", standardised" if self.mean is not None else ""
        return (
            f"{self.source}: {self.train_rows:,} training + {self.val_rows:,} validation rows, "
            f"{self.features} features, {kind} of {self.target!r}{scaled}"
        )


# -- entry points ------------------------------------------------------------------------------
def preview_file(path: str | Path, header: bool | None = None, delimiter: str | None = None) -> Preview:
    """The first rows of a CSV or .npz file, for showing before the import."""
    path = Path(path)
    if _is_npz(path):
        x, y = _npz_arrays(path)
        columns = (*tuple(f"x{j + 1}" for j in range(x.shape[1])), "y")
        rows = tuple((*tuple(_fmt(v) for v in x[i]), _fmt(y[i])) for i in range(min(PREVIEW_ROWS, len(y))))
        return Preview(columns, rows, True, "")
    text = _read_text(path)
    table = _Table(text, header, delimiter)
    return Preview(table.columns, tuple(table.head(PREVIEW_ROWS)), table.has_header, table.delimiter)


def import_file(path: str | Path, options: ImportOptions | None = None) -> ImportedData:
    """Read, check, split and (optionally) standardise a CSV or .npz file."""
    path = Path(path)
    options = options or ImportOptions()
    _check_options(options)
    if _is_npz(path):
        return _import_npz(path, options)
    return _import_csv(path, options)


def from_arrays(
    x: np.ndarray,
    y: np.ndarray,
    name: str,
    options: ImportOptions | None = None,
    feature_names: tuple[str, ...] | None = None,
    target: str = "y",
    rows: np.ndarray | None = None,
    source: str | None = None,
) -> ImportedData:
    """Arrays (``x`` rows × features, ``y`` one target per row) → checked, split ImportedData.
    ``rows``: the file row of each sample, for messages (default 1, 2, …)."""
    options = options or ImportOptions()
    _check_options(options)
    n = len(y)
    if x.ndim != 2 or x.shape[0] != n or x.shape[0] == 0 or x.shape[1] == 0:
        raise DataImportError(Message("import.no_data", shape=str(x.shape)))
    rows = np.arange(1, n + 1) if rows is None else rows
    names = feature_names or tuple(f"x{j + 1}" for j in range(x.shape[1]))
    task, codes, classes = _targets(y, options.task, target, rows)
    n_val = max(1, round(n * options.val_fraction))
    n_train = n - n_val
    if n_train < MIN_TRAIN:
        raise DataImportError(Message("import.too_few_rows", rows=n, train=n_train, least=MIN_TRAIN))
    if n_train > MAX_TRAIN:
        raise DataImportError(Message("import.too_many_rows", rows=n, train=n_train, most=MAX_TRAIN))
    order = np.random.default_rng(options.seed).permutation(n)
    val_idx, train_idx = np.sort(order[:n_val]), np.sort(order[n_val:])
    x = np.asarray(x, dtype=np.float64)
    mean = std = None
    if options.standardize:
        train_rows = x[train_idx]  # one copy for both statistics
        mean, std = train_rows.mean(axis=0), train_rows.std(axis=0)
        del train_rows
        std[std == 0] = 1.0  # a constant column is only centred
        x = x - mean  # a new array (x may be the caller's), then divided in place
        x /= std
    with np.errstate(over="ignore"):  # a value past float32's range becomes inf: refused just below
        x32 = x.astype(np.float32)
    _check_finite(x32, rows, names, "import.too_large_for_float32")
    if task == "classification":
        yt = torch.from_numpy(codes.astype(np.int64))
    else:
        with np.errstate(over="ignore"):
            y32 = codes.astype(np.float32)
        _check_finite(y32[:, None], rows, (target,), "import.too_large_for_float32")
        yt = torch.from_numpy(y32)
    xt = torch.from_numpy(x32)
    train, val = torch.from_numpy(train_idx), torch.from_numpy(val_idx)
    dataset = Dataset(name, task, xt[train], yt[train], xt[val], yt[val], len(classes))
    return ImportedData(
        dataset, source or name, tuple(names), target, classes, options.val_fraction, options.seed, mean, std
    )


# -- CSV -----------------------------------------------------------------------------------------
def _import_csv(path: Path, options: ImportOptions) -> ImportedData:
    table = _Table(_read_text(path), options.header, options.delimiter)
    t = table.target_index(options.target)
    ncols = len(table.columns)
    names = tuple(c for j, c in enumerate(table.columns) if j != t)
    values = array("d")
    targets: list[str] = []
    seen: dict[str, str] = {}
    lines = array("q")
    decimal_comma = table.delimiter != ","
    for line, cells in table.data_rows():
        if len(cells) != ncols:
            shape = {"row": line, "reference": table.reference, "count": ncols}
            if len(cells) == 1:
                raise DataImportError(Message("import.row_one_column", **shape))
            raise DataImportError(Message("import.row_columns", columns=len(cells), **shape))
        if (len(lines) + 1) * ncols > MAX_VALUES:
            raise DataImportError(Message("import.too_many_values", row=line, most=MAX_VALUES))
        label = cells[t].strip()
        if not label:
            raise DataImportError(Message("import.empty_target", cell=_cell(line, t, table.columns[t])))
        if len(label) > MAX_LABEL:
            cell = _cell(line, t, table.columns[t])
            raise DataImportError(Message("import.long_target", cell=cell, most=MAX_LABEL))
        if decimal_comma and "," in label and _is_number(label, True):
            label = label.replace(",", ".")
        targets.append(seen.setdefault(label, label))  # one string per distinct label
        try:  # the quick way; a cell it cannot read is read again below, for its message
            row = list(map(float, cells[:t] + cells[t + 1 :]))
        except ValueError:
            row = [_number(cell, line, j, table) for j, cell in enumerate(cells) if j != t]
        values.extend(row)
        lines.append(line)
    n = len(lines)
    if n == 0:
        raise DataImportError(Message("import.header_only" if table.has_header else "import.no_rows"))
    x = np.frombuffer(values, dtype=np.float64).reshape(n, ncols - 1)
    bad = ~np.isfinite(x)
    if bad.any():  # NaN or infinite: find the cell again for its text
        i, k = (int(v) for v in np.argwhere(bad)[0])
        j = k if k < t else k + 1
        for line, cells in table.data_rows():
            if line == lines[i]:
                _number(cells[j], line, j, table)
    y = np.array(targets, dtype=object)  # of str: 8 bytes a row, however long the labels
    return from_arrays(
        x, y, path.stem, options, names, table.columns[t], np.frombuffer(lines, dtype=np.int64), path.name
    )


class _Table:
    """A CSV text with its delimiter and header settled."""

    def __init__(self, text: str, header: bool | None, delimiter: str | None) -> None:
        self.text = text
        sample = _sample_lines(text)
        if not sample:
            raise DataImportError(Message("import.blank"))
        self.delimiter = delimiter if delimiter is not None else _sniff(sample)
        rows = [r for _, r in self._rows(sample_only=True)][:2]
        first = rows[0]
        if len(first) < 2:
            raise DataImportError(Message("import.one_column"))
        if header is None:
            header = _looks_like_header(first, rows[1] if len(rows) > 1 else None, self.delimiter != ",")
        self.has_header = header
        if header:
            self.columns = tuple(c.strip() or f"column {j + 1}" for j, c in enumerate(first))
            self.reference = Message("import.the_header")
        else:
            self.columns = tuple(f"column {j + 1}" for j in range(len(first)))
            self.reference = Message("import.the_first_row")

    def _rows(self, sample_only: bool = False):
        """(file row, cells) for every non-blank row."""
        text = "\n".join(_sample_lines(self.text)) if sample_only else self.text
        if self.delimiter is None:
            for i, line in enumerate(_checked_lines(io.StringIO(text), " "), start=1):
                cells = line.split()
                if cells:
                    yield i, cells
            return
        reader = csv.reader(
            _checked_lines(io.StringIO(text, newline=""), self.delimiter), delimiter=self.delimiter
        )
        start = 1
        try:
            for cells in reader:
                if cells and any(c.strip() for c in cells):
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise DataImportError(
                Message("import.csv_row", row=reader.line_num, problem=_csv_words(exc))
            ) from None

    def data_rows(self):
        rows = self._rows()
        if self.has_header:
            next(rows, None)
        return rows

    def head(self, count: int) -> list[tuple[str, ...]]:
        out = []
        for _, cells in self.data_rows():
            out.append(tuple(cells))
            if len(out) == count:
                break
        return out

    def target_index(self, target: str | int | None) -> int:
        """0-based index of the target column (a name, a 1-based number, or None for the last)."""
        n = len(self.columns)
        if target is None:
            return n - 1
        if isinstance(target, str):
            if target in self.columns:
                return self.columns.index(target)
            folded = [c.casefold() for c in self.columns]
            if target.casefold() in folded:
                return folded.index(target.casefold())
            if not target.strip().isdigit():
                columns = ", ".join(self.columns)
                raise DataImportError(Message("import.unknown_target", target=target, columns=columns))
            target = int(target)
        if not 1 <= target <= n:
            raise DataImportError(Message("import.no_such_column", target=target, count=n))
        return target - 1


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        raw = read_bounded(path, MAX_FILE_BYTES) if size <= MAX_FILE_BYTES else b""
        size = max(size, len(raw))  # a file may grow after its size was read
        if size > MAX_FILE_BYTES:
            most = MAX_FILE_BYTES // 2**20
            raise DataImportError(Message("import.file_too_large", mb=size / 2**20, most=most))
        if size == 0:
            raise DataImportError(Message("file.empty"))
    except FileNotFoundError:
        raise DataImportError(Message("file.missing", path=str(path))) from None
    except IsADirectoryError:
        raise DataImportError(Message("import.folder", path=str(path))) from None
    except OSError as exc:
        raise DataImportError(_cannot_read(path, exc)) from None
    zero = raw.find(b"\0")
    if zero >= 0 or raw.startswith((b"PK\x03\x04", b"\x93NUMPY", b"\x80")):
        at = max(zero, 0)
        raise DataImportError(Message("import.binary", byte=at + 1))
    _check_line_lengths(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        controls = sum(1 for b in raw[:SAMPLE_CHARS] if b < 32 and b not in (9, 10, 13))
        if controls:
            raise DataImportError(Message("import.binary_byte", byte=exc.start + 1)) from None
        return raw.decode("latin-1")  # an older single-byte encoding: the numbers read the same


def _check_line_lengths(raw: bytes) -> None:
    """Refuse a file with a line longer than MAX_LINE_CHARS bytes, from the bytes, before any of
    it is decoded or split (a 60 MB line of 12,12,… would be 20 million cells). Each look at the
    bytes moves on by a line or by MAX_LINE_CHARS, so this reads the file about once."""
    start, end = 0, len(raw)
    while end - start > MAX_LINE_CHARS:
        newline = raw.rfind(b"\n", start, start + MAX_LINE_CHARS + 1)
        if newline < 0:
            row = raw.count(b"\n", 0, start) + 1
            raise DataImportError(Message("import.long_line", row=row, most=MAX_LINE_CHARS))
        start = newline + 1


def _checked_lines(lines, delimiter: str):
    """The lines, each refused before it is split when it holds more than MAX_COLUMNS delimiters
    (its cells would cost many times its size in memory)."""
    for row, line in enumerate(lines, start=1):
        cuts = line.count(delimiter) if delimiter != " " else len(line.split(maxsplit=MAX_COLUMNS)) - 1
        if cuts >= MAX_COLUMNS:
            raise DataImportError(Message("import.too_many_columns", row=row, most=MAX_COLUMNS))
        yield line


def _sample_lines(text: str) -> list[str]:
    """The first non-blank lines (at most 50), whole: for the delimiter, the header and the preview."""
    end = len(text)
    if end > SAMPLE_CHARS:
        end = text.find("\n", SAMPLE_CHARS, MAX_LINE_CHARS)
        if end < 0:
            end = text.find("\n", 0, MAX_LINE_CHARS + 1)  # no line is longer (_check_line_lengths)
            end = len(text) if end < 0 else end
    return [line for line in text[:end].splitlines() if line.strip()][:50]


def _sniff(lines: list[str]) -> str | None:
    """The delimiter that splits every sample line into the same number (> 1) of fields."""
    for d in DELIMITERS:
        try:
            counts = {len(row) for row in csv.reader(lines, delimiter=d)}
        except csv.Error:
            continue
        if len(counts) == 1 and counts.pop() > 1:
            return d
    counts = {len(line.split()) for line in lines}
    if len(counts) == 1 and counts.pop() > 1:
        return None
    # Not consistent: the most common delimiter; the parse names the row that differs.
    best = max(DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
    return best if any(best in line for line in lines) else None


def _is_number(cell: str, decimal_comma: bool = False) -> bool:
    try:
        float(cell.replace(",", ".") if decimal_comma else cell)
    except ValueError:
        return False
    return True


def _looks_like_header(first: list[str], second: list[str] | None, decimal_comma: bool = False) -> bool:
    """A first row is a header if some column is a number below it but not in it."""
    if decimal_comma:
        first = [c.replace(",", ".") for c in first]
        second = None if second is None else [c.replace(",", ".") for c in second]
    if second is None:
        return not all(_is_number(c) for c in first)
    numeric_below = [j for j, c in enumerate(second) if j < len(first) and _is_number(c)]
    if numeric_below:
        return any(not _is_number(first[j]) for j in numeric_below)
    return not any(_is_number(c) for c in first)


def _number(cell: str, line: int, j: int, table: _Table) -> float:
    s = cell.strip()
    cell = _cell(line, j, table.columns[j])
    if not s:
        raise DataImportError(Message("import.empty_cell", cell=cell))
    try:
        value = float(s)
    except ValueError:
        try:
            if table.delimiter == "," or "," not in s:
                raise
            value = float(s.replace(",", "."))  # a decimal comma, "1,5", in a ;- or tab-separated table
        except ValueError:
            raise DataImportError(Message("import.not_number_cell", cell=cell, text=s[:40])) from None
    if not math.isfinite(value):
        what = Message("import.nan" if math.isnan(value) else "import.infinite")
        raise DataImportError(Message("import.not_finite_cell", cell=cell, text=s[:40], what=what))
    return value


def _cell(line: int, j: int, name: str) -> Message:
    """A cell named the way a spreadsheet shows it: row 57, column 2 ('beta')."""
    return Message("import.cell", row=line, column=j + 1, name=name)


def _cannot_read(path: Path, exc: OSError) -> Message:
    return Message("file.cannot_read", path=str(path), reason=foreign(str(exc.strerror or exc)))


def _csv_words(exc: csv.Error) -> Message | str:
    """The csv module's complaint; its limit on a field's length as a message of its own."""
    text = str(exc)
    if text == f"field larger than field limit ({csv.field_size_limit()})":
        return Message("import.field_limit", limit=csv.field_size_limit())
    return foreign(text)


# -- .npz ----------------------------------------------------------------------------------------
def _is_npz(path: Path) -> bool:
    return path.suffix.lower() == ".npz"


def _npz_arrays(path: Path) -> tuple[np.ndarray, np.ndarray]:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataImportError(Message("file.missing", path=str(path))) from None
    except OSError as exc:
        raise DataImportError(_cannot_read(path, exc)) from None
    if size == 0:
        raise DataImportError(Message("file.empty"))
    if size > MAX_NPZ_BYTES:
        raise DataImportError(Message("import.npz_too_large", mb=size / 2**20, most=MAX_NPZ_BYTES // 2**20))
    try:
        arrays = load_npz(
            path, Message("zip.the_npz_file"), MAX_NPZ_BYTES, keys=("x", "y"), max_items=MAX_VALUES
        )
    except UnsafeFileError as exc:
        raise DataImportError(exc.msg) from None
    except OSError as exc:
        raise DataImportError(_cannot_read(path, exc)) from None
    missing = [k for k in ("x", "y") if k not in arrays]
    if missing:
        which = Message("import.x_and_y") if len(missing) == 2 else missing[0]
        raise DataImportError(Message("import.npz_arrays", missing=which))
    x, y = arrays["x"], arrays["y"]
    if x.ndim != 2:
        raise DataImportError(Message("import.x_shape", shape=str(x.shape)))
    if y.ndim != 1:
        raise DataImportError(Message("import.y_shape", shape=str(y.shape)))
    if x.shape[0] != y.shape[0]:
        raise DataImportError(Message("import.row_counts", x_rows=x.shape[0], y_rows=y.shape[0]))
    if x.shape[1] == 0 or x.shape[0] == 0:
        raise DataImportError(Message("import.no_data", shape=str(x.shape)))
    if x.dtype.kind not in "biuf":
        raise DataImportError(Message("import.x_kind", dtype=str(x.dtype)))
    if x.size > MAX_VALUES:
        raise DataImportError(Message("import.x_too_large", count=x.size, most=MAX_VALUES))
    return x, y


def _import_npz(path: Path, options: ImportOptions) -> ImportedData:
    x, y = _npz_arrays(path)
    names = tuple(f"x{j + 1}" for j in range(x.shape[1]))
    xf = x.astype(np.float64)
    _check_finite(xf, np.arange(1, len(y) + 1), names, "import.x_not_finite")
    return from_arrays(xf, y, path.stem, options, names, "y", source=path.name)


# -- shared ----------------------------------------------------------------------------------------
def _check_options(options: ImportOptions) -> None:
    if options.task not in TASKS:
        raise DataImportError(Message("import.task", choices=Message("import.tasks"), task=options.task))
    if not VAL_FRACTION[0] <= options.val_fraction <= VAL_FRACTION[1]:
        raise DataImportError(Message("import.val_fraction", fraction=options.val_fraction))


def _check_finite(x: np.ndarray, rows: np.ndarray, names: tuple[str, ...], code: str) -> None:
    """Refuse the first value that is not finite, naming its cell in the message ``code``."""
    bad = ~np.isfinite(x)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise DataImportError(Message(code, cell=_cell(int(rows[i]), int(j), names[j])))


def _targets(
    y: np.ndarray, task: str, target: str, rows: np.ndarray
) -> tuple[str, np.ndarray, tuple[str, ...]]:
    """(task, targets as class indices or float values, class labels)."""
    if y.dtype.kind not in "biufUO" or (y.dtype.kind == "O" and not all(isinstance(v, str) for v in y)):
        raise DataImportError(Message("import.target_kind", target=target, dtype=str(y.dtype)))
    numeric = y.dtype.kind in "biuf"
    values = y.astype(np.float64) if numeric else None
    if not numeric:
        try:
            values = y.astype(np.float64)  # text that is all numbers ("1", "2.5")
            numeric = True
        except ValueError:
            values = None
    if numeric:
        bad = ~np.isfinite(values)
        if bad.any():
            i = int(np.argmax(bad))
            raise DataImportError(
                Message("import.target_not_finite", row=int(rows[i]), target=target, text=_fmt(y[i]))
            )
    if task == "auto":
        if not numeric:
            task = "classification"
        else:
            whole = bool(np.all(values == np.round(values)))
            task = "classification" if whole and len(np.unique(values)) <= AUTO_MAX_CLASSES else "regression"
    if task == "regression":
        if not numeric:
            i = next(i for i, v in enumerate(y) if not _is_number(str(v)))
            raise DataImportError(
                Message("import.target_not_number", row=int(rows[i]), target=target, text=str(y[i])[:40])
            )
        return task, values, ()
    labels, codes = np.unique(values if numeric else y, return_inverse=True)
    if len(labels) < 2:
        raise DataImportError(Message("import.one_class", target=target, label=_fmt(labels[0])))
    if len(labels) > MAX_CLASSES:
        count = len(labels)
        raise DataImportError(
            Message("import.too_many_classes", target=target, count=count, most=MAX_CLASSES)
        )
    return task, codes.astype(np.int64), tuple(_fmt(v) for v in labels)


def _fmt(v) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)
