"""The engine's preload thread when the user quits while torch is still loading."""

from __future__ import annotations

import builtins

import pytest

from gui import app


def _failing_import(monkeypatch):
    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "torch":
            raise RuntimeError("can't register atexit after shutdown")  # what a shutdown does to it
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)


def test_a_failure_after_the_event_loop_has_ended_is_not_reported(monkeypatch):
    monkeypatch.setattr(app, "_event_loop_done", app.threading.Event())
    app._event_loop_done.set()
    _failing_import(monkeypatch)
    app._preload()  # returns quietly: the app is quitting


def test_a_failure_while_the_window_is_open_is_reported(monkeypatch):
    monkeypatch.setattr(app, "_event_loop_done", app.threading.Event())
    _failing_import(monkeypatch)
    with pytest.raises(RuntimeError, match="after shutdown"):
        app._preload()
