"""What several explorers share: the class colours, one logit slider per class, and how numbers are
written in readouts and placed on bars.

Private to ``course_utils.explorers``; the names have no leading underscore because more than one
explorer module imports them. The readouts of the committed notebooks quote these formats, so a
change here changes them.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.text import Text

from ..language import _
from ..plots import PALETTE
from ..validation import as_float_array, check_number, fail, reject_nan, shown
from ..widgets import logit_slider

__all__ = [
    "CLASS_COLOURS",
    "MAX_CLASSES",
    "LOGIT_BOUND",
    "LARGEST",
    "SCORES_FIX",
    "SHIFT_FIX",
    "PROBABILITY_FIX",
    "plain",
    "listed",
    "place_label",
    "label_right",
    "real_vector",
    "check_size",
    "check_entries",
    "start_at",
    "class_logit_sliders",
]

CLASS_COLOURS = [PALETTE[name] for name in ("blue", "orange", "green", "vermillion", "purple")]
MAX_CLASSES = len(CLASS_COLOURS)  # one slider and one colour per class
LOGIT_BOUND = 5.0  # each logit slider runs over [-5, 5]
# The largest size of a score (or shift) the compute_* functions take, and 1 / LARGEST the smallest temperature:
# sums, differences and quotients of such numbers stay far inside float64's range (1.8e308), so no view overflows.
LARGEST = 1e100
SCORES_FIX = "Pass one score per class, e.g. logits=[2.0, 1.0, 0.1]."
SHIFT_FIX = "Subtract the same number from every logit (it changes no probability) or scale them down."
PROBABILITY_FIX = "Pass one probability, e.g. p=0.75; odds or a logit become one with odds_to_prob or sigmoid."


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


def place_label(label: Text, value: float, top: float = 1.0, inside_above: float = 0.88, gap: float = 0.015) -> None:
    """Put a bar's label just above its top, or just inside it in white when the bar nearly fills the axes.

    ``top`` is the top of the axes; a taller bar is drawn up to it, and its label goes there too.
    ``inside_above`` (where the label moves inside) and ``gap`` (between label and bar top) are
    fractions of ``top``. The defaults suit a probability panel, 0 to 1.
    """
    shown = min(value, top)
    inside = shown > inside_above * top
    # White on the bar's colour inside it; a label on a white box of its own stays black everywhere.
    white = inside and label.get_bbox_patch() is None
    label.set(
        y=shown - gap * top if inside else shown + gap * top,
        va="top" if inside else "bottom",
        color="white" if white else "black",
    )


def label_right(ax, values: Sequence[float], texts: Sequence[str], **text) -> None:
    """Name horizontal levels of ``ax`` at its right edge, outside the plot, as ticks of a second y-axis: no curve
    or bar can run over them. ``text`` styles the labels (e.g. ``color``)."""
    right = ax.secondary_yaxis("right")
    right.set_yticks(values, texts, fontsize=10, **text)
    right.tick_params(length=0)
    right.spines["right"].set_visible(False)


def check_size(array: np.ndarray, func: str, name: str, low: int, high: int | None, fix: str) -> None:
    """``array`` must be one-dimensional, with ``low`` to ``high`` entries (no upper limit when ``high`` is None).

    Examples
    --------
    >>> check_size(np.zeros(1), "demo", "logits", 2, None, "Pass e.g. logits=[2.0, 1.0].")
    Traceback (most recent call last):
    ValueError: demo: logits must be one list of at least 2 numbers; got 1 number. Pass e.g. logits=[2.0, 1.0].
    """
    if array.ndim != 1 or array.size < low or (high is not None and array.size > high):
        if high is None:
            count = f"at least {low}"
        elif low == high:
            count = f"{low}"
        else:
            count = f"{low} to {high}"
        if array.ndim == 1:
            got = f"{array.size} number{'' if array.size == 1 else 's'}"
        elif array.ndim == 0:
            got = "a single number"
        else:
            got = f"an array of shape {array.shape}"
        raise fail(func, name, f"be one list of {count} numbers", got, fix)


def real_vector(value, func: str, name: str, low: int, high: int | None, fix: str) -> np.ndarray:
    """``value`` as a float array (see :func:`~course_utils.validation.as_float_array`), one-dimensional, with
    ``low`` to ``high`` entries (see :func:`check_size`); NaN and inf are left to the caller."""
    array = as_float_array(value, func, name)
    check_size(array, func, name, low, high, fix)
    return array


def check_entries(
    array: np.ndarray,
    func: str,
    name: str,
    bound: float,
    rule: str,
    fix: str,
    infinite_fix: str = "",
    masks: bool = False,
) -> None:
    """Every entry of the 1-D ``array`` is at most ``bound`` in size: no NaN, none infinite (but ``-inf`` when
    ``masks``). The error quotes the first that is not; ``infinite_fix`` replaces ``fix`` when that one is infinite."""
    reject_nan(array, func, name)
    outside = ~(np.abs(array) <= bound)
    if masks:
        outside &= ~np.isneginf(array)
    if outside.any():
        i = int(np.argmax(outside))
        value = float(array[i])
        raise fail(
            func,
            name,
            rule,
            f"{'+inf' if value == np.inf else shown(value)} at index {i}",
            infinite_fix if infinite_fix and np.isinf(value) else fix,
        )


def start_at(slider: widgets.FloatSlider | widgets.FloatLogSlider, value, func: str, name: str, why: str = "") -> float:
    """Move ``slider`` to ``value``, the explorer ``func``'s argument ``name``, checked against the slider's range;
    returns the value as a float. ``why`` explains the range in the error message.

    Examples
    --------
    >>> from course_utils.widgets import probability_slider
    >>> start_at(probability_slider(), 1.0, "demo_explorer", "p")
    Traceback (most recent call last):
    ValueError: demo_explorer: p must lie in [0.01, 0.99]; got 1.0. Pick a value the slider shows, e.g. p=0.5.
    """
    low, high = (
        (slider.base**slider.min, slider.base**slider.max) if hasattr(slider, "base") else (slider.min, slider.max)
    )  # a log slider's min and max are exponents
    example = f"Pick a value the slider shows, e.g. {name}={slider.value:g}."
    check_number(value, func, name, fix=example)  # a finite number first: ``why`` is about the range
    slider.value = number = check_number(value, func, name, low, high, f"{why} {example}".lstrip())
    return number


def class_logit_sliders(logits: Sequence[float], func: str) -> list[widgets.FloatSlider]:
    """One logit slider per class over [-5, 5], labelled "z0 (class 0)", ..., for the explorer named ``func``.

    Raises
    ------
    TypeError
        If ``logits`` is not a list, tuple or array of real numbers.
    ValueError
        If there are fewer than 2 or more than 5 logits, or one is outside [-5, 5] or not finite.

    Examples
    --------
    >>> [slider.description for slider in class_logit_sliders((2.0, 1.0), "demo")]
    ['z0 (class 0)', 'z1 (class 1)']
    """
    z = real_vector(
        logits,
        func,
        "logits",
        2,
        MAX_CLASSES,
        f"One slider per class fits up to {MAX_CLASSES}: pass e.g. logits=(2.0, 1.0, 0.1).",
    )
    check_entries(
        z,
        func,
        "logits",
        LOGIT_BOUND,
        f"lie in [-{LOGIT_BOUND:g}, {LOGIT_BOUND:g}], one slider each",
        SHIFT_FIX,
        f"A slider holds finite values only; for a class all but masked out, use -{LOGIT_BOUND:g}.",
    )
    return [
        logit_slider(float(value), description=_("z{index} (class {index})").format(index=i), bound=LOGIT_BOUND)
        for i, value in enumerate(z)
    ]
