"""Reading files that may be hostile: any file read whole with a bound, and zip files and NumPy
``.npz`` archives with sizes bounded before anything is unpacked (zip bombs), member names checked,
array headers read before the data, no pickles ever.

The cost of reading is bounded before it is paid: the zip's end record is read first and its
central directory refused when it is too large to parse (:data:`MAX_DIRECTORY_BYTES`); a member is
read in pieces and never past the size it declares; an array's header (dtype and shape) is checked
before its data is read, and only the dtypes a caller names are read."""

from __future__ import annotations

import errno
import io
import math
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from core.messages import Message, MessageError, foreign

# Array kinds an archive may hold: booleans, integers, floats, and text (class labels).
ARRAY_KINDS = "biufU"
MAX_MEMBERS = 1_000
MAX_DIRECTORY_BYTES = 1 << 20  # a zip's central directory: about 1 KB a member, at most
PIECE = 1 << 20  # members are read this much at a time


class UnsafeFileError(MessageError):
    """A zip or .npz file that is refused; the message says why."""


class NotRegularFileError(OSError):
    """A device, a pipe or a socket where a file was expected: never read (it may never end)."""


def read_bounded(path: Path, limit: int) -> bytearray:
    """At most ``limit + 1`` bytes of the regular file ``path`` (more than ``limit`` means too large):
    a file that grows after its size was checked cannot run the reader out of memory, and a device
    such as /dev/zero or a pipe is refused unread (:class:`NotRegularFileError`). A folder raises
    IsADirectoryError, as ``open`` does. The bytes are read into one buffer of the file's size (no
    second copy)."""
    size = check_regular(path).st_size
    data, total = bytearray(min(size, limit) + 1), 0
    with path.open("rb") as f, memoryview(data) as view:
        while total < len(data) and (n := f.readinto(view[total : total + PIECE])):
            total += n
    if total == len(data) and total <= limit:  # the file grew after its size was read: read on
        with path.open("rb") as f:
            f.seek(total)
            while total <= limit and (chunk := f.read(min(PIECE, limit + 1 - total))):
                data += chunk
                total += len(chunk)
    del data[total:]
    return data


def check_regular(path: Path) -> os.stat_result:
    """The status of ``path`` when it is a regular file; a folder raises IsADirectoryError, a device,
    a pipe or a socket :class:`NotRegularFileError` (neither is opened)."""
    status = path.stat()
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if not stat.S_ISREG(status.st_mode):
        raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
    return status


class Window(io.RawIOBase):
    """Read-only view of ``length`` bytes of the seekable binary file ``f`` from ``start``: a stored
    zip member opened as a file of its own without copying it, or a file seen at the size it had
    when it was checked (a file that grows later is not read past it)."""

    def __init__(self, f: BinaryIO, start: int, length: int) -> None:
        super().__init__()
        self._f, self._start, self._length, self._pos = f, start, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._length}[whence]
        if base + offset < 0:
            raise OSError(errno.EINVAL, "seek before the start")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer) -> int:
        n = max(0, min(len(buffer), self._length - self._pos))
        if n == 0:
            return 0
        self._f.seek(self._start + self._pos)
        data = self._f.read(n)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def open_zip(fp: BinaryIO, what: Message) -> zipfile.ZipFile:
    """Open the zip archive in the seekable file ``fp``; a file that is not one, is truncated, or
    whose central directory is too large to parse is an :class:`UnsafeFileError`. ``what`` names
    the file in messages (a term such as ``zip.the_workspace``)."""
    check_directory(fp, what)
    try:
        zf = zipfile.ZipFile(fp)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise UnsafeFileError(Message("zip.invalid", what=what, detail=foreign(str(exc)))) from None
    if len(infos) > MAX_MEMBERS:
        zf.close()
        raise UnsafeFileError(Message("zip.too_many_files", what=what, count=len(infos), most=MAX_MEMBERS))
    return zf


