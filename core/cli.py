"""The command line: ``python main.py [--headless] [options]``.

Parsing does not import torch, so ``--help`` and ``--version`` answer at once. Bad input exits
with code 2 and one line naming the option; no traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from core import __version__
from core.messages import Message
from core.session.catalogue import DataCatalogue
from core.training.config import (
    BUILT_IN,
    CUSTOM,
    DEFAULT_MOMENTUM,
    DEVICES,
    LIMITS,
    LR_SCHEDULES,
    MODELS,
    OPTIMIZERS,
    PACE_LIMITS,
    ConfigError,
    TrainConfig,
)
from core.training.threads import THREADS_LIMITS

if TYPE_CHECKING:
    from core.session.session import Session

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_DIVERGED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
PROG = "sgd-lab"

# Config field -> command-line option, for error messages.
OPTION_OF = {
    "epochs": "--epochs",
    "batch_size": "--batch-size",
    "lr": "--lr",
    "momentum": "--momentum",
    "nesterov": "--nesterov",
    "dampening": "--dampening",
    "weight_decay": "--weight-decay",
    "dataset": "--dataset",
    "samples": "--samples",
    "model": "--model",
    "hidden": "--hidden",
    "seed": "--seed",
    "shuffle": "--shuffle",
    "drop_last": "--drop-last",
    "optimizer": "--optimizer",
    "lr_schedule": "--lr-schedule",
    "zero_grad": "--zero-grad",
    "device": "--device",
    "noise": "--noise",
    "val_fraction": "--val-fraction",
    "accumulate": "--accumulate",
    "workers": "--workers",
    "config": "--config",
    "sweep": "--sweep",
}


class UsageError(Exception):
    """Bad command-line input; the message is the one line shown."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse prints usage too)
        raise UsageError(message)


def _limits(name: str) -> str:
    return " … ".join(f"{int(v)}" if float(v).is_integer() else f"{v:g}" for v in LIMITS[name])


def _threads(text: str) -> int:
    """``--threads``: a whole number within THREADS_LIMITS."""
    lo, hi = THREADS_LIMITS
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"must be a whole number from {lo} to {hi}, got {text!r}")
    return value


