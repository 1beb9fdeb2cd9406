"""core/'s messages are data: a code with named arguments, one English template per code, and a
finished Chinese translation of each template in the .ts, with the same fields."""

from __future__ import annotations

import ast
import re
import string
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from core.experiments.lab import check_claims
from core.experiments.sweep import parse_sweep, sweep_configs
from core.io.importer import DataImportError, ImportOptions, import_file
from core.io.workspace import WorkspaceError, load_workspace
from core.messages import TEMPLATES, Message, MessageError, fields, foreign, joined
from core.training.config import ConfigError, TrainConfig
from core.training.engine import Trainer
from tests.callbacks import StopAfter
from tests.conftest import ROOT

TS = ROOT / "resources" / "translations" / "sgd_lab_zh_CN.ts"
FIELD = re.compile(r"\{[^{}]*\}")
CORE_FILES = sorted(p for p in (ROOT / "core").rglob("*.py") if p.name != "messages.py")


def _chinese() -> dict[str, ET.Element]:
    for context in ET.parse(TS).getroot().iter("context"):
        if context.findtext("name") == "CoreMessages":
            return {m.findtext("source") or "": m.find("translation") for m in context.iter("message")}
    return {}


def test_every_template_has_named_fields_only():
    for code, template in TEMPLATES.items():
        for _, name, _, _ in string.Formatter().parse(template):
            assert name is None or name.isidentifier(), f"{code}: {template!r} has a field that is not named"


# read the same in Chinese: a size, names that stay Latin, and batch size (the glossary keeps the word)
SAME_IN_CHINESE = {
    "size.mb", "model.mlp", "optimizer.sgd", "optimizer.adam", "optimizer.rmsprop", "optimizer.adagrad",
    "device.cpu", "field.batch_size",
}  # fmt: skip


def test_every_code_has_a_finished_chinese_translation_with_the_same_fields():
    chinese = _chinese()
    problems = []
    for code, template in TEMPLATES.items():
        translation = chinese.get(template)
        text = "" if translation is None else translation.text or ""
        if translation is None:
            problems.append(f"{code}: {template!r} is not in the .ts (run `make translations`)")
        elif translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
            problems.append(f"{code}: no finished Chinese for {template!r}")
        elif sorted(FIELD.findall(template)) != sorted(FIELD.findall(text)):
            problems.append(f"{code}: the fields differ: {template!r} -> {text!r}")
        elif code not in SAME_IN_CHINESE and not re.search(
            r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", text
        ):
            problems.append(f"{code}: {text!r} is not Chinese")
    assert not problems, "\n".join(problems)
    stale = set(chinese) - set(TEMPLATES.values())
    assert not stale, f"CoreMessages entries no code has (run `make translations`): {sorted(stale)}"


def _literal_codes() -> set[str]:
    """Codes written as string literals in core/ (besides the table itself)."""
    out = set()
    for path in CORE_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in TEMPLATES:
                out.add(node.value)
    return out


def test_every_code_in_a_message_call_has_a_template_and_every_template_is_used():
    unknown = []
    for path in CORE_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Message" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and first.value not in TEMPLATES:
                    unknown.append(f"{path.name}:{node.lineno}: {first.value!r}")
    assert not unknown, f"codes without a template: {unknown}"
    made_by_name = ("schedule.", "field.", "foreign.", "part.", "dataset.", "model.", "optimizer.", "device.")
    literal = _literal_codes()
    unused = [c for c in TEMPLATES if c not in literal and not c.startswith(made_by_name)]
    unused = [c for c in unused if c not in ("parts.join", "kind.either")]  # joined() and either()
    assert not unused, f"templates no code in core/ uses: {unused}"


def test_a_message_checks_its_code_and_arguments_and_cannot_change():
    with pytest.raises(KeyError):
        Message("run.nonsense")
    with pytest.raises(TypeError):
        Message("run.completed", steps=3)
    with pytest.raises(TypeError):
        Message("run.completed", steps=3, epochs=1, extra=2)
    m = Message("run.completed", steps=3, epochs=1)
    with pytest.raises(AttributeError):
        m.code = "run.stopped"
    assert m == Message("run.completed", epochs=1, steps=3) and hash(m) == hash(
        Message("run.completed", epochs=1, steps=3)
    )
    assert m.arguments == {"steps": 3, "epochs": 1}
    assert fields("diverged at step {step:,} ({quantity} = {value})") == {"step", "quantity", "value"}