def check_directory(fp: BinaryIO, what: Message) -> None:
    """Read the zip's end-of-central-directory record (the last bytes of the file) and refuse,
    before any of the directory is parsed, a file with more members than :data:`MAX_MEMBERS` or a
    directory larger than :data:`MAX_DIRECTORY_BYTES`, and a file whose end record is not at its end
    or whose directory does not end where that record begins: its end is cut off (another zip's end
    record, such as that of a stored .npz inside, must not be read as its own)."""
    try:
        end = zipfile._EndRecData(fp)  # the record zipfile itself goes by (zip64 included)
        size = fp.seek(0, 2)
    except (OSError, struct.error, zipfile.BadZipFile) as exc:
        raise UnsafeFileError(Message("zip.invalid", what=what, detail=foreign(str(exc)))) from None
    if end is None:  # no end record: the end of a zip cut off, or no zip at all
        fp.seek(0)
        if fp.read(4) == zipfile.stringFileHeader:
            raise UnsafeFileError(Message("zip.truncated", what=what))
        detail = Message("foreign.not_a_zip_file")
        raise UnsafeFileError(Message("zip.invalid", what=what, detail=detail))
    count, directory, offset = (
        end[zipfile._ECD_ENTRIES_TOTAL],
        end[zipfile._ECD_SIZE],
        end[zipfile._ECD_OFFSET],
    )
    location, comment = end[zipfile._ECD_LOCATION], end[zipfile._ECD_COMMENT_SIZE]
    if count > MAX_MEMBERS:
        raise UnsafeFileError(Message("zip.too_many_files", what=what, count=count, most=MAX_MEMBERS))
    if directory > MAX_DIRECTORY_BYTES:
        raise UnsafeFileError(
            Message("zip.directory_too_large", what=what, size=_mb(directory), limit=_mb(MAX_DIRECTORY_BYTES))
        )
    zip64 = end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64
    before = zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator if zip64 else 0
    if location + zipfile.sizeEndCentDir + comment != size or offset + directory + before != location:
        raise UnsafeFileError(Message("zip.truncated", what=what))


def check_sizes(zf: zipfile.ZipFile, what: Message, limit: int) -> None:
    """Refuse an archive whose members would unpack to more than ``limit`` bytes in all."""
    total = 0
    for info in zf.infolist():
        if info.flag_bits & 0x1:
            raise UnsafeFileError(Message("zip.encrypted", what=what, member=info.filename))
        total += info.file_size
        if total > limit:
            raise UnsafeFileError(Message("zip.bomb", what=what, limit=_mb(limit)))


def read_member(zf: zipfile.ZipFile, name: str, what: Message, limit: int) -> bytearray:
    """The bytes of one member, at most ``limit``: its declared size is checked first, and it is
    read in pieces into a buffer of that size, so a member that unpacks to more than it declares
    costs no more memory than it declared (zipfile stops there and finds its CRC wrong)."""
    try:
        info = zf.getinfo(name)
        if info.file_size > limit:
            raise UnsafeFileError(
                Message(
                    "zip.member_too_large", what=what, member=name, size=_mb(info.file_size), limit=_mb(limit)
                )
            )
        data, total = bytearray(info.file_size), 0
        with zf.open(info) as f, memoryview(data) as view:
            while total < info.file_size and (n := f.readinto(view[total : total + PIECE])):
                total += n
            more = f.read(1)  # none: zipfile stops at the declared size, then checks the CRC
    except UnsafeFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, KeyError) as exc:
        detail = _zip_words(exc, name)
        raise UnsafeFileError(Message("zip.member_damaged", what=what, member=name, detail=detail)) from None
    if total != info.file_size:
        detail = Message("foreign.unexpected_end")
        raise UnsafeFileError(Message("zip.member_damaged", what=what, member=name, detail=detail))
    if more:
        raise UnsafeFileError(
            Message("zip.member_overflow", what=what, member=name, limit=_mb(info.file_size))
        )
    return data


def stored_member(zf: zipfile.ZipFile, fp: BinaryIO, name: str, what: Message) -> Window:
    """A stored (not compressed) member of the zip in ``fp`` as a file of its own, without reading
    it into memory; its CRC is checked first, reading it once in pieces. A compressed member is
    refused: it could hide any amount of data in a small file."""
    info = zf.getinfo(name)
    if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
        raise UnsafeFileError(Message("zip.compressed", what=what, member=name))
    damaged = Message("zip.member_damaged", what=what, member=name, detail=Message("zip.bad_header"))
    try:
        fp.seek(info.header_offset)
        header = fp.read(zipfile.sizeFileHeader)
        if len(header) != zipfile.sizeFileHeader or header[:4] != zipfile.stringFileHeader:
            raise UnsafeFileError(damaged)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        if fp.read(name_length) != info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"):
            raise UnsafeFileError(damaged)
        start = info.header_offset + zipfile.sizeFileHeader + name_length + extra_length
        member = Window(fp, start, info.file_size)
        crc, total = 0, 0
        while chunk := member.read(PIECE):
            crc = zlib.crc32(chunk, crc)
            total += len(chunk)
    except UnicodeEncodeError:
        raise UnsafeFileError(damaged) from None
    except OSError as exc:
        detail = foreign(str(exc.strerror or exc))
        raise UnsafeFileError(Message("zip.member_damaged", what=what, member=name, detail=detail)) from None
    if total != info.file_size:
        raise UnsafeFileError(Message("zip.truncated", what=what))
    if crc != info.CRC:
        detail = Message("zip.bad_crc", member=name)
        raise UnsafeFileError(Message("zip.member_damaged", what=what, member=name, detail=detail))
    member.seek(0)
    return member


