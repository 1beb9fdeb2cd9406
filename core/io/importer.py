"""Importing the learner's own data: a table (CSV and its relatives, compressed or not), a NumPy
``.npz`` file (arrays ``x`` and ``y``), or MNIST / Fashion-MNIST (the four IDX files, or Keras's
``mnist.npz``), read by :mod:`core.io.tables`, the one reader. Images keep their shape and the file's
own test split becomes the validation set; they are not standardised unless asked.

What each column is for is decided here (:func:`plan_columns`): the target, number features, text
features one-hot encoded when they have few values, and the columns left out with a reason (an ID, a
date, text of many values, the user's choice). Rows with a missing value are dropped (or the file is
refused), the task is guessed when it is not given, and everything is checked before it becomes a
:class:`core.training.data.Dataset`. A problem raises :class:`DataImportError` with one message that
names the row and column the way a spreadsheet shows them (1-based; with a header, the header is
row 1). The rows are split into training and validation parts with a seed, and features may be
standardised with the training part's mean and standard deviation only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch

from core.io import tables
from core.io.tables import (
    MAX_NPZ_BYTES,
    MAX_VALUES,
    Cancelled,
    DataImportError,
    ReadOptions,
    Table,
    cell_name,
    number_dates,
    parse_dates,
    source_size,
)
from core.messages import TEMPLATES, Message, fields, joined
from core.training.config import LIMITS
from core.training.data import Dataset

__all__ = [
    "MAX_NPZ_BYTES",
    "MAX_VALUES",
    "Cancelled",
    "DataImportError",
    "ImportOptions",
    "ImportedData",
    "Preview",
    "from_arrays",
    "import_file",
    "preview_file",
    "source_size",
]

MAX_FILE_BYTES = tables.MAX_FILE_BYTES
MAX_CLASSES = 100
MAX_LABEL = 100  # characters in a class label
AUTO_MAX_CLASSES = 20  # "auto": whole numbers are classes when at most this many …
AUTO_ROWS_PER_CLASS = 5  # … and at least this many rows per class on average
MAX_ONE_HOT = 20  # a text feature with at most this many values is one-hot encoded
MIN_TRAIN = int(LIMITS["samples"][0])
MAX_TRAIN = int(LIMITS["samples"][1])
PREVIEW_ROWS = 10
TASKS = ("auto", "classification", "regression")
MISSING_POLICIES = ("drop", "error")
VAL_FRACTION = (0.01, 0.9)

# What a column is for (ColumnRole.role): used, or left out with the reason.
USED_ROLES = ("target", "number", "one-hot", "date")
LEFT_OUT_ROLES = ("id", "date-left-out", "text", "empty", "ignored", "not-chosen")
ROLE_CODES = {
    "target": "import.role.target",
    "number": "import.role.number",
    "one-hot": "import.role.one-hot",
    "date": "import.role.date",
    "id": "import.role.id",
    "date-left-out": "import.role.date-left-out",
    "text": "import.role.text",
    "empty": "import.role.empty",
    "ignored": "import.role.ignored",
    "not-chosen": "import.role.not-chosen",
}


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file. ``target``: a column name or 1-based number (None: the last column);
    ``header``: None to detect it; ``delimiter``: None to detect it; ``features``: the columns to use
    (None: every one that can be); ``ignore``: columns to leave out; ``missing``: ``drop`` the rows with
    a missing value, or ``error``."""

    target: str | int | None = None
    task: str = "auto"
    header: bool | None = None
    delimiter: str | None = None
    val_fraction: float = 0.2
    standardize: bool | None = None  # None: on for a table, off for images (pixels stay in [0, 1])
    seed: int = 0
    features: tuple[str | int, ...] | None = None
    ignore: tuple[str | int, ...] = ()
    missing: str = "drop"


@dataclass(frozen=True)
class ColumnRole:
    """A column of the file and what the import does with it."""

    name: str
    role: str  # one of USED_ROLES or LEFT_OUT_ROLES
    values: int = 0  # distinct values (text columns)

    @property
    def used(self) -> bool:
        return self.role in USED_ROLES

    def reason(self) -> Message:
        """Why it is left out (or how it is used), as a message."""
        code = ROLE_CODES[self.role]
        given = {"values": self.values, "most": MAX_ONE_HOT}
        return Message(code, **{k: v for k, v in given.items() if k in fields(TEMPLATES[code])})


