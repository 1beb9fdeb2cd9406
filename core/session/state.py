"""The run state of a session."""

from __future__ import annotations

from enum import StrEnum


class RunState(StrEnum):
    """Where the session's run stands. IDLE: no run; RUNNING; PAUSED between two steps; STOPPING:
    asked to stop, waiting for the run's last step."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"

    @property
    def active(self) -> bool:
        """A run exists (running or paused)."""
        return self in (RunState.RUNNING, RunState.PAUSED)