def load_npz(
    source: str | Path | bytes | BinaryIO,
    what: Message,
    limit: int,
    keys: tuple[str, ...] | None = None,
    dtypes: dict[str, tuple[np.dtype, ...]] | None = None,
    max_items: int | None = None,
    stored: bool = False,
) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` archive (only ``keys`` when given; a missing key is simply absent),
    each checked from its header before its data is read: a plain dtype of :data:`ARRAY_KINDS`
    (never an object array: those are pickles), and one of ``dtypes[key]`` when the key is named
    there; at most ``max_items`` elements; a size within ``limit`` in all. ``stored``: refuse
    compressed members (a format that says they are stored)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        size = check_regular(path).st_size
        with path.open("rb") as f:
            return load_npz(Window(f, 0, size), what, limit, keys, dtypes, max_items, stored)
    fp = io.BytesIO(source) if isinstance(source, bytes) else source
    zf = open_zip(fp, what)
    with zf:
        check_sizes(zf, what, limit)
        out: dict[str, np.ndarray] = {}
        for info in zf.infolist():
            if not info.filename.endswith(".npy") or info.is_dir():
                raise UnsafeFileError(Message("zip.not_npy", what=what, member=info.filename))
            key = info.filename[: -len(".npy")]
            if keys is not None and key not in keys:
                continue
            if key in out:
                raise UnsafeFileError(Message("zip.array_twice", what=what, array=key))
            if stored and info.compress_type != zipfile.ZIP_STORED:
                raise UnsafeFileError(Message("zip.compressed", what=what, member=info.filename))
            allowed = None if dtypes is None else dtypes.get(key)
            out[key] = _read_npy(zf, info, what, key, allowed, max_items)
    return out


def _read_npy(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    what: Message,
    key: str,
    allowed: tuple[np.dtype, ...] | None,
    max_items: int | None,
) -> np.ndarray:
    try:
        with zf.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, _fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version in ((2, 0), (3, 0)):
                shape, _fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise UnsafeFileError(Message("npy.version", what=what, array=key, version=str(version)))
            if dtype.hasobject:
                raise UnsafeFileError(Message("npy.pickle", what=what, array=key))
            if dtype.kind not in ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None:
                raise UnsafeFileError(Message("npy.dtype", what=what, array=key, dtype=str(dtype)))
            if allowed is not None and dtype not in allowed:
                names = " or ".join(str(np.dtype(d)) for d in allowed)
                raise UnsafeFileError(
                    Message("npy.dtype_not", what=what, array=key, dtype=str(dtype), allowed=names)
                )
            items = math.prod(shape)
            if max_items is not None and items > max_items:
                raise UnsafeFileError(
                    Message("npy.too_many", what=what, array=key, count=items, most=max_items)
                )
            if items * dtype.itemsize > info.file_size:
                raise UnsafeFileError(Message("npy.short", what=what, array=key))
        with zf.open(info) as f:  # read in pieces of at most 256 KiB, never past the header's size
            array = np.lib.format.read_array(f, allow_pickle=False)
    except UnsafeFileError:
        raise
    except (
        zipfile.BadZipFile,
        EOFError,
        OSError,
        ValueError,
        SyntaxError,
        TypeError,
        NotImplementedError,
        OverflowError,
        MemoryError,
    ) as exc:
        detail = _zip_words(exc, info.filename)
        raise UnsafeFileError(Message("npy.unreadable", what=what, array=key, detail=detail)) from None
    if array.shape != tuple(shape):
        shapes = {"shape": str(array.shape), "header": str(tuple(shape))}
        raise UnsafeFileError(Message("npy.shape", what=what, array=key, **shapes))
    return array


def _zip_words(exc: BaseException, member: str) -> Message | str:
    """An exception's text; zipfile's check of a member's CRC-32 as a message of its own."""
    text = str(exc)
    if isinstance(exc, zipfile.BadZipFile) and text == f"Bad CRC-32 for file {member!r}":
        return Message("zip.bad_crc", member=member)
    return foreign(text[:200])


def _mb(n: int) -> Message:
    return Message("size.mb", mb=n / 2**20) if n >= 2**20 else Message("size.bytes", count=n)
