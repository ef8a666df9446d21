"""Notebook 06's figure: CrossEntropyLoss's options on a batch of four examples -> each example's loss, the weighted
mean and the smoothed target."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from ..language import _
from ..losses import cross_entropy_loss
from ..numerics import softmax
from ..plots import PALETTE, course_style, new_figure
from ..validation import REDUCTIONS, check_flag, check_number, fail, shown
from ..widgets import CONTROL_LAYOUT, CONTROL_STYLE, InteractiveFigure, LiveFigure
from ._common import CLASS_COLOURS, listed, place_label, plain, start_at

__all__ = ["LossOptionsView", "compute_loss_options_view", "loss_options_explorer"]

# The batch the figure shows: (N, C) = (4, 3) logits and their true classes. Example 1 is predicted wrong (class 1
# scores highest, its target is 2); the others are right. Class 2 is the target of examples 1 and 3.
OPTIONS_LOGITS = np.array([[2.0, 0.5, -1.0], [0.3, 1.4, 0.6], [0.1, 1.2, -0.4], [-0.8, 0.2, 1.5]])
OPTIONS_TARGET = np.array([0, 2, 1, 2])
IGNORE_INDEX = -100
WEIGHT_RANGE = (0.25, 4.0)  # the weight slider, on a log scale: a quarter to four times
SMOOTHING_MAX = 0.5


@dataclass(frozen=True)
class LossOptionsView:
    """What CrossEntropyLoss's options do to the figure's batch of four examples and three classes.

    Attributes
    ----------
    target : ndarray, shape (4,)
        The targets used; ``ignore_index`` (-100) for an ignored example.
    class_weight : ndarray, shape (3,)
        The weight of each class.
    losses : ndarray, shape (4,)
        What ``reduction="none"`` gives: one loss per example, 0 where ignored.
    weights : ndarray, shape (4,)
        ``class_weight[target]``, 0 where ignored.
    sum : float
        ``losses.sum()``.
    mean : float
        What ``reduction="mean"`` gives: ``sum / weights.sum()``.
    plain_mean : float
        ``losses.mean()``, which divides by 4 instead.
    value : ndarray or float
        What ``reduction`` returns.
    target_dist : ndarray, shape (3,)
        Example 0's target distribution after label smoothing.
    probs : ndarray, shape (3,)
        The model's probabilities for example 0.
    reduction : str
        ``"mean"``, ``"sum"`` or ``"none"``.
    """

    target: np.ndarray
    class_weight: np.ndarray
    losses: np.ndarray
    weights: np.ndarray
    sum: float
    mean: float
    plain_mean: float
    value: np.ndarray | float
    target_dist: np.ndarray
    probs: np.ndarray
    reduction: str


def compute_loss_options_view(
    weight: float = 1.0, label_smoothing: float = 0.0, ignore_last: bool = False, reduction: str = "mean"
) -> LossOptionsView:
    """What CrossEntropyLoss's options do to the figure's batch of four examples and three classes.

    Parameters
    ----------
    weight : float, default 1.0
        The weight of class 2 (classes 0 and 1 keep weight 1): ``weight=[1, 1, weight]``; positive, at most 1e6.
    label_smoothing : float, default 0.0
        In [0, 1]: the target becomes ``(1 - label_smoothing) * onehot + label_smoothing / C``.
    ignore_last : bool, default False
        If True, the last example's target is ``ignore_index`` (-100): it counts nowhere.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    LossOptionsView
        The numbers; see :class:`LossOptionsView` for what each holds.

    Raises
    ------
    TypeError
        If ``weight`` or ``label_smoothing`` is not a number (a bool is not one), ``ignore_last`` is not True
        or False, or ``reduction`` is not a string.
    ValueError
        If ``weight`` is not in (0, 1e6], ``label_smoothing`` not in [0, 1], or ``reduction`` unknown.

    Notes
    -----
    With class weights :math:`w` and targets :math:`y_n`, ``reduction="mean"`` is the weighted mean
    :math:`\\sum_n w_{y_n} \\ell_n / \\sum_n w_{y_n}`, not :math:`\\frac{1}{N}\\sum_n w_{y_n} \\ell_n`; an ignored
    example leaves both sums.

    Examples
    --------
    >>> view = compute_loss_options_view(weight=3.0)
    >>> print(view.losses.round(4), round(view.mean, 4), round(view.plain_mean, 4))
    [0.2413 4.1335 0.4284 0.9505] 0.7192 1.4384
    >>> print(compute_loss_options_view(ignore_last=True).weights)
    [1. 1. 1. 0.]
    """
    func = "compute_loss_options_view"
    w = check_number(weight, func, "weight", 0.0, 1e6, "Pass the weight of class 2, e.g. weight=2.0.")
    if w == 0.0:
        raise fail(func, "weight", "be positive", shown(weight), "A class weight of 0 drops the class; use e.g. 0.25.")
    alpha = check_number(label_smoothing, func, "label_smoothing", 0.0, 1.0, "Use e.g. label_smoothing=0.1.")
    ignore_last = check_flag(
        ignore_last, func, "ignore_last", "Pass ignore_last=True to give the last example the target ignore_index."
    )
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise fail(
            func,
            "reduction",
            f"be one of {', '.join(map(repr, REDUCTIONS))}",
            shown(reduction),
            'Pass e.g. reduction="mean"; "sum" adds the losses, "none" keeps one each.',
            ValueError if isinstance(reduction, str) else TypeError,
        )
    target = OPTIONS_TARGET.copy()
    if ignore_last:
        target[-1] = IGNORE_INDEX
    class_weight = np.array([1.0, 1.0, w])
    options = {"weight": class_weight, "ignore_index": IGNORE_INDEX, "label_smoothing": alpha}
    losses = cross_entropy_loss(OPTIONS_LOGITS, target, reduction="none", **options)
    mean = float(cross_entropy_loss(OPTIONS_LOGITS, target, reduction="mean", **options))
    kept = target != IGNORE_INDEX
    weights = np.where(kept, class_weight[np.where(kept, target, 0)], 0.0)
    n_classes = OPTIONS_LOGITS.shape[1]
    target_dist = np.full(n_classes, alpha / n_classes)
    target_dist[OPTIONS_TARGET[0]] += 1.0 - alpha
    total = float(losses.sum())
    return LossOptionsView(
        target=target,
        class_weight=class_weight,
        losses=losses,
        weights=weights,
        sum=total,
        mean=mean,
        plain_mean=float(losses.mean()),
        value={"none": losses, "sum": total, "mean": mean}[reduction],
        target_dist=target_dist,
        probs=softmax(OPTIONS_LOGITS[0]),
        reduction=reduction,
    )


def _loss_axis_top() -> float:
    """Above the largest loss any setting of the controls gives (the weight at its top, with or without smoothing)."""
    largest = max(
        compute_loss_options_view(weight=WEIGHT_RANGE[1], label_smoothing=alpha).losses.max()
        for alpha in (0.0, SMOOTHING_MAX)
    )
    return 1.55 * largest  # room above the tallest bar for the legend


def loss_options_explorer(weight: float = 1.0, label_smoothing: float = 0.0) -> InteractiveFigure:
    """Sliders for class 2's weight and for label smoothing, a switch that ignores the last example, and the reduction;
    each example's loss with the weighted mean, and example 0's smoothed target beside the model's probabilities.

    Alt text: two panels side by side. On the left, four bars, one per example, coloured by the example's true
    class, showing its loss as reduction="none" returns it (an ignored example shows no bar and the word
    "ignored"); a solid vermillion line marks the weighted mean that reduction="mean" returns, and a dotted grey
    line the plain average of the four bars, which differs from it whenever the weights are not all 1. On the
    right, for example 0 (true class 0), three pairs of bars: the target distribution after label smoothing, as
    outlined bars, beside the model's softmax probabilities, filled, on a scale from 0 to 1.

    Parameters
    ----------
    weight : float, default 1.0
        Where class 2's weight slider starts, in [0.25, 4].
    label_smoothing : float, default 0.0
        Where the label smoothing slider starts, in [0, 0.5].

    Raises
    ------
    TypeError
        If ``weight`` or ``label_smoothing`` is not a number (a bool is not one).
    ValueError
        If ``weight`` is outside [0.25, 4] or ``label_smoothing`` outside [0, 0.5], the sliders' ranges (NaN and
        inf are outside both).
    """
    func = "loss_options_explorer"
    weight_slider = widgets.FloatLogSlider(
        value=1.0,
        base=2,
        min=-2,
        max=2,
        step=0.25,
        description=_("weight of class 2"),
        readout_format=".2f",
        continuous_update=True,
        layout=CONTROL_LAYOUT,
        style=CONTROL_STYLE,
    )
    smoothing_slider = widgets.FloatSlider(
        value=0.0,
        min=0.0,
        max=SMOOTHING_MAX,
        step=0.05,
        description=_("label smoothing"),
        readout_format=".2f",
        continuous_update=True,
        layout=CONTROL_LAYOUT,
        style=CONTROL_STYLE,
    )
    start_at(weight_slider, weight, func, "weight")
    start_at(smoothing_slider, label_smoothing, func, "label_smoothing")
    ignore_selector = widgets.Dropdown(
        options=[(_("counted (class 2)"), False), ("ignore_index (-100)", True)],
        value=False,
        description=_("example 3"),
        layout={"width": "320px"},
        style=CONTROL_STYLE,
    )
    reduction_selector = widgets.Dropdown(
        options=[("mean", "mean"), ("sum", "sum"), ("none", "none")],
        value="mean",
        description="reduction",
        layout={"width": "240px"},
        style=CONTROL_STYLE,
    )
    examples = np.arange(len(OPTIONS_TARGET))
    classes = np.arange(OPTIONS_LOGITS.shape[1])
    top = _loss_axis_top()
    with course_style():
        figure, (loss_ax, target_ax) = new_figure(2, width=4.6, height=3.4)
        loss_bars = loss_ax.bar(
            examples, np.zeros(len(examples)), width=0.6, color=[CLASS_COLOURS[y] for y in OPTIONS_TARGET]
        )
        # A white box behind each value keeps it readable where a mean line runs through it.
        loss_labels = [
            loss_ax.text(
                i,
                0,
                "",
                ha="center",
                fontsize=11,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
            for i in examples
        ]
        mean_line = loss_ax.axhline(0, color=PALETTE["vermillion"], linewidth=2.5, label='reduction="mean"')
        plain_line = loss_ax.axhline(
            0, color=PALETTE["grey"], linewidth=2.0, linestyle=":", label="sum / 4 (an ignored one counts 0)"
        )
        loss_ax.set(
            xlim=(-0.5, len(examples) - 0.5),
            ylim=(0, top),
            xticks=examples,
            xticklabels=[f"ex. {i}\ny = {y}" for i, y in enumerate(OPTIONS_TARGET)],
            ylabel='loss (reduction="none")',
            title="each example's loss",
        )
        loss_ax.legend(loc="upper right", fontsize=10, frameon=False)  # over examples 2 and 3, whose bars stay low
        target_bars = target_ax.bar(
            classes - 0.2,
            np.zeros(len(classes)),
            width=0.38,
            facecolor="white",
            edgecolor=[CLASS_COLOURS[c] for c in classes],
            linewidth=2.0,
            hatch="//",
            label="target after smoothing",
        )
        target_ax.bar(
            classes + 0.2,
            softmax(OPTIONS_LOGITS[0]),
            width=0.38,
            color=[CLASS_COLOURS[c] for c in classes],
            label="model's probabilities",
        )
        target_labels = [target_ax.text(c - 0.2, 0, "", ha="center", fontsize=10) for c in classes]
        for c, p in zip(classes, softmax(OPTIONS_LOGITS[0])):
            target_ax.text(c + 0.2, p + 0.015, plain(p, 2), ha="center", va="bottom", fontsize=10)
        target_ax.set(
            xlim=(-0.6, len(classes) - 0.4),
            ylim=(0, 1.18),
            xticks=classes,
            xticklabels=[f"class {c}" for c in classes],
            ylabel="probability",
            title="example 0 (y = 0): target and prediction",
        )
        target_ax.legend(loc="upper right", fontsize=10, frameon=False)
        # The labels last: the figure is redrawn in this order, so a line through a label passes behind its box.
        live = LiveFigure(figure, [*loss_bars, mean_line, plain_line, *loss_labels, *target_bars, *target_labels])

    def update() -> str:
        view = compute_loss_options_view(
            weight_slider.value, smoothing_slider.value, ignore_selector.value, reduction_selector.value
        )
        for i, (bar, label, loss) in enumerate(zip(loss_bars, loss_labels, view.losses)):
            ignored = view.target[i] == IGNORE_INDEX
            bar.set_height(loss)
            label.set_text("ignored" if ignored else plain(loss, 2))
            place_label(label, 0.0 if ignored else loss, top=top)
        mean_line.set_ydata([view.mean] * 2)
        plain_line.set_ydata([view.plain_mean] * 2)
        for bar, label, share in zip(target_bars, target_labels, view.target_dist):
            bar.set_height(share)
            label.set_text(plain(share, 2))
            place_label(label, share, top=1.18, inside_above=1.0)
        returned = listed(view.value, 3) if view.reduction == "none" else plain(view.value, 3)
        lines = [
            _("targets {targets}, class weights {weights}, label_smoothing = {smoothing}").format(
                targets=view.target.tolist(),
                weights=listed(view.class_weight, 2),
                smoothing=plain(smoothing_slider.value, 2),
            ),
            _('losses (reduction="none") = {losses}, sum = {total}').format(
                losses=listed(view.losses, 3), total=plain(view.sum, 3)
            ),
            _(
                "mean = sum / sum of weight[target] = {total} / {weights} = {mean}   "
                "(the bars' plain average: {plain_mean})"
            ).format(
                total=plain(view.sum, 3),
                weights=plain(view.weights.sum(), 2),
                mean=plain(view.mean, 3),
                plain_mean=plain(view.plain_mean, 3),
            ),
            _('reduction="{reduction}" returns {returned}').format(reduction=view.reduction, returned=returned),
        ]
        return "\n".join(lines)

    return InteractiveFigure(
        _("Loss options explorer"), [weight_slider, smoothing_slider, ignore_selector, reduction_selector], live, update
    )
