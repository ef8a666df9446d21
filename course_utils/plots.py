"""Figure conventions shared by the course: a colour-blind-safe palette and projector-sized figures.

Figures are built on matplotlib's object API (no pyplot), so building one never displays it.
"""

from __future__ import annotations

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Okabe & Ito's palette: distinguishable under the common forms of colour blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "grey": "#999999",
}

STYLE = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE.values())),
}


def course_style():
    """Context in which to build and first draw a figure: tick labels take their size at draw time."""
    return matplotlib.rc_context(STYLE)


def new_figure(n_columns: int = 1, width: float = 4.0, height: float = 3.2, dpi: int = 100):
    """A white figure with ``n_columns`` axes side by side on an Agg canvas; call inside ``course_style()``.

    Returns
    -------
    figure : matplotlib.figure.Figure
    axes : list of matplotlib.axes.Axes
    """
    figure = Figure(figsize=(width * n_columns, height), dpi=dpi, facecolor="white", layout="constrained")
    FigureCanvasAgg(figure)
    return figure, list(figure.subplots(1, n_columns, squeeze=False)[0])
