"""Choosing an optimizer in the window sets β to that optimizer's default (issue 16, item 6)."""

from __future__ import annotations

from tests.gui.conftest import SMALL


def choose(w, key):
    w.controls.optimizer.setCurrentIndex(w.controls.optimizer.findData(key))


def test_choosing_rmsprop_sets_beta_to_torchs_zero_and_the_learner_may_change_it(make_window):
    w = make_window(SMALL)
    assert w.session.draft.momentum == 0.9
    choose(w, "rmsprop")
    assert w.controls.momentum.value() == 0.0 and w.session.draft.momentum == 0.0
    w.controls.momentum.setValue(0.3)
    assert w.session.draft.momentum == 0.3 and w.session.draft.optimizer == "rmsprop"
    choose(w, "adagrad")  # the same default: β stays as the learner left it
    assert w.session.draft.momentum == 0.3
    choose(w, "adam")  # Adam's β₁ defaults to 0.9
    assert w.session.draft.momentum == 0.9
    w.controls.momentum.setValue(0.5)
    choose(w, "sgd-manual")  # SGD and Adam share 0.9: β kept
    assert w.session.draft.momentum == 0.5


def test_a_config_file_without_beta_gives_the_optimizers_default(make_window, tmp_path):
    w = make_window(SMALL)
    path = tmp_path / "rmsprop.json"
    path.write_text('{"optimizer": "rmsprop"}')
    assert w.files.open_config_from(path)
    assert w.session.draft.optimizer == "rmsprop" and w.session.draft.momentum == 0.0
    path.write_text('{"optimizer": "rmsprop", "momentum": 0.9}')  # named: kept
    assert w.files.open_config_from(path) and w.session.draft.momentum == 0.9
