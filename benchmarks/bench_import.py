"""Importing a table the size of Kaggle's mnist_train.csv: 60,000 rows × 785 columns (a ``label``
column first, then 784 pixels of 0 … 255, most of them 0), about 100 MB of text.

Run from the repository root, alone: ``python benchmarks/bench_import.py`` (``--write`` also writes
BENCHMARKS.md). The CSV is generated first (not timed). Each repeat imports it in a fresh child
process (``core.io.importer.import_file``, target ``label``, the default options: standardised, 20%
validation) and measures the wall time and the growth of the peak resident size from just before the
import (Linux: /proc/self/clear_refs and VmHWM). One more child profiles the import to say where the
time goes. The target: at most 15 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.report import write_section  # noqa: E402

ROWS, PIXELS = 60_000, 784
TARGET_S = 15.0
MB = 2**20

CHILD = r"""
import json, sys, time
from pathlib import Path
from core.io.importer import ImportOptions, import_file  # imported before the measurement

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

Path("/proc/self/clear_refs").write_text("5")
before = status("VmRSS")
start = time.perf_counter()
data = import_file(sys.argv[1], ImportOptions(target="label"))
elapsed = time.perf_counter() - start
print(json.dumps({"s": elapsed, "peak": status("VmHWM") - before, "rows": data.train_rows + data.val_rows,
                  "features": data.features, "classes": data.num_classes}))
"""

PROFILE = r"""
import cProfile, json, pstats, sys
from core.io.importer import ImportOptions, import_file

profile = cProfile.Profile()
profile.runcall(import_file, sys.argv[1], ImportOptions(target="label"))
stats = pstats.Stats(profile).stats
wanted = {
    "_read_file": "reading the file (bounded read)",
    "<built-in method _hashlib.openssl_sha256>": "its SHA-256",
    "_row_lines": "every row's cells counted (before pandas)",
    "read_csv": "pandas' read_csv (opening the reader)",
    "__next__": "pandas parsing the pieces",
    "plan_columns": "each column's role",
    "_split": "the split, standardisation, float32 checks",
}
out = {}
for (file, line, name), (cc, nc, tt, ct, callers) in stats.items():
    key = name if name in wanted else None
    if key and (key != "__next__" or "readers.py" in file):
        out[wanted[key]] = max(out.get(wanted[key], 0.0), ct)
print(json.dumps(out))
"""


def write_mnist_like(path: Path, seed: int = 0) -> int:
    """A CSV of Kaggle's mnist_train.csv layout; returns its size in bytes."""
    rng = np.random.default_rng(seed)
    words = np.array([str(v) for v in range(256)], dtype=object)
    with path.open("w") as f:
        f.write("label," + ",".join(f"{r}x{c}" for r in range(1, 29) for c in range(1, 29)) + "\n")
        for start in range(0, ROWS, 5_000):
            n = min(5_000, ROWS - start)
            pixels = np.where(rng.random((n, PIXELS)) < 0.19, rng.integers(1, 256, (n, PIXELS)), 0)
            labels = rng.integers(0, 10, n)
            block = np.concatenate([labels[:, None], pixels], axis=1)
            f.write("\n".join(",".join(words[row]) for row in block) + "\n")
    return path.stat().st_size


def child(code: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mnist_train.csv"
        start = time.perf_counter()
        size = write_mnist_like(path)
        print(
            f"generated {path.name}: {size / MB:.1f} MiB in {time.perf_counter() - start:.0f} s", flush=True
        )
        runs = []
        for i in range(args.repeats):
            runs.append(child(CHILD, path))
            print(f"import {i + 1}: {runs[-1]['s']:.1f} s, peak +{runs[-1]['peak'] / MB:.0f} MiB", flush=True)
        phases = child(PROFILE, path)
    seconds = statistics.median(r["s"] for r in runs)
    peak = max(r["peak"] for r in runs)
    first = runs[0]
    floats = ROWS * (PIXELS + 1) * 4
    lines = [
        "## Importing a large table",
        "",
        f"`benchmarks/bench_import.py`: a CSV of Kaggle's `mnist_train.csv` layout (60,000 rows × 785 "
        f"columns, `label` first, pixels 0 … 255, most 0; {size / MB:.1f} MiB), imported by "
        "`core.io.importer.import_file` with `--target label` and the default options (standardised, 20% "
        f"validation), each time in a fresh process; {args.repeats} repeats.",
        "",
        f"- Import time: median **{seconds:.1f} s** (runs: "
        + ", ".join(f"{r['s']:.1f}" for r in runs)
        + f" s); {first['rows']:,} rows, {first['features']} features, {first['classes']} classes.",
        f"- Peak memory: **+{peak / MB:.0f} MiB** above the process before the import (the table as "
        f"float32 is {floats / MB:.0f} MiB; the text {size / MB:.0f} MiB).",
        "",
        "Where the time goes (one profiled import; profiling adds to each part):",
        "",
        "| part | seconds |",
        "|---|---|",
        *(f"| {name} | {value:.1f} |" for name, value in phases.items()),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    rows = [
        {
            "what": "import a 60,000 × 785 CSV (mnist_train.csv)",
            "target": f"≤ {TARGET_S:.0f} s",
            "measured": f"{seconds:.1f} s, +{peak / MB:.0f} MiB peak",
            "met": seconds <= TARGET_S,
        }
    ]
    if args.write:
        print(f"wrote {write_section('import', text, rows)}")


if __name__ == "__main__":
    main()
