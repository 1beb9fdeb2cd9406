"""A fuzzer that keeps going: valid workspaces and configs mutated field by field (wrong types, huge
and tiny numbers, NaN and infinity, extra and missing keys, arrays of other dtypes, lengths and
values). Every outcome is a load or a refusal of one line, never another exception; what loads
can be saved and exported again.

``SGD_LAB_FUZZ_EXAMPLES`` sets the examples per test (default 150: a few seconds each);
``SGD_LAB_FUZZ_EXAMPLES=5000 pytest tests/core/test_fuzz_files.py`` fuzzes for longer.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.experiments.runs import RunRecord
from core.io.export import result_csv, result_json
from core.io.importer import from_arrays
from core.io.workspace import Workspace, WorkspaceError, read_workspace, workspace_bytes
from core.training.config import ConfigError, TrainConfig
from core.training.engine import Trainer
from tests import hostile

EXAMPLES = int(os.environ.get("SGD_LAB_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="SGD_LAB_FUZZ_EXAMPLES" not in os.environ,  # the same examples in CI, new ones by hand
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(scope="module")
def valid() -> tuple[dict, dict[str, np.ndarray]]:
    """A workspace with imported data, a run on it and a watched run with a stability bound."""
    data = from_arrays(np.random.default_rng(0).normal(size=(40, 2)), np.arange(40) % 2, "table")
    on_data = TrainConfig(
        dataset="custom", samples=data.train_rows, batch_size=8, epochs=2, model="mlp", hidden=4
    )
    line = TrainConfig(dataset="linear-1d", samples=40, batch_size=10, epochs=2, model="linear", lr=0.05)
    runs = [
        RunRecord(1, "custom", Trainer(on_data, dataset=data.dataset).run()),
        RunRecord(2, "watched", Trainer(line, watch=[("w", (0,)), ("b", ())]).run()),
    ]
    return hostile.parts(workspace_bytes(Workspace(on_data, runs, data)))


def paths(value, prefix=()) -> list[tuple]:
    """Every place in a JSON document: a tuple of keys and indexes."""
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value[:3]):  # the first few items of a long list are enough
            out += paths(item, (*prefix, i))
    return out


HUGE = st.integers(18, 420).flatmap(lambda k: st.sampled_from([10**k, -(10**k), 2**k - 1, -(2**k)]))
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    HUGE,
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([5e-324, -0.0, 1e308, -1e308, 2.0**53 + 1]),
    st.text(max_size=5),
    st.sampled_from(["", "custom", "sgd", "cpu", "completed", "w", "W1", "x_train"]),
    st.lists(st.integers(-2, 5), max_size=3),
    st.just({}),
    st.just([[1, [["w", [0]]]]]),
)


def mutate(doc, path: tuple, action: str, value):
    """``doc`` with the place ``path`` replaced by ``value``, deleted, or given an extra key."""
    value = copy.deepcopy(value)  # drawn values are shared between examples
    if not path:
        return value if action == "replace" else doc
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last]["extra key"] = value
    elif isinstance(parent[last], list):
        parent[last].append(value)
    return doc


def loads_or_refuses(raw: bytes) -> None:
    try:
        ws = read_workspace(raw)
    except WorkspaceError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    workspace_bytes(ws)  # what loads can be saved again
    for record in ws.runs:
        json.loads(result_json(record.result))  # and exported, as strict JSON
        result_csv(record.result)


@FUZZ
@given(data=st.data())
def test_a_workspace_mutated_field_by_field_loads_or_is_refused(valid, data):
    doc, arrays = json.loads(json.dumps(valid[0])), dict(valid[1])
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths(doc)))
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "extra"]))
        doc = mutate(doc, where, action, data.draw(VALUES))
    text = json.dumps(doc, allow_nan=True)  # NaN and Infinity as JavaScript writes them
    loads_or_refuses(hostile.workspace(text, arrays))


ARRAY_CHANGES = st.sampled_from(["dtype", "length", "value", "shape", "drop", "extra"])
DTYPES = st.sampled_from(
    ["<f8", "<f4", "<f2", "<i4", "<i8", "<u8", "|i1", "|b1", ">f8", "<c16", "<U3", "<M8[s]"]
)
ODD = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 0.0, 1e300, 2.0**31, -(2.0**31)])


@FUZZ
@given(data=st.data())
def test_a_workspace_with_mutated_arrays_loads_or_is_refused(valid, data):
    doc, arrays = valid[0], {k: v.copy() for k, v in valid[1].items()}
    for _ in range(data.draw(st.integers(1, 2))):
        key = data.draw(st.sampled_from(sorted(arrays)))
        change = data.draw(ARRAY_CHANGES)
        a = arrays[key]
        if change == "dtype":
            dtype = data.draw(DTYPES)
            with (
                np.errstate(all="ignore"),
                warnings.catch_warnings(),
                contextlib.suppress(ValueError, TypeError),
            ):
                warnings.simplefilter("ignore")  # complex to real; text that is no number stays as it was
                arrays[key] = a.astype(dtype)
        elif change == "length":
            arrays[key] = np.resize(a, (max(0, len(a) + data.draw(st.integers(-3, 3))), *a.shape[1:]))
        elif change == "value" and a.size and a.dtype.kind in "iuf":
            value = data.draw(ODD)
            if a.dtype.kind in "iu":
                info = np.iinfo(a.dtype)
                value = max(info.min, min(info.max, int(np.nan_to_num(value))))
            with np.errstate(all="ignore"):  # 1e300 in float32 is infinity
                a.reshape(-1)[data.draw(st.integers(0, a.size - 1))] = value
        elif change == "shape":
            arrays[key] = a.reshape(-1)[:, None] if a.ndim == 1 else a.reshape(-1)
        elif change == "drop":
            del arrays[key]
        else:
            arrays[f"{key}x"] = a
    loads_or_refuses(hostile.workspace(doc, arrays))


@FUZZ
@given(data=st.data())
def test_a_config_mutated_field_by_field_is_valid_or_refused(tmp_path_factory, data):
    doc = TrainConfig().to_dict()
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths(doc)))
        doc = mutate(
            doc, where, data.draw(st.sampled_from(["replace", "delete", "extra"])), data.draw(VALUES)
        )
    path = tmp_path_factory.mktemp("fuzz") / "config.json"
    path.write_text(json.dumps(doc, allow_nan=True))
    try:
        config = TrainConfig.load(path)
        config.validate()
    except ConfigError as exc:
        assert exc.field and "\n" not in str(exc)
        return
    json.loads(json.dumps(config.to_dict(), allow_nan=False))  # a valid config is strict JSON
