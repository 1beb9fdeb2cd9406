from __future__ import annotations

import numpy as np

from core.training.growing import GrowingArray


def test_appends_in_chunks_and_keeps_everything():
    a = GrowingArray((2,), capacity=4)
    parts = [np.full((k, 2), float(k)) for k in (1, 3, 10, 0, 7)]
    for part in parts:
        a.extend(part)
    assert len(a) == 21 and a.data.shape == (21, 2)
    np.testing.assert_array_equal(a.data, np.concatenate(parts))
    assert a._data.shape[0] == 32  # doubled from 4, not grown row by row
    assert np.isnan(a._data[21:]).all()
