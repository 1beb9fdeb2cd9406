"""Data-parallel workers come from the command line only: a window opened with --workers 2 keeps
them in its draft and says why it will not start, instead of training one process."""

from __future__ import annotations

from core.cli import parse_args, session_from_args


def test_a_draft_with_workers_is_refused_in_the_window_with_the_reason(make_window, qtbot):
    session = session_from_args(parse_args(["--workers", "2", "--samples", "600"]))
    w = make_window(session=session)
    assert w.session.draft.workers == 2 and w.controls.config().workers == 2
    assert not w.start_button.isEnabled()
    label = w.controls.findChild(type(w.controls.arithmetic), "workersError")
    assert label.isVisible() and "--headless --workers 2" in label.text()
    w.controls.batch.setValue(32)  # another edit keeps the workers, and the refusal
    assert w.session.draft.workers == 2 and not w.start_button.isEnabled()
