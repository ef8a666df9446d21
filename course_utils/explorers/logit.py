"""Notebook 02's figures: the logit and its inverse, and a 1-D logistic regression with w and b sliders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..language import _
from ..numerics import logit, odds, sigmoid
from ..plots import PALETTE, course_style, new_figure
from ..validation import check_number
from ..widgets import InteractiveFigure, LiveFigure, logit_slider, probability_slider
from ._common import PROBABILITY_FIX, label_right, start_at

__all__ = [
    "LogitView",
    "LogisticView",
    "STUDY_HOURS",
    "PASSED",
    "compute_logit_view",
    "logit_explorer",
    "compute_logistic_view",
    "logistic_regression_explorer",
]

Z_LIMIT = 6.0  # both figures of the logit explorer show log-odds in [-6, 6]

# Hours studied by 20 students and whether each passed the exam (1) or not (0). An illustrative
# table, not a published study, widely used to teach logistic regression (it is the worked example
# of Wikipedia's "Logistic regression" article). Its maximum-likelihood fit is w = 1.50, b = -4.08.
STUDY_HOURS = np.array(
    [
        0.50,
        0.75,
        1.00,
        1.25,
        1.50,
        1.75,
        1.75,
        2.00,
        2.25,
        2.50,
        2.75,
        3.00,
        3.25,
        3.50,
        4.00,
        4.25,
        4.50,
        4.75,
        5.00,
        5.50,
    ]
)
PASSED = np.array([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1], dtype=float)
STUDY_HOURS.flags.writeable = PASSED.flags.writeable = False
HOURS_AXIS = (0.0, 6.0)
SCORE_LIMIT = 8.0  # the log-odds panel shows scores in [-8, 8]
LABEL_ROOM = 2.3  # hours of the axis that "boundary 2.67 h" needs beside the dashed line


@dataclass(frozen=True)
class LogitView:
    """The numbers the logit explorer shows for one probability.

    Attributes
    ----------
    p : float
        The probability.
    odds : float
        ``p / (1 - p)``.
    logit : float
        The log of the odds; ``-inf`` at ``p = 0`` and ``inf`` at ``p = 1``.
    sigmoid : float
        ``sigmoid(logit)``, which gives ``p`` back.
    """

    p: float
    odds: float
    logit: float
    sigmoid: float


def compute_logit_view(p: float) -> LogitView:
    """The numbers the logit explorer shows for probability ``p``.

    Parameters
    ----------
    p : float
        A probability in [0, 1]; ``p = 0`` and ``p = 1`` give the logits ``-inf`` and ``inf``.

    Returns
    -------
    LogitView
        The numbers; see :class:`LogitView` for what each holds.

    Raises
    ------
    TypeError
        If ``p`` is not a number (a bool is not one).
    ValueError
        If ``p`` is NaN or outside [0, 1]; 0 and 1 themselves are fine (logits ``-inf`` and ``inf``).

    Examples
    --------
    >>> view = compute_logit_view(0.8)
    >>> round(view.odds, 4), round(view.logit, 4), round(view.sigmoid, 4)
    (4.0, 1.3863, 0.8)
    """
    p = check_number(p, "compute_logit_view", "p", 0.0, 1.0, PROBABILITY_FIX)
    z = float(logit(p))
    return LogitView(p=p, odds=float(odds(p)), logit=z, sigmoid=float(sigmoid(z)))


def logit_explorer(p: float = 0.8) -> InteractiveFigure:
    """A probability slider; the logit curve over p and the sigmoid curve over z, with the same point on both.

    Alt text: on the left, the logit curve log(p / (1 - p)) over probabilities 0 to 1, rising from -6
    to 6, steeply near both ends, and crossing 0 at p = 0.5, with the current p marked; on the right, the sigmoid curve
    over log-odds -6 to 6, rising from 0 to 1, with the same point marked at (logit, p): the same curve
    with its axes swapped, because the two functions are inverses.

    Parameters
    ----------
    p : float, default 0.8
        Where the slider starts, in [0.01, 0.99]: the logit of 0 and 1 is infinite.

    Raises
    ------
    TypeError
        If ``p`` is not a number (a bool is not one).
    ValueError
        If ``p`` is outside [0.01, 0.99] or NaN.
    """
    slider = probability_slider(description="p")
    start_at(slider, p, "logit_explorer", "p", "At p = 0 and 1 the logit is -inf and inf, which no chart shows.")
    with course_style():
        figure, (logit_ax, sigmoid_ax) = new_figure(2, width=4.4, height=3.3)
        edge = float(sigmoid(Z_LIMIT))
        curve_p = np.linspace(1 - edge, edge, 300)
        logit_ax.plot(curve_p, logit(curve_p), color=PALETTE["blue"], linewidth=2.5)
        curve_z = np.linspace(-Z_LIMIT, Z_LIMIT, 300)
        sigmoid_ax.plot(curve_z, sigmoid(curve_z), color=PALETTE["green"], linewidth=2.5)
        logit_ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
        sigmoid_ax.axhline(0.5, color=PALETTE["grey"], linewidth=0.8)
        logit_ax.set(
            xlim=(0, 1),
            ylim=(-Z_LIMIT, Z_LIMIT),
            xlabel="probability p",
            ylabel="log-odds z",
            title=r"logit: $z = \log(p\,/\,(1 - p))$",
        )
        sigmoid_ax.set(
            xlim=(-Z_LIMIT, Z_LIMIT),
            ylim=(0, 1),
            xlabel="log-odds z",
            ylabel="probability p",
            title=r"sigmoid: $p = 1\,/\,(1 + e^{-z})$",
        )
        # One artist per panel: a dashed guide from one axis to the point and down to the other,
        # with a marker on its middle vertex only (the point itself).
        marked = {
            "linestyle": "--",
            "linewidth": 1.2,
            "marker": "o",
            "markersize": 10,
            "markevery": [1],
            "color": PALETTE["vermillion"],
        }
        (logit_marker,) = logit_ax.plot([], [], **marked)
        (sigmoid_marker,) = sigmoid_ax.plot([], [], **marked)
        for marker in (logit_marker, sigmoid_marker):  # whole at the slider's ends, where the point is on an edge
            marker.set(clip_on=False, in_layout=False)
        # On white boxes: a dashed guide that runs through a label (p near 0.93) passes behind its text.
        label_box = {"bbox": {"facecolor": "white", "edgecolor": "none", "pad": 1.0}, "zorder": 4}
        logit_label = logit_ax.text(0.04, 0.92 * Z_LIMIT, "", va="top", fontsize=12, **label_box)
        sigmoid_label = sigmoid_ax.text(-0.92 * Z_LIMIT, 0.96, "", va="top", fontsize=12, **label_box)
        live = LiveFigure(figure, [logit_marker, sigmoid_marker, logit_label, sigmoid_label])

    def update() -> str:
        view = compute_logit_view(slider.value)
        p, z = view.p, view.logit
        logit_marker.set_data([0, p, p], [z, z, -Z_LIMIT])
        sigmoid_marker.set_data([-Z_LIMIT, z, z], [p, p, 0])
        logit_label.set_text(f"logit({p:.2f}) = {z:.2f}")
        sigmoid_label.set_text(f"sigmoid({z:.2f}) = {view.sigmoid:.2f}")
        return _(
            "p = {p:.2f}: odds = {p:.2f} / {lose:.2f} = {odds:.3g}, "
            "logit = log({odds:.3g}) = {z:.3f}; sigmoid({z:.3f}) = {sigmoid:.2f}"
        ).format(p=p, lose=1 - p, odds=view.odds, z=z, sigmoid=view.sigmoid)

    return InteractiveFigure(_("Logit explorer"), [slider], live, update)


@dataclass(frozen=True)
class LogisticView:
    """The numbers the logistic-regression explorer shows for the model p = sigmoid(w * hours + b).

    Where a huge ``w`` or ``b`` takes a number beyond float64's range, it is its limit: ``odds_factor``
    ``inf`` above w = 709.78, ``boundary`` +-inf for a tiny ``w``, ``log_likelihood`` ``-inf``.

    Attributes
    ----------
    probs : ndarray, shape (20,)
        Each student's probability of passing.
    boundary : float or None
        The hours ``-b / w`` at which the log-odds are 0; None when ``w = 0``.
    odds_factor : float
        ``e^w``, what one more hour multiplies the odds by.
    log_likelihood : float
        ``sum(y log q + (1 - y) log(1 - q))`` over the 20 students.
    """

    probs: np.ndarray
    boundary: float | None
    odds_factor: float
    log_likelihood: float


def compute_logistic_view(w: float, b: float) -> LogisticView:
    """The numbers the logistic-regression explorer shows for the model p = sigmoid(w * hours + b).

    Parameters
    ----------
    w : float
        The weight per hour studied; any finite number.
    b : float
        The bias, the log-odds of passing after 0 hours; any finite number.

    Returns
    -------
    LogisticView
        The numbers; see :class:`LogisticView` for what each holds.

    Raises
    ------
    TypeError
        If ``w`` or ``b`` is not a number (a bool is not one).
    ValueError
        If ``w`` or ``b`` is NaN or infinite.

    Notes
    -----
    With z = w x + b and q = sigmoid(z): log q = -log(1 + e^-z) and log(1 - q) = -log(1 + e^z), so a
    student who passed adds ``-log(1 + e^-z)`` and one who failed ``-log(1 + e^z)``. ``np.logaddexp(0, z)``
    computes ``log(1 + e^z)`` without overflow, and no ``log(0)`` appears even when q rounds to 0 or 1.

    Examples
    --------
    >>> view = compute_logistic_view(1.5, -4.0)
    >>> round(view.boundary, 4), round(view.odds_factor, 4), round(view.log_likelihood, 4)
    (2.6667, 4.4817, -8.0354)
    >>> print(compute_logistic_view(0.0, 0.0).boundary)
    None
    """
    func = "compute_logistic_view"
    w = check_number(w, func, "w", fix="Pass the weight per hour as one number, e.g. w=1.5.")
    b = check_number(b, func, "b", fix="Pass the bias as one number, e.g. b=-4.0.")
    with np.errstate(over="ignore"):  # beyond float64, z, e^w and the sum go to +-inf, their limits; b finite: no NaN
        z = w * STUDY_HOURS + b  # (20,) log-odds of passing
        return LogisticView(
            probs=sigmoid(z),
            boundary=-b / w if w != 0 else None,
            odds_factor=float(np.exp(w)),
            log_likelihood=-float(np.sum(np.logaddexp(0.0, np.where(PASSED == 1, -z, z)))),
        )


def logistic_regression_explorer(w: float = 1.5, b: float = -4.0) -> InteractiveFigure:
    """Sliders for w and b; the score w * hours + b as log-odds, and sigmoid of it over the 20 students.

    Alt text: on the left, the straight line z = w * hours + b over 0 to 6 hours, with a horizontal
    line at z = 0; on the right, the 20 students as blue dots at height 1 (passed) and orange squares
    at height 0 (failed) against hours studied, the S-shaped curve sigmoid(w * hours + b) and a grey
    line at 0.5. A dashed vertical line on both panels marks the decision boundary, where the log-odds
    are 0 and the probability is 0.5.

    Parameters
    ----------
    w : float, default 1.5
        Where the weight's slider starts, in [-4, 4].
    b : float, default -4.0
        Where the bias's slider starts, in [-12, 12].

    Raises
    ------
    TypeError
        If ``w`` or ``b`` is not a number (a bool is not one).
    ValueError
        If ``w`` or ``b`` is outside its slider's range, or not finite.
    """
    w_slider = logit_slider(description=_("w (per hour)"), bound=4.0)
    b_slider = logit_slider(description="b", bound=12.0)  # reaches b = -10.8, the boundary 2.7 h at w = 4
    start_at(w_slider, w, "logistic_regression_explorer", "w")
    start_at(b_slider, b, "logistic_regression_explorer", "b")
    grid = np.linspace(*HOURS_AXIS, 200)
    with course_style():
        figure, (score_ax, prob_ax) = new_figure(2, width=4.4, height=3.3)
        score_ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
        prob_ax.axhline(0.5, color=PALETTE["grey"], linewidth=0.8)
        passed = PASSED == 1
        prob_ax.plot(STUDY_HOURS[passed], PASSED[passed], "o", color=PALETTE["blue"], markersize=8)
        prob_ax.plot(STUDY_HOURS[~passed], PASSED[~passed], "s", color=PALETTE["orange"], markersize=8)

        score_ticks = np.linspace(-SCORE_LIMIT, SCORE_LIMIT, 5)
        score_ax.set(
            xlim=HOURS_AXIS,
            ylim=(-SCORE_LIMIT, SCORE_LIMIT),
            yticks=score_ticks,
            xlabel="hours studied",
            ylabel="log-odds z = w·hours + b",
            title="score = log-odds of passing",
        )
        prob_ax.set(
            xlim=HOURS_AXIS,
            ylim=(-0.08, 1.08),
            xlabel="hours studied",
            ylabel="P(pass) = sigmoid(z)",
            title="probability of passing",
        )
        # Which row of points is which, at the right edge: the boundary and the curve never cross the labels.
        label_right(prob_ax, [1.0, 0.0], ["passed\n(y = 1)", "failed\n(y = 0)"])
        (score_line,) = score_ax.plot([], [], color=PALETTE["blue"], linewidth=2.5)
        (prob_curve,) = prob_ax.plot([], [], color=PALETTE["green"], linewidth=2.5)
        boundary_style = {"linestyle": "--", "color": PALETTE["vermillion"], "linewidth": 1.5}
        (score_boundary,) = score_ax.plot([], [], **boundary_style)
        (prob_boundary,) = prob_ax.plot([], [], **boundary_style)
        boundary_label = score_ax.text(0, 0.9 * SCORE_LIMIT, "", va="top", fontsize=12, color=PALETTE["vermillion"])
        live = LiveFigure(figure, [score_line, prob_curve, score_boundary, prob_boundary, boundary_label])

    def update() -> str:
        w, b = w_slider.value, b_slider.value
        view = compute_logistic_view(w, b)
        score_line.set_data(grid, w * grid + b)
        prob_curve.set_data(grid, sigmoid(w * grid + b))
        boundary = view.boundary
        if boundary is None:
            score_boundary.set_data([], [])
            prob_boundary.set_data([], [])
            boundary_label.set(x=0.1, ha="left", text="no boundary (w = 0)")
            heading = _(
                "w = {w:.1f}, b = {b:.1f}: the score ignores the hours: no boundary, every student gets p = {p:.3f}"
            ).format(w=w, b=b, p=view.probs[0])
        else:
            score_boundary.set_data([boundary, boundary], [-SCORE_LIMIT, SCORE_LIMIT])
            prob_boundary.set_data([boundary, boundary], [0, 1])
            # The score line is below 0 on one side of the boundary and above 0 on the other, so the top corner
            # on the first side and the bottom corner on the second are free of it: the label goes in whichever
            # has room. Pinned to an edge when the boundary is off the chart.
            label_x = min(max(boundary, HOURS_AXIS[0]), HOURS_AXIS[1])
            below = -1 if w_slider.value > 0 else 1  # -1: the score is below 0 left of the boundary
            for direction, top in ((below, True), (-below, False)):
                room = label_x - HOURS_AXIS[0] if direction < 0 else HOURS_AXIS[1] - label_x
                if room > LABEL_ROOM:
                    break
            boundary_label.set(
                x=label_x + 0.1 * direction,
                ha="right" if direction < 0 else "left",
                y=(0.9 if top else -0.9) * SCORE_LIMIT,
                va="top" if top else "bottom",
                text=f"boundary {boundary:.2f} h",
            )
            heading = _(
                "w = {w:.1f}, b = {b:.1f}: boundary at -b / w = {boundary:.2f} hours; one more hour multiplies "
                "the odds of passing by e^w = {factor:.3g}"
            ).format(w=w, b=b, boundary=boundary, factor=view.odds_factor)
        likelihood = _("log-likelihood of the 20 results = {value:.3f}").format(value=view.log_likelihood)
        return f"{heading}\n{likelihood}"

    return InteractiveFigure(_("Logistic regression explorer"), [w_slider, b_slider], live, update)
