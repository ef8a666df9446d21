"""Input checks shared by every public function of `course_utils`.

Each check raises ``TypeError`` or ``ValueError`` with one message pattern:
``"<function>: <argument> must <rule>; got <what it got>. <how to fix>"``.

Arrays come in as anything NumPy turns into numbers: numbers, (nested) lists, NumPy arrays, and torch
tensors on the CPU that do not require grad. A masked array is taken when nothing in it is masked and
rejected otherwise: NumPy's conversion drops the mask, so its hidden entries would count.
"""

from __future__ import annotations

import math
import numbers
import re
import sys

import numpy as np

REDUCTIONS = ("none", "mean", "sum")
NUMBERS_FIX = "Pass real numbers: a number, a list of numbers or a NumPy array."


def fail(func: str, name: str, rule: str, got: str, fix: str = "", error: type = ValueError):
    """Build the house-style error; the caller raises it."""
    message = f"{func}: {name} must {rule}; got {got}."
    if fix:
        message += f" {fix}"
    return error(message)


_MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def shown(value) -> str:
    """``value`` as an error message quotes it: short, on one line, and without a memory address.

    Examples
    --------
    >>> shown(0.5), shown("0.5"), shown(np.float32(2.0)), shown(np.ones((2, 3))), shown(object())
    ('0.5', "'0.5'", '2.0', 'an array of shape (2, 3)', 'object')
    >>> shown([object()]), shown(list(range(100))), shown(10 ** 5000)
    ('[<object object>]', '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,… (100 items)', 'an int of about 5,000 digits')
    """
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, np.generic):  # a NumPy scalar: np.float32(2.0) reads as 2.0
        value = value.item()
    if isinstance(value, int) and abs(value) >= 10**40:  # repr refuses ints over 4,300 digits
        return f"an int of about {value.bit_length() * math.log10(2):,.0f} digits"
    if value is None or isinstance(value, (numbers.Number, str, bytes, list, tuple, dict)):
        try:
            text = " ".join(repr(value).split())  # one line, even for a list of arrays
        except Exception:  # a learner's object inside the list whose repr raises
            return f"a {type(value).__name__}"
        text = _MEMORY_ADDRESS.sub("", text)
        if len(text) <= 40:
            return text
        text = text[:36].rsplit(" ", 1)[0]  # cut between words
        if isinstance(value, (str, bytes)):
            return f"{text}… ({len(value)} characters)"
        if isinstance(value, (list, tuple, dict)):
            return f"{text}… ({len(value)} items)"
        return text + "…"
    return type(value).__name__


def _as_float(value: numbers.Real) -> float:
    try:
        return float(value)
    except OverflowError:  # an int beyond float64's range
        return math.inf if value > 0 else -math.inf


def is_number(value) -> bool:
    """Whether ``value`` is a real number, NumPy's included; a bool is not one here (``True + True`` is 2)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_integer(value, func: str, name: str, rule: str = "be an integer", fix: str = "") -> int:
    """``value`` as an int: an integer, NumPy's included, not a bool; else a ``TypeError`` saying it must ``rule``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise fail(func, name, rule, shown(value), fix, TypeError)
    return int(value)


def check_number(value, func: str, name: str, low: float = -math.inf, high: float = math.inf, fix: str = "") -> float:
    """``value`` as a float: a real number (a NumPy scalar or a 0-d array will do, a bool will not), finite,
    in [low, high]; or the house-style error naming ``func`` and ``name``, with ``fix`` as its last sentence.

    Examples
    --------
    >>> check_number(np.float32(0.25), "demo", "p", 0, 1, "Pass a probability.")
    0.25
    >>> check_number(True, "demo", "p", 0, 1, "Pass a probability, e.g. p=0.5.")
    Traceback (most recent call last):
    TypeError: demo: p must be a number; got True. Pass a probability, e.g. p=0.5.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not is_number(value):
        raise fail(func, name, "be a number", shown(value), fix, TypeError)
    number = _as_float(value)
    if not (math.isfinite(number) and low <= number <= high):
        rule = "be finite" if (low, high) == (-math.inf, math.inf) else f"lie in [{low:g}, {high:g}]"
        raise fail(func, name, rule, shown(value), fix)
    return number


def check_index(value, func: str, name: str, low: int, high: int, what: str, fix: str = "") -> int:
    """``value`` as an int in [low, high): an integer (a NumPy integer or a 0-d array will do, a bool or 1.0 will
    not); or the house-style error, which calls it ``what`` (e.g. "a class index").

    Examples
    --------
    >>> check_index(np.int64(2), "demo", "target", 0, 3, "a class index")
    2
    >>> check_index(3, "demo", "target", 0, 3, "a class index", "Class indices start at 0.")
    Traceback (most recent call last):
    ValueError: demo: target must be a class index in [0, 3); got 3. Class indices start at 0.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    value = check_integer(value, func, name, f"be {what}, an integer", fix)
    if not low <= value < high:
        raise fail(func, name, f"be {what} in [{low}, {high})", shown(value), fix)
    return value


