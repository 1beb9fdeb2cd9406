"""``--data`` on real tables (issue 18): --header, --features, --ignore, --missing, one line of what was
left out, a small table's batch, and ``data_source``, which lets ``--config result.json`` rerun the run."""

from __future__ import annotations

import json

from main import main
from tests.tables import write_mixed


def run(args, capsys) -> tuple[int, str, str]:
    code = main(["--headless", "--epochs", "1", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_what_was_left_out_is_one_line_and_small_tables_get_a_smaller_batch(tmp_path, capsys):
    code, out, err = run(["--data", str(write_mixed(tmp_path / "m.csv", name_column=True))], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("data: m.csv: 31 training + 8 validation rows, 4 features, 2 classes of 'y'")
    assert (
        "data: left out: 'id' (an ID: the row number, or different in every row); "
        "'name' (an ID: the row number, or different in every row)"
    ) in lines
    assert "data: 1 rows with a missing value dropped (--missing error refuses them instead)" in lines
    assert "data: batch size 64 is larger than the 31 training rows: reduced to 31" in lines
    assert any(
        line.startswith("softmax on custom: 31 training + 8 validation samples, batch 31") for line in lines
    )


def test_a_batch_given_larger_than_the_table_is_refused(tmp_path, capsys):
    code, _, err = run(
        ["--data", str(write_mixed(tmp_path / "m.csv", name_column=True)), "--batch-size", "64"], capsys
    )
    assert code == 2 and "--batch-size:" in err and "31" in err


def test_features_ignore_missing_and_header(tmp_path, capsys):
    path = write_mixed(tmp_path / "m.csv", name_column=True)
    out_json = tmp_path / "r.json"
    code, _, err = run(
        ["--data", str(path), "--features", "colour,b", "--out", str(out_json), "--quiet"], capsys
    )
    assert code == 0, err
    source = json.loads(out_json.read_text())["data_source"]
    assert source["features"] == ["b", "colour=blue", "colour=red"] and source["rows_dropped"] == 0
    code, _, err = run(
        ["--data", str(path), "--ignore", "colour,a", "--out", str(out_json), "--quiet"], capsys
    )
    assert code == 0, err
    assert json.loads(out_json.read_text())["data_source"]["features"] == ["b"]
    code, _, err = run(["--data", str(path), "--missing", "error"], capsys)
    assert code == 2 and "row 5, column 4 ('a'): 'NA' is a missing value" in err
    code, _, err = run(["--data", str(path), "--no-header"], capsys)
    assert code == 2 and "--data:" in err  # the names row read as data: 'y' is not a number
    assert run(["--header"], capsys)[2].endswith("--header: applies to --data FILE only\n")


def test_config_result_json_reruns_the_same_run_and_refuses_a_changed_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_mixed(tmp_path / "m.csv", name_column=True)
    code, _, err = run(["--data", "m.csv", "--target", "y", "--out", "first.json", "--quiet"], capsys)
    assert code == 0, err
    first = json.loads((tmp_path / "first.json").read_text())
    source = first["data_source"]
    assert source["path"] == "m.csv" and source["target"] == "y" and source["task"] == "classification"
    assert source["header"] is True and source["delimiter"] == "," and source["classes"] == ["0", "1"]
    assert set(source) >= {"path", "size", "sha256", "target", "features", "task", "header", "delimiter",
                           "rows_dropped", "classes"}  # fmt: skip
    code, _, err = run(["--config", "first.json", "--out", "again.json", "--quiet"], capsys)
    assert code == 0, err
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["step_loss"] == first["step_loss"] and again["data_source"] == source
    with open(tmp_path / "m.csv", "a") as f:
        f.write("99,X,red,0.5,0.5,1\n")
    code, _, err = run(["--config", "first.json"], capsys)
    assert code == 2 and "m.csv has changed since the run (its SHA-256 is" in err
