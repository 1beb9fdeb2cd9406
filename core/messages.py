"""What core/ says to the learner, as data: a :class:`Message` is a code and named arguments.

``TEMPLATES`` holds the English template of every code; ``str(message)`` fills it in (the command
line, the result JSON and the exceptions' text). The window looks each template up in Qt's
translation catalogue (context ``CoreMessages``) and fills in the same arguments, so rewording a
message here changes its source text there, and a test finds the Chinese that is missing.

An argument is a plain value (formatted by the template's field, e.g. ``{step:,}``), another
Message (a config's refusal inside a sweep's), or a term: a Message with no arguments, for a word
the window translates too ("loss", "the header (row 1)"). Text from elsewhere (an OS error, the json
module) stays as it is; :func:`foreign` turns the common phrases into terms.

This module imports nothing from core/: every layer may use it.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

TEMPLATES: dict[str, str] = {
    # -- terms: words inside other messages ---------------------------------------------------------
    "term.loss": "loss",
    "term.gradient_norm": "gradient norm",
    "term.validation_loss": "validation loss",
    "term.training_loss": "loss on the whole training set",
    "schedule.constant": "constant",
    "schedule.step": "step",
    "schedule.cosine": "cosine",
    "field.batch_size": "batch_size",  # the fields a sweep takes
    "field.lr": "lr",
    "field.momentum": "momentum",
    "parts.join": "{first}; {rest}",  # the parts of a measurement
    # the window's names of the datasets, models, optimizers and devices (display_name); core's own
    # English keeps the code names, which are the command line's too
    "dataset.mnist-like": "MNIST-sized digits",
    "dataset.digits": "handwritten digits 8×8",
    "dataset.moons": "two moons",
    "dataset.spirals": "three spirals",
    "dataset.linear-1d": "the line y = 2x − 1",
    "dataset.two-basins": "two basins",
    "dataset.custom": "the imported table",
    "model.softmax": "softmax regression",
    "model.linear": "linear regression",
    "model.mlp": "MLP",
    "model.two-basins": "the two-basins model",
    "optimizer.sgd": "torch.optim.SGD",
    "optimizer.sgd-manual": "the article's form",
    "optimizer.adam": "Adam",
    "optimizer.rmsprop": "RMSprop",
    "optimizer.adagrad": "Adagrad",
    "device.cpu": "CPU",
    "device.cuda": "GPU (CUDA)",
    "device.auto": "GPU if there is one, else CPU",
    # -- a run's end (core/training/engine.py) ---------------------------------------------------
    "run.completed": "completed {steps:,} steps in {epochs} epochs",
    "run.stopped": "stopped after {steps:,} of {total:,} steps",
    "run.diverged": "diverged at step {step:,} ({quantity} = {value})",
    "run.diverged_growth": (
        "diverged at step {step:,}: the loss {value:.4g} passed 10⁶ × {reference:.4g}, "
        "the largest loss of the first 20 steps"
    ),
    "run.failed": "{kind}: {detail}",
    "run.no_cuda": "cuda was asked for, but no CUDA GPU is available; use cpu or auto",
    "run.lr_follows_schedule": "follows the {schedule} schedule; only a constant α can change",
    "run.beta_fixed": "{optimizer}'s β cannot change mid-run",
    # -- data-parallel workers (core/training/distributed.py) -------------------------------------
    "run.worker_died": (
        "worker {rank} of {workers} ended unexpectedly ({how}) after {steps:,} steps; "
        "every worker was stopped"
    ),
    "run.worker_exit_code": "exit code {code}",
    "run.worker_signal": "killed by signal {name}",
    "run.worker_hung": (
        "worker {rank} of {workers} made no progress for {seconds:.1f} s after {steps:,} steps; "
        "every worker was stopped"
    ),
    "run.worker_failed": "worker {rank} of {workers} failed: {kind}: {detail}",
    "run.rendezvous_timeout": (
        "the {workers} workers did not all start and meet within {seconds:g} s ({ready} ready); "
        "every worker was stopped"
    ),
    "run.rendezvous_port": (
        "the workers found no free localhost port to meet on after {tries} tries: {detail}"
    ),
    # -- the stability bound of the two-parameter model (core/training/quadratic.py) -------------
    "stability.bound": "{variant}: full-batch steps converge iff {formula}",
    "stability.variant.plain": "plain SGD",
    "stability.variant.heavy_ball": "heavy-ball momentum",
    "stability.variant.nesterov": "Nesterov momentum",
    "stability.adaptive": (
        "{optimizer} divides each step by a running size of the gradients: no fixed learning rate bounds it"
    ),
    "stability.accumulating": (
        "zero_grad is off: the gradients add up, and no learning rate makes full-batch steps converge"
    ),
    "stability.dampening_one": (
        "dampening 1: only the first gradient enters the momentum buffer, so no learning rate diverges"
    ),
    # -- a config's fields (core/training/config.py) ---------------------------------------------
    "config.whole_number": "must be a whole number (got {got})",
    "config.number": "must be a number (got {got})",
    "config.finite": "must be a finite number (got {got})",
    "config.true_or_false": "must be true or false (got {got})",
    "config.text": "must be text (got {got})",
    "config.range": "must be in {interval} (got {got})",
    "config.momentum_range": "must be in [0, 1) (got {got})",
    "config.at_most": "must be at most {most} (got {got})",
    "config.one_of": "must be one of {choices} (got {got})",
    "config.no_imported_data": (
        "custom names imported data, and none is loaded: import a CSV or .npz file first"
    ),
    "config.imported_rows": "must be {rows:,}, the training rows of the imported data (got {got:,})",
    "config.samples_at_most": "must be at most {most:,} for {dataset} (got {got:,})",
    "config.softmax_needs_classification": "softmax needs a classification dataset; {dataset} is regression",
    "config.linear_needs_regression": (
        "linear regression needs a regression dataset; {dataset} is classification"
    ),
    "config.two_basins_pair": (
        "the two-basins dataset and the two-basins model go together (got dataset {dataset}, model {model})"
    ),
    "config.batch_size_range": "must be between 1 and the training-set size {samples:,} (got {got:,})",
    "config.workers_drop_all": (
        "each of the {workers} workers has {share:,} samples, so --drop-last would drop every batch of "
        "{got:,}; take a batch of at most {share:,}"
    ),
    "config.workers_cpu": "data-parallel workers train on the CPU (the gloo backend); use cpu with --workers",
    "config.workers_trainer": (
        "the one-process Trainer trains one worker; {workers} data-parallel workers train through "
        "DistributedRun (core.training.distributed)"
    ),
    "config.nesterov_sgd_only": "is an option of SGD, not of {optimizer}",
    "config.nesterov_momentum": "needs momentum > 0",
    "config.nesterov_dampening": "needs dampening = 0",
    "config.not_an_object": "must be a JSON object of option names to values",
    "config.unknown_option": "is not a known option (known: {known})",
    "config.unknown_key": "{key} is not a known option (known: {known})",
    "config.file_too_large": "{path} is larger than 1 MB; not a config file",
    "config.not_regular_file": "{path} is not a regular file",
    "config.too_deep": "{path} is nested too deeply to be a config",
    "config.unusable": "{path} is not a usable config: {detail}",
    "config.key_twice": "the option {key} is given twice",
    "config.generated_only": (
        "applies to the generated datasets only; {dataset} is real data, with its own noise and its own "
        "validation set"
    ),
    # -- files, any kind -------------------------------------------------------------------------
    "file.missing": "{path} does not exist",
    "file.cannot_read": "cannot read {path}: {reason}",
    "file.not_utf8": "not UTF-8 text",
    "file.bad_json": "{path} is not valid JSON (line {line}, column {column}: {detail})",
    "file.empty": "the file is empty",
    # -- sweeps (core/experiments/sweep.py) ------------------------------------------------------
    "sweep.syntax": "expected FIELD=v1,v2,… such as batch_size=16,32,64 (got {text!r})",
    "sweep.unknown_field": "cannot sweep {name!r}; choose one of {choices}",
    "sweep.empty_value": "{field}: give comma-separated values, none empty (got {text!r})",
    "sweep.too_many": "{field}: at most {most} values (got {count})",
    "sweep.not_whole_number": "{field}: {value!r} is not a whole number",
    "sweep.not_number": "{field}: {value!r} is not a number",
    "sweep.not_finite": "{field}: {value!r} is not a finite number",
    "sweep.momentum_range": "momentum: {value} must be in [0, 1), at most {most:g}",
    "sweep.range": "{field}: {value} must be in [{low:g}, {high:g}]",
    "sweep.twice": "{field}: {value} is given twice",
    "sweep.scaling_batch_only": "the linear-scaling rule applies to a batch_size sweep only",
    "sweep.value_refused": "{field}={value}: {refused} {problem}",
    # -- the batch-size lab's measurements (core/experiments/lab.py) -----------------------------
    "lab.memory": "B={small}: {small_bytes}, B={large}: {large_bytes} per step (tensor bytes)",
    "lab.updates": "B={small}: {small_steps:,.0f} steps per epoch, B={large}: {large_steps:,.0f}",
    "lab.speed": "B={small}: {small_s:.3g} s per epoch, B={large}: {large_s:.3g} s ({ratio:.2g}×)",
    "lab.noise": "gradient noise B={small}: {small_noise:.3g}, B={large}: {large_noise:.3g} ({ratio:.3g}×)",
    "lab.jitter": "loss jitter {small:.3g} vs {large:.3g}",
    "lab.gap": "gap B={small}: {small_gap:.3g}, B={large}: {large_gap:.3g}",
    "lab.validation_loss": "validation loss {small:.4g} vs {large:.4g}",
    "lab.b_simple": "B_simple = tr(Σ)/|G|² = {value:.3g} at the initial weights",
    "lab.b_crit": "B_crit = E_min/S_min = {value:.3g} from the steps to the target loss",
    "lab.b_crit_none": "B_crit not fitted: the steps to the target did not fall as S_min + E_min/B",
    "lab.range": "{inside} of {count} estimates inside the article's {low}–{high}",
    "lab.escape": (
        "share of {seeds} runs ending in the deeper basin: {shares} (B={small} vs B={large}: z = {z:.2f})"
    ),
    "lab.escape_convex": (
        "not measured here: a {model} model's loss is convex, so it has no poor minima to escape; "
        "run the lab on two-basins"
    ),
    "lab.escape_elsewhere": (
        "not measured here: which minimum a {model} run ends in is not identified; run the lab on two-basins"
    ),
    # -- importing a table (core/io/importer.py) -------------------------------------------------
    "import.cell": "row {row}, column {column} ({name!r})",
    "import.the_header": "the header (row 1)",
    "import.the_first_row": "the first row",
    "import.nan": "NaN (a missing value)",
    "import.infinite": "an infinite value",
    "import.x_and_y": "x and y",
    "import.tasks": "auto, classification, regression",
    "import.too_few_rows": (
        "{rows:,} data rows leave {train:,} for training after the validation part; "
        "at least {least} are needed"
    ),
    "import.too_many_rows": (
        "{rows:,} data rows leave {train:,} for training; SGD Lab trains on at most {most:,} "
        "(keep a sample of at most {fit:,} rows, for example with shuf -n {fit}, or use a larger "
        "validation fraction)"
    ),
    "import.row_one_column": (
        "row {row} has 1 column, but {reference} has {count} (every row needs the same columns)"
    ),
    "import.row_columns": (
        "row {row} has {columns} columns, but {reference} has {count} (every row needs the same columns)"
    ),
    "import.too_many_values": (
        "the table has {rows:,} rows × {columns:,} columns = {values:,} values, more than the {most:,} "
        "SGD Lab holds in memory; {fit:,} rows would fit: keep a sample of that many rows (for example "
        "with shuf -n {fit})"
    ),
    "import.long_target": "{cell}: a target longer than {most} characters",
    "import.empty_cell": "{cell}: empty cell (a missing value); fill or remove the row",
    "import.not_finite_cell": "{cell}: {text!r} is {what}; SGD Lab needs finite numbers",
    "import.not_number_cell": "{cell}: {text!r} is not a number",
    "import.too_large_for_float32": "{cell} is too large for 32-bit floats",
    "import.x_not_finite": "x: {cell} is NaN or infinite",
    "import.header_only": "no data rows below the header (row 1): the file holds a header only",
    "import.no_rows": "no data rows: the file holds a header only",
    "import.blank": "the file is empty (only blank lines)",
    "import.one_column": (
        "row 1 has one column only: a table needs feature columns and a target column, separated by "
        "commas, semicolons, tabs or spaces"
    ),
    "import.unknown_target": "target column {target!r} is not in the table (columns: {columns})",
    "import.no_such_column": "target column {target} does not exist: the table has columns 1 to {count}",
    "import.file_too_large": (
        "the file is {mb:,.0f} MB, larger than the {most} MB that SGD Lab reads into memory; about "
        "{fit:,} of its rows would fit: keep a sample of them (for example with shuf -n {fit})"
    ),
    "import.not_regular": "{path} is not a regular file (a device, a pipe or a socket): not read",
    "import.the_zip": "the zip file",
    "import.zip_members": "a zip file must hold exactly one table; this one holds {count} files",
    "import.bad_compressed": "the {kind} file cannot be unpacked: {detail}",
    "import.unpacks_too_large": (
        "the {kind} file unpacks to more than the {most} MB that SGD Lab reads into memory"
    ),
    "import.unpacked": "unpacked from {kind}",
    "import.rows_changed": "the file changed while it was read",
    "import.count_line": "row 1 holds counts ({rows:,} rows, {features} features), not data: skipped",
    "import.row_names": (
        "the header is one column shorter than the rows: the first column holds row names (R's write.table)"
    ),
    "import.role.target": "the target",
    "import.role.number": "a number",
    "import.role.one-hot": "text of {values} values, one-hot encoded",
    "import.role.date": "a date, as a decimal year",
    "import.role.id": "an ID: the row number, or different in every row",
    "import.role.date-left-out": "a date; choose it as a feature to use it",
    "import.role.text": "text of {values:,} values, more than the {most} that are one-hot encoded",
    "import.role.empty": "no values",
    "import.role.ignored": "ignored",
    "import.role.not-chosen": "not chosen",
    "import.left_out_one": "{name!r} ({reason})",
    "import.left_out": "left out: {columns}",
    "import.dropped_target": "{rows:,} rows without a target {target!r} dropped",
    "import.dropped_rows": (
        "{rows:,} rows with a missing value dropped (--missing error refuses them instead)"
    ),
    "import.all_dropped": "every one of the {rows:,} rows has a missing value",
    "import.no_features": "no feature column is left to train on ({left_out}); choose the features by name",
    "import.unknown_column": "column {target!r} is not in the table (columns: {columns})",
    "import.no_such_column_of": "column {target} does not exist: the table has columns 1 to {count}",
    "import.target_as_feature": "{name!r} is the target; it cannot be a feature too",
    "import.target_ignored": "{name!r} is the target; it cannot be left out",
    "import.text_feature": (
        "{name!r} holds text of {values:,} different values, more than the {most} that can be one-hot encoded"
    ),
    "import.missing_cell": "{cell}: {text!r} is a missing value; fill or remove the row, or drop such rows",
    "import.missing_policy": "missing must be drop or error (got {missing!r})",
    "import.guessed_regression": (
        "the target {target!r} has {count:,} different values in {rows:,} rows: trained as regression "
        "(classes need whole numbers, at most 20 of them and 5 rows a class on average; choose "
        "classification with --task classification or the import dialog's Task)"
    ),
    "import.batch_reduced": (
        "batch size {batch:,} is larger than the {train:,} training rows: reduced to {train:,}"
    ),
    "config.data_missing": "the run's data file {path} does not exist; give it with --data",
    "config.data_changed": (
        "{path} has changed since the run (its SHA-256 is {now}, the run's was {then}); "
        "give it with --data to train on it as it is now"
    ),
    "import.npz_too_large": "the file is {mb:,.0f} MB, larger than the {most} MB read",
    "import.folder": "{path} is a folder, not a file",
    "import.binary": (
        "not a text table: the file holds binary data (byte {byte:,}); save it as CSV, or use an .npz file"
    ),
    "import.binary_byte": "not a text table: the file holds binary data (byte {byte:,} is not text)",
    "import.npz_arrays": (
        "the .npz file needs arrays named x (rows × features) and y (one target per row); {missing} missing"
    ),
    "import.x_shape": "x must be 2-D (rows × features); it has shape {shape}",
    "import.y_shape": "y must be 1-D (one target per row); it has shape {shape}",
    "import.row_counts": "x has {x_rows:,} rows but y has {y_rows:,}",
    "import.no_data": "x has shape {shape}: no data",
    "import.x_kind": "x must hold numbers; it holds {dtype}",
    "import.x_too_large": "x holds {count:,} values, more than the {most:,} SGD Lab holds in memory",
    "import.task": "task must be one of {choices} (got {task!r})",
    "import.val_fraction": "the validation fraction must be in [0.01, 0.9] (got {fraction:g})",
    "import.target_kind": "the target {target!r} must hold numbers or labels; it holds {dtype}",
    "import.target_not_finite": (
        "row {row}, target {target!r}: {text!r} is NaN or infinite; SGD Lab needs finite numbers"
    ),
    "import.target_not_number": (
        "row {row}, target {target!r}: {text!r} is not a number; regression needs numbers "
        "(import it as classification for labels)"
    ),
    "import.one_class": (
        "one class only: every row's target {target!r} is {label!r}; "
        "classification needs at least two classes"
    ),
    "import.too_many_classes": (
        "the target {target!r} has {count:,} different values, too many classes (at most {most}); "
        "import it as regression"
    ),
    "import.csv_row": "row {row}: {problem}",
    "import.field_limit": "field larger than field limit ({limit})",  # the csv module's words
    "import.long_line": "row {row} is longer than {most:,} bytes: not a table",
    "import.too_many_columns": "row {row} has more than {most:,} columns: not a table SGD Lab reads",
    # -- MNIST's IDX files and Keras's mnist.npz (core/io/tables.py) ----------------------------
    "import.idx_missing": (
        "{folder} does not hold {name} (nor {name}.gz): MNIST comes as four files, train-images-idx3-ubyte, "
        "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, gzipped or not"
    ),
    "import.idx_images": "images",
    "import.idx_labels": "labels",
    "import.idx_magic": (
        "{file}: wrong magic number {magic} (an IDX file of {what} starts with {wanted}): not an MNIST file"
    ),
    "import.idx_short": "{file} holds {size} bytes: too short for an IDX header",
    "import.idx_side": "{file}: its header says {shape}; an image side must be 1 to {most:,} pixels",
    "import.idx_empty": "{file}: its header says it holds no items",
    "import.idx_too_large": (
        "{file}: its header says {shape} ({wanted:,} bytes), more than the {most} MB SGD Lab reads"
    ),
    "import.idx_more": "more than {wanted:,} bytes",
    "import.idx_sizes": (
        "{file}: its header says {shape} ({wanted:,} bytes of data) but the file holds {holds} of data: "
        "damaged or not an IDX file"
    ),
    "import.idx_truncated_gzip": "{file}: the gzip file is cut short (an incomplete download?)",
    "import.idx_counts": "{labels} holds {count:,} labels but {images} holds {images_count:,} images",
    "import.images_shape": "{name} must hold images (count × height × width); it has shape {shape}",
    "import.labels_shape": "{name} must hold one label per image; it has shape {shape}",
    "import.labels_kind": "{name} must hold whole numbers as labels; it holds {dtype}",
    "import.label_range": (
        "{name}: label {label} of item {item:,} is out of range: MNIST's and Fashion-MNIST's labels are "
        "0 to {most}"
    ),
    "import.image_sizes": "{train} holds {train_shape} images but {test} holds {test_shape} images",
    "import.keras_arrays": (
        "the .npz file lacks {missing}: Keras's mnist.npz holds x_train, y_train, x_test and y_test "
        "(or give arrays x and y)"
    ),
    "import.keras_pixels": (
        "{name} must hold pixels as bytes (uint8), as Keras's mnist.npz does; it holds {dtype}"
    ),
    "import.file_split": (
        "{train:,} training images and the file's {val:,} test images as the validation set "
        "({height}×{width} pixels, scaled to [0, 1])"
    ),
    # -- zip and .npz files (core/io/safezip.py) -------------------------------------------------
    "zip.the_npz_file": "the .npz file",
    "zip.the_workspace": "the workspace",
    "zip.the_arrays": "the workspace's arrays.npz",
    "size.mb": "{mb:,.0f} MB",
    "size.bytes": "{count:,} bytes",
    "zip.invalid": "{what} is not a valid zip archive (damaged or truncated?): {detail}",
    "zip.too_many_files": "{what} holds {count:,} files; at most {most:,} are read",
    "zip.directory_too_large": "{what}: its list of files takes {size}; at most {limit} is read",
    "zip.truncated": "{what} is truncated: its end is missing or damaged (an incomplete copy or download?)",
    "zip.compressed": "{what}: {member} is compressed, but the format stores it uncompressed",
    "zip.bad_header": "its local header does not match the directory",
    "zip.encrypted": "{what}: {member} is encrypted",
    "zip.bomb": "{what} would unpack to more than {limit} (a zip bomb, or too large to read into memory)",
    "zip.member_too_large": "{what}: {member} would unpack to {size}; at most {limit}",
    "zip.member_damaged": "{what}: {member} cannot be unpacked (damaged or truncated?): {detail}",
    "zip.member_overflow": "{what}: {member} unpacks to more than {limit}",
    "zip.not_npy": "{what}: {member} is not a NumPy array (.npy)",
    "zip.array_twice": "{what}: the array {array} appears twice",
    "zip.bad_crc": "Bad CRC-32 for file {member!r}",  # zipfile's words
    "npy.version": "{what}: {array}: unknown .npy version {version}",
    "npy.pickle": (
        "{what}: {array} holds Python objects (a pickle, never loaded); only numbers or text labels are read"
    ),
    "npy.dtype": "{what}: {array} holds dtype {dtype}; only numbers or text labels are read",
    "npy.dtype_not": "{what}: {array} holds dtype {dtype}; the format says {allowed}",
    "npy.too_many": "{what}: {array} holds {count:,} values; at most {most:,} are read",
    "npy.short": "{what}: {array} is damaged: its header promises more data than it holds",
    "npy.unreadable": "{what}: {array} cannot be read (damaged or truncated?): {detail}",
    "npy.shape": "{what}: {array} is damaged: shape {shape}, header {header}",
    # -- the workspace file (core/io/workspace.py); places in its JSON are named as written there ----
    "kind.number": "a number",
    "kind.whole_number": "a whole number",
    "kind.text": "text",
    "kind.true_or_false": "true or false",
    "kind.object": "an object",
    "kind.list": "a list",
    "kind.either": "{first} or {rest}",
    "part.train": "train",
    "part.val": "val",
    "workspace.too_large": "{name} is {mb:,.0f} MB; a workspace is at most {most} MB",
    "workspace.folder": "{path} is a folder",
    "workspace.not_zip": "not an SGD Lab workspace (not a zip archive)",
    "workspace.not_ours": "not an SGD Lab workspace (its format name is missing or different)",
    "workspace.no_json": "not an SGD Lab workspace (no {name})",
    "workspace.file_twice": "the workspace holds a file twice (damaged or tampered with)",
    "workspace.unexpected_file": "the workspace holds an unexpected file {name!r}",
    "workspace.too_many_runs": "the workspace holds {count:,} runs; at most {most:,} are read",
    "workspace.not_utf8": "{name} is not UTF-8 text",
    "workspace.json_constant": "{name} is not allowed in strict JSON",
    "workspace.json_too_many": (
        "{name} holds more than {containers:,} objects and lists or {values:,} values: "
        "more than a workspace holds"
    ),
    "workspace.key_twice": "{name}: the key {key} appears twice in one object",
    "workspace.unreadable": "{name} cannot be read: {detail}",
    "workspace.not_an_object": "{name} must hold a JSON object",
    "workspace.version": "unknown workspace format version {version!r}",
    "workspace.newer": (
        "made by a newer SGD Lab (format {version}); this version reads format {supported}: "
        "update SGD Lab to open it"
    ),
    "workspace.no_data": "config: trains on imported data, but the workspace holds none",
    "workspace.id_twice": "{where}.id {run_id} is used twice",
    "workspace.top_missing": "workspace.{key} is missing",
    "workspace.top_kind": "workspace.{key} must be {kind} (got {got})",
    "workspace.object": "{where} must be a JSON object",
    "workspace.missing": "{where}.{key} is missing",
    "workspace.kind": "{where}.{key} must be {kind} (got {got})",
    "workspace.config_refused": "{where}.{field} {problem}",
    "workspace.unknown_dataset": "{where}.dataset: unknown dataset {name!r}",
    "workspace.unknown_value": "{where}.{key}: unknown value {value!r}",
    "workspace.range": "{where}.{key} must be in [{low:g}, {high:g}] (got {value:g})",
    "workspace.whole_range": "{where}.{key} must be a whole number in [{low:,}, {high:,}] (got {got})",
    "workspace.number_range": "{where}.{key} must be a finite number in {interval} (got {got})",
    "workspace.too_many_epochs": "{where}.epochs lists more epochs than its config's {epochs}",
    "workspace.unknown_status": "{where}.status: unknown status {status!r}",
    "workspace.changes": "{where}.changes[{index}] must be an object of plain values",
    "workspace.stability_key": "{where}.stability: unknown key {key}",
    "workspace.array_missing": "{where}: the array {key} is missing from {npz}",
    "workspace.array_dtype": "{where}: the array {key} holds {dtype}; the format says {wanted}",
    "workspace.array_finite": "{where}: the array {key} holds NaN or infinite values",
    "workspace.batch_sizes": "{where}: the array {key} holds batch sizes outside [1, {most:,}]",
    "workspace.norms": "{where}: watched values without their norms",
    "workspace.steps": "{where}: its arrays do not hold {steps:,} steps each",
    "workspace.iterations": (
        "{where}: the iteration losses must be finite, from {steps:,} to {k} × {steps:,} of them, and only "
        "with gradient accumulation"
    ),
    "workspace.history": "{where}: {problem}",
    "workspace.segment": "{where} must be [first step, [[name, index], …]]",
    "workspace.entry": "{where}: a watched entry must be [name, [index, …]], each entry once",
    "workspace.entry_unknown": "{where}: {name!r} at that index is not an entry of the run's model",
    "workspace.segment_step": "{where}: the first step must be in [1, {last:,}]",
    "workspace.segment_order": "{where}: the segments' first steps must increase",
    "workspace.segments_without_values": "{where}: watch_segments without the watched values' arrays",
    "workspace.task": "data.task: unknown task {task!r}",
    "workspace.feature_names": "data.feature_names must name every feature",
    "workspace.classes_text": "data.classes must be text labels",
    "workspace.classes_count": (
        "data.classes must list two or more labels for classification, none for regression"
    ),
    "workspace.data_shape": "data: the {part} arrays do not have {rows:,} rows of {features} features",
    "workspace.data_finite": "data: the {part} arrays hold NaN or infinite values",
    "workspace.data_source": "data.data_source: the key {key} is unknown or of the wrong type",
    "workspace.data_classes": "data: the {part} targets are not class numbers 0 … {last}",
    "workspace.standardisation": "data: the standardisation does not match the features",
    "workspace.image_shape": "data.image_shape must be two whole numbers whose product is {features:,}",
    "history.column_shape": "step column {name} has shape {shape}; expected ({size},)",
    "history.watched": "watched entries do not match the steps",
    # -- the operating system's, the json module's, zipfile's and csv's words most often seen ------
    "foreign.permission_denied": "Permission denied",
    "foreign.expecting_value": "Expecting value",
    "foreign.expecting_property": "Expecting property name enclosed in double quotes",
    "foreign.expecting_comma": "Expecting ',' delimiter",
    "foreign.expecting_colon": "Expecting ':' delimiter",
    "foreign.extra_data": "Extra data",
    "foreign.unterminated_string": "Unterminated string starting at",
    "foreign.control_character": "Invalid control character at",
    "foreign.not_a_zip_file": "File is not a zip file",
    "foreign.unexpected_end": "unexpected end of data",
}  # fmt: skip

_FOREIGN = {TEMPLATES[code]: code for code in TEMPLATES if code.startswith("foreign.")}


@cache
def fields(template: str) -> frozenset[str]:
    """The names of a template's fields (``{step:,}`` → ``step``)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