def _at(mask: np.ndarray) -> str:
    """Where ``mask`` first holds, as " at index (i, j)" (nothing for a scalar), for error messages."""
    index = tuple(int(i) for i in np.argwhere(mask)[0])
    return f" at index {index}" if index else ""


def _torch_tensor_problem(value) -> str:
    """Why the torch tensor ``value`` cannot become a NumPy array as it is ("" if it can); torch is not imported."""
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(value, torch.Tensor):
        return ""
    if value.device.type != "cpu":
        return f"a torch tensor on the {value.device.type} device"
    return "a torch tensor that requires grad" if value.requires_grad else ""


def as_array(value, func: str, name: str) -> np.ndarray:
    """``value`` as a NumPy array of any dtype, or the house-style error saying why it is not one.

    Examples
    --------
    >>> as_array([[1, 2], [3]], "demo", "x")
    Traceback (most recent call last):
    TypeError: demo: x must be an array with rows of equal length; got [[1, 2], [3]]. Pad the short rows or \
pass them one at a time.
    >>> as_array(np.ma.masked_array([1.0, 2.0], mask=[False, True]), "demo", "x")
    Traceback (most recent call last):
    ValueError: demo: x must have no masked entries (they would count); got 1 masked. Fill them in, e.g. \
x.filled(0.0), or keep the others with x.compressed().
    """
    if np.ma.isMaskedArray(value):
        hidden = int(np.ma.count_masked(value))
        if hidden:
            raise fail(
                func,
                name,
                "have no masked entries (they would count)",
                f"{hidden} masked",
                f"Fill them in, e.g. {name}.filled(0.0), or keep the others with {name}.compressed().",
            )
        value = value.data
    tensor_problem = _torch_tensor_problem(value)
    if tensor_problem:
        raise fail(
            func,
            name,
            "be an array of numbers",
            tensor_problem,
            f"Pass {name}.detach().cpu().numpy(), or compute it with NumPy.",
            TypeError,
        )
    try:
        return np.asarray(value)
    except ValueError as exc:
        if "inhomogeneous" not in str(exc):
            raise fail(
                func, name, "be an array of numbers", f"{shown(value)}, which NumPy could not convert", NUMBERS_FIX
            ) from None
        raise fail(
            func,
            name,
            "be an array with rows of equal length",
            shown(value),
            "Pad the short rows or pass them one at a time.",
            TypeError,
        ) from None
    except Exception:  # e.g. an object whose __array__ raises
        raise fail(
            func,
            name,
            "be an array of numbers",
            f"{shown(value)}, which NumPy could not convert",
            NUMBERS_FIX,
            TypeError,
        ) from None


def _dtype_fix(kind: str, name: str) -> str:
    if kind == "b":
        return f"Convert with {name}.astype(float) if 0/1 is meant."
    if kind == "c":
        return f"Complex numbers have no order; if the imaginary parts are 0, pass {name}.real."
    return NUMBERS_FIX