def _pace(text: str) -> float:
    """``--pace``: ``max`` (0.0: no limit) or optimizer steps a second, within PACE_LIMITS."""
    if text.strip().lower() == "max":
        return 0.0
    lo, hi = PACE_LIMITS
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(
            f"must be max or a number of steps a second from {lo:g} to {hi:,g}, got {text!r}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser for both the window and ``--headless``; options default to the config file or
    the seed's example."""
    d = TrainConfig()
    p = _Parser(
        prog=PROG,
        description=(
            "SGD Lab: watch mini-batch gradient descent run. Without --headless it opens the "
            "window (options pre-fill its controls); with --headless it trains in the terminal."
        ),
        epilog=(
            "Exit codes: 0 completed, 1 engine error (or a failed --self-test), 2 bad input, "
            "3 diverged, 130 stopped by Ctrl-C (the partial result is still written). The default "
            "is the seed article's example: 60,000 samples / batch 64 = 938 iterations per epoch. "
            "Example: sgd-lab --headless --epochs 2 --lr 0.1 --out run.json"
        ),
        allow_abbrev=False,
    )
    p.add_argument(
        "--version", action="version", version=f"SGD Lab {__version__}", help="print the version and exit"
    )
    p.add_argument("--headless", action="store_true", help="train in the terminal, no window")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation: a short headless training with its JSON checked, the resources, "
        "then a short training in the window; exit 0 if all pass, 1 otherwise (other options are "
        "ignored; QT_QPA_PLATFORM=offscreen needs no display)",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="JSON config (or a result JSON) to start from; the options given override it",
    )
    p.add_argument("--out", metavar="FILE", help="write the history to FILE.json or FILE.csv (atomic)")
    p.add_argument(
        "--export-script",
        metavar="FILE.py",
        help="write the equivalent PyTorch script of these settings to FILE.py and exit (torch and numpy "
        "only; the shipped digits or a --data table go to FILE.npz beside it); running it prints the same "
        "per-epoch losses, and its --out FILE.json the same step_loss; an existing file is refused",
    )
    p.add_argument("--quiet", action="store_true", help="headless: print only the final line")
    p.add_argument("--start", action="store_true", help="window: start training as soon as it opens")
    p.add_argument("--verbose", action="store_true", help="window: log run events (start, end) to stderr")
    s = p.add_argument_group(
        "sweeps and the batch-size lab",
        "--sweep trains the configured run once per value (same model, data and seed), one after "
        "another, and writes a table: --out FILE.json holds the table rows, the article's claims with "
        "a verdict and every run's result JSON; --out FILE.csv the table alone. A batch_size sweep is "
        "the batch-size lab: it also measures the memory per step (tensor bytes of the batch, the saved "
        "activations and the gradients) and the gradient noise E‖g_B − g‖² against the theory "
        "S²(1 − B/N)/B. Example: --headless --sweep batch_size=16,32,64,128,256 --out sweep.json",
    )
    s.add_argument(
        "--sweep",
        metavar="FIELD=V1,V2,…",
        help="headless: sweep batch_size (whole numbers), lr or momentum (aliases: batch-size, alpha, "
        "beta) over comma-separated values, each within the option's limits",
    )
    s.add_argument(
        "--linear-scaling",
        action="store_true",
        help="with --sweep batch_size=…: scale the lr with B, lr·B/B₀ from --lr and --batch-size "
        "(Goyal et al. 2017)",
    )
    g = p.add_argument_group("training")
    g.add_argument(
        "--epochs",
        type=int,
        metavar="E",
        help=f"passes over the training set [{_limits('epochs')}] (default {d.epochs})",
    )
    g.add_argument(
        "--batch-size",
        type=int,
        metavar="B",
        help=f"samples per mini-batch (per iteration) [1 … training-set size] (default {d.batch_size})",
    )
    g.add_argument(
        "--accumulate",
        type=int,
        metavar="K",
        help=f"gradient accumulation: backward() every iteration, optimizer.step() and zero_grad() "
        f"every K [{_limits('accumulate')}]; each window's gradient is the mean over its samples, a "
        f"shorter last window of an epoch steps too (default {d.accumulate})",
    )
    g.add_argument(
        "--workers",
        type=int,
        metavar="K",
        help=f"train data-parallel on K worker processes [{_limits('workers')}] (torch.distributed,"
        " gloo, DistributedDataParallel): each takes ⌈N/K⌉ samples of every epoch's permutation "
        "(DistributedSampler pads with repeated samples), the global batch is K·B (K·k·B with --accumulate "
        f"k), an epoch ⌈⌈N/K⌉/B⌉ iterations; 1 trains in this process (default {d.workers})",
    )
    g.add_argument(
        "--lr", type=float, metavar="α", help=f"learning rate α [{_limits('lr')}] (default {d.lr})"
    )
    g.add_argument(
        "--momentum",
        type=float,
        metavar="β",
        help=f"momentum β [0 … {LIMITS['momentum'][1]}]: sgd and sgd-manual's momentum (default "
        f"{d.momentum}); adam's β₁ = betas[0] (default 0.9, β₂ stays 0.999); rmsprop's momentum "
        "(default 0, torch's); adagrad has none (0). Without --momentum each optimizer takes its default",
    )
    g.add_argument(
        "--nesterov",
        action=argparse.BooleanOptionalAction,
        help="Nesterov momentum (needs β > 0, dampening 0; default off)",
    )
    g.add_argument(
        "--dampening",
        type=float,
        metavar="τ",
        help=f"momentum dampening [{_limits('dampening')}] (default {d.dampening:g})",
    )
    g.add_argument(
        "--weight-decay",
        type=float,
        metavar="λ",
        help=f"L2 weight decay [{_limits('weight_decay')}] (default {d.weight_decay:g})",
    )
    g.add_argument(
        "--optimizer",
        choices=OPTIMIZERS,
        help="sgd = torch.optim.SGD; sgd-manual = the article's form v ← β·v − α·g; θ ← θ + v; "
        "adam, rmsprop, adagrad from torch.optim for comparison (default sgd)",
    )
    g.add_argument(
        "--lr-schedule",
        choices=LR_SCHEDULES,
        help="constant; step = ×0.1 at 1/2 and 3/4 of the run; cosine = down to 0 (default constant)",
    )
    g.add_argument(
        "--zero-grad",
        action=argparse.BooleanOptionalAction,
        help="call optimizer.zero_grad() before each step (default on); --no-zero-grad shows why it matters",
    )
    g.add_argument(
        "--seed",
        type=int,
        metavar="S",
        help=f"seed for data, initial weights and shuffling [{_limits('seed')}] (default {d.seed})",
    )
    g.add_argument(
        "--shuffle",
        action=argparse.BooleanOptionalAction,
        help="reshuffle the training set every epoch (default on)",
    )
    g.add_argument(
        "--drop-last",
        action=argparse.BooleanOptionalAction,
        help="drop the last partial batch: ⌊N/B⌋ steps per epoch (default off)",
    )
    g.add_argument("--device", choices=DEVICES, help="cpu, cuda, or auto = cuda when available (default cpu)")
    g.add_argument(
        "--threads",
        type=_threads,
        metavar="N",
        help="torch's intra-op threads for every run (1 … 256); by default one, or one per core but one "
        '(at most 4) for a model and batch large enough to gain from them (README, "Threads")',
    )
    g.add_argument(
        "--pace",
        type=_pace,
        metavar="STEPS_PER_S",
        help="at most this many optimizer.step() a second, or max (headless: max; the window: the last "
        "pace chosen, at first 200, so that the first epoch unfolds in view)",
    )
    m = p.add_argument_group("data and model")
    m.add_argument(
        "--dataset",
        choices=list(BUILT_IN),
        help="mnist-like: generated, 60,000 train + 10,000 validation, 784 features, 10 classes; "
        "digits: the real 8×8 digits, 1,437 + 360; moons, spirals: 2-D classification; "
        "linear-1d: y = 2x − 1 + noise, regression; two-basins: a non-convex two-parameter regression "
        f"with its own model, a shallow and a deep basin (default {d.dataset})",
    )
    m.add_argument(
        "--samples",
        type=int,
        metavar="N",
        help=f"training-set size N [{_limits('samples')}; digits ≤ 1437]; validation N·f/(1 − f) for "
        "--val-fraction f, N/6 by default (default: the dataset's)",
    )
    m.add_argument(
        "--noise",
        type=float,
        metavar="K",
        help=f"generated datasets: their noise × K [{_limits('noise')}]: 0 none, 1 each one's own "
        "(mnist-like: the spread around the class centres and the pixel noise; moons: 0.15; spirals: "
        "0.15 rad; linear-1d: 0.5; two-basins: 3) (default 1)",
    )
    m.add_argument(
        "--model",
        choices=MODELS,
        help="softmax (W, b): classification; linear (w, b): regression; mlp: either; two-basins "
        "(ŷ = w·x₁ + w²·x₂ + b): the two-basins dataset's, chosen with it (default softmax)",
    )
    m.add_argument(
        "--data",
        metavar="FILE",
        help="train on your own table: CSV, TSV, semicolon- or space-separated (header detected; also "
        ".gz, .bz2, .xz or a .zip of one table) or an .npz with arrays x and y; or MNIST / Fashion-MNIST "
        "from disk: the folder of its four IDX files (gzipped or not; torchvision's MNIST/raw), one of "
        "them, or Keras's mnist.npz (the file's test split is the validation set)",
    )
    m.add_argument(
        "--target",
        metavar="COLUMN",
        help="--data: the target column, by name or 1-based number (default: the last column)",
    )
    m.add_argument(
        "--task",
        choices=("auto", "classification", "regression"),
        help="--data: what the target is (default auto: text, or at most 20 different whole numbers with "
        "at least 5 rows each on average, are classes; anything else is regression)",
    )
    m.add_argument(
        "--header",
        action=argparse.BooleanOptionalAction,
        help="--data: the first row is a header (--header) or data (--no-header) (default: detected)",
    )
    m.add_argument(
        "--features",
        metavar="A,B,…",
        help="--data: the feature columns, by name or 1-based number (default: every column that is "
        "not an ID, a date or text of more than 20 values); naming a date or text column uses it",
    )
    m.add_argument(
        "--ignore",
        metavar="C,…",
        help="--data: columns to leave out, by name or 1-based number",
    )
    m.add_argument(
        "--missing",
        choices=("drop", "error"),
        help="--data: rows with a missing value (empty, NA, N/A, NaN, ?) are dropped (default drop) or "
        "refused (error); a row without a target is always dropped",
    )
    m.add_argument(
        "--val-fraction",
        type=float,
        metavar="F",
        help=f"the validation share of all samples: generated datasets [{_limits('val_fraction')}] "
        "(default 1/7: 10,000 of 60,000 + 10,000); --data: the share of the rows kept for validation, "
        "split with --seed (default 0.2); MNIST's IDX files and mnist.npz keep their own test split",
    )
    m.add_argument(
        "--standardize",
        action=argparse.BooleanOptionalAction,
        help="--data: scale each feature to mean 0, std 1 on the training rows (default on; off for "
        "MNIST's images, whose pixels are scaled to [0, 1])",
    )
    m.add_argument(
        "--hidden", type=int, metavar="H", help=f"MLP hidden width [{_limits('hidden')}] (default {d.hidden})"
    )
    return p


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse; raises :class:`UsageError` with a one-line message."""
    return build_parser().parse_args(argv)


def config_from_args(args: argparse.Namespace, catalogue: DataCatalogue | None = None) -> TrainConfig:
    """Config file (if any), then the options given; raises ConfigError for a bad one. ``--data``
    is imported into ``catalogue`` (a new one when None)."""
    return _from_args(args, catalogue if catalogue is not None else DataCatalogue())[0]


def session_from_args(args: argparse.Namespace) -> Session:
    """A session for the window: the config of :func:`config_from_args`, the ``--data`` table in its
    catalogue, and the fields the user set (the config file's and the options given)."""
    from core.session.session import Session

    catalogue = DataCatalogue()
    config, user_set = _from_args(args, catalogue)
    return Session(config, catalogue, user_set)


def _from_args(args: argparse.Namespace, catalogue: DataCatalogue) -> tuple[TrainConfig, set[str]]:
    file_keys: set[str] = set()
    base = TrainConfig.load(args.config, file_keys) if args.config else TrainConfig()
    user_set = set(base.differences())
    given = {
        name: getattr(args, name)
        for name in OPTION_OF
        if name not in ("config", "sweep") and getattr(args, name, None) is not None
    }
    if getattr(args, "data", None):
        if given.get("dataset", CUSTOM) != CUSTOM:
            raise UsageError("--data: cannot be combined with --dataset (the file is the dataset)")
        data = import_data(args, given.get("seed", base.seed))
        given.pop("val_fraction", None)  # the import's split, not the generated datasets' share
        catalogue.set_imported(data)
        given["dataset"] = CUSTOM
        given.setdefault("samples", data.train_rows)
        if "batch_size" not in given and "batch_size" not in file_keys and base.batch_size > data.train_rows:
            given["batch_size"] = data.train_rows  # a small table: the whole training set in one batch
            reduced = Message("import.batch_reduced", batch=base.batch_size, train=data.train_rows)
            catalogue.set_imported(replace(data, notes=(*data.notes, reduced)))
        if data.task == "regression" and given.get("model", base.model) == "softmax":
            given.setdefault("model", "linear")
        elif data.task == "classification" and given.get("model", base.model) == "linear":
            given.setdefault("model", "softmax")
    else:
        for name in (
            "target",
            "task",
            "standardize",
            "header",
            "features",
            "ignore",
            "missing",
        ):
            if getattr(args, name, None) is not None:
                raise UsageError(f"--{name.replace('_', '-')}: applies to --data FILE only")
        if args.config and base.dataset == CUSTOM:
            rerun = rerun_data(args.config, given.get("seed", base.seed))
            if rerun is not None:
                catalogue.set_imported(rerun)
    user_set |= set(given)
    if "momentum" not in user_set and "momentum" not in file_keys:  # β not chosen: the optimizer's own
        given["momentum"] = DEFAULT_MOMENTUM.get(given.get("optimizer", base.optimizer), base.momentum)
    new_dataset = given.get("dataset", base.dataset)
    if new_dataset != base.dataset and new_dataset in BUILT_IN:
        # A different dataset brings its own default size and, for regression, linear regression
        # (two-basins: its own model).
        info = BUILT_IN[new_dataset]
        given.setdefault("samples", info.default_samples)
        if new_dataset == "two-basins":
            given.setdefault("model", "two-basins")
        elif info.task == "regression" and base.model in ("softmax", "two-basins"):
            given.setdefault("model", "linear")
    return catalogue.validate(TrainConfig.from_dict(given, base=base)), user_set


def _columns(text: str | None) -> tuple[str | int, ...] | None:
    if text is None:
        return None
    return tuple(int(c) if c.strip().isdigit() else c.strip() for c in text.split(",") if c.strip())


def import_data(args: argparse.Namespace, seed: int):
    """Import ``--data`` (the split follows the run's seed)."""
    from core.io.importer import DataImportError, ImportOptions, import_file

    target = args.target
    options = ImportOptions(
        target=int(target) if target is not None and target.isdigit() else target,
        task=args.task or "auto",
        header=getattr(args, "header", None),
        val_fraction=0.2 if args.val_fraction is None else args.val_fraction,
        standardize=args.standardize,  # None: on for a table, off for images
        seed=seed,
        features=_columns(getattr(args, "features", None)),
        ignore=_columns(getattr(args, "ignore", None)) or (),
        missing=getattr(args, "missing", None) or "drop",
    )
    try:
        data = import_file(args.data, options)
    except DataImportError as exc:
        raise UsageError(f"--data: {args.data}: {exc}") from None
    if args.val_fraction is not None and (data.data_source or {}).get("split") == "file":
        raise UsageError(
            f"--val-fraction: {args.data} has its own test split, which is the validation set "
            f"({data.val_rows:,} images)"
        )
    return data


def rerun_data(config_path: str, seed: int):
    """The table a result JSON's ``data_source`` names, imported as that run imported it (None when
    the file has no ``data_source``); a file whose SHA-256 differs is refused."""
    import json

    from core.io.importer import DataImportError, ImportOptions, import_file
    from core.io.safezip import read_bounded
    from core.io.tables import source_sha256

    try:
        doc = json.loads(bytes(read_bounded(Path(config_path), 32 * 2**20)).decode("utf-8"))
    except (OSError, ValueError):
        return None  # TrainConfig.load has read it already: nothing more to say here
    source = doc.get("data_source") if isinstance(doc, dict) else None
    if not isinstance(source, dict) or not isinstance(source.get("path"), str):
        return None
    path = Path(source["path"])
    if not path.exists() and (Path(config_path).parent / path.name).exists():
        path = Path(config_path).parent / path.name  # beside the result JSON
    if not path.exists():
        raise UsageError(f"--config: {Message('config.data_missing', path=source['path'])}")
    now = source_sha256(path)  # the file's, or the four IDX files' together
    if now is None:
        raise UsageError(f"--config: cannot read {path}")
    if now != source.get("sha256"):
        changed = Message(
            "config.data_changed", path=source["path"], now=now[:12], then=str(source.get("sha256"))[:12]
        )
        raise UsageError(f"--config: {changed}")
    header = source.get("header")
    columns = source.get("columns")
    options = ImportOptions(
        target=source.get("target"),
        task=source.get("task") if source.get("task") in ("classification", "regression") else "auto",
        header=header if isinstance(header, bool) else None,
        standardize=bool(source.get("standardize", True)),
        val_fraction=float(source.get("val_fraction", 0.2)) if source.get("split") != "file" else 0.2,
        seed=seed,
        features=tuple(columns) if isinstance(columns, list) else None,
        missing=source.get("missing") if source.get("missing") in ("drop", "error") else "drop",
    )
    try:
        data = import_file(path, options)
    except DataImportError as exc:
        raise UsageError(f"--config: {path}: {exc}") from None
    return replace(data, data_source={**data.data_source, "path": source["path"]})


def usage_line(exc: ConfigError | UsageError) -> str:
    """The one line printed for bad input."""
    if isinstance(exc, ConfigError):
        return f"{PROG}: error: {OPTION_OF.get(exc.field, exc.field)}: {exc.message}"
    return f"{PROG}: error: {exc}"


def check_out_path(out: str | None) -> Path | None:
    """The ``--out`` path, checked before training so a long run cannot end in a failed write."""
    if out is None:
        return None
    path = Path(out)
    if path.suffix.lower() not in (".json", ".csv"):
        raise UsageError(f"--out: must end in .json or .csv (got {out!r})")
    if path.is_dir():
        raise UsageError(f"--out: {out} is a folder")
    if not path.parent.resolve().is_dir():
        raise UsageError(f"--out: folder {path.parent} does not exist")
    return path


class QuietWhenGone:
    """Standard output that goes quiet once its reader has gone (``sgd-lab --headless | head``): the
    run goes on to its end and writes ``--out``, with no BrokenPipeError traceback. The file
    descriptor is pointed at /dev/null then, so that the interpreter's last flush fails neither."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._went()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._went()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def _went(self) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError, AttributeError):  # not a file (a test's StringIO)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)


def run_headless(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Train in the terminal; returns the exit code."""
    stdout = QuietWhenGone(stdout or sys.stdout)
    stderr = stderr or sys.stderr
    if getattr(args, "sweep", None) is not None or getattr(args, "linear_scaling", False):
        return run_sweep_headless(args, stdout, stderr)
    try:
        catalogue = DataCatalogue()
        config = config_from_args(args, catalogue)
        out = check_out_path(args.out)
        from core.training.engine import Trainer  # torch is imported here, after the input is checked
        from core.training.progress import KerasProgress

        progress = KerasProgress(stdout, live=stdout.isatty() and not args.quiet, quiet=args.quiet)
        data = catalogue.imported
        if data is not None and not args.quiet:
            print(f"data: {data.describe()}", file=stdout)
            for note in data.notes:
                print(f"data: {note}", file=stdout)
        dataset = catalogue.dataset_for_run(config)
        if config.workers > 1:  # K processes (core/training/distributed.py)
            if args.pace:
                raise UsageError("--pace: paces one process; data-parallel workers go as fast as they can")
            from core.training.distributed import DistributedRun

            trainer = DistributedRun(config, [progress], dataset=dataset)
        else:
            trainer = Trainer(config, [progress], dataset=dataset, pace=args.pace or None)
    except (ConfigError, UsageError) as exc:
        print(usage_line(exc), file=stderr)
        return EXIT_USAGE

    with ctrl_c(trainer.request_stop) as interrupted:
        result = trainer.run()
    if data is not None and config.dataset == CUSTOM:
        result.data_source = data.data_source

    if out is not None:
        from core.io.export import write_result

        try:
            write_result(result, out)
            if not args.quiet:
                print(f"wrote {out}", file=stdout)
        except OSError as exc:
            print(f"{PROG}: error: --out: cannot write {out}: {exc.strerror or exc}", file=stderr)
            return EXIT_ERROR
    if result.status == "error":
        print(f"{PROG}: error: {result.message}", file=stderr)
        return EXIT_ERROR
    if result.status == "diverged":
        print(f"{PROG}: {result.message}", file=stderr)
        return EXIT_DIVERGED
    return EXIT_INTERRUPTED if interrupted else EXIT_OK


def check_script_path(script: str, config: TrainConfig) -> list[Path]:
    """The files ``--export-script`` would write (the .npz first), checked before any is written: a
    .py name, an existing folder, and no file of those names (nothing is overwritten)."""
    from core.io.script import script_outputs

    path = Path(script)
    if path.suffix.lower() != ".py":
        raise UsageError(f"--export-script: must end in .py (got {script!r})")
    if not path.parent.resolve().is_dir():
        raise UsageError(f"--export-script: folder {path.parent} does not exist")
    outputs = script_outputs(path, config)
    for out in outputs:
        if out.is_dir():
            raise UsageError(f"--export-script: {out} is a folder")
        if out.exists() or out.is_symlink():
            raise UsageError(f"--export-script: {out} exists already; remove it or choose another name")
    return outputs


def run_export_script(
    args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """``--export-script FILE.py``: write the equivalent PyTorch script of the settings; no training."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        if getattr(args, "sweep", None) is not None or getattr(args, "linear_scaling", False):
            raise UsageError("--export-script: writes one run's script; it cannot be combined with --sweep")
        if args.out is not None:
            raise UsageError(
                "--export-script: writes the script only; the script itself takes --out FILE.json"
            )
        catalogue = DataCatalogue()
        config = config_from_args(args, catalogue)
        outputs = check_script_path(args.export_script, config)
    except (ConfigError, UsageError) as exc:
        print(usage_line(exc), file=stderr)
        return EXIT_USAGE
    from core.io.script import export_script

    try:
        export_script(config, outputs[-1], catalogue.dataset_for_run(config))
    except OSError as exc:
        print(
            f"{PROG}: error: --export-script: cannot write {outputs[-1]}: {exc.strerror or exc}", file=stderr
        )
        return EXIT_ERROR
    if not args.quiet:
        print(f"wrote {' and '.join(str(p) for p in outputs)}", file=stdout)
    return EXIT_OK


def run_sweep_headless(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``--sweep``: train once per value, print the table, write it with ``--out``."""
    try:
        catalogue = DataCatalogue()
        config = config_from_args(args, catalogue)
        out = check_out_path(args.out)
        if args.sweep is None:
            raise UsageError("--linear-scaling: needs --sweep batch_size=…")
        if args.pace:
            raise UsageError("--pace: paces one run; a sweep's runs go as fast as they can")
        if config.workers > 1:
            raise UsageError("--workers: a sweep's runs train in one process each; leave out --workers")
        from core.experiments.sweep import parse_sweep, sweep_configs

        spec = parse_sweep(args.sweep)
        sweep_configs(config, spec, args.linear_scaling)  # every value checked before any training
    except (ConfigError, UsageError) as exc:
        print(usage_line(exc), file=stderr)
        return EXIT_USAGE
    from core.experiments.lab import (
        BASIN_SEEDS,
        format_table,
        format_value,
        report_csv,
        report_json,
        run_sweep,
    )

    def basin_text(row: dict) -> str:
        share = row.get("deep_basin_share")
        return "" if share is None else f", deep basin in {share:.0%} of {BASIN_SEEDS} seeds"

    def on_row(row: dict, result) -> None:
        if not args.quiet:
            print(
                f"{spec.field} = {format_value(spec.field, row[spec.field])}: {row['steps_per_epoch']:,} "
                f"steps per epoch, val_loss {format_value('val_loss', row['val_loss'])}, {row['status']}"
                + basin_text(row),
                file=stdout,
                flush=True,
            )

    if not args.quiet:
        print(f"sweep {spec.text()} on {config.model} / {config.dataset}, seed {config.seed}", file=stdout)
    with ctrl_c() as interrupted:
        report = run_sweep(
            config,
            spec,
            dataset=catalogue.dataset_for_run(config),
            linear_scaling=args.linear_scaling,
            stop=interrupted.__bool__,
            on_row=on_row,
        )
    if not args.quiet:
        print(format_table(report), file=stdout)
    if out is not None:
        from core.io.export import atomic_write_text

        text = report_csv(report) if out.suffix.lower() == ".csv" else report_json(report)
        try:
            atomic_write_text(out, text)
        except OSError as exc:
            print(f"{PROG}: error: --out: cannot write {out}: {exc.strerror or exc}", file=stderr)
            return EXIT_ERROR
        if not args.quiet:
            print(f"wrote {out}", file=stdout)
    if args.quiet:
        print(f"sweep {report.status}: {len(report.rows)} of {len(spec.values)} runs", file=stdout)
    return EXIT_INTERRUPTED if interrupted else EXIT_OK


class _Interrupted:
    """True once Ctrl-C was pressed."""

    def __init__(self) -> None:
        self.pressed = False

    def __bool__(self) -> bool:
        return self.pressed


@contextlib.contextmanager
def ctrl_c(on_interrupt: Callable[[], None] = lambda: None) -> Iterator[_Interrupted]:
    """The one place the command line handles Ctrl-C: the first press calls ``on_interrupt`` (stop
    cleanly, keep what was done) and makes the yielded flag true; a second press is Python's
    default. Outside the main thread (tests) nothing is installed."""
    import threading

    flag = _Interrupted()
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return
    previous = signal.getsignal(signal.SIGINT)

    def on_sigint(signum, frame) -> None:
        flag.pressed = True
        signal.signal(signal.SIGINT, previous)
        on_interrupt()

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)
