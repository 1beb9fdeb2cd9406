"""SGD Lab's simulator: configuration, data, models, optimizers and the training engine (no Qt)."""

__version__ = "0.1.0"
