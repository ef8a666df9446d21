"""Probability, odds, log-odds and the softmax family: NumPy reference implementations.

Every function keeps float32 as float32 and float64 as float64 (integers become float64),
returns a NumPy scalar for scalar input, and emits no floating-point warnings.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _unchecked as unchecked
from .validation import (
    check_axis,
    check_flag,
    check_logits,
    check_probabilities,
    check_real,
    check_rows_not_all_masked,
    fail,
)


def odds(p: ArrayLike) -> np.ndarray:
    """Odds of an event with probability ``p``: the chance of winning over the chance of losing.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1].

    Returns
    -------
    ndarray or scalar
        ``p / (1 - p)``, in [0, inf]; ``p = 1`` gives ``inf``.

    Raises
    ------
    ValueError
        If ``p`` holds NaN or values outside [0, 1].
    TypeError
        If ``p`` is not made of real numbers.

    Notes
    -----
    .. math:: \\mathrm{odds}(p) = \\frac{p}{1 - p}

    Odds are not symmetric: ``odds(0.9) = 9`` but ``odds(0.1) = 1/9``.

    Examples
    --------
    >>> print(odds(0.75))
    3.0
    >>> print(odds([0.1, 0.5, 0.9]).round(4))
    [0.1111 1.     9.    ]
    """
    p = check_probabilities(p, "odds", "p")
    with np.errstate(divide="ignore"):
        return (p / (1 - p))[()]


def odds_to_prob(odds: ArrayLike) -> np.ndarray:
    """Probability of an event whose odds are ``odds``: the inverse of :func:`odds`.

    Parameters
    ----------
    odds : array_like
        Odds in [0, inf].

    Returns
    -------
    ndarray or scalar
        ``odds / (1 + odds)``, in [0, 1]; ``inf`` gives 1.

    Raises
    ------
    ValueError
        If ``odds`` holds NaN or negative values.
    TypeError
        If ``odds`` is not made of real numbers.

    Notes
    -----
    .. math:: p = \\frac{\\mathrm{odds}}{1 + \\mathrm{odds}}

    Examples
    --------
    >>> print(odds_to_prob(3))
    0.75
    >>> print(odds_to_prob([0, 1, float("inf")]))
    [0.  0.5 1. ]
    """
    values = check_real(odds, "odds_to_prob", "odds")
    if (values < 0).any():
        raise fail(
            "odds_to_prob",
            "odds",
            "be non-negative",
            f"{values.min():.6g}",
            "Odds are a ratio of two probabilities; did you pass a log-odds? use sigmoid().",
        )
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(values), 1.0, values / (1 + values)).astype(values.dtype)[()]


def logit(p: ArrayLike) -> np.ndarray:
    """Log-odds of an event with probability ``p``; the inverse of :func:`sigmoid`.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1].

    Returns
    -------
    ndarray or scalar
        ``log(p / (1 - p))``, any real number; ``p = 0`` gives ``-inf`` and ``p = 1`` gives ``inf``.

    Raises
    ------
    ValueError
        If ``p`` holds NaN or values outside [0, 1].
    TypeError
        If ``p`` is not made of real numbers.

    Notes
    -----
    .. math:: \\mathrm{logit}(p) = \\log\\frac{p}{1 - p} = \\log p - \\log(1 - p)

    Computed as ``log(p) - log1p(-p)``, which keeps its precision for ``p`` near 0 and 1.
    It is odd about 1/2: ``logit(1 - p) = -logit(p)``, and ``logit(0.5) = 0``.

    Examples
    --------
    >>> print(logit(0.5))
    0.0
    >>> print(logit([0.1, 0.9]).round(4))
    [-2.1972  2.1972]
    """
    p = check_probabilities(p, "logit", "p")
    with np.errstate(divide="ignore"):
        return (np.log(p) - np.log1p(-p))[()]


def sigmoid(z: ArrayLike) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-z))``: turns a log-odds into a probability.

    Parameters
    ----------
    z : array_like
        Real numbers; ``-inf`` and ``inf`` are allowed.

    Returns
    -------
    ndarray or scalar
        Probabilities in [0, 1].

    Raises
    ------
    ValueError
        If ``z`` holds NaN.
    TypeError
        If ``z`` is not made of real numbers.

    Notes
    -----
    .. math:: \\sigma(z) = \\frac{1}{1 + e^{-z}} = \\frac{e^{z}}{e^{z} + 1}

    The naive first form overflows in ``exp(-z)`` for ``z`` below about -710 (float64).
    Both forms are exact, so each ``z`` uses the one whose exponential is at most 1:
    the first for ``z >= 0``, the second for ``z < 0``.

    Examples
    --------
    >>> print(sigmoid(0.0))
    0.5
    >>> print(sigmoid([-1000.0, 2.0, 1000.0]).round(4))
    [0.     0.8808 1.    ]
    """
    return unchecked.sigmoid(check_real(z, "sigmoid", "z"))[()]