class Message:
    """A code of :data:`TEMPLATES` and its named arguments; immutable. ``str()`` is the English."""

    __slots__ = ("args", "code")
    code: str
    args: tuple[tuple[str, Any], ...]

    def __init__(self, code: str, /, **args: Any) -> None:
        template = TEMPLATES.get(code)
        if template is None:
            raise KeyError(f"no template for the message code {code!r}")
        if set(args) != fields(template):
            raise TypeError(f"{code} takes {sorted(fields(template))}, got {sorted(args)}")
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "args", tuple(sorted(args.items())))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Message cannot change")

    @property
    def arguments(self) -> dict[str, Any]:
        return dict(self.args)

    def render(self, template_of: Callable[[Message], str] | None = None) -> str:
        """The text: ``template_of(message)`` (default: the English of its code) with the arguments
        filled in, nested Messages and terms rendered the same way first."""
        template = TEMPLATES[self.code] if template_of is None else template_of(self)
        values = {k: v.render(template_of) if isinstance(v, Message) else v for k, v in self.args}
        return template.format_map(values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        inner = "".join(f", {k}={v!r}" for k, v in self.args)
        return f"Message({self.code!r}{inner})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.code, self.args) == (other.code, other.args)

    def __hash__(self) -> int:
        return hash((self.code, self.args))


def foreign(text: str) -> Message | str:
    """Text from outside core/ (an OS error, the json module): a term when it is one of the common
    phrases the window translates, else the text as it is."""
    code = _FOREIGN.get(text)
    return Message(code) if code is not None else text


def _chain(code: str, items: Sequence[Message]) -> Message:
    """``items`` as one message of the two-field ``code`` (first, rest), nested from the right."""
    if len(items) == 1:
        return items[0]
    return Message(code, first=items[0], rest=_chain(code, items[1:]))


def joined(parts: Sequence[Message]) -> Message:
    """Parts of a measurement as one message: ``a; b; c`` (at least one part)."""
    return _chain("parts.join", parts)


def either(kinds: Sequence[Message]) -> Message:
    """``a or b or c`` (at least one)."""
    return _chain("kind.either", kinds)


def _term(prefix: str, name: str) -> Message | str:
    code = f"{prefix}.{name}"
    return Message(code) if code in TEMPLATES else name


def schedule_name(name: str) -> Message | str:
    """An lr schedule's name as a term (unknown names as they are)."""
    return _term("schedule", name)


def field_name(name: str) -> Message | str:
    """A sweepable config field's name as a term (``lr``); other names as they are."""
    return _term("field", name)


NAMED = ("dataset", "model", "optimizer", "device")  # the arguments display_name knows


def display_name(kind: str, name: str) -> Message | str:
    """What the window calls a dataset, model, optimizer or device (``kind``, one of NAMED): a term
    (``mnist-like`` → "MNIST-sized digits"; ``cuda:0`` → "GPU (CUDA)"); unknown names as they are."""
    return _term(kind, name.split(":", 1)[0] if kind == "device" else name)


class MessageError(ValueError):
    """A refusal that carries its :class:`Message` (``msg``); its text is the English."""

    def __init__(self, msg: Message) -> None:
        super().__init__(str(msg))
        self.msg = msg
