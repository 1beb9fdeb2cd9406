"""The data catalogue: the built-in datasets and the table the learner imported, with no globals.

A config names its data (``dataset="mnist-like"``, or ``custom`` for an imported table); only the
catalogue knows what an imported table is, so every check or load that depends on the data goes
through it: the window's session has one, the command line makes its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.training.config import BUILT_IN, CUSTOM, ConfigError, DatasetInfo, TrainConfig

if TYPE_CHECKING:  # both import torch: the window paints before torch is imported
    from core.io.importer import ImportedData
    from core.training.data import Dataset


class DataCatalogue:
    """The datasets a config may name: the built-in ones, and ``custom`` once a table is imported."""

    def __init__(self, imported: ImportedData | None = None) -> None:
        self._imported = imported

    @property
    def imported(self) -> ImportedData | None:
        """The imported table, if any."""
        return self._imported

    def set_imported(self, data: ImportedData | None) -> None:
        """Make ``data`` the table that ``dataset="custom"`` names (None: none)."""
        self._imported = data

    def names(self) -> tuple[str, ...]:
        """Every dataset a config may name now, built-in ones first."""
        return (*BUILT_IN, CUSTOM) if self._imported is not None else tuple(BUILT_IN)

    def info(self, name: str) -> DatasetInfo | None:
        """What a config needs to know of dataset ``name``; None for an unknown name (or ``custom``
        with nothing imported)."""
        if name == CUSTOM:
            return self._imported.dataset.info() if self._imported is not None else None
        return BUILT_IN.get(name)

    def _known(self, config: TrainConfig) -> DatasetInfo:
        info = self.info(config.dataset)
        if info is None:
            raise KeyError(config.dataset)
        return info

    def task(self, config: TrainConfig) -> str:
        """``classification`` or ``regression``, from the config's dataset (KeyError if unknown)."""
        return self._known(config).task

    def val_samples(self, config: TrainConfig) -> int:
        return self._known(config).val_samples(config.samples, config.val_fraction)

    def parameter_shapes(self, config: TrainConfig) -> dict[str, tuple[int, ...]]:
        """The config's model parameters, name -> shape, in the order the optimizer sees them."""
        return self._known(config).parameter_shapes(config.model, config.hidden)

    def errors(self, config: TrainConfig) -> list[ConfigError]:
        """Every problem with ``config``, its data included."""
        return config.errors(self.info(config.dataset))

    def validate(self, config: TrainConfig) -> TrainConfig:
        """``config``, or the first :class:`ConfigError` about it."""
        return config.validate(self.info(config.dataset))

    def load(self, config: TrainConfig) -> Dataset:
        """The data of a valid config, on the CPU in float32 (an imported table as imported)."""
        if config.dataset == CUSTOM:
            if self._imported is None:
                raise ValueError("no imported data: import a CSV or .npz file first")
            return self._imported.dataset
        from core.training.data import load_dataset

        return load_dataset(config)

    def dataset_for_run(self, config: TrainConfig) -> Dataset | None:
        """What a Trainer for ``config`` is given: the imported table (taken now, so that a later
        import cannot change what the run trains on), or None for built-in data, which the run makes
        itself on its own thread."""
        return self.load(config) if config.dataset == CUSTOM else None
