"""The command line under any input: it runs, or it refuses with exit 2 and one line; never a traceback."""

from __future__ import annotations

import errno
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main as entry
from core.cli import EXIT_ERROR, EXIT_USAGE

NUMBERISH = st.one_of(
    st.integers(-5, 70_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["0", "1", "-1", "1e400", "nan", "inf", "0x10", "1_000", "", " ", "١٢", "abc", "--lr"]),
    st.text(max_size=8),
)
OPTIONS = {
    "--epochs": NUMBERISH,
    "--batch-size": NUMBERISH,
    "--lr": NUMBERISH,
    "--momentum": NUMBERISH,
    "--dampening": NUMBERISH,
    "--weight-decay": NUMBERISH,
    "--samples": NUMBERISH,
    "--hidden": NUMBERISH,
    "--seed": NUMBERISH,
    "--dataset": st.sampled_from(["mnist-like", "digits", "moons", "spirals", "linear-1d", "cifar", ""]),
    "--model": st.sampled_from(["softmax", "linear", "mlp", "resnet"]),
    "--optimizer": st.sampled_from(["sgd", "sgd-manual", "adam", "rmsprop", "adagrad", "lbfgs"]),
    "--lr-schedule": st.sampled_from(["constant", "step", "cosine", "warmup"]),
    "--device": st.sampled_from(["cpu", "tpu"]),
    "--out": st.sampled_from(["run.txt", "/no/such/folder/run.json", ".", "run.csv", "run.json"]),
    "--config": st.sampled_from(["/no/such.json", "/dev/null", "/dev/zero", "."]),
}
FLAGS = [
    "--nesterov",
    "--no-nesterov",
    "--drop-last",
    "--shuffle",
    "--no-shuffle",
    "--no-zero-grad",
    "--quiet",
]
JUNK = st.sampled_from(["--bogus", "-x", "--lr=0.1", "--epochs=", "--", "positional", "--headless"])


@st.composite
def argvs(draw) -> list[str]:
    argv = ["--headless"]
    for name in draw(st.lists(st.sampled_from(sorted(OPTIONS)), max_size=6)):
        argv += [name, draw(OPTIONS[name])]
    argv += draw(st.lists(st.sampled_from(FLAGS), max_size=2))
    argv += draw(st.lists(JUNK, max_size=1))
    # Small by default, so that an accepted command finishes at once (options drawn above may override).
    return ["--samples", "60", "--epochs", "1", "--batch-size", "30", *argv]


def _cheap(argv: list[str]) -> bool:
    """A run that may be accepted and would still finish in well under a second."""
    from core.cli import config_from_args, parse_args

    try:
        c = config_from_args(parse_args(argv))
    except Exception:  # refused: cheap
        return True
    steps = c.epochs * -(-c.samples // c.batch_size)
    return steps <= 400 and c.samples <= 5_000 and c.hidden <= 256


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(argv=argvs())
def test_any_command_line_runs_or_is_refused_in_one_line(argv, capsys, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    argv = [str(folder / a) if a in ("run.csv", "run.json") else a for a in argv]
    if not _cheap(argv):
        return  # a valid but long run: its validation was exercised by _cheap; the engine elsewhere
    try:
        code = entry.main(argv)
    except SystemExit as exc:  # only argparse's own exits (there are none without --help/--version)
        pytest.fail(f"SystemExit({exc.code}) for {argv}")
    out, err = capsys.readouterr()
    capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    if code == EXIT_USAGE:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("sgd-lab: error: "), (argv, err)
        assert out == ""
    else:
        assert code in (0, 3), (argv, code, err)  # completed, or diverged (a status, not a crash)


def test_result_write_onto_a_full_disk_keeps_the_previous_file(tmp_path, monkeypatch, capsys):
    out = tmp_path / "run.json"
    out.write_text('{"previous": true}')

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code = entry.main(
        ["--headless", "--samples", "60", "--batch-size", "30", "--epochs", "1", "--out", str(out), "--quiet"]
    )
    _, err = capsys.readouterr()
    assert code == EXIT_ERROR
    assert err.splitlines() == [f"sgd-lab: error: --out: cannot write {out}: No space left on device"]
    assert json.loads(out.read_text()) == {"previous": True}
    assert os.listdir(tmp_path) == ["run.json"]


def test_result_write_into_a_read_only_place_keeps_the_previous_file(tmp_path, monkeypatch, capsys):
    out = tmp_path / "run.csv"
    out.write_text("previous")
    from core.io import export

    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(export, "_create_beside", read_only)
    code = entry.main(
        ["--headless", "--samples", "60", "--batch-size", "30", "--epochs", "1", "--out", str(out), "--quiet"]
    )
    _, err = capsys.readouterr()
    assert code == EXIT_ERROR and err.splitlines() == [
        f"sgd-lab: error: --out: cannot write {out}: Permission denied"
    ]
    assert out.read_text() == "previous"


def test_hostile_config_files_on_the_command_line(tmp_path, capsys):
    import pickle

    cases = {
        "p.pkl": pickle.dumps({"lr": 0.1}),
        "t.json": b'{"lr": 0.1, "epo',
        "z.json": b"PK\x03\x04" + os.urandom(200),
        "h.json": b" " * 1_000_001,
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        code = entry.main(["--headless", "--config", str(path)])
        _, err = capsys.readouterr()
        assert code == EXIT_USAGE, (name, err)
        assert (
            len(err.splitlines()) == 1 and err.startswith("sgd-lab: error: --config: ") and str(path) in err
        ), err
