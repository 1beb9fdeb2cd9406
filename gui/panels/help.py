"""The help dock (the lesson's terms and formulas, in the window's language) and the About box.

The help pages are ``resources/help/<language>.html``; each has one section per topic, with these
anchors: the controls' tooltips name the topic, and their "?" button (or F1) opens it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWidgets import QApplication, QTextBrowser, QVBoxLayout, QWidget

from core.io.resources import resource_path
from gui import i18n, theme

HELP = resource_path("help")
TOPICS = ("epoch", "batch", "iteration", "step", "zero_grad", "momentum", "lr")


def help_file(language: str):
    """The help page for ``language`` (English when there is none)."""
    path = HELP / f"{language}.html"
    return path if path.exists() else HELP / "en.html"


class HelpPanel(i18n.Retranslating, QWidget):
    """Rich-text help: epoch, batch size, iteration, ``optimizer.step()``, ``zero_grad()``, momentum."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpPanel")
        self.browser = QTextBrowser(objectName="helpBrowser")
        self.browser.setOpenExternalLinks(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)
        self.topic = ""
        self.language = ""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.browser.setAccessibleName(self.tr("Help"))
        language = i18n.current_language()
        if language == self.language:
            return
        self.language = language
        self._load()

    def _load(self) -> None:
        path = help_file(self.language)
        self.browser.document().setDefaultStyleSheet(
            f"h2 {{ margin-top: 14px; }} pre {{ font-family: 'DejaVu Sans Mono', monospace; "
            f"background: {theme.colours().info_background}; }} code {{ font-family: 'DejaVu Sans Mono', monospace; }}"
        )
        self.browser.setSearchPaths([str(HELP)])
        self.browser.setHtml(path.read_text(encoding="utf-8"))
        if self.topic:
            self.browser.scrollToAnchor(self.topic)

    def restyle(self) -> None:
        if self.language:
            self._load()

    def show_topic(self, topic: str) -> None:
        """Scroll to ``topic`` (one of TOPICS; the top for an empty or unknown one)."""
        self.topic = topic if topic in TOPICS else ""
        if self.topic:
            self.browser.scrollToAnchor(self.topic)
        else:
            self.browser.setSource(QUrl())  # keeps the text; back to the top
            self.browser.verticalScrollBar().setValue(0)

    def text(self) -> str:
        return self.browser.toPlainText()


def about_text(version: str) -> str:
    """The About box: what SGD Lab is, its version, the licences of what it bundles, the data's source."""
    parts = [
        QCoreApplication.translate("About", "<h3>SGD Lab {0}</h3>").format(version),
        QCoreApplication.translate("About", "<p>A simulator that teaches mini-batch gradient descent by running it: epochs, batch size, iterations and what optimizer.step() does.</p>"),
        QCoreApplication.translate("About", "<p>SGD Lab is released under the MIT licence. It is built on:</p>"),
        "<ul>"
        + "".join(
            f"<li>{item}</li>"
            for item in (
                QCoreApplication.translate("About", "Qt and Qt for Python (PySide6): LGPLv3"),
                QCoreApplication.translate("About", "pyqtgraph: MIT licence"),
                QCoreApplication.translate("About", "PyTorch: BSD 3-Clause licence"),
                QCoreApplication.translate("About", "NumPy: BSD 3-Clause licence"),
            )
        )
        + "</ul>",
        QCoreApplication.translate("About", "<p>The 8×8 handwritten digits: E. Alpaydin and C. Kaynak, “Optical Recognition of Handwritten Digits”, UCI Machine Learning Repository, 1998 (CC BY 4.0), in the copy shipped by scikit-learn (BSD 3-Clause licence). Details: resources/data/README.md.</p>"),
    ]  # fmt: skip
    return "".join(parts)


def focused_topic() -> str:
    """The help topic of the control with the keyboard focus (or of its nearest parent with one)."""
    widget = QApplication.focusWidget()
    while widget is not None and not widget.property("helpTopic"):
        widget = widget.parentWidget()
    return widget.property("helpTopic") if widget is not None else ""
