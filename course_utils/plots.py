"""Figure conventions shared by the course: a colour-blind-safe palette and projector-sized figures.

Figures are built on matplotlib's object API (no pyplot), so building one never displays it.
"""

from __future__ import annotations

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .validation import check_index, check_number

__all__ = ["PALETTE", "STYLE", "course_style", "new_figure"]

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


MAX_COLUMNS = 6
INCHES = (0.5, 12.0)  # the range of a panel's width and of the height: a projector-sized figure, and one that renders
DPI = (50.0, 300.0)


def course_style():
    """Context in which to build and first draw a figure: tick labels take their size at draw time."""
    return matplotlib.rc_context(STYLE)


def new_figure(n_columns: int = 1, width: float = 4.0, height: float = 3.2, dpi: float = 100):
    """A white figure with ``n_columns`` axes side by side on an Agg canvas; call inside ``course_style()``.

    Parameters
    ----------
    n_columns : int, default 1
        How many axes, side by side: 1 to 6.
    width, height : float, default 4.0 and 3.2
        The size of each axes' share of the figure, in inches: 0.5 to 12.
    dpi : float, default 100
        Pixels per inch: 50 to 300.

    Returns
    -------
    figure : matplotlib.figure.Figure
    axes : list of matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``n_columns`` is not an integer, or ``width``, ``height`` or ``dpi`` not a number (a bool is neither).
    ValueError
        If one of them is outside its range above.

    Examples
    --------
    >>> figure, axes = new_figure(2, width=3.0)
    >>> len(axes), figure.get_size_inches().tolist()
    (2, [6.0, 3.2])
    """
    func = "new_figure"
    n_columns = check_index(
        n_columns,
        func,
        "n_columns",
        1,
        MAX_COLUMNS + 1,
        "a number of panels",
        f"Pass 1 to {MAX_COLUMNS} axes side by side, e.g. n_columns=2.",
    )
    width = check_number(width, func, "width", *INCHES, "Pass each panel's width in inches, e.g. width=4.0.")
    height = check_number(height, func, "height", *INCHES, "Pass the height in inches, e.g. height=3.2.")
    dpi = check_number(dpi, func, "dpi", *DPI, "Pass pixels per inch, e.g. dpi=100.")
    figure = Figure(figsize=(width * n_columns, height), dpi=dpi, facecolor="white", layout="constrained")
    FigureCanvasAgg(figure)
    return figure, list(figure.subplots(1, n_columns, squeeze=False)[0])
