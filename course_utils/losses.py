"""NLLLoss and CrossEntropyLoss as NumPy references with the semantics of ``torch.nn.functional``.

Shapes follow torch: the class axis is 1. Input is (N, C), (N, C, d1, ..., dK) or unbatched (C,);
class-index targets are (N, d1, ..., dK) (or a scalar for unbatched input).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _unchecked as unchecked
from ._unchecked import CLASS_AXIS
from .validation import (
    as_array,
    check_integer,
    check_logits,
    check_number,
    check_probabilities,
    check_real,
    check_reduction,
    check_rows_not_all_masked,
    check_sums_to_one,
    fail,
)


def _batched(array: np.ndarray, func: str, name: str) -> tuple[np.ndarray, bool]:
    """Give unbatched (C,) input a batch axis; return it and whether it was unbatched."""
    if array.ndim == 0:
        raise fail(
            func, name, "have shape (C,), (N, C) or (N, C, d1, ..., dK)", "a scalar", "Pass one score per class."
        )
    if array.shape[0 if array.ndim == 1 else CLASS_AXIS] == 0:
        raise fail(
            func,
            name,
            "have at least one class",
            f"shape {array.shape}, with no classes",
            "Pass one score per class; the class axis is axis 1, or axis 0 for one unbatched sample.",
        )
    return (array[np.newaxis], True) if array.ndim == 1 else (array, False)


def _check_weight(weight, n_classes: int, dtype: np.dtype, func: str) -> np.ndarray:
    if weight is None:
        return np.ones(n_classes, dtype=dtype)
    weight = check_real(weight, func, "weight")
    if weight.shape != (n_classes,):
        raise fail(
            func,
            "weight",
            f"have one entry per class, shape ({n_classes},)",
            f"shape {weight.shape}",
            "weight[c] scales the loss of targets of class c.",
        )
    if not np.isfinite(weight).all() or (weight < 0).any():
        raise fail(
            func,
            "weight",
            "be finite and non-negative",
            np.array2string(weight, precision=4, threshold=10),
            "weight[c] scales the loss of class c: 1.0 leaves it, 0.0 drops it.",
        )
    return weight.astype(dtype)


def _common_arguments(scores: np.ndarray, name: str, reduction, ignore_index, func: str):
    """What every loss checks alike once its own checks of ``scores`` are done: ``reduction``, ``ignore_index``,
    and ``scores`` batched to (N, C, ...). Returns ``scores`` batched, whether it came unbatched, and the two."""
    reduction = check_reduction(reduction, func)
    ignore_index = check_integer(ignore_index, func, "ignore_index", fix="The default is -100.")
    scores, unbatched = _batched(scores, func, name)
    return scores, unbatched, reduction, ignore_index


def _check_class_target(
    target: np.ndarray,
    scores: np.ndarray,
    unbatched: bool,
    ignore_index: int,
    func: str,
    accepts_probabilities: bool = False,
) -> np.ndarray:
    """Integer class indices in [0, C), or ``ignore_index``: of shape (N, d1, ..., dK) for batched ``scores``, a
    single index for unbatched (C,) ones. Messages speak of the shapes the learner passed; returned batched."""
    n_classes = scores.shape[CLASS_AXIS]
    input_shape, class_axis = (scores.shape[1:], 0) if unbatched else (scores.shape, CLASS_AXIS)
    expected = input_shape[:class_axis] + input_shape[class_axis + 1 :]
    wanted = "one integer class index" if unbatched else f"integer class indices of shape {expected}"
    one_hot = target.shape == input_shape and target.dtype.kind in "iufb" and np.isin(target, (0, 1)).all()
    one_hot_fix = f"It looks one-hot: pass class indices, target.argmax({'' if unbatched else class_axis})."
    if target.dtype.kind not in "iu":
        rule = f"hold {wanted}"
        if accepts_probabilities:
            rule += f", or float probabilities of the input's shape {input_shape}"
        if one_hot:
            fix = one_hot_fix
        elif target.dtype.kind == "f":
            fix = "Class indices stored as floats? use target.astype(int)."
        else:
            fix = "Use an integer array such as np.array([2, 0, 1])."
        raise fail(func, "target", rule, f"{target.dtype} of shape {target.shape}", fix, TypeError)
    if target.shape != expected:
        if one_hot:
            fix = one_hot_fix
        elif unbatched:
            fix = "One sample of shape (C,) has one class index."
        else:
            fix = f"One class index per sample; the input's class axis is axis {class_axis}."
        shape_rule = "be a single class index" if unbatched else f"have shape {expected}"
        raise fail(func, "target", f"{shape_rule} for input of shape {input_shape}", f"shape {target.shape}", fix)
    with np.errstate(over="ignore"):
        wrong = ((target < 0) | (target >= n_classes)) & (target != ignore_index)
    if wrong.any():
        value = int(target[tuple(np.argwhere(wrong)[0])])
        if value == n_classes and target.min() >= 1:
            fix = "Labels 1..C? subtract 1 so that they start at 0."
        elif value < 0:
            fix = f"Use ignore_index={value} to skip such targets."
        else:
            fix = f"With {n_classes} classes the indices run from 0 to {n_classes - 1}."
        raise fail(func, "target", f"hold class indices in [0, {n_classes})", str(value), fix)
    target = target.astype(np.int64)
    return target[np.newaxis] if unbatched else target


def _mean_over(total, denominator, func: str):
    if denominator == 0:
        raise fail(
            func,
            "target",
            "keep at least one target of non-zero weight for reduction='mean'",
            "none (every target is ignore_index or has weight 0)",
            "The mean over nothing is undefined (torch returns nan); use reduction='sum'.",
        )
    return total / denominator


def _reduce(losses: np.ndarray, denominator, reduction: str, unbatched: bool, func: str):
    if reduction == "none":
        return (losses[0] if unbatched else losses)[()]
    total = losses.sum()
    return total if reduction == "sum" else _mean_over(total, denominator, func)


def nll_loss(
    log_probs: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> np.ndarray:
    """Negative log-likelihood loss: pick ``-log_probs[n, target[n]]`` and average. It takes no log itself.

    Parameters
    ----------
    log_probs : array_like
        Log-probabilities (at most 0), e.g. from :func:`log_softmax`; shape (N, C),
        (N, C, d1, ..., dK) or (C,). The class axis is 1.
    target : array_like of int
        Class indices in [0, C) of shape (N, d1, ..., dK) (a scalar for (C,) input).
    weight : array_like, optional
        One non-negative weight per class, shape (C,).
    ignore_index : int, default -100
        Targets equal to it contribute nothing, to the sum and to the mean's denominator.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the total weight of the targets (N without ``weight``).

    Returns
    -------
    ndarray or scalar
        The loss; of the target's shape with ``reduction="none"``.

    Raises
    ------
    ValueError
        If ``log_probs`` holds NaN or positive values, a target is out of range or of the
        wrong shape, ``weight`` has the wrong length, ``reduction`` is unknown, or every
        target is ignored under ``reduction="mean"``.
    TypeError
        If ``target`` is not integer-typed or an argument is not numeric.

    Notes
    -----
    .. math:: \\ell_n = -w_{y_n} x_{n, y_n}, \\qquad
              \\text{mean} = \\frac{\\sum_n \\ell_n}{\\sum_n w_{y_n}}

    With ``log_softmax`` output this is ``-log P(y)``; not ``-log(log P(y))``.

    Examples
    --------
    >>> log_probs = np.log([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    >>> print(nll_loss(log_probs, [0, 2]).round(4))  # (-log 0.7 - log 0.8) / 2
    0.2899
    >>> print(nll_loss(log_probs, [0, 2], reduction="none").round(4))
    [0.3567 0.2231]
    """
    func = "nll_loss"
    log_probs = check_real(log_probs, func, "log_probs")
    positive = log_probs > 0
    if positive.any():
        raise fail(
            func,
            "log_probs",
            "hold log-probabilities (at most 0)",
            f"{log_probs.max():.6g}",
            "Pass log_softmax(logits, axis=1), not probabilities or logits.",
        )
    log_probs, unbatched, reduction, ignore_index = _common_arguments(
        log_probs, "log_probs", reduction, ignore_index, func
    )
    target = _check_class_target(as_array(target, func, "target"), log_probs, unbatched, ignore_index, func)
    weight = _check_weight(weight, log_probs.shape[CLASS_AXIS], log_probs.dtype, func)
    with np.errstate(over="ignore"):  # a weighted loss, or their sum, beyond float64 is inf, its limit
        losses, weights = unchecked.picked_nll(log_probs, target, weight, ignore_index)
        return _reduce(losses, weights.sum(), reduction, unbatched, func)


def _smoothing_losses(log_probs, target, weight, ignore_index):
    """Per-target ``-sum_c weight[c] * log_probs[c]`` (0 where ignored): the uniform part of label smoothing."""
    weight = weight.reshape((-1,) + (1,) * (log_probs.ndim - 2))
    with np.errstate(invalid="ignore"):
        terms = np.where(weight == 0, 0, -weight * log_probs)
    return np.where(target == ignore_index, 0, terms.sum(axis=CLASS_AXIS))


def _soft_target_losses(log_probs, probs, weight, label_smoothing):
    """Per-sample ``-sum_c weight[c] * p[c] * log_probs[c]`` for probability targets."""
    n_classes = log_probs.shape[CLASS_AXIS]
    probs = probs * (1 - label_smoothing) + label_smoothing / n_classes
    coefficient = probs * weight.reshape((-1,) + (1,) * (log_probs.ndim - 2))
    with np.errstate(invalid="ignore"):
        return np.where(coefficient == 0, 0, -coefficient * log_probs).sum(axis=CLASS_AXIS)


def cross_entropy_loss(
    logits: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> np.ndarray:
    """Cross-entropy loss on raw logits: ``log_softmax`` then ``nll_loss``, as ``torch.nn.functional.cross_entropy``.

    Parameters
    ----------
    logits : array_like
        Raw, unnormalised scores (no softmax or sigmoid applied); shape (N, C),
        (N, C, d1, ..., dK) or (C,). The class axis is 1. ``-inf`` masks a class out.
    target : array_like
        Either integer class indices in [0, C) of shape (N, d1, ..., dK), or float class
        probabilities of the logits' shape (soft labels), each summing to 1 over the classes.
    weight : array_like, optional
        One non-negative weight per class, shape (C,).
    ignore_index : int, default -100
        Class-index targets equal to it contribute nothing, to the sum and to the mean's
        denominator. Not used with probability targets.
    reduction : {"mean", "sum", "none"}, default "mean"
        For class indices "mean" divides by the total weight of the targets; for
        probability targets it divides by the number of samples N * d1 * ... * dK.
    label_smoothing : float, default 0.0
        In [0, 1]: the target becomes ``(1 - label_smoothing) * target + label_smoothing / C``.

    Returns
    -------
    ndarray or scalar
        The loss; per sample, of shape (N, d1, ..., dK), with ``reduction="none"``.

    Raises
    ------
    ValueError
        If ``logits`` holds NaN or ``+inf``, ``target`` has the wrong shape or values (out of
        range, one-hot, probabilities not summing to 1), ``weight`` has the wrong length,
        ``reduction`` is unknown, ``label_smoothing`` is outside [0, 1], or every target is
        ignored under ``reduction="mean"``.
    TypeError
        If an argument has the wrong type, e.g. float-typed class indices.

    Notes
    -----
    For class indices, with smoothing :math:`\\varepsilon` and :math:`C` classes,

    .. math:: \\ell_n = (1 - \\varepsilon)\\,w_{y_n}\\bigl(-z_{n,y_n} + \\log\\sum_j e^{z_{n,j}}\\bigr)
              + \\frac{\\varepsilon}{C} \\sum_c w_c \\bigl(-\\log\\mathrm{softmax}(z_n)_c\\bigr)

    and "mean" is :math:`\\sum_n \\ell_n / \\sum_n w_{y_n}`, which is not the plain mean of the
    ``reduction="none"`` losses when ``weight`` is given. ``log_softmax`` is computed as
    ``z - logsumexp(z)``, never as ``log(softmax(z))``.

    Examples
    --------
    >>> logits = [[0.8982, 0.805, 0.6393, 0.9983, 0.5731, 0.0469, 0.556, 0.1476, 0.8404, 0.5544]]
    >>> print(cross_entropy_loss(logits, [1]).round(4))
    2.1438
    >>> print(cross_entropy_loss([[2.0, 0.0], [0.0, 2.0]], [0, 0], reduction="none").round(4))
    [0.1269 2.1269]
    >>> print(cross_entropy_loss([[2.0, 0.0]], [[0.5, 0.5]]).round(4))  # a probability target
    1.1269
    """
    func = "cross_entropy_loss"
    logits = check_logits(logits, func)
    label_smoothing = check_number(
        label_smoothing, func, "label_smoothing", 0.0, 1.0, "Typical values are 0 (off) to 0.1."
    )
    passed_shape = logits.shape
    logits, unbatched, reduction, ignore_index = _common_arguments(logits, "logits", reduction, ignore_index, func)
    check_rows_not_all_masked(logits, CLASS_AXIS, func)
    target = as_array(target, func, "target")
    soft = target.dtype.kind == "f" and target.shape == passed_shape  # probabilities, not class indices
    if soft:
        probs = check_probabilities(target, func, "target")
        check_sums_to_one(probs, 0 if unbatched else CLASS_AXIS, func, "target")
        probs = (probs[np.newaxis] if unbatched else probs).astype(logits.dtype)
    else:
        target = _check_class_target(target, logits, unbatched, ignore_index, func, accepts_probabilities=True)
    weight = _check_weight(weight, logits.shape[CLASS_AXIS], logits.dtype, func)

    with np.errstate(over="ignore"):  # logits 1e308 apart: a log-probability, then a loss, beyond float64 is inf
        log_probs = unchecked.log_softmax(logits, CLASS_AXIS)  # (N, C, ...) log-probabilities
        if soft:
            losses = _soft_target_losses(log_probs, probs, weight, label_smoothing)
            return _reduce(losses, losses.size, reduction, unbatched, func)
        losses, weights = unchecked.picked_nll(log_probs, target, weight, ignore_index)
        if label_smoothing > 0:
            smooth = _smoothing_losses(log_probs, target, weight, ignore_index)
            losses = (1 - label_smoothing) * losses + label_smoothing / logits.shape[CLASS_AXIS] * smooth
        return _reduce(losses, weights.sum(), reduction, unbatched, func)


def cross_entropy_grad(
    logits: ArrayLike, target: ArrayLike, ignore_index: int = -100, reduction: str = "mean"
) -> np.ndarray:
    """The gradient of :func:`cross_entropy_loss` with respect to the logits: ``softmax(logits) - onehot(target)``.

    What ``loss.backward()`` leaves in ``logits.grad`` for ``F.cross_entropy(logits, target)``
    with class-index targets (no ``weight``, no ``label_smoothing``).

    Parameters
    ----------
    logits : array_like
        Raw scores of shape (N, C), (N, C, d1, ..., dK) or (C,); the class axis is 1.
        ``-inf`` masks a class out.
    target : array_like of int
        Class indices in [0, C) of shape (N, d1, ..., dK) (a scalar for (C,) logits).
    ignore_index : int, default -100
        Targets equal to it contribute nothing: their gradient is 0, and they do not count in
        the mean's denominator.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss being differentiated. "mean" divides by the number of targets
        not ignored. "sum" and "none" give the same array: each sample's loss depends only on its
        own logits, so its gradient with respect to them is ``softmax - onehot``.

    Returns
    -------
    ndarray
        Of the logits' shape and dtype. Along the class axis each gradient sums to 0: the true
        class's entry is ``p_y - 1 <= 0``, every other one ``p_c >= 0``.

    Raises
    ------
    ValueError
        If ``logits`` holds NaN or ``+inf`` or a slice along the class axis is all ``-inf``, a
        target is out of range or of the wrong shape, ``reduction`` is unknown, or every target
        is ignored under ``reduction="mean"``.
    TypeError
        If ``target`` is not integer-typed (one-hot or probability targets are not supported) or
        an argument is not numeric.

    Notes
    -----
    .. math:: \\ell_n = -z_{n,y_n} + \\log\\sum_j e^{z_{n,j}}, \\qquad
              \\frac{\\partial \\ell_n}{\\partial z_{n,c}} = \\mathrm{softmax}(z_n)_c - [c = y_n]

    and "mean" divides by :math:`N`. The softmax is computed as ``exp(z - logsumexp(z))``, so
    logits near 1000 give no overflow. A masked true class (``z_y = -inf``) has an infinite
    loss but a finite gradient, ``-1`` at ``y``, as in torch.

    Examples
    --------
    >>> print(cross_entropy_grad([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]], [0, 2]).round(4))
    [[-0.1705  0.1212  0.0493]
     [ 0.1667  0.1667 -0.3333]]
    >>> print(cross_entropy_grad([1000.0, 1001.0], 1).round(4))  # naive softmax: [nan nan]
    [ 0.2689 -0.2689]
    """
    func = "cross_entropy_grad"
    logits = check_logits(logits, func)
    logits, unbatched, reduction, ignore_index = _common_arguments(logits, "logits", reduction, ignore_index, func)
    check_rows_not_all_masked(logits, CLASS_AXIS, func)
    target = _check_class_target(as_array(target, func, "target"), logits, unbatched, ignore_index, func)
    grad, kept = unchecked.softmax_minus_onehot(unchecked.log_softmax(logits, CLASS_AXIS), target, ignore_index)
    if reduction == "mean":
        grad = _mean_over(grad, kept, func)
    grad = grad.astype(logits.dtype, copy=False)
    return grad[0] if unbatched else grad
