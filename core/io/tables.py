"""The one reader of tables: a file becomes a :class:`Table`, whatever its format.

Each format is one function ``read(path, options, progress, stop) -> Table`` in :data:`FORMATS`:
MNIST's four IDX files (gzipped or not, or the folder that holds them), ``.npz`` (arrays ``x`` and
``y``, or Keras's ``mnist.npz``: ``x_train``, ``y_train``, ``x_test``, ``y_test``), CSV and its
relatives. Images keep their shape (:attr:`Table.image_shape`) and MNIST's own test split
(:attr:`Table.split`). Every file is read through :func:`core.io.safezip.read_bounded` (at most
:data:`MAX_FILE_BYTES`), a compressed one is unpacked to at most the same size, and nothing is ever
unpickled. pandas' ``read_csv`` (its C parser) reads the cells, in pieces of about two million values
with a progress report and a chance to stop between them; what it is given has been checked first:
the line lengths, the number of cells of every row, the number of values.
"""

from __future__ import annotations

import bz2
import contextlib
import csv
import ctypes
import hashlib
import io
import lzma
import math
import re
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from core.io.safezip import (
    NotRegularFileError,
    UnsafeFileError,
    load_npz,
    open_zip,
    read_bounded,
    read_member,
)
from core.messages import Message, MessageError, foreign

MAX_FILE_BYTES = 192 * 2**20  # the text of a table (unpacked), read into memory whole
MAX_NPZ_BYTES = 256 * 2**20  # what an .npz may unpack to
MAX_VALUES = 60_000_000  # rows × columns: 240 MB as float32 (MNIST, 70,000 × (784 + 1): 54,950,000)
WIDE_VALUES = 5_000_000  # up to this many values a table is held as float64, above as float32
MAX_LINE_CHARS = 4 * 2**20  # any line of a text table, checked in its bytes before it is split
MAX_COLUMNS = 100_000  # a row's cells, counted before they are split
SAMPLE_CHARS = 64 * 1024
SAMPLE_LINES = 50
CHUNK_VALUES = 4_000_000  # values pandas parses at a time (a progress report between pieces)
DELIMITERS = ("\t", ";", ",", "|")  # tried in this order; None: runs of spaces
MISSING = ("", "NA", "N/A", "NaN", "nan", "?")  # cells read as missing values
NAN_TEXTS = ("NaN", "nan")
COMPRESSED = {b"\x1f\x8b": "gzip", b"BZh": "bz2", b"\xfd7zXZ\x00": "xz", b"PK\x03\x04": "zip"}


class DataImportError(MessageError):
    """A file that cannot be imported; the message says what and where."""


class Cancelled(Exception):  # noqa: N818 - a request, not an error
    """The reader was asked to stop."""


@dataclass
class Table:
    """What every format's reader returns: named columns, numbers or text, and where they came from.

    ``numbers`` holds the numeric columns (``numeric`` names their positions), NaN where a value is
    missing; ``texts`` the others (object arrays of str, None where missing). ``rows`` is the file row
    of each table row (1-based, as a spreadsheet shows it), for messages."""

    columns: tuple[str, ...]
    numbers: np.ndarray
    numeric: tuple[int, ...]
    texts: dict[int, np.ndarray]
    rows: np.ndarray
    header: bool
    delimiter: str | None  # None: runs of spaces; "" for a file that is not text (.npz)
    path: str = ""
    size: int = 0
    sha256: str = ""
    notes: list[Message] = field(default_factory=list)
    class_names: tuple[str, ...] | None = None  # the class names of a count line (iris's first line)
    row_names: bool = False  # R's write.table: the first column holds row names
    cell_text: Callable[[int, int], str] | None = None  # (table row, column) -> the cell's text
    image_shape: tuple[int, int] | None = None  # (height, width): the first h·w columns are an image's pixels
    split: tuple[int, int] | None = None  # the file's own (training, test) rows: the first are training

    @property
    def n(self) -> int:
        return len(self.rows)

    def __post_init__(self) -> None:
        self.position = {j: k for k, j in enumerate(self.numeric)}  # column -> its place in numbers
        self._missing_counts: np.ndarray | None = None

    def missing_count(self, j: int) -> int:
        """How many cells of column ``j`` are missing (the numbers counted in one pass, by blocks)."""
        if j in self.texts:
            return int(self.missing(j).sum())
        if self._missing_counts is None:
            counts = np.zeros(self.numbers.shape[1], dtype=np.int64)
            for s in range(0, len(self.numbers), 8192):
                counts += np.isnan(self.numbers[s : s + 8192]).sum(axis=0)
            self._missing_counts = counts
        return int(self._missing_counts[self.position[j]])

    def column(self, j: int) -> np.ndarray:
        """Column ``j``: float numbers (a view) or an object array of text."""
        if j in self.texts:
            return self.texts[j]
        return self.numbers[:, self.position[j]]

    def is_text(self, j: int) -> bool:
        return j in self.texts

    def missing(self, j: int) -> np.ndarray:
        values = self.column(j)
        if j in self.texts:
            return np.array([v is None or v != v for v in values], dtype=bool)
        return np.isnan(values)

    def text(self, i: int, j: int) -> str:
        """The text of the cell in table row ``i``, column ``j``."""
        if self.cell_text is not None:
            return self.cell_text(i, j)
        value = self.column(j)[i]
        return "" if value is None or value != value else str(value)


@dataclass(frozen=True)
class ReadOptions:
    """How to read: ``header`` None to detect it; ``delimiter`` None to detect it."""

    header: bool | None = None
    delimiter: str | None = None
    first_rows: bool = False  # only the first lines (at most SAMPLE_LINES): a preview


