"""Notebook 03's exercises: a stable softmax for vectors and batches, two-class softmax as a sigmoid,
and the confidence cap of a sigmoid on the last layer.

Examples
--------
>>> import numpy as np
>>> stable_softmax_exercise.check(lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True))
... # doctest: +NORMALIZE_WHITESPACE
Incorrect: A stable softmax for vectors and batches. On case 2 of 8, stable_softmax(np.array([1000.0, 1001.0, 1002.0])),
your function emitted RuntimeWarning: overflow encountered in exp. A correct answer runs without warnings.
Likely cause: e^1000 overflows to inf, and inf / inf is nan. Subtract each row's largest logit before np.exp;
shift invariance makes that exact.
Call .hint() for a hint, or .solution() to see one way.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, ValueExercise
from ..language import N_
from ..numerics import sigmoid, softmax

__all__ = ["stable_softmax_exercise", "two_class_exercise", "sigmoid_cap_exercise"]


def _stable_softmax(logits):
    return softmax(np.asarray(logits, dtype=np.float64), axis=-1)


def _naive(z):
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def _global_max(z):
    exps = np.exp(z - z.max())
    return exps / exps.sum(axis=-1, keepdims=True)


def _vector_version_on_a_batch(z):
    exps = np.exp(z - z.max())
    return exps / exps.sum()


def _batch_axis(z):
    exps = np.exp(z - z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


def _sum_over_batch_axis(z):
    exps = np.exp(z - z.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


def _sum_over_everything(z):
    exps = np.exp(z - z.max(axis=-1, keepdims=True))
    return exps / exps.sum()


def _without_keepdims(z):
    exps = np.exp(z - z.max(axis=-1))
    return exps / exps.sum(axis=-1)


def _column_by_reshape(z):
    exps = np.exp(z - z.max(axis=-1).reshape(-1, 1))
    return exps / exps.sum(axis=-1).reshape(-1, 1)


def _shift_by_mean(z):
    exps = np.exp(z - z.mean(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def _shift_by_first(z):
    exps = np.exp(z - z[..., :1])
    return exps / exps.sum(axis=-1, keepdims=True)


def _not_normalised(z):
    return np.exp(z - z.max(axis=-1, keepdims=True))


def _log_softmax_instead(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _shift_sign_flipped(z):
    exps = np.exp(-(z - z.max(axis=-1, keepdims=True)))
    return exps / exps.sum(axis=-1, keepdims=True)


def _powers_of_two(z):
    exps = 2.0 ** (z - z.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def _shift_by_min(z):
    exps = np.exp(z - z.min(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def _axis_one(z):
    exps = np.exp(z - z.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


# Rows whose maxima lie up to 2002 apart: one max for the whole batch turns the lower rows into 0 / 0.
_WILD_BATCH = np.array([[1000.0, 1001.0, 1002.0], [2.0, 1.0, 0.1], [-1000.0, -1001.0, -1002.0], [5.0, 5.0, 5.0]])

stable_softmax_exercise = FunctionExercise(
    N_("A stable softmax for vectors and batches"),
    reference=_stable_softmax,
    cases=[
        (np.array([2.0, 1.0, 0.1]),),
        (np.array([1000.0, 1001.0, 1002.0]),),
        (np.array([-1000.0, -1001.0, -1002.0]),),
        (np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [4.0, 3.0, 2.0, 1.0]]),),  # (N, C) = (3, 4)
        (_WILD_BATCH,),  # (4, 3), logits near +-1000
        (np.array([[0.0, -800.0]]),),  # one example, two classes
        (np.array([[3.0, 1.0, -2.0], [0.0, 0.0, 0.0], [-5.0, 10.0, 2.0]]),),  # square: (3, 3)
        # Rows whose mean and first logit lie 1000 below their maximum: only the maximum is a safe shift.
        (np.array([[1000.0, -1000.0], [-1000.0, 1000.0]]),),
    ],
    hint=N_(
        "Subtract each row's largest logit before np.exp: logits.max(axis=-1, keepdims=True) has shape "
        "(N, 1) for a batch and (1,) for a vector, and broadcasts against the logits. Shift invariance "
        "makes this exact, and afterwards every exponent is at most 0. Then divide by the sum over the "
        "same axis, again with keepdims=True."
    ),
    solution=N_(
        "def stable_softmax(logits):\n"
        "    shifted = logits - logits.max(axis=-1, keepdims=True)  # each row's largest becomes 0\n"
        "    exps = np.exp(shifted)                                  # every exponent <= 0: no overflow\n"
        "    return exps / exps.sum(axis=-1, keepdims=True)          # each row sums to 1"
    ),
    mistakes=[
        (
            _not_normalised,
            N_(
                "the exponentials are not divided by their sum, so the rows do not sum to 1: divide "
                "by exps.sum(axis=-1, keepdims=True)."
            ),
        ),
        (_log_softmax_instead, N_("that is log-softmax, the log of the probabilities; softmax is their exponential.")),
        (
            _shift_sign_flipped,
            N_(
                "the sign is flipped: e^-(z - max) gives the smallest logit the most; "
                "subtract the maximum, e^(z - max)."
            ),
        ),
        (_powers_of_two, N_("softmax uses e, not 2: np.exp.")),
        (
            _shift_by_min,
            N_(
                "the shift must be each row's maximum, so that every exponent is at most 0: subtracting "
                "the minimum leaves the other exponents above 0, and they overflow."
            ),
        ),
        (
            _shift_by_mean,
            N_(
                "the shift must be each row's maximum, so that every exponent is at most 0: subtracting "
                "the mean leaves the largest logit far above 0, and its exponential overflows."
            ),
        ),
        (
            _shift_by_first,
            N_(
                "the shift must be each row's maximum, so that every exponent is at most 0: subtracting "
                "one class's logit (a reference) leaves a larger logit above 0, and its exponential can "
                "overflow."
            ),
        ),
        (
            _column_by_reshape,
            N_(
                "reshape(-1, 1) makes a column for a batch, but turns a vector's single sum into "
                "a (1, 1) array, so the result gains an axis. keepdims=True keeps the shape right "
                "for both."
            ),
        ),
        (
            _axis_one,
            N_(
                "axis=1 exists only for a batch; a vector of shape (C,) has just axis 0. axis=-1, the "
                "last axis, is the class axis of both."
            ),
        ),
        (
            _naive,
            N_(
                "e^1000 overflows to inf, and inf / inf is nan. Subtract each row's largest logit before "
                "np.exp; shift invariance makes that exact."
            ),
        ),
        (
            _global_max,
            N_(
                "you subtracted one max for the whole batch (logits.max() without an axis). A row "
                "whose logits lie far below it underflows to 0 / 0. Subtract each row's own max: "
                "logits.max(axis=-1, keepdims=True)."
            ),
        ),
        (
            _vector_version_on_a_batch,
            N_(
                "you used one maximum and one sum for the whole batch (logits.max() and "
                ".sum() without an axis), so the whole batch sums to 1 instead of each "
                "row. That is the vector version; for a batch, take both along the class "
                "axis: axis=-1, keepdims=True."
            ),
        ),
        (
            _batch_axis,
            N_(
                "you worked along axis 0, the batch axis, so each column sums to 1 instead of each "
                "row. The classes run along the last axis: axis=-1."
            ),
        ),
        (
            _sum_over_batch_axis,
            N_(
                "you summed along axis 0, the batch axis, so each column sums to 1 instead "
                "of each row. Sum along the class axis: axis=-1."
            ),
        ),
        (
            _sum_over_everything,
            N_(
                "you divided by the sum of the whole batch (.sum() without an axis), so the "
                "whole batch sums to 1 instead of each row. Sum along axis=-1, keepdims=True."
            ),
        ),
        (
            _without_keepdims,
            N_(
                "without keepdims=True, a row-wise max or sum, such as logits.max(axis=-1), has "
                "shape (N,), which lines up with the class axis of an (N, C) batch, not with its "
                "rows: an error when N != C, silently wrong numbers when N == C."
            ),
        ),
    ],
    forbid_silencing=True,
    forbidden_calls=[
        (name, N_("the exercise is to write softmax yourself, from np.exp.")) for name in ("softmax", "log_softmax")
    ],
)

# softmax([3, 1])[0] = softmax([2, 0])[0] (shift by -1) = sigmoid(2): sigmoid of the difference.
two_class_exercise = ValueExercise(
    N_("Two classes with logits [3.0, 1.0]"),
    expected=sigmoid(3.0 - 1.0),
    hint=N_(
        "Shift both logits so that class 1's becomes 0 (subtract 1 from both): the probabilities do not "
        "change, and softmax([z, 0])[0] is sigmoid(z)."
    ),
    solution=N_(
        "p0 = sigmoid(3.0 - 1.0)  # shift by -1: softmax([3, 1]) = softmax([2, 0]), and softmax([z, 0])[0] = sigmoid(z)"
    ),
    mistakes=[
        (
            sigmoid(3.0),
            N_(
                "that is sigmoid(3), which treats class 1's logit as 0. Its logit is 1: shift both "
                "logits by the same amount first."
            ),
        ),
        (sigmoid(-2.0), N_("that is the probability of class 1, sigmoid(1 - 3); the question asks for class 0.")),
        (
            sigmoid(3.0) / (sigmoid(3.0) + sigmoid(1.0)),
            N_(
                "that normalises two sigmoids, which is not softmax. "
                "Softmax exponentiates the logits, it does not squash them."
            ),
        ),
        (3.0 / (3.0 + 1.0), N_("that divides the logits themselves; softmax divides their exponentials.")),
        (sigmoid(4.0), N_("that is sigmoid(3 + 1); the log-odds of class 0 against class 1 is the difference 3 - 1.")),
        (2.0, N_("that is the log-odds of class 0 against class 1, 3 - 1; the probability is its sigmoid.")),
        (sigmoid(1.0), N_("that is sigmoid of class 1's logit alone; class 0's probability is sigmoid(3 - 1).")),
        (
            sigmoid(sigmoid(2.0)),
            N_("that applies the sigmoid twice (the double sigmoid of notebook 02); once is enough: sigmoid(3 - 1)."),
        ),
        (
            sigmoid(1.0) / (sigmoid(3.0) + sigmoid(1.0)),
            N_(
                "that normalises two sigmoids, which is not softmax, and "
                "for class 1; softmax([3, 1])[0] is sigmoid(3 - 1)."
            ),
        ),
        (0.5, N_("0.5 is what two equal logits give; these differ by 2.")),
    ],
    is_probability=True,
)

# Logits squashed into (0, 1) by a sigmoid: p_max < e / (e + K - 1), approached with one at 1, the rest at 0.
sigmoid_cap_exercise = ValueExercise(
    N_("The confidence cap with a sigmoid before softmax, K = 10"),
    expected=np.e / (np.e + 10 - 1),
    hint=N_(
        "The most confident case: one squashed logit as close to 1 as it gets, the other nine as close to 0. "
        "Put e^1 and nine e^0 into the softmax."
    ),
    solution=N_("cap = np.exp(1) / (np.exp(1) + 9 * np.exp(0))  # one logit at 1, nine at 0"),
    mistakes=[
        (np.e / (np.e + 10), N_("that counts ten other classes; besides the confident one there are nine.")),
        (0.1, N_("1 / K is the least confident softmax, the uniform one, not the most confident.")),
        (1.0, N_("a sigmoid keeps every logit inside (0, 1), so no class can pull ahead by more than 1.")),
        (sigmoid(1.0), N_("that is the cap for two classes, e / (e + 1) = sigmoid(1); here there are ten.")),
        (np.e / (np.e + 2), N_("that is the cap for three classes, e / (e + 2); here there are ten.")),
        (np.e / (np.e + 8), N_("that counts eight other classes; besides the confident one there are nine.")),
        (
            np.e / (1 + 9),
            N_(
                "the denominator sums all ten exponentials: e^1 for the confident class and e^0 = 1 for "
                "each of the nine others, e + 9."
            ),
        ),
        (10 / (10 + 9), N_("softmax uses e, not 10: e^1 / (e^1 + 9 e^0).")),
        (np.e / (np.e + 11), N_("that counts eleven other classes; besides the confident one there are nine.")),
        (1 / (1 + 9 * np.e), N_("the exponents are swapped: the confident class gets e^1, the nine others e^0 = 1.")),
        (
            1 / (np.e + 9),
            N_(
                "that is the probability of one of the nine squashed classes, e^0 / (e + 9); the cap is "
                "the confident class's, e / (e + 9)."
            ),
        ),
        (1 / np.e, N_("that is e^-1; the cap is a softmax probability, e / (e + 9).")),
    ],
    is_probability=True,
)
