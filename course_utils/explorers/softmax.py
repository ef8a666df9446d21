"""Notebook 03's figure: K logit sliders, a "shift all" slider and a temperature -> probability bars."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from matplotlib.collections import LineCollection

from ..language import _
from ..numerics import softmax
from ..plots import PALETTE, course_style, new_figure
from ..validation import check_index, check_number
from ..widgets import InteractiveFigure, LiveFigure, logit_slider, temperature_slider
from ._common import (
    CLASS_COLOURS,
    LARGEST,
    LOGIT_BOUND,
    SCORES_FIX,
    SHIFT_FIX,
    check_entries,
    class_logit_sliders,
    listed,
    place_label,
    plain,
    real_vector,
    start_at,
)

__all__ = ["SoftmaxView", "compute_softmax_view", "softmax_explorer"]

SHIFT_BOUND = 5.0  # the "shift all" slider runs over [-5, 5]
LOGIT_AXIS = LOGIT_BOUND + SHIFT_BOUND + 1.0  # the logit panel shows [-11, 11]: every slider setting fits
REFERENCE_COLOUR = "black"  # the dashed reference line: unlike every class colour and the zero line
ZERO_LINE_COLOUR = "#cccccc"  # the line at logit 0, faint


@dataclass(frozen=True)
class SoftmaxView:
    """The numbers the softmax explorer shows: K logits, shifted by ``c`` and divided by ``T``.

    Attributes
    ----------
    shifted : ndarray, shape (K,)
        ``logits + c``.
    scaled : ndarray, shape (K,)
        ``shifted / T``.
    probs : ndarray, shape (K,)
        The softmax of ``scaled``.
    log_odds : ndarray, shape (K,)
        ``log(probs / probs[reference])``, computed as ``scaled - scaled[reference]`` (0 for the reference).
    reference : int
        The class the log-odds are taken against, in [0, K).
    total : float
        The sum of ``probs``.
    argmax : int
        The most probable class.
    """

    shifted: np.ndarray
    scaled: np.ndarray
    probs: np.ndarray
    log_odds: np.ndarray
    reference: int
    total: float
    argmax: int


def compute_softmax_view(
    logits: Sequence[float], temperature: float = 1.0, shift: float = 0.0, reference: int = -1
) -> SoftmaxView:
    """The numbers the softmax explorer shows for ``logits``, shifted by ``shift`` and divided by ``temperature``.

    Parameters
    ----------
    logits : sequence of float
        One score per class, at least two; finite, each at most 1e100 in size.
    temperature : float, default 1.0
        ``T`` in [1e-100, 1e100]; the probabilities are ``softmax((logits + shift) / T)``.
    shift : float, default 0.0
        A constant ``c`` added to every logit, at most 1e100 in size; it changes no probability.
    reference : int, default -1
        The class the log-odds are taken against (negative indices count from the end).

    Returns
    -------
    SoftmaxView
        The numbers; see :class:`SoftmaxView` for what each holds.

    Raises
    ------
    ValueError
        If there are fewer than two logits or some are masked, a number is NaN, infinite or beyond its
        range above, or ``reference`` is out of range.
    TypeError
        If ``logits`` is not made of real numbers, ``temperature`` or ``shift`` is not a number or
        ``reference`` not an integer (a bool is neither).

    Notes
    -----
    .. math:: p_i = \\frac{e^{(z_i + c) / T}}{\\sum_j e^{(z_j + c) / T}}, \\qquad
              \\log\\frac{p_i}{p_m} = \\frac{z_i - z_m}{T}

    ``c`` cancels from both: shift invariance.

    Examples
    --------
    >>> view = compute_softmax_view([2.0, 1.0, 0.1])
    >>> print(view.probs.round(4), view.log_odds.round(4), view.reference)
    [0.659  0.2424 0.0986] [1.9 0.9 0. ] 2
    >>> print(compute_softmax_view([2.0, 1.0, 0.1], shift=5.0).probs.round(4))
    [0.659  0.2424 0.0986]
    """
    func = "compute_softmax_view"
    z = real_vector(logits, func, "logits", 2, None, SCORES_FIX).astype(np.float64)
    check_entries(z, func, "logits", LARGEST, f"be finite and at most {LARGEST:g} in size", SHIFT_FIX)
    temperature = check_number(
        temperature,
        func,
        "temperature",
        1 / LARGEST,
        LARGEST,
        "Pass a positive number, e.g. temperature=0.5; T -> 0 is a limit (the argmax), not a setting.",
    )
    shift = check_number(shift, func, "shift", -LARGEST, LARGEST, "Pass one number, e.g. shift=5.0.")
    reference = check_index(
        reference,
        func,
        "reference",
        -z.size,
        z.size,
        "a class index",
        "Negative indices count from the end: -1 is the last class.",
    )
    shifted = z + shift
    scaled = shifted / temperature
    probs = softmax(scaled)
    ref = reference % z.size
    return SoftmaxView(
        shifted=shifted,
        scaled=scaled,
        probs=probs,
        log_odds=scaled - scaled[ref],
        reference=ref,
        total=float(probs.sum()),
        argmax=int(np.argmax(probs)),
    )


def _caps(heights: np.ndarray) -> list:
    """A short horizontal segment across the end of each bar (bars 0.6 wide, centred on 0, 1, 2, ...)."""
    return [[(i - 0.3, h), (i + 0.3, h)] for i, h in enumerate(heights)]


def softmax_explorer(
    logits: Sequence[float] = (2.0, 1.0, 0.1), temperature: float = 1.0, shift: float = 0.0
) -> InteractiveFigure:
    """One slider per logit, a "shift all" slider and a temperature; logit bars and probability bars.

    The reference class for the log-odds is the last one (as in notebook 01, where the loss was the
    reference, and so that two logits [z, 0] give p_0 = sigmoid(z)).

    Alt text: on the left, one coloured bar per class showing its logit plus the shift, on a fixed
    scale from -11 to 11, with a thin grey line at 0 and a black dashed line at the reference (last)
    class's logit: where each bar ends, measured from the dashed line, is its log-odds against the
    reference (at T = 1). On the right, the same classes'
    probabilities as bars on a scale from 0 to 1, with a dotted line at the uniform value 1/K. Moving
    the shift slider moves every logit bar and the dashed line together and leaves the probability
    bars where they are.

    Parameters
    ----------
    logits : sequence of float, default (2.0, 1.0, 0.1)
        Where the logit sliders start: 2 to 5 of them, each in [-5, 5].
    temperature : float, default 1.0
        Where the temperature slider starts, in [0.1, 10].
    shift : float, default 0.0
        Where the "shift all" slider starts, in [-5, 5].

    Raises
    ------
    TypeError
        If ``logits`` is not made of real numbers, or ``temperature`` or ``shift`` is not a number (a bool is not
        one).
    ValueError
        If there are fewer than 2 or more than 5 logits or some are masked, or a value is NaN or outside its
        slider's range.
    """
    func = "softmax_explorer"
    sliders = class_logit_sliders(logits, func)
    n_classes = len(sliders)
    shift_slider = logit_slider(description=_("shift all by c"), bound=SHIFT_BOUND)
    t_slider = temperature_slider(description=_("temperature T"))
    start_at(shift_slider, shift, func, "shift", "It changes no probability.")
    start_at(t_slider, temperature, func, "temperature")
    reference = n_classes - 1
    classes = np.arange(n_classes)
    colours = CLASS_COLOURS[:n_classes]
    names = [f"class {i}" for i in classes]
    names[reference] += "\n(ref.)"
    with course_style():
        figure, (logit_ax, prob_ax) = new_figure(2, width=4.5, height=3.5)
        logit_ax.axhline(0, color=ZERO_LINE_COLOUR, linewidth=0.6, zorder=0)  # faint: the dashed line stands out
        logit_bars = logit_ax.bar(classes, np.zeros(n_classes), width=0.6, color=colours)
        # Drawn after the bars (LiveFigure draws its artists in order), so it stays visible on top of them.
        (reference_line,) = logit_ax.plot(
            [-0.5, n_classes - 0.5], [0, 0], linestyle="--", linewidth=1.8, color=REFERENCE_COLOUR
        )
        # A thick cap in each bar's colour at its end, drawn over the dashed line: a logit near 0 (class 2's 0.1
        # at the start) or the reference's own bar, whose end the dashed line runs along, stays visible.
        caps = logit_ax.add_collection(
            LineCollection(_caps(np.zeros(n_classes)), colors=colours, linewidths=5, capstyle="butt")
        )
        logit_ax.set(
            xlim=(-0.5, n_classes - 0.5),
            ylim=(-LOGIT_AXIS, LOGIT_AXIS),
            xticks=classes,
            xticklabels=names,
            ylabel="logit z + c",
            title=f"logits, dashed line at class {reference}'s",
        )
        prob_ax.axhline(1 / n_classes, color=PALETTE["grey"], linewidth=1.2, linestyle=":")
        prob_ax.text(
            n_classes - 0.5, 1 / n_classes, " 1/K", ha="left", va="center", color="#555555", fontsize=11, clip_on=False
        )  # right of the axes: never under a bar or its label
        prob_bars = prob_ax.bar(classes, np.zeros(n_classes), width=0.6, color=colours)
        # A white box behind each value keeps it readable where the 1/K line runs through it.
        prob_labels = [
            prob_ax.text(
                i,
                0,
                "",
                ha="center",
                fontsize=11,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
            for i in classes
        ]
        prob_ax.set(
            xlim=(-0.5, n_classes - 0.5),
            ylim=(0, 1),
            xticks=classes,
            xticklabels=names,
            ylabel="probability",
            title="softmax((z + c) / T)",
        )
        # The logits' values are on their sliders and in the readout; only the probabilities get labels
        # (each label drawn costs about a millisecond per slider step).
        live = LiveFigure(figure, [*logit_bars, reference_line, caps, *prob_bars, *prob_labels])

    def update() -> str:
        z = [slider.value for slider in sliders]
        c, t = shift_slider.value, t_slider.value
        view = compute_softmax_view(z, temperature=t, shift=c, reference=reference)
        for bar, height in zip(logit_bars, view.shifted):
            bar.set_height(height)
        reference_line.set_ydata([view.shifted[reference]] * 2)
        caps.set_segments(_caps(view.shifted))
        for bar, label, p in zip(prob_bars, prob_labels, view.probs):
            bar.set_height(p)
            label.set_text(plain(p, 3))
            place_label(label, p)
        probabilities = _("z + c = {shifted} (c = {c}), T = {t:.2f}: probabilities {probs}, sum = {total:.3f}").format(
            shifted=listed(view.shifted, 1), c=plain(c, 1), t=t, probs=listed(view.probs, 3), total=view.total
        )
        log_odds = _(
            "log-odds against class {ref} (the reference), log(p_i / p_{ref}) = (z_i - z_{ref}) / T: {log_odds}"
        ).format(ref=reference, log_odds=listed(view.log_odds, 3))
        return f"{probabilities}\n{log_odds}"

    return InteractiveFigure(_("Softmax explorer"), [*sliders, shift_slider, t_slider], live, update)
