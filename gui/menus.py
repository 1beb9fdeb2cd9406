"""The window's menu bar: File, Presets, Run, Runs, View and Help."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMessageBox

from core import __version__
from gui.panels.help import about_text


class WindowMenus(QObject):
    """Builds the menus of ``window`` (a MainWindow: its run actions, file actions, docks and
    preferences) and keeps their texts in the current language."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        window.build_presets_menu(bar)
        self.quit_action = QAction(window)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(window.close)
        self.file_menu.addAction(self.quit_action)
        window.files.add_to(self.file_menu)
        actions = window.run_actions.actions
        self.run_menu = bar.addMenu("")
        for name in ("start", "pause", "step", "stop", "reset", "compare", None, "faster", "slower"):
            if name is None:
                self.run_menu.addSeparator()
            else:
                self.run_menu.addAction(actions[name])
        self.runs_menu = bar.addMenu("")
        for name in ("sweep", "cancelSweep", "lab"):
            self.runs_menu.addAction(actions[name])
        self.view_menu = bar.addMenu("")
        for dock in window.findChildren(QDockWidget):  # every dock, in the order they were made
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        window.build_preferences_menus(self.view_menu)
        self.help_menu = bar.addMenu("")
        self.help_action = QAction(window, objectName="helpAction")
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.help_action.triggered.connect(lambda: window.show_help())
        self.about_action = QAction(window, objectName="aboutAction")
        self.about_action.triggered.connect(
            lambda: QMessageBox.about(window, self.tr("About SGD Lab"), about_text(__version__))
        )
        self.about_qt_action = QAction(window, objectName="aboutQtAction")
        self.about_qt_action.triggered.connect(lambda: QMessageBox.aboutQt(window))
        for a in (self.help_action, self.about_action, self.about_qt_action):
            self.help_menu.addAction(a)

    def retranslate_ui(self) -> None:
        for menu, title in (
            (self.file_menu, self.tr("&File")), (self.run_menu, self.tr("&Run")),
            (self.runs_menu, self.tr("R&uns")), (self.view_menu, self.tr("&View")),
            (self.help_menu, self.tr("&Help")),
        ):  # fmt: skip
            menu.setTitle(title)
        self.quit_action.setText(self.tr("&Quit"))
        self.help_action.setText(self.tr("SGD Lab &help"))
        self.about_action.setText(self.tr("&About SGD Lab"))
        self.about_qt_action.setText(self.tr("About &Qt"))
