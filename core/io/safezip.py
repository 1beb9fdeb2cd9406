"""Reading files that may be hostile: any file read whole with a bound, and zip files and NumPy
``.npz`` archives with sizes bounded before anything is unpacked (zip bombs), member names checked,
array headers read before the data, no pickles ever."""

from __future__ import annotations

import errno
import io
import math
import stat
import zipfile
from pathlib import Path
from typing import BinaryIO

import numpy as np

from core.messages import Message, MessageError, foreign

# Array kinds an archive may hold: booleans, integers, floats, and text (class labels).
ARRAY_KINDS = "biufU"
MAX_MEMBERS = 1_000


class UnsafeFileError(MessageError):
    """A zip or .npz file that is refused; the message says why."""


class NotRegularFileError(OSError):
    """A device, a pipe or a socket where a file was expected: never read (it may never end)."""


def read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (more than ``limit`` means too large):
    a file that grows after its size was checked cannot run the reader out of memory, and a device
    such as /dev/zero or a pipe is refused unread (:class:`NotRegularFileError`). A folder raises
    IsADirectoryError, as ``open`` does."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
    chunks, total = [], 0
    with path.open("rb") as f:  # in pieces: read(limit + 1) would reserve all of it at once
        while total <= limit and (chunk := f.read(min(1 << 20, limit + 1 - total))):
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks)


def open_zip(source: str | Path | BinaryIO, what: Message) -> zipfile.ZipFile:
    """Open a zip archive; a file that is not one is an :class:`UnsafeFileError`. ``what`` names
    the file in messages (a term such as ``zip.the_workspace``)."""
    try:
        zf = zipfile.ZipFile(source)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise UnsafeFileError(Message("zip.invalid", what=what, detail=foreign(str(exc)))) from None
    if len(infos) > MAX_MEMBERS:
        zf.close()
        raise UnsafeFileError(Message("zip.too_many_files", what=what, count=len(infos), most=MAX_MEMBERS))
    return zf


def check_sizes(zf: zipfile.ZipFile, what: Message, limit: int) -> None:
    """Refuse an archive whose members would unpack to more than ``limit`` bytes in all."""
    total = 0
    for info in zf.infolist():
        if info.flag_bits & 0x1:
            raise UnsafeFileError(Message("zip.encrypted", what=what, member=info.filename))
        total += info.file_size
        if total > limit:
            raise UnsafeFileError(Message("zip.bomb", what=what, limit=_mb(limit)))


def read_member(zf: zipfile.ZipFile, name: str, what: Message, limit: int) -> bytes:
    """The bytes of one member, at most ``limit`` (checked against the declared size and while
    reading, so a member that lies about its size is stopped too)."""
    try:
        info = zf.getinfo(name)
        if info.file_size > limit:
            raise UnsafeFileError(
                Message(
                    "zip.member_too_large", what=what, member=name, size=_mb(info.file_size), limit=_mb(limit)
                )
            )
        with zf.open(info) as f:
            data = f.read(limit + 1)
    except UnsafeFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, KeyError) as exc:
        detail = _zip_words(exc, name)
        raise UnsafeFileError(Message("zip.member_damaged", what=what, member=name, detail=detail)) from None
    if len(data) > limit:
        raise UnsafeFileError(Message("zip.member_overflow", what=what, member=name, limit=_mb(limit)))
    return data


def load_npz(
    source: str | Path | bytes, what: Message, limit: int, keys: tuple[str, ...] | None = None
) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` archive (only ``keys`` when given; a missing key is simply absent),
    each checked before it is read: a plain dtype of :data:`ARRAY_KINDS` (never an object array:
    those are pickles), a size within ``limit`` in all."""
    zf = open_zip(io.BytesIO(source) if isinstance(source, bytes) else source, what)
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
            out[key] = _read_npy(zf, info, what, key)
    return out


def _read_npy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, what: Message, key: str) -> np.ndarray:
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
            if dtype.kind not in ARRAY_KINDS or dtype.fields is not None:
                raise UnsafeFileError(Message("npy.dtype", what=what, array=key, dtype=str(dtype)))
            nbytes = math.prod(shape) * dtype.itemsize
            if nbytes > info.file_size:
                raise UnsafeFileError(Message("npy.short", what=what, array=key))
        with zf.open(info) as f:
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
    return foreign(text)


def _mb(n: int) -> Message:
    return Message("size.mb", mb=n / 2**20) if n >= 2**20 else Message("size.bytes", count=n)
