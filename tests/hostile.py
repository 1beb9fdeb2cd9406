"""Hostile files for the loaders' tests, made from the public descriptions of the zip format
(PKWARE's APPNOTE) and NumPy's .npy format: a zip whose directory lists millions of members, a
member that unpacks to more than it declares, arrays of dtypes the workspace format does not name.
Qt-free (the window's tests use them too)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np

LOCAL = "<4s5H3L2H"  # local file header: 30 bytes, then the name
CENTRAL = "<4s6H3L5H2L"  # central directory header: 46 bytes, then the name
END = "<4s4H2LH"  # end of central directory record: 22 bytes


def npz(arrays: dict[str, np.ndarray], compressed: bool = False) -> bytes:
    out = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(out, **arrays)
    return out.getvalue()


def zip_of(members: dict[str, bytes | str], stored: tuple[str, ...] = ("arrays.npz",)) -> bytes:
    """A zip of ``members``: those named in ``stored`` stored, the others deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content, zipfile.ZIP_STORED if name in stored else None)
    return out.getvalue()


def parts(raw: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """A workspace's JSON document and arrays (the file trusted: it is ours)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        doc = json.loads(zf.read("workspace.json"))
        with np.load(io.BytesIO(zf.read("arrays.npz")), allow_pickle=False) as arrays:
            return doc, {k: arrays[k] for k in arrays.files}


def workspace(doc: dict | str | bytes, arrays: dict[str, np.ndarray] | bytes, **zip_options) -> bytes:
    """A workspace file of ``doc`` (a document, or its text as it is) and ``arrays``."""
    text = doc if isinstance(doc, (str, bytes)) else json.dumps(doc)
    return zip_of(
        {"workspace.json": text, "arrays.npz": arrays if isinstance(arrays, bytes) else npz(arrays)},
        **zip_options,
    )


def directory_flood(members: int, declared: int | None = None) -> bytes:
    """A zip of one empty file whose central directory lists it ``members`` times; its end record
    declares ``declared`` members (default: as many, at most 65,535)."""
    name = b"a"
    local = struct.pack(LOCAL, b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
    entry = struct.pack(CENTRAL, b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0)
    directory = (entry + name) * members
    count = min(members if declared is None else declared, 0xFFFF)
    end = struct.pack(END, b"PK\x05\x06", 0, 0, count, count, len(directory), len(local), 0)
    return local + directory + end


def lying_member(name: str, declared: int, inflated: int, others: dict[str, bytes] | None = None) -> bytes:
    """A zip whose deflated member ``name`` declares ``declared`` bytes but inflates to
    ``inflated`` bytes of spaces (written in pieces: no memory for the whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = b" " * 2**20
    body = [packer.compress(b"{")]
    for _ in range(inflated // len(piece)):
        body.append(packer.compress(piece))
    body.append(packer.flush())
    data = b"".join(body)
    out = io.BytesIO()
    entries = []
    for member, content in (others or {}).items():
        entries.append(_stored(out, member.encode(), content))
    offset = out.tell()
    raw_name = name.encode()
    header = (8, 0, 0, 0, len(data), declared)  # deflated, time, date, CRC (wrong), sizes
    out.write(struct.pack(LOCAL, b"PK\x03\x04", 20, 0, *header, len(raw_name), 0) + raw_name + data)
    entries.append((raw_name, header, offset))
    return _finish(out, entries)


def _stored(out: io.BytesIO, name: bytes, content: bytes) -> tuple:
    offset = out.tell()
    header = (0, 0, 0, zlib.crc32(content), len(content), len(content))
    out.write(struct.pack(LOCAL, b"PK\x03\x04", 20, 0, *header, len(name), 0) + name + content)
    return name, header, offset


def _finish(out: io.BytesIO, entries: list[tuple]) -> bytes:
    start = out.tell()
    for name, header, offset in entries:
        out.write(struct.pack(CENTRAL, b"PK\x01\x02", 20, 20, 0, *header, len(name), 0, 0, 0, 0, 0, offset))
        out.write(name)
    size = out.tell() - start
    out.write(struct.pack(END, b"PK\x05\x06", 0, 0, len(entries), len(entries), size, start, 0))
    return out.getvalue()


def write(path: Path, raw: bytes) -> Path:
    path.write_bytes(raw)
    return path