@dataclass(frozen=True)
class Preview:
    """The first rows of a file as text, with the column names (``column 3`` without a header), and
    each column's role for the default target."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    has_header: bool
    delimiter: str | None  # None: spaces; "" for an .npz file
    roles: tuple[ColumnRole, ...] = ()
    notes: tuple[Message, ...] = ()
    table: Table | None = field(default=None, compare=False, repr=False)  # the rows read, for roles
    image_shape: tuple[int, int] | None = None  # images (MNIST): each one's (height, width)
    split: tuple[int, int] | None = None  # the file's own (training, test) images

    def roles_for(self, options: ImportOptions) -> tuple[ColumnRole, ...]:
        """Each column's role with ``options`` (target, features, ignore), as these rows show it."""
        if self.table is None:
            return self.roles
        return plan_columns(self.table, options).roles


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
    roles: tuple[ColumnRole, ...] = ()
    notes: tuple[Message, ...] = ()  # what the import decided: rows dropped, columns left out, the task
    data_source: dict | None = field(default=None)  # provenance: the result JSON's and workspace's

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

    def left_out(self) -> Message | None:
        """One line naming the columns left out and why (None when every column is used)."""
        return left_out_line(self.roles)


def left_out_line(roles: tuple[ColumnRole, ...]) -> Message | None:
    parts = [Message("import.left_out_one", name=r.name, reason=r.reason()) for r in roles if not r.used]
    if not parts:
        return None
    return Message("import.left_out", columns=joined(parts))


# -- entry points ------------------------------------------------------------------------------
def preview_file(path: str | Path, header: bool | None = None, delimiter: str | None = None) -> Preview:
    """The first rows of a file (at most 50 are read) and its columns' roles as those rows show them,
    for showing before the import."""
    table = tables.read_table(path, ReadOptions(header, delimiter, first_rows=True))
    rows = tuple(
        tuple(
            table.text(i, j) if table.is_text(j) else _fmt_cell(table, i, j)
            for j in range(len(table.columns))
        )
        for i in range(min(PREVIEW_ROWS, table.n))
    )
    try:
        plan = plan_columns(table, ImportOptions(header=header, delimiter=delimiter))
        roles = plan.roles
    except DataImportError:
        roles = ()
    return Preview(
        table.columns, rows, table.header, table.delimiter, roles, tuple(table.notes), table,
        table.image_shape, table.split,
    )  # fmt: skip


def _fmt_cell(table: Table, i: int, j: int) -> str:
    value = table.column(j)[i]
    return table.text(i, j) if value != value else _fmt(value)  # a missing value: as the file writes it


