"""The memory contract (docs/workspace-format.md, "Memory"): opening any file grows the process by
at most 100 MB plus twice the arrays it accepts plus its text, whatever the file holds. Measured
in a child process: its peak resident size (VmHWM, reset before each file) above its size before
the file was opened, for the worst files of issue 20, made small enough to run in seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests import hostile

ROOT = Path(__file__).resolve().parents[2]
MB = 2**20
SLACK = 100 * MB  # the contract's fixed part

CHILD = r"""
import json, resource, sys
from pathlib import Path
from core.io.importer import import_file
from core.io.workspace import load_workspace
from core.training.config import TrainConfig

LOAD = {"workspace": load_workspace, "table": import_file, "config": lambda p: TrainConfig.load(p).validate()}

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

out = []
for kind, path in json.loads(sys.argv[1]):
    reset = Path("/proc/self/clear_refs")
    try:
        reset.write_text("5")  # the peak resident size starts again from the present one
        before = status("VmRSS")
    except OSError:  # no reset: one file per child, measured from the peak so far
        before = None
        start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        LOAD[kind](path)
        outcome = "loaded"
    except ValueError as exc:
        outcome = "refused: " + str(exc)
    if before is None:
        growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - start
    else:
        growth = status("VmHWM") - before
    out.append([outcome, growth, before is not None])
print(json.dumps(out))
"""


def peaks(cases: list[tuple[str, Path]]) -> list[tuple[str, int]]:
    """(outcome, growth in bytes) of opening each file, in a child process."""

    def child(batch):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps([(k, str(p)) for k, p in batch])],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    first = child(cases)
    if all(reset for _, _, reset in first):
        return [(outcome, growth) for outcome, growth, _ in first]
    return [tuple(child([case])[0][:2]) for case in cases]  # without a reset: a child each


def big_workspace(steps: int) -> tuple[bytes, int]:
    """A valid workspace with one run of ``steps`` steps, and the bytes of its arrays."""
    rng = np.random.default_rng(0)
    config = {"epochs": 100, "batch_size": 1, "samples": 60_000}
    doc = {
        "format": "sgd-lab-workspace",
        "version": 1,
        "config": {},
        "data": None,
        "runs": [
            {"id": 1, "name": "long", "visible": True, "config": config, "steps_per_epoch": 60_000,
             "last_batch_size": 1, "steps": steps, "status": "stopped", "message": "", "device": "cpu",
             "elapsed_s": 1.0, "diverged_step": None, "changes": [], "stability": None, "epochs": [],
             "watch_segments": []}
        ],
    }  # fmt: skip
    arrays = {f"run0.{name}": rng.random(steps) for name in ("loss", "lr", "grad_norm", "time_s", "momentum")}
    arrays["run0.batch_size"] = np.ones(steps, np.int32)
    return hostile.workspace(doc, arrays), sum(a.nbytes for a in arrays.values())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc/self/status (Linux)")
def test_opening_any_file_stays_within_the_memory_contract(tmp_path):
    doc, arrays = hostile.parts(big_workspace(10)[0])
    int8 = {k: (v * 100).astype(np.int8) for k, v in arrays.items()}
    many_steps = {k: np.resize(v, 2_000_000) for k, v in int8.items()}
    doc_int8 = {**doc, "runs": [{**doc["runs"][0], "steps": 2_000_000}]}
    segments = json.dumps(doc).replace(
        '"watch_segments": []', '"watch_segments": [' + "[0,[]]," * 4_000_000 + "[0,[]]]"
    )
    deflated = hostile.zip_of(
        {"workspace.json": json.dumps(doc), "arrays.npz": hostile.npz({"run0.loss": np.zeros(16 * MB)})},
        stored=(),
    )
    good, good_arrays = big_workspace(1_500_000)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(250_000, 20)).astype(np.float32)
    table = hostile.npz({"x": x, "y": (x[:, 0] > 0).astype(np.int64)})
    csv = b"a,b\n1,2\n" + b"12," * 13_000_000 + b"1\n"
    rows = "\n".join(
        ",".join(f"{v:.4g}" for v in row) + f",{i % 3}" for i, row in enumerate(x[:100_000, :10])
    )
    table_csv = (",".join(f"f{j}" for j in range(10)) + ",y\n" + rows + "\n").encode()
    huge = b'{"lr": 1' + b"0" * 400 + b', "seed": 1' + b"0" * 400 + b"}"
    lying = hostile.lying_member("workspace.json", 5_466, 128 * MB, {"arrays.npz": hostile.npz(arrays)})
    files = {
        # name: (loader, file, bytes of the arrays it accepts (a table as float64), of the text it reads)
        "config: 400-digit numbers": ("config", huge, 0, 0),
        "zip directory of 400,000 members": ("workspace", hostile.directory_flood(400_000, declared=1), 0, 0),
        "npz directory of 400,000 members": ("table", hostile.directory_flood(400_000), 0, 0),
        "int8 step arrays, 2,000,000 steps": ("workspace", hostile.workspace(doc_int8, many_steps), 0, 0),
        "deflated arrays.npz of 128 MB": ("workspace", deflated, 0, 0),
        "4,000,000 watch segments": ("workspace", hostile.workspace(segments, arrays), 0, len(segments)),
        "workspace.json inflating to 128 MB": ("workspace", lying, 0, 0),
        "a CSV line of 39 MB": ("table", csv, 0, len(csv)),
        "a CSV table of 1,000,000 values": ("table", table_csv, 1_000_000 * 8, len(table_csv)),
        "a workspace of 66 MB of arrays": ("workspace", good, good_arrays, 0),
        "an npz table of 5,000,000 values": ("table", table, x.size * 8, 0),
    }  # fmt: skip
    paths = []
    for i, (kind, raw, _, _) in enumerate(files.values()):
        suffix = {"workspace": ".sgdlab", "config": ".json"}.get(
            kind, ".csv" if raw in (csv, table_csv) else ".npz"
        )
        paths.append((kind, hostile.write(tmp_path / f"{i}{suffix}", raw)))
    results = peaks(paths)
    report = []
    bounds = [SLACK + 2 * accepted + 2 * text for _, _, accepted, text in files.values()]  # ASCII text: 2×
    for name, bound, (outcome, growth) in zip(files, bounds, results, strict=True):
        report.append(f"{name}: {growth / MB:.0f} MB (bound {bound / MB:.0f} MB), {outcome[:60]}")
        assert "\n" not in outcome
    print("\n".join(report))
    for line, name, bound, (outcome, growth) in zip(report, files, bounds, results, strict=True):
        assert growth <= bound, line
        assert outcome.startswith(
            "loaded" if name.startswith(("a workspace", "an npz", "a CSV table")) else "refused"
        ), line