def test_the_english_of_representative_messages_is_the_sentence_core_has_always_written():
    loss = Message("term.loss")
    assert str(Message("run.diverged", step=1234, quantity=loss, value=float("inf"))) == (
        "diverged at step 1,234 (loss = inf)"
    )
    assert str(Message("run.completed", steps=4690, epochs=5)) == "completed 4,690 steps in 5 epochs"
    assert str(Message("run.stopped", steps=12, total=4690)) == "stopped after 12 of 4,690 steps"
    parts = [
        Message("lab.jitter", small=0.1, large=0.01),
        Message("lab.validation_loss", small=0.3, large=0.35),
    ]
    assert str(joined(parts)) == "loss jitter 0.1 vs 0.01; validation loss 0.3 vs 0.35"
    assert str(foreign("Permission denied")) == "Permission denied" and isinstance(
        foreign("Permission denied"), Message
    )
    assert foreign("Is a directory") == "Is a directory"


def test_the_engine_says_how_a_run_ended_as_data_and_in_its_english():
    small = TrainConfig(dataset="moons", samples=200, epochs=1, batch_size=50, momentum=0.0)
    done = Trainer(small).run()
    assert done.message == "completed 4 steps in 1 epochs" and str(done.msg) == done.message
    assert done.msg == Message("run.completed", steps=4, epochs=1)
    stopper = StopAfter(2)
    stopped = Trainer(small, [stopper]).run()
    assert stopped.message == "stopped after 2 of 4 steps" and stopped.msg.code == "run.stopped"
    diverging = TrainConfig(
        dataset="linear-1d", samples=1000, model="linear", lr=10.0, epochs=3, batch_size=100
    )
    result = Trainer(diverging).run()
    assert result.status == "diverged" and result.msg.code == "run.diverged"
    assert result.message == str(result.msg)
    assert re.fullmatch(
        r"diverged at step [\d,]+ \((loss|gradient norm|validation loss) = (inf|-inf|nan)\)", result.message
    )
    assert "message" in result.to_dict() and result.to_dict()["message"] == result.message
    trainer = Trainer(small.replace(lr_schedule="cosine", optimizer="adam"))
    with pytest.raises(ConfigError) as refused:
        trainer.set_hyperparameters(lr=0.1)
    assert refused.value.message == "follows the cosine schedule; only a constant α can change"
    assert refused.value.msg.arguments["schedule"] == Message("schedule.cosine")


def test_config_refusals_keep_their_english_and_carry_the_message():
    (error,) = [e for e in TrainConfig(batch_size=70_000).errors() if e.field == "batch_size"]
    assert error.message == "must be between 1 and the training-set size 60,000 (got 70,000)"
    assert str(error) == "batch_size: must be between 1 and the training-set size 60,000 (got 70,000)"
    assert error.msg == Message("config.batch_size_range", samples=60_000, got=70_000)
    (error,) = TrainConfig(lr=0.0).errors()
    assert error.message == "must be in [1e-05, 10] (got 0)"
    (error,) = TrainConfig(dataset="linear-1d", samples=1000, model="softmax").errors()
    assert error.message == "softmax needs a classification dataset; linear-1d is regression"
    (error,) = TrainConfig(momentum=0.9995).errors()
    assert error.message == "must be at most 0.999 (got 0.9995)"


def test_a_sweep_refusal_nests_the_configs_own():
    with pytest.raises(ConfigError) as refused:
        sweep_configs(TrainConfig(samples=2000), parse_sweep("batch_size=9000"))
    assert refused.value.message == (
        "batch_size=9000: batch_size must be between 1 and the training-set size 2,000 (got 9,000)"
    )
    msg = refused.value.msg
    assert msg.code == "sweep.value_refused"
    assert msg.arguments["problem"] == Message("config.batch_size_range", samples=2000, got=9000)
    with pytest.raises(ConfigError) as refused:
        parse_sweep("lr=0.1,0.1")
    assert refused.value.message == "lr: 0.1 is given twice"


