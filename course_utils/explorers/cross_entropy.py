"""Notebook 05's figure: logit sliders and a true-class selector -> probabilities, the loss and its gradient."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..language import _
from ..losses import cross_entropy_grad, cross_entropy_loss
from ..numerics import logsumexp, softmax
from ..plots import PALETTE, course_style, new_figure
from ..validation import check_index, fail, shown
from ..widgets import InteractiveFigure, LiveFigure, class_selector
from ._common import (
    CLASS_COLOURS,
    LARGEST,
    SCORES_FIX,
    SHIFT_FIX,
    check_entries,
    class_logit_sliders,
    listed,
    place_label,
    plain,
    real_vector,
)

__all__ = ["CrossEntropyView", "compute_cross_entropy_view", "cross_entropy_explorer"]

# The largest loss the sliders reach: the true logit at -5, the other four at 5, is 10 + log(4 + e^-10) = 11.39.
LOSS_AXIS = 12.0
TRUE_EDGE = {"edgecolor": "black", "linewidth": 2.5}
OTHER_EDGE = {"edgecolor": "none", "linewidth": 0.0}


def _significant(p: float, digits: int = 3) -> str:
    """``p`` (a probability) to ``digits`` significant figures, written out: 0.659, 0.0986, 0.000666."""
    rounded = float(f"{p:.{digits - 1}e}")  # round first, so 0.09999 becomes 0.100, not 0.1000
    decimals = digits - 1 - int(np.floor(np.log10(rounded))) if rounded else digits
    return f"{rounded:.{max(decimals, 0)}f}"


def _check_target(target, n_classes: int, func: str) -> int:
    return check_index(
        target,
        func,
        "target",
        0,
        n_classes,
        "a class index",
        f"Class indices start at 0: for {n_classes} classes, pass an int from 0 to {n_classes - 1}.",
    )


@dataclass(frozen=True)
class CrossEntropyView:
    """The numbers the cross-entropy explorer shows for K logits and a true class.

    Attributes
    ----------
    probs : ndarray, shape (K,)
        ``softmax(logits)``.
    p_true : float
        ``probs[target]``.
    logsumexp : float
        ``log(sum(exp(logits)))``.
    loss : float
        ``-log p_true = logsumexp - logits[target]``.
    onehot : ndarray, shape (K,)
        1 at ``target``, 0 elsewhere.
    grad : ndarray, shape (K,)
        The gradient of the loss with respect to the logits, ``probs - onehot``.
    target : int
        The true class.
    """

    probs: np.ndarray
    p_true: float
    logsumexp: float
    loss: float
    onehot: np.ndarray
    grad: np.ndarray
    target: int


def compute_cross_entropy_view(logits: Sequence[float], target: int = 0) -> CrossEntropyView:
    """The numbers the cross-entropy explorer shows for ``logits`` and the true class ``target``.

    Parameters
    ----------
    logits : sequence of float
        One raw score per class, at least two; finite and at most 1e100 in size, or ``-inf`` to mask a
        class out (its probability is 0; the loss is ``inf`` if it is the true class). Not all ``-inf``.
    target : int, default 0
        The true class, an index in [0, K).

    Returns
    -------
    CrossEntropyView
        The numbers; see :class:`CrossEntropyView` for what each holds.

    Raises
    ------
    ValueError
        If there are fewer than two logits or some are masked (in a masked array: mask with ``-inf``), a
        logit is NaN, ``+inf`` or beyond 1e100 in size, every logit is ``-inf``, or ``target`` is out of range.
    TypeError
        If ``logits`` is not made of real numbers or ``target`` is not an integer (a bool is not one).

    Notes
    -----
    .. math:: \\ell = -\\log\\mathrm{softmax}(z)_y = -z_y + \\log\\sum_j e^{z_j}, \\qquad
              \\frac{\\partial \\ell}{\\partial z_i} = \\mathrm{softmax}(z)_i - [i = y]

    Examples
    --------
    >>> view = compute_cross_entropy_view([2.0, 1.0, 0.1], target=0)
    >>> print(round(view.loss, 4), view.grad.round(4))
    0.417 [-0.341   0.2424  0.0986]
    >>> print(round(compute_cross_entropy_view([2.0, 1.0, 0.1], target=2).loss, 4))
    2.317
    >>> view = compute_cross_entropy_view([2.0, 1.0, -np.inf], target=2)  # class 2 masked out
    >>> print(view.probs.round(4), view.loss, view.grad.round(4))
    [0.7311 0.2689 0.    ] inf [ 0.7311  0.2689 -1.    ]
    """
    func = "compute_cross_entropy_view"
    z = real_vector(logits, func, "logits", 2, None, SCORES_FIX).astype(np.float64)
    check_entries(
        z,
        func,
        "logits",
        LARGEST,
        f"be -inf (a mask) or finite and at most {LARGEST:g} in size",
        SHIFT_FIX,
        "A +inf score has no probability; use a large finite number instead.",
        masks=True,
    )
    if np.isneginf(z).all():
        raise fail(
            func,
            "logits",
            "leave at least one class unmasked (not -inf)",
            shown(z.tolist()),
            "-inf masks a class out; the probabilities need a class to go to.",
        )
    y = _check_target(target, z.size, func)
    probs = softmax(z)
    onehot = np.zeros_like(z)
    onehot[y] = 1.0
    return CrossEntropyView(
        probs=probs,
        p_true=float(probs[y]),
        logsumexp=float(logsumexp(z)),
        loss=float(cross_entropy_loss(z, y)),
        onehot=onehot,
        grad=cross_entropy_grad(z, y),
        target=y,
    )


def cross_entropy_explorer(logits: Sequence[float] = (2.0, 1.0, 0.1), target: int = 0) -> InteractiveFigure:
    """One slider per logit and a true-class selector; probabilities, the gradient, and the loss on the -log p curve.

    Alt text: three panels side by side. On the left, one coloured bar per class showing its softmax
    probability on a scale from 0 to 1; the true class's bar has a thick black outline. In the middle,
    the gradient of the loss with respect to each logit, p minus one-hot, as bars on a scale from -1 to
    1 around a grey zero line: the true class's bar (outlined) points down, every other class's points
    up, and together they sum to 0. On the right, the curve loss = -log p for p from 0 to 1, falling
    from 12 near p = 0 to 0 at p = 1, with a vermillion dot at the true class's probability and the
    current loss, joined to both axes by dashed guides.

    Parameters
    ----------
    logits : sequence of float, default (2.0, 1.0, 0.1)
        Where the logit sliders start: 2 to 5 of them, each in [-5, 5] (a slider cannot hold ``-inf``).
    target : int, default 0
        The true class the selector starts at, in [0, K).

    Raises
    ------
    TypeError
        If ``logits`` is not made of real numbers, or ``target`` is not an integer (a bool is not one).
    ValueError
        If there are fewer than 2 or more than 5 logits or some are masked, a logit is NaN or outside [-5, 5], or
        ``target`` is out of range.
    """
    func = "cross_entropy_explorer"
    sliders = class_logit_sliders(logits, func)
    n_classes = len(sliders)
    target = _check_target(target, n_classes, func)
    selector = class_selector(n_classes, value=target, description=_("true class y"))
    classes = np.arange(n_classes)
    colours = CLASS_COLOURS[:n_classes]
    names = [f"class {i}" for i in classes]
    curve_p = np.exp(np.linspace(-LOSS_AXIS, 0.0, 400))  # from e^-12 to 1: the curve spans the loss axis
    with course_style():
        figure, (prob_ax, grad_ax, loss_ax) = new_figure(3, width=3.6, height=3.4)
        prob_bars = prob_ax.bar(classes, np.zeros(n_classes), width=0.6, color=colours)
        prob_labels = [prob_ax.text(i, 0, "", ha="center", fontsize=11) for i in classes]
        prob_ax.set(
            xlim=(-0.5, n_classes - 0.5),
            ylim=(0, 1),
            xticks=classes,
            xticklabels=names,
            ylabel=r"probability $p = \mathrm{softmax}(z)$",
            title="probabilities (true class outlined)",
        )
        grad_ax.axhline(0, color=PALETTE["grey"], linewidth=1.0)
        grad_bars = grad_ax.bar(classes, np.zeros(n_classes), width=0.6, color=colours)
        grad_ax.set(
            xlim=(-0.5, n_classes - 0.5),
            ylim=(-1.2, 1.2),
            xticks=classes,
            xticklabels=names,
            ylabel=r"$\partial\,\mathrm{loss} \,/\, \partial z$",
            title=r"gradient: $p - \mathrm{onehot}(y)$",
        )
        loss_ax.plot(curve_p, -np.log(curve_p), color=PALETTE["blue"], linewidth=2.5)
        loss_ax.set(
            xlim=(0, 1),
            ylim=(0, LOSS_AXIS),
            xlabel=r"probability of the true class, $p_y$",
            ylabel=r"loss $= -\log p_y$",
            title=r"the loss on the $-\log p$ curve",
        )
        # A dashed guide from the loss axis to the point and down to the p axis, marker on the point only.
        # Not clipped: at a tiny p_y the point sits on the loss axis itself, and stays whole there.
        (point,) = loss_ax.plot(
            [],
            [],
            linestyle="--",
            linewidth=1.2,
            marker="o",
            markersize=10,
            markevery=[1],
            color=PALETTE["vermillion"],
            clip_on=False,
            zorder=5,
        )
        point.set_in_layout(False)  # so that the layout ignores a point on the axis' edge
        live = LiveFigure(figure, [*prob_bars, *prob_labels, *grad_bars, point])

    def update() -> str:
        z = [slider.value for slider in sliders]
        view = compute_cross_entropy_view(z, target=selector.value)
        y = view.target
        for i, (bar, label, p) in enumerate(zip(prob_bars, prob_labels, view.probs)):
            bar.set_height(p)
            bar.set(**(TRUE_EDGE if i == y else OTHER_EDGE))
            label.set_text(plain(p, 3))
            place_label(label, p)
        for i, (bar, g) in enumerate(zip(grad_bars, view.grad)):
            bar.set_height(g)
            bar.set(**(TRUE_EDGE if i == y else OTHER_EDGE))
        p_y, loss = view.p_true, view.loss
        point.set_data([0, p_y, p_y], [loss, loss, 0])
        z_y = plain(z[y], 1)
        probs = "[" + ", ".join(_significant(p) for p in view.probs) + "]"  # as p_y below: 3 figures
        lines = [
            _("z = {z}, true class y = {y}: probabilities {probs}").format(z=listed(z, 1), y=y, probs=probs),
            _("loss = -log p_{y} = -log {p_y} = {loss:.3f} = logsumexp(z) - z_{y} = {logsumexp:.3f} - {z_y}").format(
                y=y,
                p_y=_significant(p_y),
                loss=loss,
                logsumexp=view.logsumexp,
                z_y=f"({z_y})" if z_y.startswith("-") else z_y,
            ),
            _("gradient p - onehot(y) = {grad}, sum = {total}").format(
                grad=listed(view.grad, 3), total=plain(view.grad.sum(), 3)
            ),
        ]
        return "\n".join(lines)

    return InteractiveFigure(_("Cross-entropy explorer"), [*sliders, selector], live, update)
