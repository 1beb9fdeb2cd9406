"""The equivalent PyTorch script: the draft's settings as one standalone, readable ``run.py``.

The script uses torch and numpy only and imports nothing of SGD Lab. It makes the same data (a
generated dataset's maker is copied from ``core/training/data.py``, so the same seed draws the same
values; the shipped digits and an imported table go into an ``.npz`` beside the script), the same
model with the same initial weights, the same optimizer and lr schedule, and shuffles with the same
``torch.Generator`` draws as the engine, so that it takes the same steps: it prints the app's
per-epoch losses, and ``--out FILE.json`` writes a ``step_loss`` equal to the app's.

The script is made of sections, each a function of one :class:`ScriptPlan` (settings, workers,
data, model, optimizer, schedule, loop, report). With gradient accumulation the loop takes a window of
k batches a step. With K > 1 data-parallel workers (``config.workers``) it is the DDP script of
core/training/distributed.py's run: launched by ``torchrun --nproc_per_node K``, one process a
worker on the gloo backend, the model in DistributedDataParallel, each worker's batches from a
DistributedSampler seeded with the run's seed (``set_epoch`` every epoch, padded as PyTorch's
default); its ``step_loss`` is the app's, each step's loss averaged over the workers (one
``all_reduce``), and ``worker_loss`` each worker's own. It runs unchanged across machines
(``torchrun --nnodes``; README.md, "Beyond one machine").
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import textwrap
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from core import __version__
from core.io.export import atomic_write_bytes, atomic_write_text
from core.training.config import BUILT_IN, CUSTOM, DatasetInfo, TrainConfig
from core.training.threads import threads_for

if TYPE_CHECKING:
    from core.training.data import Dataset

# What the script may import: the standard library's few and torch and numpy (a test checks the text).
SCRIPT_IMPORTS = ("argparse", "contextlib", "json", "math", "os", "pathlib", "sys", "numpy", "torch")

# A generated dataset's maker in core/training/data.py, and the helpers it calls.
_MAKERS = {
    "mnist-like": ("_mnist_like", ("_smooth_fields",)),
    "moons": ("_moons", ()),
    "spirals": ("_spirals", ()),
    "linear-1d": ("_linear_1d", ()),
    "two-basins": ("_two_basins", ("_centred",)),
}


@dataclass(frozen=True)
class ScriptPlan:
    """What one script is made of: the (validated) settings, what their data is, the name of the
    ``.npz`` beside the script (None for generated data) and torch's intra-op threads."""

    config: TrainConfig
    info: DatasetInfo
    data_file: str | None
    threads: int
    name: str = "run.py"  # the script's file name, for its usage lines

    @property
    def classification(self) -> bool:
        return self.info.task == "classification"

    @property
    def ddp(self) -> bool:
        """K > 1 data-parallel workers: the DistributedDataParallel script, for torchrun."""
        return self.config.workers > 1

    @property
    def on_device(self) -> bool:
        """The tensors move to DEVICE (a one-process script off the CPU; workers train on the CPU)."""
        return self.config.device != "cpu" and not self.ddp


def data_file_for(script: str | Path, config: TrainConfig) -> Path | None:
    """The ``.npz`` written beside ``script`` (the shipped digits, an imported table), or None when
    the script makes its data itself."""
    info = BUILT_IN.get(config.dataset)
    if info is not None and info.generated:
        return None
    return Path(script).with_suffix(".npz")


def script_outputs(script: str | Path, config: TrainConfig) -> list[Path]:
    """Every file an export of ``config`` to ``script`` writes: the data first, then the script."""
    data = data_file_for(script, config)
    return [*([data] if data is not None else []), Path(script)]


def export_script(config: TrainConfig, script: str | Path, dataset: Dataset | None = None) -> list[Path]:
    """Write the script of ``config`` (and its ``.npz`` when the data is not generated) and return
    the paths written. ``dataset`` is the imported table for ``custom``; the shipped digits are
    loaded here. Existing files are replaced (atomically): callers ask or refuse first."""
    script = Path(script)
    info = (
        dataset.info() if config.dataset == CUSTOM and dataset is not None else BUILT_IN.get(config.dataset)
    )
    config = config.validate(info if config.dataset == CUSTOM else None)
    data_path = data_file_for(script, config)
    new_data = data_path is not None and not data_path.exists()
    if data_path is not None:
        if dataset is None:
            from core.training.data import load_dataset

            dataset = load_dataset(config)
        atomic_write_bytes(data_path, _npz_bytes(dataset))
    shapes = info.parameter_shapes(config.model, config.hidden)
    parameters = sum(_count(shape) for shape in shapes.values())
    data_name = data_path.name if data_path is not None else None
    threads = 1 if config.workers > 1 else threads_for(config.batch_size, parameters)
    plan = ScriptPlan(config, info, data_name, threads, script.name)
    try:
        atomic_write_text(script, script_text(plan))
    except BaseException:
        if new_data:  # no data file without its script
            data_path.unlink(missing_ok=True)
        raise
    return [*([data_path] if data_path is not None else []), script]


