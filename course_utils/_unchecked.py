"""The arithmetic behind the public functions of `numerics` and `losses`, on arrays already checked.

Nothing here validates its input: each function trusts that its arrays are floats with no NaN and no
``+inf`` (``-inf`` masks a class out), that ``axis`` is in range and that class indices lie in [0, C)
or equal ``ignore_index``. The public functions check what a learner passes once and then call these;
the training loop of `course_utils.digit_classifier` calls them directly, hundreds of times, on arrays
it made itself. No floating-point warning escapes for such input. For losses, the class axis is 1.
"""

from __future__ import annotations

import numpy as np

CLASS_AXIS = 1


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, each entry by the form whose exponential is at most 1."""
    small = np.exp(-np.abs(z))  # e^{-|z|} <= 1: never overflows
    return np.where(z >= 0, 1 / (1 + small), small / (1 + small))


def logsumexp(x: np.ndarray, axis: int, keepdims: bool = False) -> np.ndarray:
    """``log(sum(exp(x)))`` along ``axis``, shifted by the maximum; ``-inf`` for a slice of only ``-inf``."""
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0)  # a row of only -inf: keep exp(x - top) = 0
    with np.errstate(divide="ignore", over="ignore"):  # x - top below -1.8e308 is -inf, and exp(-inf) = 0 exactly
        out = np.log(np.sum(np.exp(x - top), axis=axis, keepdims=True)) + top
    return out if keepdims else np.squeeze(out, axis=axis)


def softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """``exp(x)`` normalised along ``axis``, shifted by the maximum; no slice may be only ``-inf``."""
    with np.errstate(over="ignore"):  # a gap beyond 1.8e308 is -inf, and exp(-inf) = 0 exactly
        shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


def log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """``x - logsumexp(x)`` along ``axis``: never ``log(softmax(x))``, which is ``-inf`` where softmax underflows."""
    with np.errstate(over="ignore"):  # a log-probability below -1.8e308 is -inf, its float64 limit
        return x - logsumexp(x, axis, keepdims=True)


def picked_nll(
    log_probs: np.ndarray, target: np.ndarray, weight: np.ndarray, ignore_index: int = -100
) -> tuple[np.ndarray, np.ndarray]:
    """Per-target losses ``-weight[y] * log_probs[y]`` (0 where ignored) and the weights used; ``log_probs``
    batched, (N, C, ...), and ``target`` (N, ...)."""
    ignored = target == ignore_index
    safe = np.where(ignored, 0, target)
    picked = np.squeeze(
        np.take_along_axis(log_probs, np.expand_dims(safe, CLASS_AXIS), axis=CLASS_AXIS), axis=CLASS_AXIS
    )
    weights = np.where(ignored, 0, weight[safe]).astype(log_probs.dtype)
    with np.errstate(invalid="ignore"):  # weight 0 times a masked -inf: the term is dropped
        return np.where(weights == 0, 0, -weights * picked), weights


def softmax_minus_onehot(log_probs: np.ndarray, target: np.ndarray, ignore_index: int = -100) -> tuple[np.ndarray, int]:
    """Each sample's gradient of its cross-entropy with respect to its logits, ``softmax - onehot(target)``
    (0 where ignored), from the log-probabilities (N, C, ...); and the number of targets not ignored."""
    classes = np.arange(log_probs.shape[CLASS_AXIS]).reshape((-1,) + (1,) * (log_probs.ndim - 2))  # (C, 1, ...)
    target = np.expand_dims(target, CLASS_AXIS)  # (N, 1, ...)
    grad = np.exp(log_probs) - (target == classes)  # minus the one-hot targets
    kept = target != ignore_index
    if not kept.all():
        grad = np.where(kept, grad, 0)
    return grad, int(kept.sum())


def mean_cross_entropy_and_grad(logits: np.ndarray, target: np.ndarray, axis: int = CLASS_AXIS) -> tuple:
    """``CrossEntropyLoss()(logits, target)`` for finite 2-D logits with the classes along ``axis`` (0 or 1)
    and one class index per sample, and its gradient with respect to ``logits``, ``(softmax - onehot) / N``.

    A training loop's fast path: one exponential per logit serves both, where the public functions take
    ``log_softmax`` and then its exponential; the results agree with theirs to the last bit or two."""
    shifted = logits - np.max(logits, axis=axis, keepdims=True)
    grad = np.exp(shifted)
    total = np.sum(grad, axis=axis, keepdims=True)
    samples = np.arange(target.size)
    true_class = (target, samples) if axis == 0 else (samples, target)
    loss = np.log(total).mean() - shifted[true_class].mean()  # the mean of log(sum exp) - z_y, shifted
    grad /= total * target.size
    grad[true_class] -= 1 / target.size  # (softmax - onehot) / N
    return loss, grad