def as_float_array(value, func: str, name: str) -> np.ndarray:
    """Return ``value`` as a float32 or float64 array; reject anything not made of real numbers.

    float32 and float64 keep their dtype, float16 becomes float32, integers become float64.

    Examples
    --------
    >>> as_float_array([1, 2], "demo", "x")
    array([1., 2.])
    >>> as_float_array("12", "demo", "x")
    Traceback (most recent call last):
    TypeError: demo: x must be an array of real numbers; got '12'. Pass real numbers: a number, a list of numbers \
or a NumPy array.
    """
    array = as_array(value, func, name)
    kind = array.dtype.kind
    if kind == "f":
        if array.dtype == np.float16:
            return array.astype(np.float32)
        if array.dtype not in (np.float32, np.float64):
            return array.astype(np.float64)
        return array
    if kind in "iu":
        return array.astype(np.float64)
    got = f"an array of dtype {array.dtype}" if isinstance(value, np.ndarray) else shown(value)
    raise fail(func, name, "be an array of real numbers", got, _dtype_fix(kind, name), TypeError)


def check_text(value, func: str, name: str, example: str = "", blank: bool = True) -> str:
    """``value``, a str (a blank one only if ``blank``); else the house-style error, whose fix shows
    ``name="example"`` when an example is given."""
    if not isinstance(value, str):
        fix = f'Pass the text to show, e.g. {name}="{example}".' if example else ""
        raise fail(func, name, "be a string", shown(value), fix, TypeError)
    if not blank and not value.strip():
        raise fail(func, name, "not be blank", repr(value), f"Write the {name} learners will see.")
    return value


def check_tolerance(value, func: str, name: str) -> float:
    """``value``, an ``rtol`` or ``atol``, as a float: a finite, non-negative number."""
    if not is_number(value):
        raise fail(func, name, "be a real number", shown(value), f"Use e.g. {name}=1e-6.", TypeError)
    number = _as_float(value)
    if not (math.isfinite(number) and number >= 0):
        raise fail(func, name, "be finite and non-negative", shown(value), f"Use e.g. {name}=1e-6.")
    return number


def check_flag(value, func: str, name: str, fix: str = "") -> bool:
    """``value`` as a bool: True or False (NumPy's too), nothing else."""
    if not isinstance(value, (bool, np.bool_)):
        raise fail(func, name, "be True or False", shown(value), fix, TypeError)
    return bool(value)


def reject_nan(array: np.ndarray, func: str, name: str) -> None:
    nan = np.isnan(array)
    if nan.any():
        raise fail(
            func,
            name,
            "not contain NaN",
            f"NaN{_at(nan)}",
            "NaN usually comes from an earlier step: 0/0, inf - inf or log of a negative number.",
        )


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
        raise fail(
            func,
            name,
            "be finite or -inf (a mask)",
            f"+inf{_at(plus_inf)}",
            "A +inf score has no probability; use a large finite number instead.",
        )
    return array


def check_rows_not_all_masked(logits: np.ndarray, axis: int, func: str) -> None:
    """Every slice of ``logits`` along ``axis`` has an entry other than ``-inf``: a class to put probability on."""
    masked = np.all(np.isneginf(logits), axis=axis)
    if masked.any():
        index = tuple(int(i) for i in np.argwhere(masked)[0])
        raise fail(
            func,
            "logits",
            f"have a finite entry along axis {axis}",
            f"only -inf at index {index} of the other axes",
            "A distribution needs at least one unmasked class.",
        )


def check_in_unit_interval(array: np.ndarray, func: str, name: str) -> None:
    outside = (array < 0) | (array > 1)
    if outside.any():
        value = array[tuple(np.argwhere(outside)[0])]
        raise fail(
            func,
            name,
            "hold probabilities in [0, 1]",
            f"{value:.6g}{_at(outside)}",
            "Odds, scores or logits? Turn them into probabilities first (odds_to_prob, sigmoid, softmax).",
        )


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
        raise fail(
            func,
            name,
            f"sum to 1 along axis {axis} (tolerance {tolerance:g})",
            f"a sum of {total:.6g}{_at(off)}",
            f"Normalise with {name} / {name}.sum(axis={axis}, keepdims=True).",
        )


def check_distribution(value, func: str, name: str, axis) -> tuple[np.ndarray, int]:
    """Distributions along ``axis``: probabilities summing to 1; returns the array and the axis."""
    array = check_probabilities(value, func, name)
    axis = check_axis(axis, array, func, name)
    check_sums_to_one(array, axis, func, name)
    return array, axis


