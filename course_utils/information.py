"""Entropy, cross-entropy and KL divergence between discrete distributions (NumPy references).

All three treat ``0 log 0`` as 0, work in nats unless ``base`` says otherwise, and keep the
input's float dtype.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .validation import (
    check_axis,
    check_base,
    check_distribution,
    check_probabilities,
    check_same_shape,
    check_sums_to_one,
)


def _p_log_q(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``p * log(q)`` with ``0 * log(anything) = 0`` (scipy's ``xlogy``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p == 0, 0, p * np.log(q))


def _in_base(nats: np.ndarray, base: float | None) -> np.ndarray:
    return nats if base is None else nats / np.log(base).astype(nats.dtype)


def _check_pair(p, q, axis, base, func: str) -> tuple[np.ndarray, np.ndarray, int, float | None]:
    p = check_probabilities(p, func, "p")
    q = check_probabilities(q, func, "q")
    check_same_shape(p, q, func)
    axis = check_axis(axis, p, func, "p")
    check_sums_to_one(p, axis, func, "p")
    check_sums_to_one(q, axis, func, "q")
    dtype = np.result_type(p, q)
    return p.astype(dtype), q.astype(dtype), axis, check_base(base, func)


def entropy(probs: ArrayLike, axis: int = -1, base: float | None = None) -> np.ndarray:
    """Shannon entropy ``H(p) = -sum p log p``: the average surprise of a distribution.

    Parameters
    ----------
    probs : array_like
        Probabilities in [0, 1] summing to 1 along ``axis``.
    axis : int, default -1
        The axis that runs over the outcomes.
    base : float, optional
        Logarithm base: None for nats (natural log), 2 for bits.

    Returns
    -------
    ndarray or scalar
        Entropy, reduced along ``axis``; between 0 and ``log(K)`` for K outcomes.

    Raises
    ------
    ValueError
        If ``probs`` holds NaN, values outside [0, 1], slices not summing to 1, or ``base``
        is not positive or equals 1.
    TypeError
        If ``probs`` is not made of real numbers.

    Notes
    -----
    .. math:: H(p) = -\\sum_i p_i \\log p_i, \\qquad 0 \\log 0 = 0

    Written naively, ``0 * np.log(0)`` is ``0 * -inf = nan``; zeros contribute 0 here.

    Examples
    --------
    >>> print(entropy([0.5, 0.5]).round(4))
    0.6931
    >>> print(entropy([0.1, 0.9]).round(4), entropy([1.0, 0.0]).round(4))
    0.3251 0.0
    >>> print(entropy([0.5, 0.5], base=2))
    1.0
    """
    p, axis = check_distribution(probs, "entropy", "probs", axis)
    base = check_base(base, "entropy")
    return _in_base(0.0 - np.sum(_p_log_q(p, p), axis=axis), base)[()]  # 0.0 - x, not -x: no -0.0


def cross_entropy(p: ArrayLike, q: ArrayLike, axis: int = -1, base: float | None = None) -> np.ndarray:
    """Cross-entropy ``H(p, q) = -sum p log q``: the average surprise under ``q`` of outcomes drawn from ``p``.

    Parameters
    ----------
    p : array_like
        The true distribution (probabilities summing to 1 along ``axis``).
    q : array_like
        The model's distribution, same shape as ``p``.
    axis : int, default -1
        The axis that runs over the outcomes.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    ndarray or scalar
        ``H(p, q) >= H(p)``; ``inf`` where ``q`` gives 0 to an outcome that ``p`` does not.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid distribution along ``axis``, their shapes differ,
        or ``base`` is invalid.
    TypeError
        If ``p`` or ``q`` is not made of real numbers.

    Notes
    -----
    .. math:: H(p, q) = -\\sum_i p_i \\log q_i = H(p) + D_{KL}(p \\| q)

    This is the distribution-to-distribution quantity; the training loss built on it, with
    logits and class indices, is :func:`course_utils.cross_entropy_loss`.

    Examples
    --------
    >>> print(cross_entropy([0.5, 0.5], [0.5, 0.5]).round(4))
    0.6931
    >>> print(cross_entropy([0.0, 1.0, 0.0], [0.2, 0.7, 0.1]).round(4))  # one-hot p: -log q_y
    0.3567
    """
    p, q, axis, base = _check_pair(p, q, axis, base, "cross_entropy")
    return _in_base(0.0 - np.sum(_p_log_q(p, q), axis=axis), base)[()]


def kl_divergence(p: ArrayLike, q: ArrayLike, axis: int = -1, base: float | None = None) -> np.ndarray:
    """Kullback-Leibler divergence ``KL(p || q) = sum p log(p / q)``: the extra surprise of using ``q`` for ``p``.

    Parameters
    ----------
    p : array_like
        The reference distribution (probabilities summing to 1 along ``axis``).
    q : array_like
        The approximating distribution, same shape as ``p``.
    axis : int, default -1
        The axis that runs over the outcomes.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    ndarray or scalar
        ``KL(p || q) >= 0``, zero only where ``p == q``; ``inf`` where ``q`` gives 0 to an
        outcome that ``p`` does not.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid distribution along ``axis``, their shapes differ,
        or ``base`` is invalid.
    TypeError
        If ``p`` or ``q`` is not made of real numbers.

    Notes
    -----
    .. math:: D_{KL}(p \\| q) = \\sum_i p_i \\log\\frac{p_i}{q_i} = H(p, q) - H(p)

    Not symmetric: ``KL(p || q) != KL(q || p)`` in general, so it is not a distance.
    ``torch.nn.functional.kl_div(log_q, p)`` computes ``KL(p || q)``: log of the model first.

    Examples
    --------
    >>> print(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> print(kl_divergence([0.1, 0.9], [0.5, 0.5]).round(4), kl_divergence([0.5, 0.5], [0.1, 0.9]).round(4))
    0.3681 0.5108
    >>> print(kl_divergence([0.3, 0.3, 0.4], [0.3, 0.30000000000000004, 0.39999999999999997]))  # never below 0
    0.0
    """
    p, q, axis, base = _check_pair(p, q, axis, base, "kl_divergence")
    # KL >= 0 exactly; in floating point the sum of p log(p / q) for nearly equal p and q can round to a tiny
    # negative number (-2.8e-17): 0 is the nearest value that keeps the promise.
    return _in_base(np.maximum(np.sum(_p_log_q(p, p) - _p_log_q(p, q), axis=axis), 0.0), base)[()]
