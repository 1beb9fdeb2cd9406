"""SGD Lab as an installed package: ``pip install .`` or ``pipx install .`` give the ``sgd-lab`` command.

The wheel keeps the application under this one name, laid out as in the repository:
``sgd_lab/main.py``, ``sgd_lab/core/``, ``sgd_lab/gui/`` and ``sgd_lab/resources/`` (with the
compiled translations), so that it never clashes with another distribution's top-level ``core`` or
``gui``. The application's modules import each other by their repository names (``core.cli``,
``gui.app``): :func:`main`, the ``sgd-lab`` command, puts this folder first on the ``sys.path`` of
its own process and runs main.py, as ``python main.py`` does in a checkout. Importing ``sgd_lab``
changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

HOME = Path(__file__).resolve().parent


def main() -> None:
    """The ``sgd-lab`` command (and ``python -m sgd_lab``): main.py's command line."""
    home = str(HOME)
    if home not in sys.path:
        sys.path.insert(0, home)
    from main import run  # sgd_lab/main.py, copied there from the repository when the wheel is built

    run()
