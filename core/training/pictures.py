"""What the views that picture an epoch read of a run, taken between steps on the training thread.

The epoch map, the batch view and the weights view show the indices the engine really used, the
model's own predictions and its own weights. The engine keeps three references for them as it goes
(``Trainer.epoch_order``, ``last_batch_start``, ``last_output``); :class:`StepPictures` turns them
into numpy arrays only when a chunk is sent (at most ``MAX_RATE`` times a second at full speed), so
a step costs nothing more.
"""

from __future__ import annotations

import numpy as np
import torch

from core.training.chunks import Regions
from core.training.history import History

GRID = 64  # the decision regions' grid, GRID × GRID points
MAX_FILTERS = 64  # the weights view shows at most this many of the first layer's rows
MARGIN = 0.05  # the regions' grid reaches this share beyond the data on each side


class StepPictures:
    """Reads a trainer's last step for the views (on its thread, between steps)."""

    def __init__(self, trainer, samples) -> None:
        self.trainer = trainer
        self.samples = trainer.config.samples if samples is None else len(samples.x)
        self.classify = samples is not None and samples.num_classes > 0
        self.linear_one_row = getattr(trainer.config, "model", "") == "linear"
        self.grid: torch.Tensor | None = None
        self.extent: tuple[float, float, float, float] | None = None
        if self.classify and samples.x.ndim == 2 and samples.x.shape[1] == 2 and len(samples.x):
            lo, hi = samples.x.min(axis=0).astype(float), samples.x.max(axis=0).astype(float)
            pad = np.maximum(hi - lo, 1e-6) * MARGIN
            lo, hi = lo - pad, hi + pad
            self.extent = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
            xs, ys = np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID)
            gx, gy = np.meshgrid(xs, ys)  # row i: the i-th y; column j: the j-th x
            grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
            self.grid = torch.as_tensor(grid, dtype=trainer.dtype, device=trainer.device)

    def __call__(self, history: History) -> dict:
        """The fields of :class:`~core.training.chunks.Chunk` for the history's last step."""
        t = self.trainer
        if history.size == 0 or t.model is None:
            return {}
        lo, order = t.last_batch_start, t.epoch_order
        hi = min(lo + t.config.batch_size, self.samples)  # the last batch may be smaller
        batch = np.arange(lo, hi, dtype=np.int64) if order is None else np.array(order[lo:hi])
        fields = {"order": order, "seen": hi, "batch": batch}
        with torch.no_grad():
            out = t.last_output
            if self.classify and out is not None and out.ndim == 2:
                fields["predictions"] = out.detach().argmax(1).cpu().numpy()
            weight = first_layer(t.model, self.linear_one_row)
            if weight is not None:
                fields["weights"] = weight[:MAX_FILTERS].detach().cpu().numpy().copy()
            if self.grid is not None:
                classes = t.model(self.grid).argmax(1).reshape(GRID, GRID).cpu().numpy()
                fields["regions"] = Regions(classes, self.extent)
        return fields


def first_layer(model: torch.nn.Module, linear: bool) -> torch.Tensor | None:
    """The weight matrix the inputs meet first, (rows, features): W1 for the MLP, W for softmax
    regression, w as one row for linear regression (``linear``); None for two-basins."""
    for name in ("W1", "W"):
        weight = getattr(model, name, None)
        if isinstance(weight, torch.Tensor):
            return weight
    return model.w.reshape(1, -1) if linear else None