def test_an_importer_refusal_names_the_cell_as_data(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("x1,beta,y\n" + "\n".join(f"{i},{i % 3},{i % 2}" for i in range(40)) + "\n1,two,0\n")
    with pytest.raises(DataImportError) as refused:
        import_file(table)
    assert str(refused.value) == "row 42, column 2 ('beta'): 'two' is not a number"
    cell = Message("import.cell", row=42, column=2, name="beta")
    assert refused.value.msg == Message("import.not_number_cell", cell=cell, text="two")
    table.write_text("x1,x2,y\n1,2,0\n3,4\n" + "\n".join(f"{i},{i},{i % 2}" for i in range(40)))
    with pytest.raises(DataImportError) as refused:
        import_file(table, ImportOptions())
    assert (
        str(refused.value)
        == "row 3 has 2 columns, but the header (row 1) has 3 (every row needs the same columns)"
    )
    assert refused.value.msg.arguments["reference"] == Message("import.the_header")


def test_a_workspace_refusal_carries_the_zip_readers_message(tmp_path):
    path = tmp_path / "w.sgdlab"
    path.write_bytes(b"PK, and then no zip at all")
    with pytest.raises(WorkspaceError) as refused:
        load_workspace(path)
    assert (
        str(refused.value)
        == "the workspace is not a valid zip archive (damaged or truncated?): File is not a zip file"
    )
    assert refused.value.msg.arguments["detail"] == Message("foreign.not_a_zip_file")
    assert isinstance(refused.value, MessageError)


def test_the_labs_measurements_are_parts_joined():
    row = dict(status="completed", memory_bytes=1e6, steps_per_epoch=625, epoch_time_s=0.5, grad_noise=0.3)
    rows = [
        {**row, "batch_size": 16, "loss_jitter": 0.1, "gap": 0.01, "val_loss": 0.3},
        {**row, "batch_size": 256, "memory_bytes": 1e7, "steps_per_epoch": 40, "epoch_time_s": 0.1,
         "grad_noise": 0.02, "loss_jitter": 0.01, "gap": 0.02, "val_loss": 0.35},
    ]  # fmt: skip
    claims = {c["claim"]: c for c in check_claims(rows, b_simple=93.8, b_crit=3.42)}
    noise = "gradient noise B=16: 0.3, B=256: 0.02 (15×); loss jitter 0.1 vs 0.01"
    assert claims["noise"]["measured"] == noise
    assert claims["escape"]["measured"] == (
        "not measured here: a softmax model's loss is convex, so it has no poor minima to escape; "
        "run the lab on two-basins"
    )
    assert claims["generalisation"]["measured"] == "gap B=16: 0.01, B=256: 0.02; validation loss 0.3 vs 0.35"
    assert claims["memory"]["measured"] == "B=16: 976.6 KiB, B=256: 9.5 MiB per step (tensor bytes)"
    assert claims["updates"]["measured"] == "B=16: 625 steps per epoch, B=256: 40"
    assert claims["speed"]["measured"] == "B=16: 0.5 s per epoch, B=256: 0.1 s (5×)"
    assert claims["recommended"]["measured"] == (
        "B_simple = tr(Σ)/|G|² = 93.8 at the initial weights; B_crit = E_min/S_min = 3.42 from the steps to "
        "the target loss; 1 of 2 estimates inside the article's 32–256"
    )
    assert all(str(c["measured_msg"]) == c["measured"] for c in claims.values())
    assert claims["noise"]["measured_msg"].code == "parts.join"
    assert np.isclose(claims["speed"]["measured_msg"].arguments["ratio"], 5.0)


def test_every_dataset_model_optimizer_and_device_has_a_display_name():
    """The window names them by these terms (gui.i18n.message_text swaps them in for the codes that
    core's English keeps), so a new dataset or option without one would show its code in Chinese."""
    from core.messages import NAMED, display_name
    from core.training.config import BUILT_IN, CUSTOM, DEVICES, MODELS, OPTIMIZERS

    names = {"dataset": [*BUILT_IN, CUSTOM], "model": MODELS, "optimizer": OPTIMIZERS, "device": DEVICES}
    assert set(names) == set(NAMED)
    for kind, codes in names.items():
        for code in codes:
            term = display_name(kind, code)
            assert isinstance(term, Message) and str(term) != code, (kind, code)
    assert display_name("device", "cuda:1") == Message("device.cuda")
    assert display_name("dataset", "nonsense") == "nonsense"
    assert str(Message("config.softmax_needs_classification", dataset="linear-1d")) == (
        "softmax needs a classification dataset; linear-1d is regression"
    )  # core's English keeps the code, as the command line's --dataset does