def import_file(
    path: str | Path,
    options: ImportOptions | None = None,
    progress: Callable[[float], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> ImportedData:
    """Read, check, split and (optionally) standardise a table. ``progress`` hears the share of the
    file read (0 … 1); ``stop`` returning True ends the import with :class:`Cancelled`."""
    options = options or ImportOptions()
    _check_options(options)
    table = tables.read_table(path, ReadOptions(options.header, options.delimiter), progress, stop)
    return import_table(table, options)


def import_table(table: Table, options: ImportOptions) -> ImportedData:
    """A table read by :mod:`core.io.tables` → checked, encoded, split ImportedData."""
    _check_options(options)
    plan = plan_columns(table, options)
    name = (tables.data_name(table.path) if table.path else "") or "data"
    return plan.build(table, options, name)


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
    if options.standardize is None:
        options = replace(options, standardize=True)
    n = len(y)
    if x.ndim != 2 or x.shape[0] != n or x.shape[0] == 0 or x.shape[1] == 0:
        raise DataImportError(Message("import.no_data", shape=str(x.shape)))
    rows = np.arange(1, n + 1) if rows is None else rows
    names = feature_names or tuple(f"x{j + 1}" for j in range(x.shape[1]))
    task, codes, classes, _ = _targets(y, options.task, target, rows)
    if x.dtype != np.float32:
        x = np.asarray(x, dtype=np.float64)
    return _split(x.__getitem__, n, task, codes, classes, names, target, rows, name, options, source or name)


# -- columns -------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    target: int
    roles: tuple[ColumnRole, ...]
    numbers: list[int]  # columns used as they are
    encoded: list[tuple[int, str]]  # (column, "one-hot" or "date")
    notes: list[Message]

    def build(self, table: Table, options: ImportOptions, name: str) -> ImportedData:
        t, n = self.target, table.n
        notes = list(self.notes)
        if options.standardize is None:  # images keep their pixels in [0, 1]; a table is standardised
            options = replace(options, standardize=table.image_shape is None)
        used = [*self.numbers, *(j for j, _ in self.encoded)]
        # infinite values: always refused, named by their text
        if self.numbers:
            block, positions = table.numbers, [table.position[j] for j in self.numbers]
            for s in range(0, n, 8192):  # by blocks of rows: no copy of the table
                bad = np.isinf(block[s : s + 8192])
                if bad.any():
                    for i, k in np.argwhere(bad):
                        j = table.numeric[k]
                        if j in self.numbers:
                            _refuse_infinite(table, s + int(i), j)
            del positions
        target_missing = table.missing(t)
        if not table.is_text(t) and np.isinf(table.column(t)).any():
            i = int(np.argmax(np.isinf(table.column(t))))
            text = table.text(i, t)
            raise DataImportError(
                Message(
                    "import.target_not_finite", row=int(table.rows[i]), target=table.columns[t], text=text
                )
            )
        missing = np.zeros(n, dtype=bool)
        for j in used:
            if not table.missing_count(j):
                continue
            col_missing = table.missing(j)
            if options.missing == "error":
                i = int(np.argmax(col_missing))
                _refuse_missing(table, i, j)
            missing |= col_missing
        missing &= ~target_missing
        keep = ~(missing | target_missing)
        dropped_target, dropped = int(target_missing.sum()), int(missing.sum())
        if dropped_target:
            notes.append(Message("import.dropped_target", rows=dropped_target, target=table.columns[t]))
        if dropped:
            notes.append(Message("import.dropped_rows", rows=dropped))
        index = np.flatnonzero(keep)
        if len(index) == 0:
            raise DataImportError(Message("import.all_dropped", rows=n))
        rows = table.rows[index]
        y = table.column(t)[index]
        if table.is_text(t):
            long = [i for i, v in enumerate(y) if len(v) > MAX_LABEL]
            if long:
                cell = cell_name(int(rows[long[0]]), t, table.columns[t])
                raise DataImportError(Message("import.long_target", cell=cell, most=MAX_LABEL))
        task, codes, classes, guess = _targets(y, options.task, table.columns[t], rows, table.class_names)
        if guess is not None:
            notes.append(guess)
        # the encoded columns (small: one-hot and dates), then the features' names
        extra_names: list[str] = []
        extras: list[np.ndarray] = []
        for j, how in self.encoded:
            values = table.column(j)[index]
            if how == "one-hot":
                labels = sorted({v for v in values})
                extras.append(
                    np.stack(
                        [np.array([v == label for v in values], dtype=np.float64) for label in labels], 1
                    )
                )
                extra_names += [f"{table.columns[j]}={label}" for label in labels]
            else:
                dates = parse_dates(values) if table.is_text(j) else number_dates(values)
                if dates is None:
                    dates = np.asarray(values, dtype=np.float64)
                extras.append(dates[:, None])
                extra_names.append(table.columns[j])
        names = tuple(table.columns[j] for j in self.numbers) + tuple(extra_names)
        if not names:
            left = left_out_line(self.roles)
            raise DataImportError(Message("import.no_features", left_out=left if left is not None else ""))
        positions = [table.position[j] for j in self.numbers]
        block = table.numbers
        table.cell_text = None  # the file's text is no longer needed: freed before the copies below
        extra = np.concatenate(extras, axis=1) if extras else None

        def take(idx: np.ndarray) -> np.ndarray:
            rows_ = index[idx]
            part = block[np.ix_(rows_, positions)] if positions else np.empty((len(rows_), 0), block.dtype)
            if extra is None:
                return part
            return np.concatenate([part, extra[idx].astype(part.dtype)], axis=1)

        # the file's own split (MNIST's test images: the validation set), and images that keep their shape
        own = table.split is not None and sum(table.split) == n
        train_mask = index < table.split[0] if own else None
        shape = table.image_shape
        if shape is not None and (self.encoded or self.numbers != list(range(shape[0] * shape[1]))):
            shape = None  # some pixels left out: no longer whole images
        data = _split(take, len(index), task, codes, classes, names, table.columns[t], rows, name, options,
                      tables.source_name(table.path), train_mask, shape)  # fmt: skip
        if own:
            notes.append(
                Message("import.file_split", train=data.train_rows, val=data.val_rows,
                        height=table.image_shape[0], width=table.image_shape[1])
            )  # fmt: skip
        source = {
            "path": table.path,
            "size": table.size,
            "sha256": table.sha256,
            "target": table.columns[t],
            "features": list(names),
            "columns": [r.name for r in self.roles if r.used and r.role != "target"],
            "task": task,
            "header": table.header,
            "delimiter": _delimiter_name(table.delimiter),
            "rows_dropped": dropped + dropped_target,
            "classes": list(classes),
            "missing": options.missing,
            "val_fraction": round(data.val_fraction, 6),
            "standardize": options.standardize,
            "split": "file" if own else "random",
        }
        if shape is not None:
            source["image_shape"] = list(shape)
        return ImportedData(
            data.dataset, data.source, data.feature_names, data.target, data.classes, data.val_fraction,
            data.seed, data.mean, data.std, self.roles, tuple(notes), source,
        )  # fmt: skip


def _delimiter_name(delimiter: str | None) -> str | None:
    return {None: "spaces", "": None}.get(delimiter, delimiter)


def plan_columns(table: Table, options: ImportOptions) -> _Plan:
    """What each column is for: the target, features (numbers, one-hot text, dates), or left out."""
    t = _column_index(table, options.target, "import.unknown_target", "import.no_such_column")
    chosen = None
    if options.features is not None:
        chosen = [
            _column_index(table, f, "import.unknown_column", "import.no_such_column_of")
            for f in options.features
        ]
        if t in chosen:
            raise DataImportError(Message("import.target_as_feature", name=table.columns[t]))
    ignored = {
        _column_index(table, f, "import.unknown_column", "import.no_such_column_of") for f in options.ignore
    }
    if t in ignored:
        raise DataImportError(Message("import.target_ignored", name=table.columns[t]))
    n = table.n
    roles: list[ColumnRole] = []
    numbers: list[int] = []
    encoded: list[tuple[int, str]] = []
    for j, name in enumerate(table.columns):
        if j == t:
            roles.append(ColumnRole(name, "target"))
            continue
        if j in ignored:
            roles.append(ColumnRole(name, "ignored"))
            continue
        if chosen is not None and j not in chosen:
            roles.append(ColumnRole(name, "not-chosen"))
            continue
        asked = chosen is not None
        if table.row_names and j == 0 and not asked:  # R's row names, whatever they hold
            roles.append(ColumnRole(name, "id"))
            continue
        missing = table.missing_count(j)
        if missing == n:
            roles.append(ColumnRole(name, "empty"))
            continue
        present = ~table.missing(j) if missing else None
        values = table.column(j) if present is None else table.column(j)[present]
        if table.is_text(j):
            _refuse_stray_text(table, j, ~table.missing(j))
            distinct = len(set(values))
            if parse_dates(values[:200]) is not None and (asked or parse_dates(values) is not None):
                role = "date" if asked else "date-left-out"
            elif asked and distinct <= MAX_CLASSES:
                role = "one-hot"
            elif (distinct == len(values) and len(values) >= 3) or (table.row_names and j == 0):
                role = "id"
            elif distinct <= MAX_ONE_HOT:
                role = "one-hot"
            else:
                role = "text"
            if asked and role not in ("one-hot", "date"):
                raise DataImportError(
                    Message("import.text_feature", name=name, values=distinct, most=MAX_CLASSES)
                )
            roles.append(ColumnRole(name, role, distinct))
            if role in ("one-hot", "date"):
                encoded.append((j, role))
            continue
        if not asked and _is_row_number(table.column(j)):
            roles.append(ColumnRole(name, "id"))
            continue
        if number_dates(values) is not None:
            if asked:
                roles.append(ColumnRole(name, "date"))
                encoded.append((j, "date"))
            else:
                roles.append(ColumnRole(name, "date-left-out"))
            continue
        roles.append(ColumnRole(name, "number"))
        numbers.append(j)
    notes = list(table.notes)
    line = left_out_line(tuple(roles))
    if line is not None:
        notes.append(line)
    return _Plan(t, tuple(roles), numbers, encoded, notes)


def _is_row_number(values: np.ndarray) -> bool:
    """A column equal to its row number (0, 1, 2, … or 1, 2, 3, …)."""
    n = len(values)
    if n < 3 or values[0] not in (0, 1) or values[-1] != values[0] + n - 1 or np.isnan(values).any():
        return False
    steps = np.arange(n, dtype=values.dtype)
    return bool(np.array_equal(values, steps) or np.array_equal(values, steps + 1))


def _column_index(table: Table, key: str | int | None, unknown: str, no_such: str) -> int:
    """0-based index of a column (a name, a 1-based number, or None for the last)."""
    columns = table.columns
    n = len(columns)
    if key is None:
        return n - 1
    if isinstance(key, str):
        if key in columns:
            return columns.index(key)
        folded = [c.casefold() for c in columns]
        if key.casefold() in folded:
            return folded.index(key.casefold())
        if not key.strip().isdigit():
            names = ", ".join(columns)
            raise DataImportError(Message(unknown, target=key, columns=names))
        key = int(key)
    if not 1 <= key <= n:
        raise DataImportError(Message(no_such, target=key, count=n))
    return key - 1


def _refuse_stray_text(table: Table, j: int, present: np.ndarray) -> None:
    """A column of numbers with a few cells of text: the first of those is refused, by its cell."""
    values = table.column(j)
    numbers = np.array([tables._is_number(v) for v in values[present]], dtype=bool)
    if numbers.sum() * 2 >= len(numbers) and not numbers.all():
        i = int(np.flatnonzero(present)[np.argmin(numbers)])
        cell = cell_name(int(table.rows[i]), j, table.columns[j])
        raise DataImportError(Message("import.not_number_cell", cell=cell, text=str(values[i])[:40]))


def _refuse_infinite(table: Table, i: int, j: int) -> None:
    text = table.text(i, j)
    cell = cell_name(int(table.rows[i]), j, table.columns[j])
    try:
        finite = abs(float(text.replace(",", "."))) < float("inf")
    except ValueError:
        finite = False
    if finite:  # read as a number that float32 cannot hold
        raise DataImportError(Message("import.too_large_for_float32", cell=cell))
    raise DataImportError(
        Message("import.not_finite_cell", cell=cell, text=text[:40], what=Message("import.infinite"))
    )


def _refuse_missing(table: Table, i: int, j: int) -> None:
    text = table.text(i, j)
    cell = cell_name(int(table.rows[i]), j, table.columns[j])
    if not text:
        raise DataImportError(Message("import.empty_cell", cell=cell))
    if text in tables.NAN_TEXTS:
        raise DataImportError(
            Message("import.not_finite_cell", cell=cell, text=text[:40], what=Message("import.nan"))
        )
    raise DataImportError(Message("import.missing_cell", cell=cell, text=text[:40]))


# -- the split -----------------------------------------------------------------------------------------
def _split(
    take: Callable[[np.ndarray], np.ndarray],
    n: int,
    task: str,
    codes: np.ndarray,
    classes: tuple[str, ...],
    names: tuple[str, ...],
    target: str,
    rows: np.ndarray,
    name: str,
    options: ImportOptions,
    source: str,
    train_mask: np.ndarray | None = None,
    image_shape: tuple[int, int] | None = None,
) -> ImportedData:
    """Split rows 0 … n−1 (``take(indices)`` gives their features, a new array) with the seed, or as
    ``train_mask`` says (the file's own split), standardise with the training part's statistics, and
    check every value fits float32."""
    n_val = max(1, round(n * options.val_fraction)) if train_mask is None else int(n - train_mask.sum())
    n_train = n - n_val
    if n_train < MIN_TRAIN:
        raise DataImportError(Message("import.too_few_rows", rows=n, train=n_train, least=MIN_TRAIN))
    if n_train > MAX_TRAIN:
        fit = int(MAX_TRAIN / (1 - options.val_fraction))
        raise DataImportError(Message("import.too_many_rows", rows=n, train=n_train, most=MAX_TRAIN, fit=fit))
    if train_mask is None:
        order = np.random.default_rng(options.seed).permutation(n)
        val_idx, train_idx = np.sort(order[:n_val]), np.sort(order[n_val:])
    else:
        if n_val == 0:
            raise DataImportError(Message("import.too_few_rows", rows=n, train=n_train, least=MIN_TRAIN))
        val_idx, train_idx = np.flatnonzero(~train_mask), np.flatnonzero(train_mask)
    x_train, x_val = take(train_idx), take(val_idx)
    mean = std = None
    if options.standardize:
        mean, std = _moments(x_train)
        std[std == 0] = 1.0  # a constant column is only centred
        for part in (x_train, x_val):
            with np.errstate(over="ignore", invalid="ignore"):
                part -= mean.astype(part.dtype)
                part /= std.astype(part.dtype)
    parts = []
    for part, idx in ((x_train, train_idx), (x_val, val_idx)):
        if part.dtype != np.float32:
            with np.errstate(over="ignore"):  # a value past float32's range becomes inf: refused just below
                part = part.astype(np.float32)
        _check_finite(part, rows[idx], names, "import.too_large_for_float32")
        parts.append(torch.from_numpy(part))
    if task == "classification":
        yt = torch.from_numpy(codes.astype(np.int64))
    else:
        with np.errstate(over="ignore"):
            y32 = codes.astype(np.float32)
        _check_finite(y32[:, None], rows, (target,), "import.too_large_for_float32")
        yt = torch.from_numpy(y32)
    train, val = torch.from_numpy(train_idx), torch.from_numpy(val_idx)
    dataset = Dataset(name, task, parts[0], yt[train], parts[1], yt[val], len(classes), image_shape)
    fraction = options.val_fraction if train_mask is None else n_val / n
    return ImportedData(dataset, source, tuple(names), target, classes, fraction, options.seed, mean, std)


def _moments(x: np.ndarray, block: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Each column's mean and standard deviation in float64, a block of rows at a time (no copy of
    ``x`` in float64)."""
    n = len(x)
    mean = np.zeros(x.shape[1])
    for s in range(0, n, block):
        mean += x[s : s + block].sum(axis=0, dtype=np.float64)
    mean /= n
    square = np.zeros(x.shape[1])
    for s in range(0, n, block):
        d = x[s : s + block] - mean
        square += np.einsum("ij,ij->j", d, d)
    return mean, np.sqrt(square / n)


# -- shared ----------------------------------------------------------------------------------------
def _check_options(options: ImportOptions) -> None:
    if options.task not in TASKS:
        raise DataImportError(Message("import.task", choices=Message("import.tasks"), task=options.task))
    if not VAL_FRACTION[0] <= options.val_fraction <= VAL_FRACTION[1]:
        raise DataImportError(Message("import.val_fraction", fraction=options.val_fraction))
    if options.missing not in MISSING_POLICIES:
        raise DataImportError(Message("import.missing_policy", missing=options.missing))


def _check_finite(x: np.ndarray, rows: np.ndarray, names: tuple[str, ...], code: str) -> None:
    """Refuse the first value that is not finite, naming its cell in the message ``code`` (a block of
    rows at a time: no mask of the whole array)."""
    for s in range(0, len(x), 4096):
        bad = ~np.isfinite(x[s : s + 4096])
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise DataImportError(Message(code, cell=cell_name(int(rows[s + i]), int(j), names[j])))


def _targets(
    y: np.ndarray, task: str, target: str, rows: np.ndarray, class_names: tuple[str, ...] | None = None
) -> tuple[str, np.ndarray, tuple[str, ...], Message | None]:
    """(task, targets as class indices or float values, class labels, the notice of a guess)."""
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
    guess = None
    if task == "auto":
        if not numeric:
            task = "classification"
        else:
            whole = bool(np.all(values == np.round(values)))
            count = len(np.unique(values))
            few = count <= AUTO_MAX_CLASSES and len(values) >= AUTO_ROWS_PER_CLASS * count
            task = "classification" if whole and few else "regression"
            if task == "regression":
                guess = Message("import.guessed_regression", target=target, count=count, rows=len(values))
    if task == "regression":
        if not numeric:
            i = next(i for i, v in enumerate(y) if not tables._is_number(str(v)))
            raise DataImportError(
                Message("import.target_not_number", row=int(rows[i]), target=target, text=str(y[i])[:40])
            )
        return task, values, (), guess
    labels, codes = np.unique(values if numeric else y, return_inverse=True)
    if len(labels) < 2:
        raise DataImportError(Message("import.one_class", target=target, label=_fmt(labels[0])))
    if len(labels) > MAX_CLASSES:
        count = len(labels)
        raise DataImportError(
            Message("import.too_many_classes", target=target, count=count, most=MAX_CLASSES)
        )
    names = tuple(_fmt(v) for v in labels)
    if (
        class_names
        and numeric
        and len(class_names) == len(labels)
        and [float(v) for v in labels] == list(range(len(labels)))
    ):
        names = tuple(class_names)  # a count line named the classes 0, 1, …
    return task, codes.astype(np.int64), names, guess


def _fmt(v) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)
