"""SGD Lab: ``python main.py`` opens the window; ``python main.py --headless`` trains in the terminal."""

from __future__ import annotations

import gc
import sys
from typing import NoReturn

from core.cli import (
    EXIT_USAGE,
    UsageError,
    parse_args,
    run_export_script,
    run_headless,
    session_from_args,
    usage_line,
)
from core.training.config import ConfigError
from core.training.threads import set_override as set_threads


def main(argv: list[str] | None = None) -> int:
    """The window by default, the terminal with ``--headless``; both run the same ``core/``."""
    try:
        args = parse_args(argv)
        set_threads(args.threads)  # every run of this process, headless or in the window
        if args.self_test:
            from gui.self_test import run_self_test

            return run_self_test()
        if args.export_script is not None:
            return run_export_script(args)
        if args.headless:
            return run_headless(args)
        if args.sweep is not None or args.linear_scaling:
            raise UsageError(
                "--sweep: runs with --headless; in the window use Runs → Sweep… or Runs → Batch-size lab…"
            )
        session = session_from_args(args)
    except (ConfigError, UsageError) as exc:
        print(usage_line(exc), file=sys.stderr)
        return EXIT_USAGE
    from gui.app import run_app  # Qt is imported only for the window

    return run_app(session, start=args.start, verbose=args.verbose, pace=args.pace)


def run() -> NoReturn:
    """``python main.py`` and the installed ``sgd-lab`` command: :func:`main`, then exit with its code."""
    exit_code = main()
    # The interpreter's last garbage collection walks every object torch made (seconds once
    # torch._dynamo is loaded); everything is written by now, so the process skips that walk.
    gc.freeze()
    sys.exit(exit_code)


if __name__ == "__main__":
    run()
