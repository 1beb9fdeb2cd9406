"""An append-only numpy array that doubles its capacity when full."""

from __future__ import annotations

import numpy as np


class GrowingArray:
    """Rows of shape ``row_shape`` appended in chunks; amortised O(1) per row, one numpy buffer.
    Rows not yet written read as ``fill``."""

    def __init__(
        self, row_shape: tuple[int, ...] = (), dtype=np.float64, capacity: int = 1024, fill=np.nan
    ) -> None:
        self.fill = fill
        self.size = 0
        self._data = np.full((max(1, capacity), *row_shape), fill, dtype=dtype)

    def extend(self, rows: np.ndarray) -> None:
        """Append ``rows`` (a leading axis of any length)."""
        n, k = self.size, len(rows)
        if n + k > len(self._data):
            capacity = len(self._data)
            while capacity < n + k:
                capacity *= 2
            grown = np.full((capacity, *self._data.shape[1:]), self.fill, dtype=self._data.dtype)
            grown[:n] = self._data[:n]
            self._data = grown
        self._data[n : n + k] = rows
        self.size = n + k

    @property
    def data(self) -> np.ndarray:
        """The rows appended so far (a view: valid until the next ``extend``)."""
        return self._data[: self.size]

    def __len__(self) -> int:
        return self.size