def check_axis(axis, array: np.ndarray, func: str, name: str) -> int:
    """A valid axis of ``array`` with at least one entry along it; returned non-negative."""
    axis = check_integer(axis, func, "axis", fix="Use axis=-1 for the last axis.")
    if array.ndim == 0:
        raise fail(
            func, name, "have at least one dimension", "a scalar", f"Wrap it in a list, e.g. [{array.item()!r}]."
        )
    if not -array.ndim <= axis < array.ndim:
        raise fail(
            func,
            "axis",
            f"lie in [{-array.ndim}, {array.ndim - 1}] for {name} of shape {array.shape}",
            shown(axis),
            "Use axis=-1 (or axis=1 for a batch of shape (N, C)).",
        )
    axis %= array.ndim
    if array.shape[axis] == 0:
        raise fail(
            func,
            name,
            f"have at least one entry along axis {axis}",
            f"shape {array.shape}",
            f"Pass one value per outcome along axis {axis}; an empty axis usually comes from a slice.",
        )
    return axis


def check_same_shape(p: np.ndarray, q: np.ndarray, func: str) -> None:
    if p.shape != q.shape:
        raise fail(
            func,
            "p and q",
            "have the same shape",
            f"{p.shape} and {q.shape}",
            "Both must be distributions over the same outcomes.",
        )


def check_base(base, func: str) -> float | None:
    if base is None:
        return None
    fix = "Use base=2 for bits, None for nats."
    if not is_number(base):
        raise fail(func, "base", "be a number or None", shown(base), fix, TypeError)
    number = _as_float(base)
    if not (math.isfinite(number) and number > 0 and number != 1):
        raise fail(func, "base", "be positive, finite and not 1", shown(base), fix)
    return number


def check_reduction(reduction, func: str) -> str:
    if not isinstance(reduction, str):
        raise fail(
            func,
            "reduction",
            "be one of 'none', 'mean', 'sum'",
            shown(reduction),
            'Pass the name as a string, e.g. reduction="mean".',
            TypeError,
        )
    if reduction not in REDUCTIONS:
        raise fail(
            func,
            "reduction",
            "be one of 'none', 'mean', 'sum'",
            shown(reduction),
            "'mean' averages over the targets, 'sum' adds them, 'none' keeps one loss each.",
        )
    return reduction


def check_tensor(value, func: str, name: str, ndim: int, shape: str, floating: bool = True):
    """``value``, a torch tensor with ``ndim`` dimensions (described as ``shape``): finite numbers of a floating
    dtype, or of an integer dtype if not ``floating``. Imports torch: only the torch modules call it."""
    import torch

    if not isinstance(value, torch.Tensor):
        example = "torch.randn(...)" if floating else "torch.tensor([...])"
        raise fail(func, name, f"be a torch tensor of shape {shape}", shown(value), f"Pass e.g. {example}.", TypeError)
    if floating and not value.dtype.is_floating_point:
        raise fail(func, name, "have a floating dtype", f"{value.dtype}", f"Convert it with {name}.float().", TypeError)
    if not floating and (value.dtype.is_floating_point or value.dtype.is_complex or value.dtype == torch.bool):
        raise fail(
            func,
            name,
            "hold integer class indices",
            f"dtype {value.dtype}",
            f"Pass class indices, e.g. {name}.long(); for one-hot targets, {name}.argmax(-1).",
            TypeError,
        )
    if value.dim() != ndim:
        raise fail(
            func,
            name,
            f"have shape {shape}",
            f"shape {tuple(value.shape)}",
            "Flatten the tokens first, e.g. hidden.reshape(-1, H) and target.reshape(-1).",
        )
    if value.device.type == "meta":
        raise fail(
            func,
            name,
            "hold values",
            "a tensor on the meta device (a shape without data)",
            "Create it on the CPU or a GPU.",
            TypeError,
        )
    if floating:
        finite = torch.isfinite(value.detach())
        if not finite.all():
            index = tuple(int(i) for i in (~finite).nonzero()[0])
            raise fail(
                func,
                name,
                "be finite",
                f"{value.detach()[index].item()} at index {index}",
                "NaN and infinity come from an earlier step: 0/0, inf - inf, the log of 0 or an overflow.",
            )
    return value
