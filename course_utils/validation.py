"""Input checks shared by every public function of `course_utils`.

Each check raises ``TypeError`` or ``ValueError`` with one message pattern:
``"<function>: <argument> must <rule>; got <what it got>. <how to fix>"``.
"""

from __future__ import annotations

import numbers

import numpy as np

REDUCTIONS = ("none", "mean", "sum")


def fail(func: str, name: str, rule: str, got: str, fix: str = "", error: type = ValueError):
    """Build the house-style error; the caller raises it."""
    message = f"{func}: {name} must {rule}; got {got}."
    if fix:
        message += f" {fix}"
    return error(message)


def _at(mask: np.ndarray) -> str:
    """Where ``mask`` first holds, as " at index (i, j)" (nothing for a scalar), for error messages."""
    index = tuple(int(i) for i in np.argwhere(mask)[0])
    return f" at index {index}" if index else ""


def as_float_array(value, func: str, name: str) -> np.ndarray:
    """Return ``value`` as a float32 or float64 array; reject anything not made of real numbers.

    float32 and float64 keep their dtype, float16 becomes float32, integers become float64.
    """
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists, tensors that need .detach(), GPU tensors, ...
        raise fail(func, name, "be an array of real numbers", f"{type(value).__name__} ({exc})",
                   "Ragged lists need equal lengths; a torch tensor needs .detach().cpu().numpy().",
                   TypeError) from None
    kind = array.dtype.kind
    if kind == "f":
        if array.dtype == np.float16:
            return array.astype(np.float32)
        if array.dtype not in (np.float32, np.float64):
            return array.astype(np.float64)
        return array
    if kind in "iu":
        return array.astype(np.float64)
    hint = "Convert with .astype(float) if 0/1 is meant." if kind == "b" else ""
    raise fail(func, name, "be an array of real numbers", f"dtype {array.dtype}", hint, TypeError)


def reject_nan(array: np.ndarray, func: str, name: str) -> None:
    nan = np.isnan(array)
    if nan.any():
        raise fail(func, name, "not contain NaN", f"NaN{_at(nan)}",
                   "NaN usually comes from an earlier step: 0/0, inf - inf or log of a negative number.")


def check_real(value, func: str, name: str) -> np.ndarray:
    """A float array with no NaN (inf allowed)."""
    array = as_float_array(value, func, name)
    reject_nan(array, func, name)
    return array


def check_logits(value, func: str, name: str = "logits") -> np.ndarray:
    """Real scores: no NaN, no +inf; -inf is allowed as a mask."""
    array = check_real(value, func, name)
    plus_inf = np.isposinf(array)
    if plus_inf.any():
        raise fail(func, name, "be finite or -inf (a mask)", f"+inf{_at(plus_inf)}",
                   "A +inf score has no probability; use a large finite number instead.")
    return array


def check_in_unit_interval(array: np.ndarray, func: str, name: str) -> None:
    outside = (array < 0) | (array > 1)
    if outside.any():
        value = array[tuple(np.argwhere(outside)[0])]
        raise fail(func, name, "hold probabilities in [0, 1]", f"{value:.6g}{_at(outside)}",
                   "Odds, scores or logits? Turn them into probabilities first (odds_to_prob, sigmoid, softmax).")


def sum_tolerance(dtype: np.dtype) -> float:
    """How far a distribution's sum may stray from 1: float32 rounding is ~1e-7 per term."""
    return 1e-4 if dtype == np.float32 else 1e-6


def check_probabilities(value, func: str, name: str) -> np.ndarray:
    """Probabilities in [0, 1], element by element."""
    array = check_real(value, func, name)
    check_in_unit_interval(array, func, name)
    return array


def check_sums_to_one(array: np.ndarray, axis: int, func: str, name: str) -> None:
    totals = array.sum(axis=axis)
    tolerance = sum_tolerance(array.dtype)
    off = np.abs(totals - 1) > tolerance
    if off.any():
        total = np.asarray(totals)[tuple(np.argwhere(off)[0])]
        raise fail(func, name, f"sum to 1 along axis {axis} (tolerance {tolerance:g})",
                   f"a sum of {total:.6g}{_at(off)}",
                   f"Normalise with {name} / {name}.sum(axis={axis}, keepdims=True).")


def check_distribution(value, func: str, name: str, axis) -> tuple[np.ndarray, int]:
    """Distributions along ``axis``: probabilities summing to 1; returns the array and the axis."""
    array = check_probabilities(value, func, name)
    axis = check_axis(axis, array, func, name)
    check_sums_to_one(array, axis, func, name)
    return array, axis


def check_axis(axis, array: np.ndarray, func: str, name: str) -> int:
    """A valid axis of ``array`` with at least one entry along it; returned non-negative."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise fail(func, "axis", "be an integer", repr(axis), "Use axis=-1 for the last axis.", TypeError)
    if array.ndim == 0:
        raise fail(func, name, "have at least one dimension", "a scalar",
                   f"Wrap it in a list, e.g. [{array.item()!r}].")
    if not -array.ndim <= axis < array.ndim:
        raise fail(func, "axis", f"lie in [{-array.ndim}, {array.ndim - 1}] for {name} of shape {array.shape}",
                   str(axis), "Use axis=-1 (or axis=1 for a batch of shape (N, C)).")
    axis = int(axis) % array.ndim
    if array.shape[axis] == 0:
        raise fail(func, name, f"have at least one entry along axis {axis}", f"shape {array.shape}")
    return axis


def check_same_shape(p: np.ndarray, q: np.ndarray, func: str) -> None:
    if p.shape != q.shape:
        raise fail(func, "p and q", "have the same shape", f"{p.shape} and {q.shape}",
                   "Both must be distributions over the same outcomes.")


def check_base(base, func: str) -> float | None:
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise fail(func, "base", "be a number or None", repr(base), "Use base=2 for bits, None for nats.", TypeError)
    if not (np.isfinite(base) and base > 0 and base != 1):
        raise fail(func, "base", "be positive, finite and not 1", repr(base), "Use base=2 for bits, None for nats.")
    return float(base)


def check_reduction(reduction, func: str) -> str:
    if reduction not in REDUCTIONS:
        raise fail(func, "reduction", "be one of 'none', 'mean', 'sum'", repr(reduction),
                   "'mean' averages over the targets, 'sum' adds them, 'none' keeps one loss each.")
    return reduction