def logsumexp(x: ArrayLike, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    """``log(sum(exp(x)))`` along ``axis``, computed without overflow.

    Parameters
    ----------
    x : array_like
        Real numbers or ``-inf`` (masked entries); at least one dimension.
    axis : int, default -1
        The axis to reduce.
    keepdims : bool, default False
        Keep the reduced axis with length 1, for broadcasting against ``x``.

    Returns
    -------
    ndarray or scalar
        The reduced values; ``-inf`` where every entry along ``axis`` is ``-inf``.

    Raises
    ------
    ValueError
        If ``x`` holds NaN or ``+inf``, or ``axis`` is out of range.
    TypeError
        If ``x`` is not made of real numbers, ``axis`` is not an integer or ``keepdims`` not a bool.

    Notes
    -----
    .. math:: \\log\\sum_j e^{x_j} = m + \\log\\sum_j e^{x_j - m},\\quad m = \\max_j x_j

    The shift by the maximum is exact, and afterwards every exponent is at most 0.

    Examples
    --------
    >>> print(logsumexp([1000.0, 1000.0]).round(4))  # naive: log(inf) = inf
    1000.6931
    >>> print(logsumexp([[0.0, 0.0], [1.0, 2.0]], axis=1).round(4))
    [0.6931 2.3133]
    """
    x = check_logits(x, "logsumexp", "x")
    axis = check_axis(axis, x, "logsumexp", "x")
    keepdims = check_flag(keepdims, "logsumexp", "keepdims", "Pass keepdims=True to keep the reduced axis.")
    return unchecked.logsumexp(x, axis, keepdims)[()]


def softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    """Turn logits (log-odds up to a constant) into probabilities along ``axis``.

    Parameters
    ----------
    logits : array_like
        Real scores; ``-inf`` masks a class out. At least one dimension.
    axis : int, default -1
        The class axis: ``-1`` for one vector, ``1`` (or ``-1``) for a batch of shape (N, C).

    Returns
    -------
    ndarray
        Same shape as ``logits``; non-negative, summing to 1 along ``axis``.

    Raises
    ------
    ValueError
        If ``logits`` holds NaN or ``+inf``, a whole slice along ``axis`` is ``-inf``,
        or ``axis`` is out of range.
    TypeError
        If ``logits`` is not made of real numbers or ``axis`` is not an integer.

    Notes
    -----
    .. math:: \\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}
              = \\frac{e^{z_i - m}}{\\sum_j e^{z_j - m}},\\quad m = \\max_j z_j

    Adding one constant to every logit changes nothing (shift invariance), so subtracting the
    maximum of each slice is exact; the naive form returns NaN (inf / inf) for logits near 1000.

    Examples
    --------
    >>> print(softmax([1.0, 2.0, 3.0]).round(4))
    [0.09   0.2447 0.6652]
    >>> print(softmax([1000.0, 1001.0]).round(4))  # naive: [nan nan]
    [0.2689 0.7311]
    """
    logits = check_logits(logits, "softmax")
    axis = check_axis(axis, logits, "softmax", "logits")
    check_rows_not_all_masked(logits, axis, "softmax")
    return unchecked.softmax(logits, axis)


def log_softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    """Log-probabilities ``logits - logsumexp(logits)`` along ``axis``, without ``log(0)``.

    Parameters
    ----------
    logits : array_like
        Real scores; ``-inf`` masks a class out (its log-probability is ``-inf``).
    axis : int, default -1
        The class axis.

    Returns
    -------
    ndarray
        Same shape as ``logits``; every entry at most 0.

    Raises
    ------
    ValueError
        If ``logits`` holds NaN or ``+inf``, a whole slice along ``axis`` is ``-inf``,
        or ``axis`` is out of range.
    TypeError
        If ``logits`` is not made of real numbers or ``axis`` is not an integer.

    Notes
    -----
    .. math:: \\log\\mathrm{softmax}(z)_i = z_i - \\log\\sum_j e^{z_j}

    ``np.log(softmax(z))`` gives ``-inf`` once a probability underflows to 0, e.g. for
    ``z = [0, -800]``; this form gives the exact ``-800``.

    Examples
    --------
    >>> print(log_softmax([0.0, -800.0]).round(4))
    [   0. -800.]
    >>> print(log_softmax([[1.0, 1.0], [0.0, 2.0]], axis=1).round(4))
    [[-0.6931 -0.6931]
     [-2.1269 -0.1269]]
    """
    logits = check_logits(logits, "log_softmax")
    axis = check_axis(axis, logits, "log_softmax", "logits")
    check_rows_not_all_masked(logits, axis, "log_softmax")
    return unchecked.log_softmax(logits, axis)
