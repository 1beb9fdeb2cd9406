"""The keyboard's way through the window: Tab and Shift+Tab go through what is on screen, in reading
order.

Qt's own focus chain follows the order the widgets were made in (the right-hand docks before the
run buttons), and it walks into the docks tabbed behind another: Qt keeps those "visible" and moves
them off screen, so Tab went on for dozens of presses with nothing to see. The window asks
:func:`move_focus` instead. Its tab stops are the enabled widgets that take Tab focus, grouped by the
part of the window they sit in (a dock, the centre, a dock's tab bar), the parts in reading order:
the left dock area, then the centre column (top docks, the run buttons and plots, bottom docks),
then the right dock area, each top to bottom, a dock's tab bar before its docks; within a part, as
text is read, row by row. A dock tabbed behind another is skipped until its tab is chosen, and so
is a scroll area whose controls take the focus themselves (it scrolls to them). A plot reached with
Tab is framed (pyqtgraph draws no focus).
"""

from __future__ import annotations

import bisect

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QScrollArea,
    QTabBar,
    QWidget,
)

Place = tuple[int, int, int, int, int]  # column, top, 0 for a tab bar, left; the rank in the part


def _part(window: QMainWindow, widget: QWidget) -> QWidget | None:
    """The child of ``window`` that holds ``widget`` (a dock, the central widget, a tab bar)."""
    while widget is not None and widget.parentWidget() is not window:
        widget = widget.parentWidget()
    return widget


def _column(window: QMainWindow, geometry: QRect) -> int:
    centre = window.centralWidget().geometry() if window.centralWidget() else window.rect()
    return 0 if geometry.right() < centre.left() else 2 if geometry.left() > centre.right() else 1


def _places(window: QMainWindow, parts: list[QWidget]) -> dict[int, tuple[int, int, int, int]]:
    """Where each part stands in reading order. A dock's tab bar comes just before the docks it
    switches between (choose a tab, then Tab goes into it)."""
    shown = window.rect()
    docks = [p for p in parts if isinstance(p, QDockWidget) and p.geometry().intersects(shown)]
    out = {}
    for part in parts:
        g = part.geometry()
        top, sub = g.top(), 1
        if isinstance(part, QTabBar):
            beside = [
                d.geometry()
                for d in docks
                if d.geometry().left() <= g.right() and g.left() <= d.geometry().right()
            ]
            if beside:
                nearest = min(beside, key=lambda d: min(abs(g.top() - d.bottom()), abs(d.top() - g.bottom())))
                top, sub = nearest.top(), 0
        out[id(part)] = (_column(window, g), top, sub, g.left())
    return out


def _takes_tab(widget: QWidget, window: QMainWindow) -> bool:
    if not (
        widget.focusProxy() is None
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isEnabled()
        and widget.isVisibleTo(window)
        and widget.window() is window
    ):
        return False
    if isinstance(widget, QScrollArea) and widget.widget() is not None:  # a stop only when nothing
        inside = widget.widget().findChildren(QWidget)  # in it takes the focus (then keys scroll it)
        return not any(_takes_tab(child, window) for child in inside if not isinstance(child, QScrollArea))
    return True


def _reading_order(part: QWidget, widgets: list[QWidget]) -> dict[int, int]:
    """Each widget's rank in ``part``, read as text is: by rows top to bottom (a widget whose middle
    is within a row's height is on that row), each row left to right."""
    rects = {id(w): QRect(w.mapTo(part, QPoint(0, 0)), w.size()) for w in widgets}
    rows: list[list[QWidget]] = []
    span = (0, -1)
    for w in sorted(widgets, key=lambda w: (rects[id(w)].top(), rects[id(w)].left())):
        r = rects[id(w)]
        if rows and span[0] <= r.center().y() <= span[1]:
            rows[-1].append(w)
        else:
            rows.append([w])
            span = (r.top(), r.bottom())
    ranks: dict[int, int] = {}
    for row in rows:
        for w in sorted(row, key=lambda w: (rects[id(w)].left(), rects[id(w)].top())):
            ranks[id(w)] = len(ranks)
    return ranks


def _chain(window: QMainWindow, current: QWidget | None = None) -> list[tuple[Place, QWidget, bool]]:
    """The tab stops (and ``current``, the focus widget, whether it is one or not), each with its place
    in reading order and whether it is a stop, in that order."""
    shown = window.rect()
    entries: dict[int, tuple[QWidget, list[QWidget], list[bool]]] = {}  # part: its widgets, stops
    widget, count = window.nextInFocusChain(), 0
    while widget is not None and widget is not window and count < 100_000:
        part = _part(window, widget)
        stop = part is not None and _takes_tab(widget, window) and part.geometry().intersects(shown)
        if part is not None and (stop or widget is current):
            held = entries.setdefault(id(part), (part, [], []))
            held[1].append(widget)
            held[2].append(stop)
        widget, count = widget.nextInFocusChain(), count + 1
    places = _places(window, [part for part, _widgets, _stops in entries.values()])
    out = []
    for part, widgets, stops in entries.values():
        ranks = _reading_order(part, widgets)
        out += [((*places[id(part)], ranks[id(w)]), w, stop) for w, stop in zip(widgets, stops, strict=True)]
    out.sort(key=lambda entry: entry[0])
    return out


def tab_stops(window: QMainWindow) -> list[QWidget]:
    """The widgets Tab goes through, in order (the first follows the last)."""
    return [widget for _place, widget, stop in _chain(window) if stop]


def move_focus(window: QMainWindow, forward: bool) -> bool:
    """Give the focus to the next tab stop (the previous one for Shift+Tab) after the window's focus
    widget; False when there is none."""
    current = window.focusWidget()
    chain = _chain(window, current)
    stops = [(place, widget) for place, widget, stop in chain if stop]
    if not stops:
        return False
    at = next((place for place, widget, _stop in chain if widget is current), None)
    places = [place for place, _widget in stops]
    if at is None:
        target = stops[0 if forward else -1][1]
    elif forward:
        target = stops[bisect.bisect_right(places, at) % len(stops)][1]
    else:
        target = stops[bisect.bisect_left(places, at) - 1][1]
    target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    if isinstance(target, pg.GraphicsView):  # a plot draws no focus of its own
        frame = window.findChild(PlotFocusFrame) or PlotFocusFrame(window)  # one, moved from plot to plot
        frame.setWidget(target)
    parent = target.parentWidget()
    while parent is not None and parent is not window:  # a control in a scroll area comes into view
        if (
            isinstance(parent, QScrollArea)
            and parent.widget() is not None
            and parent.widget().isAncestorOf(target)
        ):
            parent.ensureWidgetVisible(target)
        parent = parent.parentWidget()
    return True


class PlotFocusFrame(QWidget):
    """A frame drawn inside a plot reached with Tab (pyqtgraph draws no focus: Tab seemed to do
    nothing), in the theme's highlight colour; gone when the plot loses the focus."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("plotFocusFrame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def setWidget(self, view: QWidget) -> None:  # noqa: N802 - QFocusFrame's name
        if self.parentWidget() is not None and self.parentWidget() is not view:
            self.parentWidget().removeEventFilter(self)
        self.setParent(view)
        view.installEventFilter(self)
        self.setGeometry(view.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not self.parentWidget():
            self.hide()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 3))
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