Progress = Callable[[float], None]  # the share of the file read, 0 … 1
Stop = Callable[[], bool]


# -- entry point ---------------------------------------------------------------------------------------
def read_table(
    path: str | Path,
    options: ReadOptions | None = None,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> Table:
    """Read ``path`` with the format its name or its first bytes say."""
    path_text = str(path)
    path = Path(path)
    options = options or ReadOptions()
    for reader in FORMATS:
        table = reader(path, options, progress or (lambda share: None), stop or (lambda: False))
        if table is not None:
            table.path = path_text
            return table
    raise AssertionError("the CSV reader reads every other file")


def _read_file(path: Path, limit: int, npz: bool = False) -> bytearray:
    try:
        size = path.stat().st_size
        raw = read_bounded(path, limit) if size <= limit else bytearray()
        size = max(size, len(raw))  # a file may grow after its size was read
        if size > limit and npz:
            raise DataImportError(Message("import.npz_too_large", mb=size / 2**20, most=limit // 2**20))
        if size > limit:
            raise DataImportError(_too_large(path, size, limit))
        if size == 0:
            raise DataImportError(Message("file.empty"))
    except FileNotFoundError:
        raise DataImportError(Message("file.missing", path=str(path))) from None
    except IsADirectoryError:
        raise DataImportError(Message("import.folder", path=str(path))) from None
    except NotRegularFileError:
        raise DataImportError(Message("import.not_regular", path=str(path))) from None
    except OSError as exc:
        raise DataImportError(cannot_read(path, exc)) from None
    return raw


def _too_large(path: Path, size: int, limit: int) -> Message:
    """The file is over the limit: how many of its rows would fit, from its first lines."""
    try:
        with path.open("rb") as f:
            head = f.read(2**20)
    except OSError:
        head = b""
    lines = head.count(b"\n")
    fit = int(limit / (len(head) / lines)) - 1 if lines > 1 else 0
    return Message("import.file_too_large", mb=size / 2**20, most=limit // 2**20, fit=max(fit, 0))


def cannot_read(path: Path, exc: OSError) -> Message:
    return Message("file.cannot_read", path=str(path), reason=foreign(str(exc.strerror or exc)))


# -- compressed files ----------------------------------------------------------------------------------
def _unpack(path: Path, raw: bytearray) -> tuple[bytes | bytearray, str | None]:
    """The text of a gzip, bz2, xz or zip (one member) file, at most MAX_FILE_BYTES of it."""
    kind = next((k for magic, k in COMPRESSED.items() if raw.startswith(magic)), None)
    if kind is None:
        return raw, None
    limit = MAX_FILE_BYTES
    try:
        if kind == "zip":
            what = Message("import.the_zip")
            with open_zip(io.BytesIO(raw), what) as zf:
                names = [i.filename for i in zf.infolist() if not i.is_dir()]
                if len(names) != 1:
                    raise DataImportError(Message("import.zip_members", count=len(names)))
                return read_member(zf, names[0], what, limit), kind
        if kind == "gzip":
            unpacker = zlib.decompressobj(wbits=47)  # a gzip header
        elif kind == "bz2":
            unpacker = bz2.BZ2Decompressor()
        else:
            unpacker = lzma.LZMADecompressor()
        text = unpacker.decompress(bytes(raw), limit + 1)
        if len(text) <= limit and not unpacker.eof:
            cut = Message("foreign.unexpected_end")
            raise DataImportError(Message("import.bad_compressed", kind=kind, detail=cut))
    except UnsafeFileError as exc:
        raise DataImportError(exc.msg) from None
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as exc:
        raise DataImportError(Message("import.bad_compressed", kind=kind, detail=foreign(str(exc)))) from None
    if len(text) > limit:
        raise DataImportError(Message("import.unpacks_too_large", kind=kind, most=limit // 2**20))
    return text, kind


# -- text tables -----------------------------------------------------------------------------------------
def _read_text_table(path: Path, options: ReadOptions, progress: Progress, stop: Stop) -> Table:
    packed = _read_file(path, MAX_FILE_BYTES)
    size, sha256 = len(packed), "" if options.first_rows else hashlib.sha256(packed).hexdigest()
    raw, compression = _unpack(path, packed)
    del packed
    if compression is None and raw.startswith((b"\x93NUMPY", b"\x80")):
        raise DataImportError(Message("import.binary", byte=1))
    zero = raw.find(b"\0")
    if zero >= 0:
        raise DataImportError(Message("import.binary", byte=zero + 1))
    _check_line_lengths(raw)
    encoding = _encoding(raw)
    sample, _ = _sample(raw, encoding)
    if not sample:
        raise DataImportError(Message("import.blank"))
    if options.first_rows:
        raw = raw[: _line_end(raw, sample[-1][0])]
    delimiter = options.delimiter if options.delimiter is not None else _sniff([t for _, t in sample])
    quoted = b'"' in raw
    cells = [(line, _split(text, delimiter, line)) for line, text in sample]
    decimal = "," if delimiter != "," and _decimal_comma([c for _, c in cells]) else "."
    if decimal == ",":  # decided on numbers with a decimal point
        cells = [(line, [c.replace(",", ".") for c in row]) for line, row in cells]
    layout = _layout([c for _, c in cells], options.header)
    first_line = cells[layout.skip][0] if layout.skip < len(cells) else None
    ncols = layout.ncols
    if ncols < 2:
        raise DataImportError(Message("import.one_column"))
    if first_line is None:
        raise DataImportError(Message("import.header_only" if layout.header else "import.no_rows"))
    reference = Message("import.the_header") if layout.header else Message("import.the_first_row")
    rows, clean = _row_lines(raw, encoding, delimiter, quoted, first_line, ncols, reference)
    n = len(rows)
    if n == 0:
        raise DataImportError(Message("import.header_only" if layout.header else "import.no_rows"))
    if n * ncols > MAX_VALUES:
        fit = MAX_VALUES // ncols
        raise DataImportError(
            Message(
                "import.too_many_values", rows=n, columns=ncols, values=n * ncols, most=MAX_VALUES, fit=fit
            )
        )
    below = [c for _, c in cells[layout.skip :]]
    numeric = tuple(j for j in range(ncols) if _numeric_column([r[j] for r in below if j < len(r)], "."))
    dtype = np.float64 if n * len(numeric) <= WIDE_VALUES else np.float32
    numbers = np.empty((n, len(numeric)), dtype=dtype)
    numeric_set = set(numeric)
    texts: dict[int, list] = {j: [] for j in range(ncols) if j not in numeric_set}
    kinds = {j: (np.float64 if j in numeric_set else object) for j in range(ncols)} if texts else None
    source = raw if clean is None else clean
    del raw, clean

    def reader(skip_lines: int, chunk: int | None, nrows: int | None = None, as_text: bool = False):
        return pd.read_csv(
            _Reader(source),
            sep=delimiter if delimiter is not None else r"\s+",
            header=None,
            names=list(range(ncols)),
            index_col=False,
            skiprows=skip_lines,
            nrows=nrows,
            chunksize=chunk,
            dtype=object if as_text else (np.float64 if not texts else kinds),
            na_values=list(MISSING),
            keep_default_na=False,
            skip_blank_lines=True,
            skipinitialspace=delimiter is not None and delimiter != "\t",
            decimal=decimal,
            quotechar='"',
            encoding=encoding,
            engine="c",
        )

    chunk = max(1, CHUNK_VALUES // ncols)
    done = 0
    with np.errstate(over="ignore"):
        try:
            for frame in reader(first_line - 1, chunk):
                if stop():
                    raise Cancelled
                m = len(frame)
                if done + m > n:
                    raise DataImportError(Message("import.rows_changed"))
                if numeric and not texts:
                    numbers[done : done + m] = frame.to_numpy(dtype=np.float64)
                elif numeric:
                    numbers[done : done + m] = frame[list(numeric)].to_numpy(dtype=np.float64)
                for j, out in texts.items():
                    out.extend(_clean_text(v) for v in frame[j].tolist())
                done += m
                progress(done / n)
        except (DataImportError, pd.errors.ParserError) as exc:
            if isinstance(exc, DataImportError):
                raise
            raise DataImportError(
                Message("import.csv_row", row=int(rows[min(done, n - 1)]), problem=foreign(str(exc)))
            ) from None
        except ValueError as exc:  # a text cell in a column of numbers: find it for its message
            line = rows[done] - 1
            try:
                frame = reader(line, None, nrows=chunk, as_text=True)
            except ValueError:
                frame = pd.DataFrame()
            for i in range(len(frame)):
                for j in numeric:
                    value = frame[j].iloc[i]
                    if value is None or value != value or _is_number(str(value), decimal):
                        continue
                    cell = cell_name(int(rows[done + i]), j, layout.names[j])
                    raise DataImportError(
                        Message("import.not_number_cell", cell=cell, text=str(value).strip()[:40])
                    ) from None
            raise DataImportError(
                Message("import.csv_row", row=int(rows[done]), problem=foreign(str(exc)))
            ) from None
    _give_back_memory()
    if done != n:  # a quoted cell across lines: pandas counts rows, not lines
        rows = np.arange(first_line, first_line + done, dtype=np.int64)
        numbers = numbers[:done]
    columns = layout.names
    notes = list(layout.notes)
    table = Table(
        columns=tuple(columns),
        numbers=numbers,
        numeric=numeric,
        texts={j: np.array(v, dtype=object) for j, v in texts.items()},
        rows=rows,
        header=layout.header,
        delimiter=delimiter,
        size=size,
        sha256=sha256,
        notes=notes,
        class_names=layout.class_names,
        row_names=layout.row_names,
    )

    def cell_text(i: int, j: int) -> str:
        cells = _line_cells(source, encoding, int(table.rows[i]), delimiter)
        return cells[j].strip() if j < len(cells) else ""

    table.cell_text = cell_text
    if compression:
        table.notes.append(Message("import.unpacked", kind=compression))
    return table


def _give_back_memory() -> None:
    """Hand the memory pandas' parser freed back to the system (glibc keeps about 100 MB of a large
    table's pieces otherwise, which the copies made for the split would come on top of)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)


class _Reader(io.RawIOBase):
    """The text as a file, read in place (io.BytesIO would copy a bytearray whole)."""

    def __init__(self, data: bytes | bytearray) -> None:
        super().__init__()
        self._view, self._at = memoryview(data), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), len(self._view) - self._at)
        buffer[:n] = self._view[self._at : self._at + n]
        self._at += n
        return n

    def close(self) -> None:
        self._view.release()
        super().close()


def _clean_text(value) -> str | None:
    if value is None or value != value:
        return None
    text = str(value).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text if text not in MISSING else None


def _encoding(raw: bytes | bytearray) -> str:
    if raw.isascii():
        return "utf-8"
    try:
        raw.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        controls = sum(1 for b in raw[:SAMPLE_CHARS] if b < 32 and b not in (9, 10, 13))
        if controls:
            raise DataImportError(Message("import.binary_byte", byte=exc.start + 1)) from None
        return "latin-1"  # an older single-byte encoding: the numbers read the same


def _check_line_lengths(raw: bytes | bytearray) -> None:
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


def _sample(raw: bytes | bytearray, encoding: str) -> tuple[list[tuple[int, str]], int]:
    """The first non-blank lines (at most SAMPLE_LINES) with their line numbers, whole."""
    end = len(raw)
    if end > SAMPLE_CHARS:
        end = raw.find(b"\n", SAMPLE_CHARS)
        end = len(raw) if end < 0 else end
    text = bytes(raw[:end]).decode(encoding, errors="replace")
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            _check_cells(line, i)
            out.append((i, line))
            if len(out) == SAMPLE_LINES:
                break
    return out, end


def _check_cells(line: str, row: int) -> None:
    cuts = max(line.count(d) for d in (*DELIMITERS, " "))
    if cuts >= MAX_COLUMNS:
        raise DataImportError(Message("import.too_many_columns", row=row, most=MAX_COLUMNS))


def _sniff(lines: list[str]) -> str | None:
    """The delimiter that splits every sample line into the same number (> 1) of fields."""
    for d in DELIMITERS:
        try:
            counts = {len(row) for row in csv.reader(lines, delimiter=d)}
        except csv.Error:
            continue
        if len(counts) == 1 and counts.pop() > 1:
            return d
        if len(counts) == 2 and min(counts) > 1 and _r_header(lines, d):
            return d
    counts = {len(line.split()) for line in lines}
    if (len(counts) == 1 and counts.pop() > 1) or (len(counts) == 2 and min(counts) > 1):
        return None
    # Not consistent: the most common delimiter; the rows are checked later and the one that differs named.
    best = max(DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
    return best if any(best in line for line in lines) else None


def _r_header(lines: list[str], d: str) -> bool:
    """R's write.table layout: a header one field shorter than every row below it."""
    counts = [len(row) for row in csv.reader(lines, delimiter=d)]
    return len(counts) > 1 and len(set(counts[1:])) == 1 and counts[0] == counts[1] - 1


def _split(line: str, delimiter: str | None, row: int) -> list[str]:
    try:
        cells = line.split() if delimiter is None else next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error as exc:
        raise DataImportError(Message("import.csv_row", row=row, problem=_csv_words(exc))) from None
    return [_unquote(c) for c in cells]


def _csv_words(exc: csv.Error) -> Message | str:
    """The csv module's complaint; its limit on a field's length as a message of its own."""
    text = str(exc)
    if text == f"field larger than field limit ({csv.field_size_limit()})":
        return Message("import.field_limit", limit=csv.field_size_limit())
    return foreign(text)


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] and cell[0] in "'\"":
        return cell[1:-1].strip()
    return cell


def _is_number(cell: str, decimal: str = ".") -> bool:
    cell = cell.strip()
    if decimal == ",":
        cell = cell.replace(",", ".")
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _numeric_column(cells: list[str], decimal: str) -> bool:
    """True when every cell that is not a missing-value marker is a number (and one is)."""
    present = [c for c in cells if c.strip() not in MISSING]
    return (bool(present) and all(_is_number(c, decimal) for c in present)) or not present


def _decimal_comma(rows: list[list[str]]) -> bool:
    return any(re.fullmatch(r"-?\d+,\d+", c.strip()) for r in rows for c in r)


@dataclass
class _Layout:
    header: bool
    skip: int  # sample lines before the first data row
    ncols: int
    names: list[str]
    notes: list[Message]
    class_names: tuple[str, ...] | None = None
    row_names: bool = False


def _whole(cell: str) -> bool:
    try:
        value = float(cell)
    except ValueError:
        return False
    return math.isfinite(value) and value == int(value)


def _layout(rows: list[list[str]], header: bool | None) -> _Layout:
    """Where the data start and what the columns are called: a header row (detected unless given),
    a count line, R's row names."""
    first, rest = rows[0], rows[1:]
    width = len(rest[0]) if rest else len(first)
    notes: list[Message] = []
    if header is not False and rest and len(first) >= 2 and _count_line(first, rest):
        names = tuple(first[2:]) if len(first) > 2 else None
        notes.append(Message("import.count_line", rows=int(float(first[0])), features=int(float(first[1]))))
        return _Layout(False, 1, width, [f"column {j + 1}" for j in range(width)], notes, names)
    if rest and len(first) == width - 1 and header is not False and all(len(r) == width for r in rest):
        notes.append(Message("import.row_names"))
        names = ["row name", *(c or f"column {j + 2}" for j, c in enumerate(first))]
        return _Layout(True, 1, width, names, notes, row_names=True)
    if header is None:
        header = _looks_like_header(first, rest)
    if header:
        names = [c or f"column {j + 1}" for j, c in enumerate(first)]
        seen: dict[str, int] = {}
        for j, name in enumerate(names):  # a name twice: the second is "name (2)"
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                names[j] = f"{name} ({seen[name]})"
        return _Layout(True, 1, len(first), names, notes)
    return _Layout(False, 0, len(first), [f"column {j + 1}" for j in range(len(first))], notes)


def _count_line(first: list[str], rest: list[list[str]]) -> bool:
    """A first line of counts: rows, features, then (maybe) the class names, as sklearn's iris.csv."""
    if not (_whole(first[0]) and _whole(first[1])):
        return False
    width = len(rest[0])
    rows, features = int(float(first[0])), int(float(first[1]))
    names = first[2:]
    return (
        features == width - 1
        and rows >= len(rest)
        and all(not _is_number(c) for c in names)
        and (len(first) != width or bool(names))
    )


def _looks_like_header(first: list[str], rest: list[list[str]]) -> bool:
    """Is the first row a header? Yes when some column holds numbers below it but text in it; when
    every cell is a distinct whole number unlike the column below (years: 1960, …, 2010); or, for a
    table of text, when none of its cells appears in its column below."""
    if not rest:
        return not all(_is_number(c) for c in first)
    columns = [[r[j] for r in rest if j < len(r) and r[j] not in MISSING] for j in range(len(first))]
    numeric_below = [j for j, col in enumerate(columns) if col and all(_is_number(c) for c in col)]
    if any(first[j] not in MISSING and not _is_number(first[j]) for j in numeric_below):
        return True
    if all(_is_number(c) for c in first):
        if len(rest) < 2 or not all(_whole(c) for c in first) or len({float(c) for c in first}) < len(first):
            return False
        for j, col in enumerate(columns):
            values = [float(c) for c in col if _is_number(c)]
            if not values:
                return False
            whole_below = all(v == int(v) for v in values if math.isfinite(v))
            inside = min(values) <= float(first[j]) <= max(values)
            if whole_below and inside:
                return False
        return True
    text = [j for j, c in enumerate(first) if not _is_number(c)]
    return bool(text) and all(first[j] not in columns[j] for j in text) and len(set(first)) == len(first)


def _row_lines(
    raw: bytes | bytearray,
    encoding: str,
    delimiter: str | None,
    quoted: bool,
    first_line: int,
    ncols: int,
    reference: Message,
) -> tuple[np.ndarray, bytes | None]:
    """The file line of every data row from ``first_line`` on, each checked to have ``ncols`` cells
    (before pandas, which would fill a short row with missing values). Also the text without its
    lines of spaces, when it has any (pandas would read one as a row), else None."""
    rows: list[int] = []

    def check(line: int, count: int) -> None:
        if count >= MAX_COLUMNS:
            raise DataImportError(Message("import.too_many_columns", row=line, most=MAX_COLUMNS))
        if count != ncols:
            shape = {"row": line, "reference": reference, "count": ncols}
            if count == 1:
                raise DataImportError(Message("import.row_one_column", **shape))
            raise DataImportError(Message("import.row_columns", columns=count, **shape))

    spaces = False
    if delimiter is not None and not quoted and len(delimiter) == 1:
        d = delimiter.encode()
        start, line, end_all = 0, 1, len(raw)
        find, count = raw.find, raw.count
        while start < end_all:
            end = find(b"\n", start)
            end = end_all if end < 0 else end
            if line >= first_line:
                cuts = count(d, start, end)
                if cuts == 0 and not raw[start:end].strip():
                    spaces = spaces or end > start + (raw[end - 1 : end] == b"\r")
                else:
                    check(line, cuts + 1)
                    rows.append(line)
            start, line = end + 1, line + 1
    else:
        text = bytes(raw).decode(encoding)
        if delimiter is None:
            for line, content in enumerate(text.splitlines(), start=1):
                if line >= first_line and content.strip():
                    check(line, len(content.split(maxsplit=MAX_COLUMNS)))
                    rows.append(line)
        else:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            start = 1
            try:
                for cells in reader:
                    if start >= first_line:
                        if cells and any(c.strip() for c in cells):
                            check(start, len(cells))
                            rows.append(start)
                        elif cells:
                            spaces = True
                    start = reader.line_num + 1
            except csv.Error as exc:
                raise DataImportError(
                    Message("import.csv_row", row=reader.line_num, problem=_csv_words(exc))
                ) from None
    clean = None
    if spaces:  # lines of spaces only: removed, as blank lines are
        clean = b"\n".join(b"" if not part.strip() else part for part in bytes(raw).split(b"\n"))
    return np.array(rows, dtype=np.int64), clean


def _line_end(raw: bytes | bytearray, line: int) -> int:
    """The offset just past file line ``line`` (1-based)."""
    start = 0
    for _ in range(line):
        end = raw.find(b"\n", start)
        if end < 0:
            return len(raw)
        start = end + 1
    return start


def _line_cells(raw: bytes | bytearray, encoding: str, line: int, delimiter: str | None) -> list[str]:
    """The cells of file line ``line`` (1-based), for a message."""
    start = 0
    for _ in range(line - 1):
        start = raw.find(b"\n", start) + 1
        if start == 0:
            return []
    end = raw.find(b"\n", start)
    text = bytes(raw[start : end if end >= 0 else len(raw)]).decode(encoding, errors="replace").rstrip("\r")
    if delimiter is None:
        return text.split()
    try:
        return next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        return text.split(delimiter)


def cell_name(row: int, j: int, name: str) -> Message:
    """A cell named the way a spreadsheet shows it: row 57, column 2 ('beta')."""
    return Message("import.cell", row=row, column=j + 1, name=name)


# -- .npz ------------------------------------------------------------------------------------------------
def _read_npz(path: Path, options: ReadOptions, progress: Progress, stop: Stop) -> Table | None:
    if path.suffix.lower() != ".npz":
        return None
    packed = _read_file(path, MAX_NPZ_BYTES, npz=True)
    size, sha256 = len(packed), hashlib.sha256(packed).hexdigest()
    del packed
    try:
        arrays = load_npz(
            path,
            Message("zip.the_npz_file"),
            MAX_NPZ_BYTES,
            keys=("x", "y", *KERAS_ARRAYS),
            max_items=MAX_VALUES,
        )
    except UnsafeFileError as exc:
        raise DataImportError(exc.msg) from None
    except OSError as exc:
        raise DataImportError(cannot_read(path, exc)) from None
    if any(k in arrays for k in KERAS_ARRAYS) and not ("x" in arrays and "y" in arrays):
        keras = _keras_images(arrays)
        return _image_table(path, *keras, size, sha256, options, progress, stop)
    x, y = npz_xy(arrays)
    k = x.shape[1]
    names = (*tuple(f"x{j + 1}" for j in range(k)), "y")
    numeric_y = y.dtype.kind in "biuf"
    numbers = np.empty((len(y), k + numeric_y), dtype=np.float64 if x.size <= WIDE_VALUES else np.float32)
    numbers[:, :k] = x
    if numeric_y:
        numbers[:, k] = y
    bad = ~np.isfinite(numbers[:, :k])
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise DataImportError(Message("import.x_not_finite", cell=cell_name(i + 1, j, names[j])))
    texts = {} if numeric_y else {k: np.array([str(v) for v in y], dtype=object)}
    progress(1.0)
    return Table(
        columns=names,
        numbers=numbers,
        numeric=tuple(range(k + numeric_y)),
        texts=texts,
        rows=np.arange(1, len(y) + 1),
        header=True,
        delimiter="",
        size=size,
        sha256=sha256,
    )


def npz_xy(arrays: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The arrays ``x`` and ``y`` of an .npz table, checked."""
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
    if y.dtype.kind not in "biufU":
        raise DataImportError(Message("import.target_kind", target="y", dtype=str(y.dtype)))
    return x, y


# -- MNIST and Fashion-MNIST: the four IDX files, or Keras's mnist.npz --------------------------------------
# Each file by its standard names (torchvision's MNIST/raw, LeCun's site; Kaggle writes a dot before idx).
IDX_FILES = {
    "train_images": ("train-images-idx3-ubyte", "train-images.idx3-ubyte"),
    "train_labels": ("train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
    "test_images": ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"),
    "test_labels": ("t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"),
}
IDX_MAGIC = {3: 0x00000803, 1: 0x00000801}  # unsigned bytes, 3-D images or 1-D labels
KERAS_ARRAYS = ("x_train", "y_train", "x_test", "y_test")
IMAGE_CLASSES = 10  # MNIST's digits, Fashion-MNIST's ten kinds of clothing: labels 0 … 9
MAX_IMAGE_SIDE = 4096
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip


def idx_files(path: str | Path) -> dict[str, Path] | None:
    """The four IDX files ``path`` names: a folder that holds them (or whose ``raw`` folder does, as
    torchvision's ``MNIST``), or one of them (the others beside it). None when ``path`` is not about
    IDX files at all; a refusal when one of the four is missing."""
    path = Path(path)
    if path.is_dir():
        folders = [path, path / "raw"]
    elif _idx_role(path.name) is not None and path.exists():
        folders = [path.parent]
    else:
        return None
    for folder in folders:
        found = {role: _find_idx(folder, names) for role, names in IDX_FILES.items()}
        present = [p for p in found.values() if p is not None]
        if len(present) == len(IDX_FILES):
            return found  # type: ignore[return-value]
        if present or (folder is folders[-1] and not path.is_dir()):
            role = next(r for r, p in found.items() if p is None)
            raise DataImportError(Message("import.idx_missing", folder=str(folder), name=IDX_FILES[role][0]))
    return None


def _idx_role(name: str) -> str | None:
    base = name[:-3] if name.lower().endswith(".gz") else name
    return next((role for role, names in IDX_FILES.items() if base in names), None)


def _find_idx(folder: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        for candidate in (folder / name, folder / f"{name}.gz"):
            if candidate.is_file():
                return candidate
    return None


def data_name(path: str | Path) -> str:
    """What imported data is called: the file's name without its suffix, or for MNIST's IDX files
    their folder's (torchvision's ``MNIST/raw``: ``MNIST``)."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent if _idx_role(path.name) is not None else None
    if folder is None:
        return path.stem
    folder = folder.resolve()
    return (folder.parent.name if folder.name == "raw" else folder.name) or "MNIST"


def source_name(path: str | Path) -> str:
    """The name of the file imported, for messages: its name, or for MNIST's IDX files their folder's."""
    path = Path(path)
    if path.is_dir() or _idx_role(path.name) is not None:
        return data_name(path)
    return path.name


def source_size(path: str | Path) -> int:
    """The bytes an import of ``path`` reads (the four IDX files together); 0 when unknown."""
    try:
        files = idx_files(path)
        if files is not None:
            return sum(p.stat().st_size for p in files.values())
        return Path(path).stat().st_size
    except (OSError, DataImportError):
        return 0


def source_sha256(path: str | Path) -> str | None:
    """The SHA-256 the reader gives the data of ``path`` (:attr:`Table.sha256`): the file's, or for
    MNIST's IDX files that of the four files' bytes one after the other; None when unreadable."""
    try:
        files = idx_files(path)
        paths = list(files.values()) if files is not None else [Path(path)]
        digest = hashlib.sha256()
        for p in paths:
            raw = read_bounded(p, MAX_FILE_BYTES)
            if len(raw) > MAX_FILE_BYTES:
                return None
            digest.update(raw)
        return digest.hexdigest()
    except (OSError, DataImportError):
        return None


def _read_idx(path: Path, options: ReadOptions, progress: Progress, stop: Stop) -> Table | None:
    files = idx_files(path)
    if files is None:
        return None
    arrays: dict[str, np.ndarray] = {}
    digest, size = hashlib.sha256(), 0
    for k, (role, file) in enumerate(files.items()):
        if stop():
            raise Cancelled
        packed = _read_file(file, MAX_FILE_BYTES)
        digest.update(packed)
        size += len(packed)
        arrays[role] = _idx_array(file, packed, 3 if role.endswith("images") else 1)
        del packed
        progress(0.5 * (k + 1) / len(files))
    names = {role: file.name for role, file in files.items()}
    images = _checked_images(arrays, names)
    step = lambda share: progress(0.5 + 0.5 * share)  # noqa: E731 - the second half: the table
    return _image_table(path, *images, size, digest.hexdigest(), options, step, stop)


def _idx_array(file: Path, packed: bytearray, ndim: int) -> np.ndarray:
    """An IDX file of unsigned bytes (gzipped or not) as an array, its header checked against the
    file's size before anything of that size is made: never more than the file holds is unpacked."""
    name = file.name
    gz = packed.startswith(b"\x1f\x8b")
    unpacker = zlib.decompressobj(wbits=47) if gz else None

    def truncated() -> DataImportError:
        return DataImportError(Message("import.idx_truncated_gzip", file=name))

    try:
        head = bytes(unpacker.decompress(bytes(packed), 4 + 4 * ndim) if gz else packed[: 4 + 4 * ndim])
    except zlib.error as exc:
        raise DataImportError(
            Message("import.bad_compressed", kind="gzip", detail=foreign(str(exc)))
        ) from None
    if len(head) < 4:
        if gz and not unpacker.eof:
            raise truncated()
        raise DataImportError(Message("import.idx_short", file=name, size=len(head)))
    magic = int.from_bytes(head[:4], "big")
    if magic != IDX_MAGIC[ndim]:
        what = Message("import.idx_images" if ndim == 3 else "import.idx_labels")
        raise DataImportError(
            Message(
                "import.idx_magic",
                file=name,
                magic=f"0x{magic:08X}",
                wanted=f"0x{IDX_MAGIC[ndim]:08X}",
                what=what,
            )
        )
    if len(head) < 4 + 4 * ndim:
        if gz and not unpacker.eof:
            raise truncated()
        raise DataImportError(Message("import.idx_short", file=name, size=len(head)))
    dims = tuple(int.from_bytes(head[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    wanted = math.prod(dims)
    shape = " × ".join(f"{d:,}" for d in dims)
    if ndim == 3 and (min(dims[1:]) < 1 or max(dims[1:]) > MAX_IMAGE_SIDE):
        raise DataImportError(Message("import.idx_side", file=name, shape=shape, most=MAX_IMAGE_SIDE))
    if dims[0] == 0:
        raise DataImportError(Message("import.idx_empty", file=name))
    if gz:
        if wanted > MAX_FILE_BYTES:  # checked before anything of that size is unpacked
            most = MAX_FILE_BYTES // 2**20
            raise DataImportError(
                Message("import.idx_too_large", file=name, shape=shape, wanted=wanted, most=most)
            )
        # one byte more than the header says, at most: a longer file is told apart from a cut one
        try:
            body = unpacker.decompress(unpacker.unconsumed_tail, wanted + 1)
        except zlib.error as exc:
            detail = foreign(str(exc))
            raise DataImportError(Message("import.bad_compressed", kind="gzip", detail=detail)) from None
        if len(body) <= wanted and not unpacker.eof:
            raise truncated()  # the data, or the gzip's end (its CRC and length), is cut short
        if len(body) != wanted:
            holds = (
                Message("size.bytes", count=len(body))
                if len(body) < wanted
                else Message("import.idx_more", wanted=wanted)
            )
            raise DataImportError(
                Message("import.idx_sizes", file=name, shape=shape, wanted=wanted, holds=holds)
            )
        return np.frombuffer(body, dtype=np.uint8).reshape(dims)
    if len(packed) - (4 + 4 * ndim) != wanted:
        holds = Message("size.bytes", count=len(packed) - (4 + 4 * ndim))
        raise DataImportError(Message("import.idx_sizes", file=name, shape=shape, wanted=wanted, holds=holds))
    return np.frombuffer(packed, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _checked_images(
    arrays: dict[str, np.ndarray], names: dict[str, str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(training images, labels, test images, labels), each pair of the same count, the images of one
    size, the labels 0 … 9."""
    for part in ("train", "test"):
        images, labels = arrays[f"{part}_images"], arrays[f"{part}_labels"]
        if images.ndim != 3 or images.shape[0] == 0 or min(images.shape[1:]) == 0:
            raise DataImportError(
                Message("import.images_shape", name=names[f"{part}_images"], shape=str(images.shape))
            )
        if labels.ndim != 1:
            raise DataImportError(
                Message("import.labels_shape", name=names[f"{part}_labels"], shape=str(labels.shape))
            )
        if len(labels) != len(images):
            raise DataImportError(
                Message(
                    "import.idx_counts", labels=names[f"{part}_labels"], count=len(labels),
                    images=names[f"{part}_images"], images_count=len(images),
                )
            )  # fmt: skip
        if labels.dtype.kind not in "iu":
            raise DataImportError(
                Message("import.labels_kind", name=names[f"{part}_labels"], dtype=str(labels.dtype))
            )
        out = (labels < 0) | (labels >= IMAGE_CLASSES)
        if out.any():
            i = int(np.argmax(out))
            raise DataImportError(
                Message(
                    "import.label_range",
                    name=names[f"{part}_labels"],
                    label=int(labels[i]),
                    item=i + 1,
                    most=IMAGE_CLASSES - 1,
                )
            )
    train, test = arrays["train_images"], arrays["test_images"]
    if train.shape[1:] != test.shape[1:]:
        sides = {
            "train_shape": "×".join(map(str, train.shape[1:])),
            "test_shape": "×".join(map(str, test.shape[1:])),
        }
        raise DataImportError(
            Message("import.image_sizes", train=names["train_images"], test=names["test_images"], **sides)
        )
    n, pixels = len(train) + len(test), train.shape[1] * train.shape[2]
    if n * (pixels + 1) > MAX_VALUES:
        raise DataImportError(
            Message(
                "import.too_many_values",
                rows=n,
                columns=pixels + 1,
                values=n * (pixels + 1),
                most=MAX_VALUES,
                fit=MAX_VALUES // (pixels + 1),
            )
        )
    return train, arrays["train_labels"], test, arrays["test_labels"]


def _keras_images(arrays: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Keras's mnist.npz (and fashion_mnist's layout): x_train, y_train, x_test, y_test, images of bytes."""
    missing = [k for k in KERAS_ARRAYS if k not in arrays]
    if missing:
        raise DataImportError(Message("import.keras_arrays", missing=", ".join(missing)))
    for key in ("x_train", "x_test"):
        if arrays[key].dtype != np.uint8:
            raise DataImportError(Message("import.keras_pixels", name=key, dtype=str(arrays[key].dtype)))
    names = {
        "train_images": "x_train",
        "train_labels": "y_train",
        "test_images": "x_test",
        "test_labels": "y_test",
    }
    renamed = {role: arrays[key] for role, key in names.items()}
    return _checked_images(renamed, names)


def _image_table(
    path: Path,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    size: int,
    sha256: str,
    options: ReadOptions,
    progress: Progress,
    stop: Stop,
) -> Table:
    """Images and labels as a table: one row per image, its pixels scaled to [0, 1] (float32) in the
    first h·w columns, row by row, then its label; the training images first, then the test images."""
    h, w = x_train.shape[1:]
    k = h * w
    n_train, n_test = len(x_train), len(x_test)
    n = n_train + n_test
    if options.first_rows:  # a preview: the first images only
        n_train, n_test = min(n_train, SAMPLE_LINES), 0
    rows = n_train + n_test
    numbers = np.empty((rows, k + 1), dtype=np.float32)
    done = 0
    for images, labels, count in ((x_train, y_train, n_train), (x_test, y_test, n_test)):
        for s in range(0, count, 4096):
            if stop():
                raise Cancelled
            e = min(s + 4096, count)
            np.divide(
                images[s:e].reshape(e - s, k),
                np.float32(255),
                out=numbers[done + s : done + e, :k],
                dtype=np.float32,
            )
            numbers[done + s : done + e, k] = labels[s:e]
            progress((done + e) / max(rows, 1))
        done += count
    fashion = any("fashion" in part.lower() for part in path.resolve().parts)
    return Table(
        columns=(*(f"pixel {r + 1},{c + 1}" for r in range(h) for c in range(w)), "label"),
        numbers=numbers,
        numeric=tuple(range(k + 1)),
        texts={},
        rows=np.arange(1, rows + 1),
        header=True,
        delimiter="",
        size=size,
        sha256=sha256,
        class_names=FASHION_CLASSES if fashion else None,
        image_shape=(int(h), int(w)),
        split=(len(x_train), n - len(x_train)),
    )


def _read_csv(path: Path, options: ReadOptions, progress: Progress, stop: Stop) -> Table:
    return _read_text_table(path, options, progress, stop)


# Every format, tried in order: a reader returns None for a file that is not its format.
FORMATS: tuple[Callable[[Path, ReadOptions, Progress, Stop], Table | None], ...] = (
    _read_idx,
    _read_npz,
    _read_csv,
)


def parse_dates(values: np.ndarray) -> np.ndarray | None:
    """Text that is dates (2001-01-03, Jan-1-1995, 1974Q1) as decimal years; None if any is not."""
    texts = [str(v) for v in values]
    if not texts or not all(any(ch.isdigit() for ch in t) for t in texts):
        return None
    quarters = [re.fullmatch(r"(\d{4})[-\s]?Q([1-4])", t) for t in texts]
    if all(quarters):
        return np.array([int(m.group(1)) + (int(m.group(2)) - 1) / 4 for m in quarters])
    if all(_is_number(t) for t in texts):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            stamps = pd.to_datetime(pd.Series(texts), errors="coerce", format="mixed")
        except (ValueError, TypeError, OverflowError):
            return None
    if stamps.isna().any():
        return None
    return (stamps.dt.year + (stamps.dt.day_of_year - 1) / 365.25).to_numpy(dtype=np.float64)


def number_dates(values: np.ndarray) -> np.ndarray | None:
    """Whole numbers written as dates, yyyymmdd (19580329), as decimal years; None otherwise."""
    if not len(values) or not 1700_01_01 <= values[0] <= 2200_12_31:
        return None
    if not np.all((values >= 1700_01_01) & (values <= 2200_12_31)):
        return None
    if not np.all(values == np.round(values)):
        return None
    v = values.astype(np.int64)
    year, month, day = v // 10_000, v // 100 % 100, v % 100
    if not (np.all((year >= 1700) & (year <= 2200)) and np.all((month >= 1) & (month <= 12))):
        return None
    if not np.all((day >= 1) & (day <= 31)):
        return None
    return year + (month - 1) / 12 + (day - 1) / 365.25