def _count(shape: tuple[int, ...]) -> int:
    out = 1
    for n in shape:
        out *= n
    return out


def _npz_bytes(data: Dataset) -> bytes:
    """The training and validation arrays as an uncompressed ``.npz`` (numbers only, so that the
    script loads it with ``allow_pickle=False``)."""
    import numpy as np

    out = io.BytesIO()
    data = data.to("cpu")  # in the engine's types: float32 features, int64 classes or float32 targets
    arrays = {
        "x_train": data.x_train,
        "y_train": data.y_train,
        "x_val": data.x_val,
        "y_val": data.y_val,
    }
    np.savez(out, **{k: v.detach().cpu().numpy() for k, v in arrays.items()})
    return out.getvalue()


def script_text(plan: ScriptPlan) -> str:
    """The whole script, top to bottom."""
    top = _header(plan) + "\n\n" + _imports(plan)
    sections = (_settings, _workers, _data, _model, _optimizer, _schedule, _loop, _report)
    parts = [section(plan).strip("\n") for section in sections]
    return "\n\n\n".join([top, *(part for part in parts if part)]) + "\n"


# -- sections -----------------------------------------------------------------------------------------
def _rule(title: str) -> str:
    return f"# -- {title} " + "-" * max(3, 96 - len(title))


def _header(plan: ScriptPlan) -> str:
    c = plan.config
    model = {
        "softmax": "softmax regression",
        "linear": "linear regression",
        "mlp": "an MLP",
        "two-basins": "the two-basins model",
    }[c.model]
    data = "an imported table" if c.dataset == CUSTOM else f"the {c.dataset} data"
    where = f"\nIt reads its data from {plan.data_file} beside it." if plan.data_file else ""
    if plan.ddp:
        return _ddp_header(plan, model, data, where)
    return f'''#!/usr/bin/env python3
"""Mini-batch SGD in plain PyTorch: {model} on {data}, exported by SGD Lab {__version__}.

The same run as SGD Lab's with these settings: the same data, initial weights, shuffling and
optimizer steps, so it prints the same per-epoch losses as the app. Needs torch and numpy only.{where}

    python {plan.name}                  train, one line per epoch
    python {plan.name} --out run.json   also write every step's mini-batch loss (step_loss)
"""'''


