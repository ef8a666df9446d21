"""Notebook 07's figure: scrub through the training of three digit classifiers that differ only in
what goes into ``CrossEntropyLoss``: (a) the logits, (b) their sigmoid, (c) their softmax.

It reads a training history as `course_utils.digit_classifier` describes it, recorded by the learner
during training or, by default, :func:`~course_utils.digit_classifier.default_history`.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection

from ..digit_classifier import N_CLASSES, TrainingHistory, default_history
from ..language import N_, _
from ..plots import PALETTE, course_style, new_figure
from ..validation import check_index, fail, shown
from ..widgets import CONTROL_LAYOUT, CONTROL_STYLE, InteractiveFigure, LiveFigure
from ._common import label_right

__all__ = ["CapstoneView", "MODELS", "default_history", "compute_capstone_view", "capstone_explorer"]

# What goes into CrossEntropyLoss: the figure's legend shows these in English, the readout in the learner's language.
MODELS = (N_("(a) logits"), N_("(b) sigmoid"), N_("(c) softmax"))
COLOURS = (PALETTE["blue"], PALETTE["orange"], PALETTE["green"])
CAP = np.e / (np.e + N_CLASSES - 1)  # the largest probability after a sigmoid or a softmax: 0.2320
FLOOR = -np.log(CAP)  # so the smallest loss of (b) and (c): 1.4612
LOSS_AXIS = 2.6  # the loss panel shows 0 to 2.6: log 10 = 2.303 and every start fit
BAR_WIDTH = 0.27  # three bars side by side per digit


# ---- The view -------------------------------------------------------------------------------------------


def _check_step(step, steps: np.ndarray, func: str) -> int:
    """``step`` as an int, one of the recorded ``steps``."""
    recorded = f"one of the recorded steps 0, {steps[1]}, ..., {steps[-1]}"
    fix = f"Pass {recorded}, e.g. step={steps[len(steps) // 2]}."
    step = check_index(step, func, "step", 0, int(steps[-1]) + 1, "a training step", fix)
    if step not in steps:
        raise fail(func, "step", f"be {recorded}", shown(step), fix)
    return step


@dataclass(frozen=True)
class CapstoneView:
    """What the three models predict for one test image after some steps of training.

    Attributes
    ----------
    image : ndarray, shape (8, 8)
        The image's pixels, 0 (white) to 16 (black).
    label : int
        Its digit.
    probs : ndarray, shape (3, 10)
        Each model's predictive distribution for it.
    predicted : ndarray, shape (3,)
        Each model's most probable digit.
    p_true : ndarray, shape (3,)
        The probability each model gives the true digit.
    train_loss : ndarray, shape (3,)
        The training loss at the step (``inf`` if the history says so: a run that diverged).
    test_accuracy : ndarray, shape (3,)
        The share of test images whose most probable digit is right.
    mean_confidence : ndarray, shape (3,)
        The mean over the test set of the largest probability.
    """

    image: np.ndarray
    label: int
    probs: np.ndarray
    predicted: np.ndarray
    p_true: np.ndarray
    train_loss: np.ndarray
    test_accuracy: np.ndarray
    mean_confidence: np.ndarray


def _view(history: TrainingHistory, step: int, example: int, func: str) -> CapstoneView:
    """:func:`compute_capstone_view` on a checked history."""
    steps, n_test = history.steps, history.test_labels.shape[0]
    step = _check_step(step, steps, func)
    example = check_index(
        example,
        func,
        "example",
        0,
        n_test,
        "a test-image index",
        f"The test set has {n_test} images: pass an index from 0 to {n_test - 1}.",
    )
    all_probs = history.test_probs[:, int(np.flatnonzero(steps == step)[0])].astype(np.float64)  # (3, N, 10)
    labels = history.test_labels
    probs = all_probs[:, example]
    label = int(labels[example])
    return CapstoneView(
        image=history.test_images[example].reshape(8, 8),
        label=label,
        probs=probs,
        predicted=probs.argmax(axis=1),
        p_true=probs[:, label],
        train_loss=history.train_loss[:, step].astype(np.float64),
        test_accuracy=(all_probs.argmax(axis=2) == labels).mean(axis=1),
        mean_confidence=all_probs.max(axis=2).mean(axis=1),
    )


def compute_capstone_view(history: TrainingHistory | dict, step: int, example: int) -> CapstoneView:
    """What the three models predict for test image ``example`` after ``step`` steps of training.

    Parameters
    ----------
    history : TrainingHistory or dict
        A training history, e.g. :func:`default_history`, or a dict with its five attributes as keys.
    step : int
        One of ``history.steps``.
    example : int
        Index of a test image, in [0, N).

    Returns
    -------
    CapstoneView
        The numbers; see :class:`CapstoneView` for what each holds.

    Raises
    ------
    TypeError
        If ``history`` is neither a record nor a dict, one of its arrays is not made of real numbers (or is ragged, or a
        torch tensor that requires grad), or ``step`` or ``example`` is not an integer (a bool is not one).
    ValueError
        If a dict ``history`` lacks one of the five keys, an array has masked entries, its shapes disagree, it
        holds NaN, its steps or labels are not whole numbers, it has no test image, a label is not a digit
        in [0, 10), a pixel is outside [0, 16], ``test_probs`` are not distributions, ``step`` was not
        recorded or ``example`` is out of range.

    Examples
    --------
    >>> view = compute_capstone_view(default_history(), step=0, example=0)
    >>> print(view.label, view.probs.shape, view.test_accuracy.round(3))
    0 (3, 10) [0.083 0.083 0.083]
    """
    func = "compute_capstone_view"
    return _view(TrainingHistory.coerce(history, func), step, example, func)


def _first_of_each_digit(labels: np.ndarray) -> list[int]:
    """The index of the first test image of each digit that occurs, in digit order."""
    return [int(np.flatnonzero(labels == digit)[0]) for digit in range(N_CLASSES) if (labels == digit).any()]


def _bars(centres: np.ndarray, heights: np.ndarray) -> np.ndarray:
    """Bars as rectangles from 0 up to ``heights``, ``BAR_WIDTH`` wide, centred on ``centres``."""
    x0, x1 = centres - BAR_WIDTH / 2, centres + BAR_WIDTH / 2
    zero = np.zeros_like(heights)
    return np.stack(
        [np.stack([x0, zero], 1), np.stack([x0, heights], 1), np.stack([x1, heights], 1), np.stack([x1, zero], 1)],
        axis=1,
    )  # (10, 4 corners, 2)


def capstone_explorer(history: dict | None = None, step: int | None = None) -> InteractiveFigure:
    """A step slider and a test-image selector; the loss curves, the image, and the three models' predictions.

    Alt text: four panels. First, the training loss of the three models against the step, on a scale
    from 0 to 2.6: a blue curve for (a) logits falling towards 0, an orange one for (b) sigmoid and a
    green one for (c) softmax that level off above a dashed line at 1.461, the lowest loss (b) and (c)
    can reach (labelled at the right edge, as is the dotted line at log 10 = 2.303, where all three
    start); a vertical line marks the current step, with a dot on each curve. Second, on the test set
    against the step, on a scale from 0 to 1: each model's accuracy as a solid curve and its mean
    confidence (the average largest probability) as a dashed curve in the same colour, with a dotted
    black line at 0.232 labelled "confidence cap", the most confidence (b) and (c) can reach (their
    accuracy is not capped), and the same vertical line at the current step. Third, the chosen test image,
    8 by 8 grey pixels. Last, for each digit 0 to 9, three
    bars side by side in the models' colours: the probability each model gives that digit, on a scale
    from 0 to 1, with a grey band behind the true digit and the dashed line at 0.232.

    Parameters
    ----------
    history : TrainingHistory or dict, optional
        A training history, or a dict with its five attributes as keys; by default :func:`default_history`.
    step : int, optional
        Where the slider starts, one of ``history.steps``; by default the last recorded step.

    Raises
    ------
    TypeError, ValueError
        As :func:`compute_capstone_view` raises them for ``history`` and ``step``.
    """
    history = TrainingHistory.coerce(default_history() if history is None else history, "capstone_explorer")
    steps, labels = history.steps, history.test_labels
    last = int(steps[-1])
    step = last if step is None else _check_step(step, steps, "capstone_explorer")
    step_slider = widgets.IntSlider(
        value=step,
        min=0,
        max=last,
        step=int(steps[1]),
        description=_("training step"),
        continuous_update=True,
        layout=CONTROL_LAYOUT,
        style=CONTROL_STYLE,
    )
    selector = widgets.Dropdown(
        options=[
            (_("a {digit} (test image {index})").format(digit=labels[i], index=i), i)
            for i in _first_of_each_digit(labels)
        ],
        description=_("test image"),
        layout={"width": "300px"},
        style=CONTROL_STYLE,
    )
    classes = np.arange(N_CLASSES)
    all_probs = history.test_probs.astype(np.float64)  # (3, T, N, 10)
    accuracy = (all_probs.argmax(axis=3) == labels).mean(axis=2)  # (3, T)
    confidence = all_probs.max(axis=3).mean(axis=2)  # (3, T)
    with course_style():
        figure, (loss_ax, test_ax, image_ax, prob_ax) = new_figure(4, width=2.75, height=3.6)
        loss_ax.get_gridspec().set_width_ratios([1.2, 1.2, 0.55, 1.25])  # the square image needs less width
        for loss, colour, name in zip(history.train_loss, COLOURS, MODELS):
            loss_ax.plot(np.arange(last + 1), loss, color=colour, linewidth=2, label=name)
        loss_ax.axhline(FLOOR, color="black", linestyle="--", linewidth=1)
        loss_ax.axhline(np.log(N_CLASSES), color=PALETTE["grey"], linestyle=":", linewidth=1.2)
        loss_ax.set(
            xlim=(-0.02 * last, 1.02 * last),
            ylim=(0, LOSS_AXIS),
            xlabel="training step",
            ylabel="CrossEntropyLoss",
            title="training loss",
        )
        # The reference lines are named at the right edge, outside the plot, where no curve can run over them.
        label_right(loss_ax, [FLOOR, np.log(N_CLASSES)], [f"floor {FLOOR:.3f}", "log 10"])
        figure.legend(
            loc="outside upper center",
            ncols=3,
            frameon=False,
            title="what goes into CrossEntropyLoss:",
            title_fontsize=12,
        )
        cursor = loss_ax.axvline(0, color="black", linewidth=1)
        # Not clipped, and left out of the layout: at the first and last step a dot sits on the panel's edge.
        dots = [loss_ax.plot([], [], "o", color=colour, markersize=7, clip_on=False)[0] for colour in COLOURS]
        for dot in dots:
            dot.set_in_layout(False)
        for acc, conf, colour in zip(accuracy, confidence, COLOURS):
            test_ax.plot(steps, acc, color=colour, linewidth=2)
            test_ax.plot(steps, conf, color=colour, linewidth=1.6, linestyle="--")
        test_ax.axhline(CAP, color="black", linestyle=":", linewidth=1.2)
        test_ax.set(
            xlim=(-0.02 * last, 1.02 * last),
            ylim=(0, 1.02),
            xlabel="training step",
            title="on the test set: accuracy (solid),\nmean confidence (dashed)",
        )
        label_right(test_ax, [CAP], [f"confidence\ncap {CAP:.3f}"])
        test_cursor = test_ax.axvline(0, color="black", linewidth=1)
        image = image_ax.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=16, interpolation="nearest")
        image_ax.axis("off")
        image_ax.set_title("test image")
        band = prob_ax.axvspan(-0.5, 0.5, color="#e6e6e6", zorder=0)
        # One collection of ten bars per model: a single artist to redraw, not ten.
        bars = [
            prob_ax.add_collection(
                PolyCollection(
                    _bars(classes + (m - 1) * BAR_WIDTH, np.zeros(N_CLASSES)), facecolors=colour, edgecolors="none"
                )
            )
            for m, colour in enumerate(COLOURS)
        ]
        prob_ax.axhline(CAP, color="black", linestyle="--", linewidth=1)
        prob_ax.set(
            xlim=(-0.5, N_CLASSES - 0.5),
            ylim=(0, 1),
            xticks=classes,
            xlabel="digit",
            ylabel="predicted probability",
            title="what each model predicts",
        )
        label_right(prob_ax, [CAP], [f"cap {CAP:.3f}"])
        live = LiveFigure(figure, [cursor, test_cursor, *dots, image, band, *bars])

    def update() -> str:
        current = int(steps[np.abs(steps - step_slider.value).argmin()])  # the nearest recorded step
        view = _view(history, current, selector.value, "capstone_explorer")  # checked once, above
        cursor.set_xdata([current, current])
        test_cursor.set_xdata([current, current])
        for dot, loss in zip(dots, view.train_loss):
            dot.set_data([current], [min(loss, LOSS_AXIS)])
        image.set_data(view.image)
        band.set_x(view.label - 0.5)
        for m, (collection, probs) in enumerate(zip(bars, view.probs)):
            collection.set_verts(_bars(classes + (m - 1) * BAR_WIDTH, probs))
        lines = [
            _("step {step} of {last}; test image {index}, a {digit}").format(
                step=current, last=last, index=selector.value, digit=view.label
            )
        ]
        for m, name in enumerate(MODELS):
            lines.append(
                _(
                    "{model}: p({digit}) = {p_true:.3f}, predicts {predicted}; training loss {loss:.3f}; "
                    "on the test set: accuracy {accuracy:.3f}, mean confidence {confidence:.3f}"
                ).format(
                    model=_(name),
                    digit=view.label,
                    p_true=view.p_true[m],
                    predicted=view.predicted[m],
                    loss=view.train_loss[m],
                    accuracy=view.test_accuracy[m],
                    confidence=view.mean_confidence[m],
                )
            )
        return "\n".join(lines)

    return InteractiveFigure(_("Training explorer"), [step_slider, selector], live, update)
