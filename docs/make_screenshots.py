"""Re-create the README's screenshots (offscreen): ``python docs/make_screenshots.py [SET …]``.

Sets (all of them when none is named): ``default``, the README's, in docs/ at the window's default
size (1360×860); ``full-hd``, the same in docs/full-hd/ at 1920×1080, and there too the window after
a run with each right-hand dock raised in turn (step inspector, loss landscape, momentum forms, runs,
batch-size lab, help), in English and Chinese, light and dark (``{language}-{theme}-{dock}.png``);
``1280x800``, that dock set on a small laptop's screen, in docs/1280x800/; ``epoch``, the epoch's
views (the epoch map, the mini-batch, the weights) during the article's run paused at 50 steps a
second and at full speed, and the mini-batch of moons over an MLP's decision regions, in English and
Chinese, light and dark, in docs/epoch/ (``{language}-{theme}-{pace}-{view}.png``); ``workers``, the
window after a run of 2 data-parallel workers with each worker's loss shown (docs/workers.png). The
Chinese ones need the compiled translations (``make translations``) and a CJK font (fonts-noto-cjk)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QRect, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.training.config import TrainConfig  # noqa: E402

DOCS = ROOT / "docs"
FULL_HD = (1920, 1080)
LAPTOP = (1280, 800)
DOCKS = ("epoch_map", "batch", "weights", "inspector", "landscape", "forms", "runs", "lab", "help")
EPOCH_VIEWS = ("epoch_map", "batch", "weights")


def wait_for(signal, timeout_ms: int = 120_000, check=lambda *a: True) -> None:
    loop = QEventLoop()

    def handler(*args):
        if check(*args):
            loop.quit()

    signal.connect(handler)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(handler)


def save_small(pixmap, path: Path) -> None:
    """Save a screenshot; with ImageMagick installed, in 256 colours (about 28 % smaller, the text as
    sharp: the 24 of the 1280×800 set take 4.6 MB instead of 6.4)."""
    pixmap.save(str(path))
    magick = shutil.which("magick") or shutil.which("convert")
    if magick:
        subprocess.run([magick, str(path), "-colors", "256", f"PNG8:{path}"], check=True, timeout=120)


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def window(config: TrainConfig, size: tuple[int, int] | None):
    """A shown window at ``size`` (None: the window's default size), on a screen of that size: the
    window fits itself and its docks to the screen it opens on, and the offscreen one is 800×800."""
    import gui.main_window
    from gui.main_window import DEFAULT_SIZE, MainWindow

    width, height = size or DEFAULT_SIZE.toTuple()
    gui.main_window.available_geometry = lambda _widget: QRect(
        0, 0, width, height + gui.main_window.TITLE_BAR
    )
    w = MainWindow(config)
    w.resize(width, height)
    w.show()
    return w


def train(w) -> None:
    w.start()
    wait_for(w.run_finished)


def main() -> None:
    sets = sys.argv[1:] or ["default", "full-hd", LAPTOP_SET]
    if "default" in sets:
        shoot(DOCS, None)
    if "full-hd" in sets:
        shoot(DOCS / "full-hd", FULL_HD)
    for name, size in (("full-hd", FULL_HD), (LAPTOP_SET, LAPTOP)):
        if name in sets:
            for language in ("en", "zh_CN"):
                for theme_name in ("light", "dark"):
                    shoot_docks(DOCS / name, size, language, theme_name)
    if "epoch" in sets:
        for language in ("en", "zh_CN"):
            for theme_name in ("light", "dark"):
                shoot_epoch(DOCS / "epoch", language, theme_name)
    if "workers" in sets:
        shoot_workers(DOCS / "workers.png")


def shoot_workers(path: Path) -> None:
    """The window after a run of K = 2 data-parallel workers (README, "Many workers"): 2,000 moons,
    an MLP, B = 16 a worker: 1,000 samples each, 63 iterations an epoch, a global batch of 32; the
    loss plot with each worker's own loss beside their mean."""
    QApplication.instance() or QApplication([])
    config = TrainConfig(
        dataset="moons", samples=2000, model="mlp", hidden=16, batch_size=16, epochs=3, lr=0.1, workers=2
    )
    w = window(config, None)
    w.centre.each_worker.setChecked(True)
    train(w)
    pause(300)
    save_small(w.grab(), path)
    w.close()
    print("wrote", path.relative_to(ROOT))


def shoot_epoch(out: Path, language: str, theme_name: str) -> None:
    """The epoch's views of the article's run, paused after 150 steps at 50 a second (``slow``) and
    after 1,500 at full speed (``max``), each view raised in turn; then moons with an MLP at 50 a
    second, its mini-batch over the decision regions (``slow-moons``)."""
    from gui import i18n, theme

    app = QApplication.instance() or QApplication([])
    out.mkdir(exist_ok=True)
    if i18n.set_language(language) != language:
        raise SystemExit(f"no compiled {language} translation: run `make translations` first")
    theme.apply(theme_name)
    code = "zh" if language != "en" else "en"
    moons = TrainConfig(dataset="moons", model="mlp", samples=2000, lr=0.1, epochs=10)  # 320 steps
    runs = (
        ("slow", TrainConfig(), 50.0, 150, EPOCH_VIEWS),
        ("max", TrainConfig(), None, 1500, EPOCH_VIEWS),
        ("slow-moons", moons, 50.0, 100, ("batch",)),
    )
    for pace_name, config, pace, steps, views in runs:
        w = window(config, None)
        w.session.set_pace(pace)
        w.start()
        wait_for(w.session.runner.progress, check=lambda chunk, n=steps: chunk.end >= n)
        w.session.toggle_pause()
        wait_for(w.signals.paused)
        for name in views:
            getattr(w, f"{name}_dock").raise_()
            for _ in range(3):
                app.processEvents()
            save_small(w.grab(), out / f"{code}-{theme_name}-{pace_name}-{name}.png")
        w.session.stop()
        wait_for(w.run_finished)
        w.close()
    i18n.set_language("en")
    theme.apply("light")


LAPTOP_SET = "1280x800"


def shoot_docks(out: Path, size: tuple[int, int], language: str, theme_name: str) -> None:
    """The window at ``size`` after a run (the step schedule, so that the momentum forms part), its
    forms compared, the landscape's slice mapped and the batch-size lab run, with each right-hand
    dock raised in turn: ``{language}-{theme}-{dock}.png`` in ``out``."""
    from gui import i18n, theme

    app = QApplication.instance() or QApplication([])
    out.mkdir(exist_ok=True)
    if i18n.set_language(language) != language:
        raise SystemExit(f"no compiled {language} translation: run `make translations` first")
    theme.apply(theme_name)
    w = window(TrainConfig(samples=10_000, epochs=4, lr_schedule="step", lr=0.05), size)
    w.compare_forms()
    while w.session.queue_active or w.state != "idle":  # two runs, one after the other
        wait_for(w.run_finished, timeout_ms=1000)
    train(w)
    w.slice.compute()
    for _ in range(600):  # the slice on its job thread: at most a minute
        if w.slice.plane is not None:
            break
        pause(100)
    w.lab_dock.raise_()
    w.lab.start()
    wait_for(w.lab.finished)
    w.show_help("momentum")
    code = "zh" if language != "en" else "en"
    for name in DOCKS:
        getattr(w, f"{name}_dock").raise_()
        for _ in range(3):
            app.processEvents()
        save_small(w.grab(), out / f"{code}-{theme_name}-{name}.png")
    w.close()
    i18n.set_language("en")
    theme.apply("light")


def shoot(out: Path, size: tuple[int, int] | None) -> None:
    """Write every screenshot into ``out``, the window at ``size`` (None: its default size)."""
    app = QApplication.instance() or QApplication([])
    out.mkdir(exist_ok=True)
    # 1. The seed's example, mid-run.
    w = window(TrainConfig(), size)
    w.start()
    wait_for(w.session.runner.progress, check=lambda chunk: chunk.epoch >= 3)
    w.grab().save(str(out / "window.png"))
    w.close()
    # 1b. The same window in Chinese (a CJK font must be installed to render it).
    from gui import i18n, theme
    from gui.settings import load_presets

    if i18n.set_language("zh_CN") != "zh_CN":
        raise SystemExit("no compiled Chinese translation: run `make translations` first")
    w = window(TrainConfig(), size)
    w.start()
    wait_for(w.session.runner.progress, check=lambda chunk: chunk.epoch >= 3)
    w.grab().save(str(out / "window-zh.png"))
    w.close()
    i18n.set_language("en")
    # 1c. The dark theme and the help, after the real digits preset.
    theme.apply("dark")
    digits = next(p for p in load_presets() if p.name == "08-real-digits")
    w = window(digits.config, size)
    train(w)
    w.show_help("momentum")
    app.processEvents()
    w.grab().save(str(out / "window-dark.png"))
    w.close()
    theme.apply("light")
    # 2. The step inspector, walking through a run.
    w = window(TrainConfig(samples=6000, epochs=1), size)
    w.step()
    wait_for(w.state_changed, check=lambda s: s == "paused")
    for _ in range(4):
        w.step()
        wait_for(w.session.runner.paused)
    app.processEvents()
    w.grab().save(str(out / "inspector.png"))
    w.close()
    # 3. The landscape: plain SGD, momentum, and a small batch on the two-parameter model.
    w = window(
        TrainConfig(
            dataset="linear-1d",
            samples=1000,
            model="linear",
            lr=0.2,
            momentum=0.0,
            batch_size=1000,
            epochs=60,
        ),
        size,
    )
    train(w)
    w.controls.momentum.setValue(0.9)
    train(w)
    w.controls.batch.setValue(8)
    w.controls.momentum.setValue(0.0)
    w.controls.epochs.setValue(2)
    train(w)
    w.landscape_dock.raise_()
    app.processEvents()
    w.grab().save(str(out / "landscape.png"))
    w.close()
    # 4. Where the momentum forms part under a step schedule.
    w = window(TrainConfig(samples=6000, epochs=4, lr_schedule="step", lr=0.05), size)
    w.compare_forms()
    while w.session.queue_active or w.state != "idle":  # two runs, one after the other
        wait_for(w.run_finished, timeout_ms=1000)
    app.processEvents()
    w.grab().save(str(out / "forms.png"))
    w.close()
    # 5. Runs compared: the same seed at three batch sizes, against samples seen.
    w = window(TrainConfig(samples=10_000, epochs=3), size)
    w.run_sweep([w.controls.config().replace(batch_size=b) for b in (16, 64, 256)])
    while w.session.queue_active:
        wait_for(w.signals.queue, timeout_ms=1000)
    w.runs.set_x_axis("samples")
    w.runs_dock.raise_()
    runs_width = w.width() * 9 // 16  # the runs' plot the widest of the three
    w.resizeDocks([w.controls_dock, w.runs_dock], [330, runs_width], Qt.Orientation.Horizontal)
    app.processEvents()
    w.grab().save(str(out / "comparison.png"))
    # 6. The batch-size lab on its default budget (10,000 samples, 3 epochs), its panel on its own.
    w.lab_dock.raise_()
    w.lab.start()
    wait_for(w.lab.finished)
    w.lab_dock.setFloating(True)
    w.lab_dock.resize(*(size or (1500, 1000)))
    app.processEvents()
    w.lab.grab().save(str(out / "lab.png"))
    w.close()
    print("wrote", ", ".join(str(p.relative_to(ROOT)) for p in sorted(out.glob("*.png"))))


if __name__ == "__main__":
    main()
