"""core/'s message templates for Qt's lupdate, which reads gui/ only.

``python tools/core_messages.py FILE`` writes a Python file with one
``QT_TRANSLATE_NOOP("CoreMessages", template)`` per code of ``core.messages.TEMPLATES``;
``make translations`` passes it to lupdate with gui/, so that the CoreMessages context of each
``sgd_lab_*.ts`` follows the table: an unchanged template keeps its translation (matched by its
source text), a new or reworded one comes in unfinished, and a removed one goes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.messages import TEMPLATES  # noqa: E402 - after the path above

CONTEXT = "CoreMessages"


def lupdate_source() -> str:
    """The templates as lupdate reads them from Python."""
    lines = [
        "# Made by tools/core_messages.py from core/messages.py for lupdate; not imported by the app.",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
    ]
    for code, template in TEMPLATES.items():
        if '"' in template or "\\" in template or "\n" in template:
            raise ValueError(f"{code}: a template lupdate cannot read back as written: {template!r}")
        lines.append(f'QT_TRANSLATE_NOOP("{CONTEXT}", "{template}")  # {code}')
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tools/core_messages.py OUTPUT.py", file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(lupdate_source(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
