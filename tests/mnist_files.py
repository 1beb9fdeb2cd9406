"""Small MNIST-style files written by the tests themselves: the four IDX files (the public format: a
magic number, the dimensions as big-endian int32, then the bytes) and Keras's mnist.npz layout, with an
independent reading of an IDX file (struct and np.frombuffer) to compare the importer against."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def idx_bytes(array: np.ndarray, magic: int | None = None, dims: tuple[int, ...] | None = None) -> bytes:
    """An IDX file of unsigned bytes; ``magic`` and ``dims`` override what the header says."""
    a = np.ascontiguousarray(array, dtype=np.uint8)
    magic = 0x00000800 + a.ndim if magic is None else magic
    dims = a.shape if dims is None else dims
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + a.tobytes()


def arrays(train: int = 120, test: int = 30, height: int = 5, width: int = 4, seed: int = 0) -> dict:
    """Random images (every class present) and their labels."""
    rng = np.random.default_rng(seed)
    return {
        "train_images": rng.integers(0, 256, (train, height, width), dtype=np.uint8),
        "train_labels": (np.arange(train) % 10).astype(np.uint8),
        "test_images": rng.integers(0, 256, (test, height, width), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, test).astype(np.uint8),
    }


def write_idx_folder(folder: Path, parts: dict | None = None, gz: bool = False, **override: bytes) -> Path:
    """The four IDX files in ``folder`` (``override[role]``: that file's bytes as given)."""
    parts = arrays() if parts is None else parts
    folder.mkdir(parents=True, exist_ok=True)
    for role, name in NAMES.items():
        data = override.get(role, idx_bytes(parts[role]))
        (folder / (name + (".gz" if gz else ""))).write_bytes(gzip.compress(data) if gz else data)
    return folder


def write_keras_npz(path: Path, parts: dict | None = None, compressed: bool = False, **extra) -> Path:
    parts = arrays() if parts is None else parts
    keys = {
        "x_train": "train_images",
        "y_train": "train_labels",
        "x_test": "test_images",
        "y_test": "test_labels",
    }
    saved = {k: parts[role] for k, role in keys.items()}
    saved.update(extra)
    (np.savez_compressed if compressed else np.savez)(path, **saved)
    return path


def read_idx(path: Path) -> np.ndarray:
    """An IDX file read independently of the app: struct for the header, np.frombuffer for the bytes."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    zero, kind, ndim = struct.unpack(">HBB", raw[:4])
    assert zero == 0 and kind == 0x08
    dims = struct.unpack(f">{ndim}I", raw[4 : 4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
