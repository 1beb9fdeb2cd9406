"""BENCHMARKS.md, put together from the sections each benchmark script measured.

Each script calls :func:`write_section` with its text and its rows (what, target, measured, met);
the figures are kept in ``benchmarks/results.json`` so that one script can be rerun alone and the
file still shows every section and one summary table of all targets.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
OUT = ROOT / "BENCHMARKS.md"
NOTES = ROOT / "benchmarks" / "notes.md"  # what limits the targets that are missed (written by hand)
ORDER = ("engine", "threads", "workers", "window", "app", "import")  # sections in the file, in this order


def machine() -> dict[str, str]:
    """CPU model, cores, memory and the versions that matter, as short strings."""
    cpu = platform.processor() or platform.machine()
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    versions = {"Python": platform.python_version()}
    for name in ("torch", "PySide6", "pyqtgraph", "numpy"):
        try:
            versions[name] = __import__(name).__version__
        except ImportError:
            versions[name] = "absent"
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {
        "load": load,
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def row(what: str, target: str, measured: str, met: bool | None) -> dict:
    """One line of the summary table (``met`` None: a figure to report, no target)."""
    return {"what": what, "target": target, "measured": measured, "met": met}


def write_section(name: str, text: str, rows: list[dict]) -> Path:
    """Store this section's text and rows, then rewrite BENCHMARKS.md from every stored section."""
    try:
        stored = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    stored[name] = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "text": text,
        "rows": rows,
    }
    RESULTS.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    OUT.write_text(render(stored), encoding="utf-8")
    return OUT


def render(stored: dict) -> str:
    names = [n for n in ORDER if n in stored] + [n for n in stored if n not in ORDER]
    m = stored[names[-1]]["machine"]
    lines = [
        "# Benchmarks",
        "",
        "How to run: `make bench` (about ten minutes; each script can also run alone, see below). "
        "Ratios are measured side by side in one run; absolute speeds on a shared machine are noise. "
        "Each section says how many repeats its figures come from.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['os']}; {m['versions']}.",
        "",
        "## Summary",
        "",
        "| what | target | measured | |",
        "|---|---|---|---|",
    ]
    for name in names:
        for r in stored[name]["rows"]:
            verdict = "report" if r["met"] is None else ("met" if r["met"] else "**missed**")
            lines.append(f"| {r['what']} | {r['target']} | {r['measured']} | {verdict} |")
    for name in names:
        load = stored[name]["machine"].get("load", "?")
        lines += [
            "",
            stored[name]["text"].rstrip(),
            "",
            f"_Measured {stored[name]['date']}; load average (1 / 5 / 15 min) when written: {load}._",
        ]
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"
