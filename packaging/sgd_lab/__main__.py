"""``python -m sgd_lab``: the same as the ``sgd-lab`` command."""

from sgd_lab import main

main()
