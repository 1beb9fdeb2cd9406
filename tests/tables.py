"""A small mixed table for the import tests of the command line and the window (Qt-free)."""

from __future__ import annotations

import numpy as np


def write_mixed(path, n: int = 40, name_column: bool = False):
    """A CSV of ``n`` rows: an ID column, (with ``name_column``, unique text per row,) a two-valued
    text column, two numeric features (row 4's first one missing, ``NA``) and a 0/1 target."""
    x = np.random.default_rng(0).normal(size=(n, 2)).round(4)
    name_head, names = ("name,", [f"N{i}," for i in range(n)]) if name_column else ("", [""] * n)
    lines = [f"id,{name_head}colour,a,b,y"]
    for i in range(n):
        a = "NA" if i == 3 else x[i, 0]
        lines.append(f"{i + 1},{names[i]}{('red', 'blue')[i % 2]},{a},{x[i, 1]},{int(x[i, 0] > 0)}")
    path.write_text("\n".join(lines) + "\n")
    return path
