"""Render SGD Lab's icon, resources/icons/sgd-lab.svg, to the PNG sizes and the Windows .ico beside it.

``QT_QPA_PLATFORM=offscreen python tools/render_icons.py`` after changing the SVG (``make icons``).
The window and the desktop entry use the PNGs; the packaged executable also takes the .ico, whose
entries are the PNGs themselves (an ICO may hold PNG data, Windows Vista and later).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "sgd-lab.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 256)


def render(size: int, svg: Path = SVG) -> QImage:
    """The icon at ``size`` × ``size`` pixels, antialiased, on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def png_path(size: int) -> Path:
    return ICONS / f"sgd-lab-{size}.png"


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (ICONDIR, one ICONDIRENTRY each, then the data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    rendered = {size: render(size) for size in SIZES}
    for size, image in rendered.items():
        if not image.save(str(png_path(size))):
            raise SystemExit(f"could not write {png_path(size)}")
    (ICONS / "sgd-lab.ico").write_bytes(ico({size: png_bytes(rendered[size]) for size in ICO_SIZES}))
    print(f"wrote {len(SIZES)} PNGs and sgd-lab.ico in {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
