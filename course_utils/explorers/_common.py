"""What several explorers share: the class colours, one logit slider per class, and how numbers are
written in readouts and placed on bars.

Private to ``course_utils.explorers``; the names have no leading underscore because more than one
explorer module imports them. The readouts of the committed notebooks quote these formats, so a
change here changes them.
"""

from __future__ import annotations

import math
import numbers
from typing import Iterable, Sequence

import ipywidgets as widgets
from matplotlib.text import Text

from ..plots import PALETTE
from ..validation import fail
from ..widgets import logit_slider

__all__ = ["CLASS_COLOURS", "MAX_CLASSES", "LOGIT_BOUND", "plain", "listed", "place_label", "label_right",
           "class_logit_sliders"]

CLASS_COLOURS = [PALETTE[name] for name in ("blue", "orange", "green", "vermillion", "purple")]
MAX_CLASSES = len(CLASS_COLOURS)   # one slider and one colour per class
LOGIT_BOUND = 5.0                  # each logit slider runs over [-5, 5]


def plain(x: float, digits: int) -> str:
    """``x`` to ``digits`` decimals, never as "-0.000"; ``inf`` as "inf".

    Examples
    --------
    >>> plain(-0.0004, 3), plain(2.0, 1), plain(float("inf"), 3)
    ('0.000', '2.0', 'inf')
    """
    return f"{round(float(x), digits) + 0.0:.{digits}f}"


def listed(values: Iterable[float], digits: int) -> str:
    """``values`` as a list, each to ``digits`` decimals as :func:`plain` writes it.

    Examples
    --------
    >>> listed([0.5, 0.3, 0.2], 2)
    '[0.50, 0.30, 0.20]'
    """
    return "[" + ", ".join(plain(v, digits) for v in values) + "]"


def place_label(label: Text, value: float, top: float = 1.0, inside_above: float = 0.88,
                gap: float = 0.015) -> None:
    """Put a bar's label just above its top, or just inside it in white when the bar nearly fills the axes.

    ``top`` is the top of the axes; a taller bar is drawn up to it, and its label goes there too.
    ``inside_above`` (where the label moves inside) and ``gap`` (between label and bar top) are
    fractions of ``top``. The defaults suit a probability panel, 0 to 1.
    """
    shown = min(value, top)
    inside = shown > inside_above * top
    # White on the bar's colour inside it; a label on a white box of its own stays black everywhere.
    white = inside and label.get_bbox_patch() is None
    label.set(y=shown - gap * top if inside else shown + gap * top, va="top" if inside else "bottom",
              color="white" if white else "black")


def label_right(ax, values: Sequence[float], texts: Sequence[str], **text) -> None:
    """Name horizontal levels of ``ax`` at its right edge, outside the plot, as ticks of a second y-axis: no curve
    or bar can run over them. ``text`` styles the labels (e.g. ``color``)."""
    right = ax.secondary_yaxis("right")
    right.set_yticks(values, texts, fontsize=10, **text)
    right.tick_params(length=0)
    right.spines["right"].set_visible(False)


def class_logit_sliders(logits: Sequence[float], func: str) -> list[widgets.FloatSlider]:
    """One logit slider per class over [-5, 5], labelled "z0 (class 0)", ..., for the explorer named ``func``.

    Raises
    ------
    TypeError
        If ``logits`` is not a sequence, or one of them is not a number.
    ValueError
        If there are fewer than 2 or more than 5 logits, or one is outside [-5, 5] or not finite.

    Examples
    --------
    >>> [slider.description for slider in class_logit_sliders((2.0, 1.0), "demo")]
    ['z0 (class 0)', 'z1 (class 1)']
    """
    if isinstance(logits, (str, bytes)) or not isinstance(logits, Sequence):
        raise fail(func, "logits", "be a sequence of numbers", type(logits).__name__,
                   "Pass e.g. logits=(2.0, 1.0, 0.1).", TypeError)
    if not 2 <= len(logits) <= MAX_CLASSES:
        raise fail(func, "logits", f"hold between 2 and {MAX_CLASSES} numbers", f"{len(logits)}",
                   "One slider per class fits up to five.")
    for i, value in enumerate(logits):
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isfinite(value):
            raise fail(func, "logits", f"be finite, one slider each over [-{LOGIT_BOUND:g}, {LOGIT_BOUND:g}]",
                       f"{float(value)!r} at index {i}",
                       f"A slider holds finite values only; for a class all but masked out, use -{LOGIT_BOUND:g}.")
    return [logit_slider(value, description=f"z{i} (class {i})", bound=LOGIT_BOUND) for i, value in enumerate(logits)]