def _ddp_header(plan: ScriptPlan, model: str, data: str, where: str) -> str:
    """The DDP script's docstring: what it is, and its torchrun command lines, on one machine and
    beyond (2 machines of K/2 workers, or K machines of one when K is odd)."""
    k, name = plan.config.workers, plan.name
    launch = f"torchrun --nproc_per_node {k} {name}"
    nodes, each = (2, k // 2) if k % 2 == 0 else (k, 1)
    per_node = f"{each} workers" if each > 1 else "one worker"
    node_ranks = "0 on the first and 1 on the other" if nodes == 2 else f"0 to {nodes - 1}, one a machine"
    data_too = f" and {plan.data_file}" if plan.data_file else ""
    about = textwrap.fill(
        f"Exported by SGD Lab {__version__}: the same run as SGD Lab's with these settings (--workers {k}): "
        "the same data, initial weights, "
        "shuffling and optimizer steps, so it prints the same per-epoch losses as the app. Needs torch "
        f"and numpy only.{' ' + where.strip() if where else ''} Each worker is a process: a "
        "DistributedSampler gives it its share of every epoch's samples, and DistributedDataParallel "
        "averages the gradients over the workers (the gloo backend, for CPUs), so that every worker "
        f"takes the same step. torchrun (it comes with torch) starts the {k} processes:",
        96,
    )
    beyond = textwrap.fill(
        f"Beyond one machine: this script{data_too} on each of {nodes} machines of {per_node}, HOST:29500 "
        f"the first machine's address and a free port on it, NODE {node_ranks}:",
        96,
    )
    return f'''#!/usr/bin/env python3
"""Data-parallel SGD on {k} workers in plain PyTorch: {model} on {data}.

{about}

    {launch}                  train, one line per epoch
    {launch} --out run.json   also write every step's loss (step_loss)

{beyond}

    torchrun --nnodes {nodes} --nproc_per_node {each} --node-rank NODE --rdzv-endpoint HOST:29500 {name}
"""'''


def _imports(plan: ScriptPlan) -> str:
    lines = ["import argparse"]
    if plan.ddp and plan.config.accumulate > 1:
        lines.append("import contextlib")
    lines += ["import json", "import math"]
    if plan.ddp:
        lines.append("import os")
    if plan.data_file:
        lines.append("from pathlib import Path")
    if plan.ddp:
        lines.append("import sys")
    lines.append("")
    if plan.data_file:
        lines.append("import numpy as np")
    lines.append("import torch")
    if plan.ddp:
        lines.append("import torch.distributed as dist")
    lines += ["import torch.nn.functional as F", "from torch import nn"]
    if plan.ddp:
        lines += [
            "from torch.nn.parallel import DistributedDataParallel",
            "from torch.utils.data import DataLoader, DistributedSampler, TensorDataset",
        ]
    lines += [
        "",
        "parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])",
        'parser.add_argument("--out", metavar="FILE.json", help="also write step_loss and epochs as JSON")',
        "args = parser.parse_args()",
    ]
    return "\n".join(lines)


def _settings(plan: ScriptPlan) -> str:
    c = plan.config
    rows: list[tuple[str, str, str]] = [
        ("SEED", repr(c.seed), "one seed for the data, the initial weights and the shuffling"),
        ("EPOCHS", repr(c.epochs), "passes over the training set"),
        (
            ("BATCH_SIZE", repr(c.batch_size), "B: samples per optimizer.step()")
            if not plan.ddp
            else ("BATCH_SIZE", repr(c.batch_size), "B: each worker's samples per iteration")
        ),
        ("LR", repr(c.lr), "α, the learning rate"),
    ]
    if c.optimizer in ("sgd", "sgd-manual", "rmsprop"):
        rows.append(("MOMENTUM", repr(c.momentum), "β (0: plain SGD)"))
    elif c.optimizer == "adam":
        rows.append(("BETA1", repr(c.momentum), "Adam's β₁ (β₂ stays 0.999)"))
    if c.optimizer in ("sgd", "sgd-manual"):
        rows.append(("NESTEROV", repr(c.nesterov), "look ahead along v before taking the gradient step"))
        rows.append(("DAMPENING", repr(c.dampening), "τ: v ← β·v − α·(1−τ)·g"))
    rows.append(("WEIGHT_DECAY", repr(c.weight_decay), "λ: g ← ∂L/∂θ + λ·θ"))
    if c.accumulate > 1:
        rows.append(
            ("ACCUMULATE", repr(c.accumulate), "k: mini-batches whose gradients add up into one step")
        )
    if plan.ddp:
        global_batch = "K·k·B" if c.accumulate > 1 else "K·B"
        rows.append(
            ("WORKERS", repr(c.workers), f"K: data-parallel processes; the global batch is {global_batch}")
        )
    rows.append(("SHUFFLE", repr(c.shuffle), "a new order of the training set every epoch"))
    rows.append(("DROP_LAST", repr(c.drop_last), "drop the last, partial batch of each epoch"))
    if plan.info.generated:
        rows.append(("NOISE", repr(c.noise), "× the dataset's own noise"))
    if c.model == "mlp":
        rows.append(("HIDDEN", repr(c.hidden), "the hidden layer's width"))
    width = max(len(f"{n} = {v}") for n, v, _ in rows)
    lines = [_rule("the settings")]
    lines += [f"{f'{n} = {v}':<{width}}  # {why}" for n, v, why in rows]
    lines.append("")
    if plan.ddp:
        lines.append(
            "torch.set_num_threads(1)  # one intra-op thread per worker: K processes share the cores"
        )
    elif plan.threads == 1:
        lines.append(
            "torch.set_num_threads(1)  # SGD Lab's choice: for steps this small one thread is fastest"
        )
    else:
        lines.append(f"torch.set_num_threads({plan.threads})  # SGD Lab's choice for steps this large")
    if plan.on_device:
        test = (
            'torch.device("cuda")'
            if c.device == "cuda"
            else ('torch.device("cuda" if torch.cuda.is_available() else "cpu")')
        )
        lines.append(f"DEVICE = {test}")
    return "\n".join(lines)


def _workers(plan: ScriptPlan) -> str:
    """K > 1: the process group, from the environment torchrun gives each worker (empty otherwise)."""
    if not plan.ddp:
        return ""
    return "\n".join(
        [
            _rule("the workers"),
            "# torchrun starts the K processes and tells each one, in its environment, its RANK, the",
            "# WORLD_SIZE and where the workers meet (MASTER_ADDR and MASTER_PORT)",
            'if "RANK" not in os.environ:',
            '    launch = f"torchrun --nproc_per_node {WORKERS} {os.path.basename(__file__)}"',
            '    raise SystemExit(f"{WORKERS} workers, a process each: start them with\\n  {launch}")',
            'dist.init_process_group("gloo")  # meet the others: the gloo backend, for CPUs',
            "RANK, WORLD_SIZE = dist.get_rank(), dist.get_world_size()  # this worker r, and K",
            "if RANK == 0 and WORLD_SIZE != WORKERS:",
            '    print(f"note: {WORLD_SIZE} workers, not {WORKERS}: not the steps of SGD Lab\'s run")',
        ]
    )


def _maker_source(name: str) -> str:
    """A function of core/training/data.py as the script has it: its name without the underscore
    (``make_…`` for a maker) and its docstring's first paragraph as a comment."""
    from core.training import data

    source = textwrap.dedent(inspect.getsource(getattr(data, name)))
    tree = ast.parse(source)
    fn = tree.body[0]
    doc = ast.get_docstring(fn) or ""
    first = re.sub(r"``|:func:`|`", "", doc.split("\n\n")[0]).replace("\n", " ")
    body = source.splitlines()
    start, end = fn.body[0].lineno - 1, fn.body[0].end_lineno  # the docstring's lines
    comment = textwrap.wrap(first, 96, initial_indent="# ", subsequent_indent="# ")
    lines = comment + body[:start] + body[end:]
    return _rename("\n".join(lines))


def _rename(text: str) -> str:
    for maker, helpers in _MAKERS.values():
        text = re.sub(rf"\b{maker}\b", "make_" + maker.lstrip("_"), text)
        for helper in helpers:
            text = re.sub(rf"\b{helper}\b", helper.lstrip("_"), text)
    return text


def _data(plan: ScriptPlan) -> str:
    c = plan.config
    info = plan.info
    lines = [_rule("the data")]
    if plan.data_file:
        what = "the imported table" if c.dataset == CUSTOM else "the 8×8 digits SGD Lab ships"
        lines += [
            f"# {what}, as SGD Lab trains on it: its training and validation rows",
            f'DATA_FILE = Path(__file__).with_name("{plan.data_file}")',
            "with np.load(DATA_FILE, allow_pickle=False) as f:  # numbers only: nothing to unpickle",
            '    x_train, y_train = torch.from_numpy(f["x_train"]), torch.from_numpy(f["y_train"])',
            '    x_val, y_val = torch.from_numpy(f["x_val"]), torch.from_numpy(f["y_val"])',
        ]
        if info.task == "classification":
            lines.append(f"CLASSES = {info.classes}")
    else:
        from core.training import data

        maker, helpers = _MAKERS[c.dataset]
        val = info.val_samples(c.samples, c.val_fraction)
        lines.append(f"N_TRAIN = {c.samples}  # N: the training set")
        share = Fraction(c.val_fraction).limit_denominator(1000)
        lines.append(f"N_VAL = {val}  # the validation set: {share} of all the samples made")
        lines += ["", ""]
        if c.dataset == "two-basins":
            lines.append(f"TWO_BASINS_TARGET = {data.TWO_BASINS_TARGET!r}  # y = w*·x₁ + c*·x₂ + b* + noise")
            lines.append(f"TWO_BASINS_NOISE = {data.TWO_BASINS_NOISE!r}")
            lines += ["", ""]
        for helper in helpers:
            lines += [_maker_source(helper), "", ""]
        lines += [_maker_source(maker), "", ""]
        made = "make_" + maker.lstrip("_")
        lines += [
            "generator = torch.Generator().manual_seed(SEED)  # the same seed: the same samples as SGD Lab's",
            f"x, y, CLASSES = {made}(N_TRAIN + N_VAL, generator, NOISE)",
        ]
        if c.dataset == "two-basins":
            lines.append("x, y = centred(x, y, N_TRAIN)")
        lines += [
            "x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]  # the first N samples are the training set",
            "x_val, y_val = x[N_TRAIN:], y[N_TRAIN:]  # the rest, the validation set",
        ]
    if plan.ddp:
        lines += [
            "",
            "# each worker's share of an epoch: DistributedSampler draws the permutation from SEED plus the",
            "# epoch (set_epoch), pads it with repeated samples to K·⌈N/K⌉ (PyTorch's default) and deals it",
            "# out, samples r, r + K, r + 2K, … to worker r; the loader cuts them into batches of B",
            "train_set = TensorDataset(x_train, y_train)",
            "sampler = DistributedSampler(",
            "    train_set, num_replicas=WORLD_SIZE, rank=RANK, shuffle=SHUFFLE, seed=SEED, drop_last=False",
            ")",
            "loader = DataLoader(train_set, batch_size=BATCH_SIZE, sampler=sampler, drop_last=DROP_LAST)",
        ]
    if plan.on_device:
        lines.append("x_train, y_train = x_train.to(DEVICE), y_train.to(DEVICE)")
        lines.append("x_val, y_val = x_val.to(DEVICE), y_val.to(DEVICE)")
    return "\n".join(lines)


_MODELS = {
    "softmax": '''class SoftmaxRegression(nn.Module):
    """Logits x·Wᵀ + b; the softmax lives in the cross-entropy loss. W and b start at zero."""

    def __init__(self, features, classes):
        super().__init__()
        self.W = nn.Parameter(torch.zeros(classes, features))
        self.b = nn.Parameter(torch.zeros(classes))

    def forward(self, x):
        return x @ self.W.T + self.b


model = SoftmaxRegression(x_train.shape[1], CLASSES)''',
    "linear": '''class LinearRegression(nn.Module):
    """ŷ = x·w + b; w and b start at zero."""

    def __init__(self, features):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(features))
        self.b = nn.Parameter(torch.zeros(()))

    def forward(self, x):
        return x @ self.w + self.b


model = LinearRegression(x_train.shape[1])''',
    "two-basins": '''class TwoBasins(nn.Module):
    """ŷ = w·x₁ + w²·x₂ + b: a loss with two basins in w. It starts at (w, b) = START."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.tensor([START[0]]))
        self.b = nn.Parameter(torch.tensor(START[1]))

    def forward(self, x):
        w = self.w[0]
        return x[:, 0] * w + x[:, 1] * (w * w) + self.b


model = TwoBasins()''',
    "mlp": '''def uniform(shape, fan_in, generator):
    """PyTorch's default initialisation: U(−1/√fan_in, 1/√fan_in)."""
    bound = 1.0 / math.sqrt(fan_in)
    return (torch.rand(shape, generator=generator) * 2 - 1) * bound


class MLP(nn.Module):
    """One hidden ReLU layer: x → relu(x·W1ᵀ + b1)·W2ᵀ + b2."""

    def __init__(self, features, hidden, outputs, generator):
        super().__init__()
        self.W1 = nn.Parameter(uniform((hidden, features), features, generator))
        self.b1 = nn.Parameter(uniform((hidden,), features, generator))
        self.W2 = nn.Parameter(uniform((outputs, hidden), hidden, generator))
        self.b2 = nn.Parameter(uniform((outputs,), hidden, generator))
        self.squeeze = outputs == 1  # regression: one output per sample

    def forward(self, x):
        out = F.relu(x @ self.W1.T + self.b1) @ self.W2.T + self.b2
        return out[:, 0] if self.squeeze else out


# the initial weights drawn from the seed, as SGD Lab draws them
model = MLP(x_train.shape[1], HIDDEN, OUTPUTS, torch.Generator().manual_seed(SEED))''',
}


def _model(plan: ScriptPlan) -> str:
    c = plan.config
    lines = [_rule("the model")]
    if c.model == "two-basins":
        from core.training.config import TWO_BASINS_START

        start = f"START = {TWO_BASINS_START!r}  # (w, b) at the start: the shallow basin's far side"
        lines += [start, "", ""]
    if c.model == "mlp":
        outputs = "CLASSES" if plan.classification else "1"
        lines += [f"OUTPUTS = {outputs}", "", ""]
    lines.append(_MODELS[c.model])
    if plan.on_device:
        lines.append("model = model.to(DEVICE)")
    if plan.ddp:
        lines += [
            "# every worker starts from worker 0's weights (broadcast; the same anyway), and each",
            "# backward() ends with the gradients averaged over the workers: g = (g₁ + … + g_K) / K",
            "ddp = DistributedDataParallel(model)",
        ]
    loss = (
        "F.cross_entropy  # softmax, then −log p of the right class"
        if plan.classification
        else ("F.mse_loss  # mean of (ŷ − y)²")
    )
    lines += ["", f"loss_fn = {loss}"]
    return "\n".join(lines)


_SEED_SGD = '''class SeedSGD(torch.optim.Optimizer):
    """SGD in the article's form, written out. g is the gradient (plus λ·θ with weight decay).
    β = 0: θ ← θ − α·g.  β > 0: v ← β·v − α·(1−τ)·g (the first step v = −α·g), then θ ← θ + v;
    with Nesterov θ ← θ + β·v − α·g. With a constant lr it takes torch.optim.SGD's steps."""

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening)
        super().__init__(params, dict(defaults, weight_decay=weight_decay, nesterov=nesterov))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, beta, tau = group["lr"], group["momentum"], group["dampening"]
            decay, nesterov = group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad if decay == 0 else p.grad.add(p, alpha=decay)  # g ← g + λ·θ
                if beta == 0:
                    p.add_(g, alpha=-lr)  # W ← W − α·g
                    continue
                v = self.state[p].get("velocity")
                if v is None:
                    v = self.state[p]["velocity"] = g.mul(-lr)  # v₁ = −α·g₁
                else:
                    v.mul_(beta).add_(g, alpha=-lr * (1 - tau))  # v ← β·v − α·g
                if nesterov:
                    p.add_(v, alpha=beta).add_(g, alpha=-lr)  # θ ← θ + β·v − α·g
                else:
                    p.add_(v)  # θ ← θ + v'''


def _optimizer(plan: ScriptPlan) -> str:
    c = plan.config
    lines = [_rule("the optimizer")]
    sgd_args = "\n    model.parameters(), lr=LR, momentum=MOMENTUM, nesterov=NESTEROV,\n" + (
        "    dampening=DAMPENING, weight_decay=WEIGHT_DECAY,\n"
    )
    if c.optimizer == "sgd":
        lines += [
            "# torch.optim.SGD keeps b ← β·b + g and steps θ ← θ − α·b: with v = −α·b that is the",
            "# article's v ← β·v − α·g, θ ← θ + v (with β = 0: W ← W − α·g)",
            f"optimizer = torch.optim.SGD({sgd_args})",
        ]
    elif c.optimizer == "sgd-manual":
        lines += [_SEED_SGD, "", "", f"optimizer = SeedSGD({sgd_args})"]
    elif c.optimizer == "adam":
        lines.append(
            "optimizer = torch.optim.Adam(\n"
            "    model.parameters(), lr=LR, betas=(BETA1, 0.999), weight_decay=WEIGHT_DECAY\n)"
        )
    elif c.optimizer == "rmsprop":
        lines.append(
            "optimizer = torch.optim.RMSprop(\n"
            "    model.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY\n)"
        )
    else:
        lines.append("optimizer = torch.optim.Adagrad(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)")
    return "\n".join(lines)


def _schedule(plan: ScriptPlan) -> str:
    c = plan.config
    lines = [_rule("the learning-rate schedule")]
    if plan.ddp:
        lines += [
            "# each worker: ⌈N/K⌉ samples, ⌈⌈N/K⌉/B⌉ iterations per epoch (⌊⌈N/K⌉/B⌋ when the partial",
            "# batch is dropped), as many as its loader has batches",
        ]
        iterations = "len(loader)"
    else:
        lines.append(
            "# ⌈N/B⌉ iterations per epoch, the last batch smaller; ⌊N/B⌋ when the partial batch is dropped"
        )
        iterations = "len(x_train) // BATCH_SIZE if DROP_LAST else math.ceil(len(x_train) / BATCH_SIZE)"
    if c.accumulate > 1:
        lines += [
            f"ITERATIONS_PER_EPOCH = {iterations}",
            "# one optimizer.step() every ACCUMULATE iterations: ⌈iterations / k⌉ an epoch, a shorter",
            "# last window steps too",
            "STEPS_PER_EPOCH = math.ceil(ITERATIONS_PER_EPOCH / ACCUMULATE)",
        ]
    else:
        lines.append(f"STEPS_PER_EPOCH = {iterations}")
    lines.append("TOTAL_STEPS = EPOCHS * STEPS_PER_EPOCH  # optimizer.step() calls: what the schedule counts")
    if c.lr_schedule == "constant":
        lines.append("scheduler = None  # a constant lr")
    elif c.lr_schedule == "step":
        lines += [
            "# the lr × 0.1 at half and at three quarters of the run",
            "half = max(1, TOTAL_STEPS // 2)",
            "milestones = sorted({half, max(half + 1, (3 * TOTAL_STEPS) // 4)})",
            "scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones, gamma=0.1)",
        ]
    else:
        lines += [
            "# cosine from LR down to 0: step t of T trains at LR·½(1 + cos(π(t − 1)/(T − 1)))",
            "T_MAX = max(1, TOTAL_STEPS - 1)",
            "scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=T_MAX)",
        ]
    return "\n".join(lines)


def _step_comment(c: TrainConfig) -> str:
    """The article's form of the optimizer's step, for the line that takes it."""
    if c.optimizer in ("sgd", "sgd-manual"):
        if c.momentum == 0:
            return "W ← W − α·g"
        return "θ ← θ + β·v − α·g (Nesterov)" if c.nesterov else "v ← β·v − α·g; θ ← θ + v"
    return {
        "adam": "Adam's step from its running moments",
        "rmsprop": "RMSprop's step: g scaled by its running RMS",
        "adagrad": "Adagrad's step: g scaled by the root of its summed squares",
    }[c.optimizer]


def _loop(plan: ScriptPlan) -> str:
    c = plan.config
    acc = c.accumulate > 1
    to_device = ".to(DEVICE)" if plan.on_device else ""
    if c.zero_grad:
        zero = ["        optimizer.zero_grad()  # zero_grad: clear the last step's gradients"]
    else:
        zero = ["        # no zero_grad(): backward() adds this batch's gradient to all the earlier ones"]
    lines = [
        _rule("training: the article's loop"),
        "def evaluate(x, y):",
        '    """The mean loss (and the accuracy) over a whole set, without autograd."""',
        "    with torch.no_grad():",
        "        out = model(x)",
        "        loss = loss_fn(out, y).item()",
    ]
    if plan.classification:
        lines.append("        return loss, (out.argmax(dim=1) == y).sum().item() / len(y)")
    else:
        lines.append("        return loss, None")
    lines += ["", "", "N = len(x_train)"]
    steps = (
        'print(f"{ITERATIONS_PER_EPOCH} iterations, {STEPS_PER_EPOCH} optimizer steps per epoch")'
        if acc
        else 'print(f"{STEPS_PER_EPOCH} iterations per epoch")'
    )
    if plan.ddp:
        k_b = "WORLD_SIZE * ACCUMULATE * BATCH_SIZE" if acc else "WORLD_SIZE * BATCH_SIZE"
        lines += [
            "if RANK == 0:  # worker 0 speaks for all",
            '    print(f"{N:,} training + {len(x_val):,} validation samples; {WORLD_SIZE} workers", end=" ")',
            "    padding = WORLD_SIZE * len(sampler) - N  # the samples DistributedSampler repeats",
            '    print(f"of {len(sampler):,} ({padding} repeated as padding)", end=", ")',
            f'    print(f"global batch {{{k_b}}}:", end=" ")',
            "    " + steps,
            "step_loss = []  # every optimizer.step()'s loss: the mean over the workers of their losses",
        ]
        if acc:
            lines.append("iteration_loss = []  # every iteration's loss, the mean over the workers")
        lines.append("worker_loss = [[] for _ in range(WORLD_SIZE)]  # each worker's own loss at every step")
    else:
        lines += [
            'print(f"{N:,} training + {len(x_val):,} validation samples, batch {BATCH_SIZE}:", end=" ")',
            steps,
            "shuffler = torch.Generator()  # the shuffling's own draws",
        ]
        if acc:
            lines += [
                "step_loss = []  # every optimizer.step()'s loss: the mean over its window's samples",
                "iteration_loss = []  # every mini-batch's loss",
            ]
        else:
            lines.append("step_loss = []  # every optimizer.step()'s mini-batch loss")
    lines += ["epochs = []", "diverged = False", "for epoch in range(1, EPOCHS + 1):"]
    if plan.ddp:
        lines += [
            "    # this epoch's permutation, from SEED plus the epoch (from 0): the same on every worker",
            "    sampler.set_epoch(epoch - 1)",
            "    loss_sum, seen = 0.0, 0",
            *(_ddp_window(zero) if acc else _ddp_batch(zero)),
        ]
    else:
        lines += [
            "    # this epoch's order of the samples: a new permutation drawn from SEED plus the epoch (from",
            "    # 0), as DistributedSampler draws it, or the samples as they are",
            "    shuffler.manual_seed(SEED + epoch - 1)",
            f"    order = {'(' if to_device else ''}torch.randperm(N, generator=shuffler) if SHUFFLE else "
            f"torch.arange(N){')' if to_device else ''}{to_device}",
            "    loss_sum, seen = 0.0, 0",
            *(_window(zero) if acc else _batch(zero)),
        ]
    lines += [
        "        # SGD Lab ends a run when the loss is not finite, or past step 20 above 10⁶ × their largest",
        "        reference = max(step_loss[:20], default=0.0)",
        "        if not math.isfinite(value) or (len(step_loss) >= 20 and 0 < 1e6 * reference < value):",
        "            diverged = True",
        "            break",
        f"        optimizer.step()  # {_step_comment(c)}",
    ]
    if c.lr_schedule != "constant":
        lines.append("        scheduler.step()  # the lr for the next step")
    samples = "samples" if acc else "len(xb)"
    lines.append("        step_loss.append(value)")
    if plan.ddp:
        lines += [
            "        for r in range(WORLD_SIZE):",
            f"            worker_loss[r].append(losses[r{', 0' if acc else ''}].item())",
        ]
    lines += [
        f"        loss_sum += value * {samples}"
        + ("  # the same samples on every worker" if plan.ddp else ""),
        f"        seen += {samples}",
        "    if diverged:",
    ]
    said = 'print(f"diverged at step {len(step_loss) + 1:,} (loss {value:g})")'
    lines += ["        if RANK == 0:", "            " + said] if plan.ddp else ["        " + said]
    lines += [
        "        break",
        "    train_loss = loss_sum / seen  # the mean mini-batch loss over the epoch, by sample",
    ]
    report = [
        "val_loss, val_accuracy = evaluate(x_val, y_val)",
        "train_loss_end = evaluate(x_train, y_train)[0]  # the whole training set, after the epoch",
        'line = f"Epoch {epoch}/{EPOCHS} - loss: {train_loss:.4f} - val_loss: {val_loss:.4f}"',
        "if val_accuracy is not None:",
        '    line += f" - val_accuracy: {val_accuracy:.4f}"',
        "print(line)",
        "epochs.append(",
        "    {",
        '        "epoch": epoch,',
        '        "train_loss_running": train_loss,',
        '        "train_loss_end": train_loss_end,',
        '        "val_loss": val_loss,',
        '        "val_accuracy": val_accuracy,',
        "    }",
        ")",
    ]
    if plan.ddp:
        lines.append(
            "    if RANK == 0:  # worker 0 evaluates and reports: the weights are the same on every worker"
        )
        lines += ["        " + line for line in report]
    else:
        lines += ["    " + line for line in report]
    return "\n".join(lines)


def _batch(zero: list[str]) -> list[str]:
    """One mini-batch a step: forward, loss, backward."""
    return [
        "    for i in range(STEPS_PER_EPOCH):",
        "        rows = order[i * BATCH_SIZE : (i + 1) * BATCH_SIZE]  # this mini-batch's samples",
        "        xb, yb = x_train[rows], y_train[rows]",
        *zero,
        "        loss = loss_fn(model(xb), yb)  # forward: the mini-batch loss",
        "        loss.backward()  # backward: g = ∂L/∂θ for every parameter",
        "        value = loss.item()",
    ]


def _window(zero: list[str]) -> list[str]:
    """Gradient accumulation: a window of ACCUMULATE mini-batches a step, each loss scaled by its
    batch's share of the window's samples, so that the summed gradient is their mean gradient."""
    return [
        "    for first in range(0, ITERATIONS_PER_EPOCH, ACCUMULATE):",
        "        last = min(first + ACCUMULATE, ITERATIONS_PER_EPOCH)",
        "        window = [order[i * BATCH_SIZE : (i + 1) * BATCH_SIZE] for i in range(first, last)]",
        "        samples = sum(len(rows) for rows in window)  # the window's samples",
        *zero,
        "        value = 0.0",
        "        for rows in window:",
        "            xb, yb = x_train[rows], y_train[rows]",
        "            loss = loss_fn(model(xb), yb)  # forward: the mini-batch loss",
        "            share = len(rows) / samples",
        "            (loss * share).backward()  # adds this batch's share of the window's mean gradient",
        "            part = loss.item()",
        "            iteration_loss.append(part)",
        "            value += part * share  # the window's mean loss",
    ]


def _ddp_batch(zero: list[str]) -> list[str]:
    """K workers, one mini-batch each a step: DDP averages the gradients in backward(); the step's
    loss is the mean of the workers' losses (an all_reduce of one slot each)."""
    return [
        "    for xb, yb in loader:  # this worker's mini-batches of its share",
        *zero,
        "        loss = loss_fn(ddp(xb), yb)  # forward: this worker's mini-batch loss",
        "        loss.backward()  # backward: g = ∂L/∂θ, averaged over the workers (DDP's all-reduce)",
        "        # every worker's loss in its own slot, summed over the workers: then each has them all",
        "        losses = torch.zeros(WORLD_SIZE, dtype=torch.float64)",
        "        losses[RANK] = loss.item()",
        "        dist.all_reduce(losses)",
        "        value = losses.mean().item()  # the step's loss, as SGD Lab reports it: the workers' mean",
    ]


def _ddp_window(zero: list[str]) -> list[str]:
    """K workers with gradient accumulation: each worker's window of ACCUMULATE mini-batches, under
    ``no_sync()`` but for the last, whose backward() averages the summed gradients over the workers."""
    return [
        "    batches = list(loader)  # this worker's mini-batches of its share",
        "    for first in range(0, ITERATIONS_PER_EPOCH, ACCUMULATE):",
        "        window = batches[first : first + ACCUMULATE]",
        "        samples = sum(len(xb) for xb, _ in window)  # this worker's samples in the window",
        *zero,
        "        value, parts = 0.0, []",
        "        for i, (xb, yb) in enumerate(window, start=1):",
        "            # no_sync(): the gradient adds up on this worker alone; the window's last backward()",
        "            # averages the sums over the workers",
        "            with contextlib.nullcontext() if i == len(window) else ddp.no_sync():",
        "                loss = loss_fn(ddp(xb), yb)  # forward: the mini-batch loss",
        "                share = len(xb) / samples",
        "                (loss * share).backward()  # adds this batch's share of the window's mean gradient",
        "            parts.append(loss.item())",
        "            value += parts[-1] * share  # this worker's window mean loss",
        "        # every worker's window loss and mini-batch losses in its own row, summed over the",
        "        # workers: then each has them all",
        "        losses = torch.zeros(WORLD_SIZE, 1 + len(parts), dtype=torch.float64)",
        "        losses[RANK] = torch.tensor([value, *parts], dtype=torch.float64)",
        "        dist.all_reduce(losses)",
        "        iteration_loss += losses[:, 1:].mean(dim=0).tolist()  # each iteration's, over the workers",
        "        value = losses[:, 0].mean().item()  # the step's loss, as SGD Lab reports it: their mean",
    ]


def _report(plan: ScriptPlan) -> str:
    keys = ["step_loss"]
    if plan.config.accumulate > 1:
        keys.append("iteration_loss")
    if plan.ddp:
        keys.append("worker_loss")
    if not plan.ddp:
        result = "{" + ", ".join(f'"{key}": {key}' for key in [*keys, "epochs"]) + "}"
        return "\n".join(
            [
                "if args.out:",
                '    with open(args.out, "w", encoding="utf-8") as f:',
                f"        json.dump({result}, f, indent=1)",
                '    print(f"wrote {args.out}")',
            ]
        )
    return "\n".join(
        [
            "if args.out and RANK == 0:  # one worker writes the file",
            "    result = {",
            *(f'        "{key}": {key},' for key in [*keys, "epochs"]),
            "    }",
            '    with open(args.out, "w", encoding="utf-8") as f:',
            "        json.dump(result, f, indent=1)",
            '    print(f"wrote {args.out}")',
            "dist.destroy_process_group()  # every worker is done: leave the group",
            "# DDP keeps gloo's threads until the process ends, and Python's own shutdown can collide with",
            "# them (an abort once all is done, a PyTorch issue): so this process ends here",
            "sys.stdout.flush()",
            "os._exit(0)",
        ]
    )
