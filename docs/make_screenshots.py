"""Re-create the README's screenshots (offscreen): ``python docs/make_screenshots.py``.

The Chinese one needs the compiled translations (``make translations``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.training.config import TrainConfig  # noqa: E402

OUT = ROOT / "docs"
SIZE = (1600, 950)


def wait_for(signal, timeout_ms: int = 120_000, check=lambda *a: True) -> None:
    loop = QEventLoop()

    def handler(*args):
        if check(*args):
            loop.quit()

    signal.connect(handler)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(handler)


def window(config: TrainConfig):
    from gui.main_window import MainWindow

    w = MainWindow(config)
    w.resize(*SIZE)
    w.show()
    return w


def train(w) -> None:
    w.start()
    wait_for(w.run_finished)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    # 1. The seed's example, mid-run.
    w = window(TrainConfig())
    w.start()
    wait_for(w.controller.progress, check=lambda chunk: chunk.epoch >= 3)
    w.grab().save(str(OUT / "window.png"))
    w.close()
    # 1b. The same window in Chinese (a CJK font must be installed to render it).
    from gui import i18n, theme
    from gui.settings import load_presets

    if i18n.set_language("zh_CN") != "zh_CN":
        raise SystemExit("no compiled Chinese translation: run `make translations` first")
    w = window(TrainConfig())
    w.start()
    wait_for(w.controller.progress, check=lambda chunk: chunk.epoch >= 3)
    w.grab().save(str(OUT / "window-zh.png"))
    w.close()
    i18n.set_language("en")
    # 1c. The dark theme and the help, after the real digits preset.
    theme.apply("dark")
    digits = next(p for p in load_presets() if p.name == "08-real-digits")
    w = window(digits.config)
    train(w)
    w.show_help("momentum")
    app.processEvents()
    w.grab().save(str(OUT / "window-dark.png"))
    w.close()
    theme.apply("light")
    # 2. The step inspector, walking through a run.
    w = window(TrainConfig(samples=6000, epochs=1))
    w.step()
    wait_for(w.state_changed, check=lambda s: s == "paused")
    for _ in range(4):
        w.step()
        wait_for(w.controller.paused)
    app.processEvents()
    w.grab().save(str(OUT / "inspector.png"))
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
        )
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
    w.grab().save(str(OUT / "landscape.png"))
    w.close()
    # 4. Where the momentum forms part under a step schedule.
    w = window(TrainConfig(samples=6000, epochs=4, lr_schedule="step", lr=0.05))
    w.compare_forms()
    while w._comparing or w.state != "idle":  # two runs, one after the other
        wait_for(w.run_finished, timeout_ms=1000)
    app.processEvents()
    w.grab().save(str(OUT / "forms.png"))
    w.close()
    # 5. Runs compared: the same seed at three batch sizes, against samples seen.
    w = window(TrainConfig(samples=10_000, epochs=3))
    w.run_sweep([w.controls.config().replace(batch_size=b) for b in (16, 64, 256)])
    while w.sweep.active:
        wait_for(w.sweep.ended, timeout_ms=1000)
    w.runs.set_x_axis("samples")
    w.runs_dock.raise_()
    w.resizeDocks([w.controls_dock, w.runs_dock], [330, 900], Qt.Orientation.Horizontal)
    app.processEvents()
    w.grab().save(str(OUT / "comparison.png"))
    # 6. The batch-size lab on its default budget (10,000 samples, 3 epochs), its panel on its own.
    w.lab_dock.raise_()
    w.lab.start()
    wait_for(w.lab.finished)
    w.lab_dock.setFloating(True)
    w.lab_dock.resize(1500, 1000)
    app.processEvents()
    w.lab.grab().save(str(OUT / "lab.png"))
    w.close()
    print("wrote", ", ".join(p.name for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
