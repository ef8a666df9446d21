"""Notebook 04's exercises: an entropy that survives zeros, KL divergence for vectors and batches,
and KL with a one-hot target.

Examples
--------
>>> import numpy as np
>>> entropy_exercise.check(lambda p: -np.sum(p * np.log(p), axis=-1))  # doctest: +NORMALIZE_WHITESPACE
Incorrect: An entropy that survives zeros. On case 3 of 7, entropy_nats([1, 0]), your function emitted
RuntimeWarning: divide by zero encountered in log. A correct answer runs without warnings.
Likely cause: np.log(0) is -inf, and 0 * -inf is nan, not 0. Replace the zeros before taking the log:
np.log(np.where(p > 0, p, 1.0)) gives log 1 = 0 there, so those terms vanish.
Call .hint() for a hint, or .solution() to see one way.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, ValueExercise
from ..information import entropy, kl_divergence

__all__ = ["entropy_exercise", "kl_exercise", "one_hot_kl_exercise"]


def _entropy(p):
    return entropy(np.asarray(p, dtype=np.float64), axis=-1)


def _kl(p, q):
    return kl_divergence(np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64), axis=-1)


def _log_or_zero(p):
    """log p where p > 0 and 0 where p = 0, without a warning: what the mistakes below build on."""
    return np.log(np.where(p > 0, p, 1.0))


def _naive_entropy(p):
    return -np.sum(p * np.log(p), axis=-1)


def _entropy_where_after_log(p):
    return -np.sum(np.where(p > 0, p * np.log(p), 0.0), axis=-1)


def _entropy_in_bits(p):
    return -np.sum(p * _log_or_zero(p) / np.log(2), axis=-1)


def _entropy_without_minus(p):
    return np.sum(p * _log_or_zero(p), axis=-1)


def _surprises_unweighted(p):
    return -np.sum(_log_or_zero(p), axis=-1)


def _entropy_as_mean(p):
    return -np.mean(p * _log_or_zero(p), axis=-1)


def _entropy_of_everything(p):
    return -np.sum(p * _log_or_zero(p))


def _entropy_along_axis_0(p):
    return -np.sum(p * _log_or_zero(p), axis=0)


entropy_exercise = FunctionExercise(
    "An entropy that survives zeros",
    reference=_entropy,
    cases=[
        (np.array([0.5, 0.5]),),
        (np.array([0.1, 0.9]),),
        (np.array([1.0, 0.0]),),                          # a certain outcome: 0, not nan
        (np.array([0.0, 0.25, 0.0, 0.75]),),
        (np.array([0.25, 0.25, 0.25, 0.25]),),            # uniform over 4: log 4
        (np.array([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]]),),   # (N, K) = (3, 3): square
        (np.array([[0.1, 0.2, 0.3, 0.4], [0.0, 0.0, 0.0, 1.0]]),),          # (2, 4)
    ],
    hint=("H(p) = -sum p log p, with the sum along the last axis (axis=-1), so that a batch of shape (N, K) "
          "gives one entropy per row. A zero probability must contribute 0: np.log(0) is -inf and warns, and "
          "0 * -inf is nan. np.where(p > 0, p, 1.0) replaces each zero by 1 before the log, and log 1 = 0."),
    solution=("def entropy_nats(p):\n"
              "    log_p = np.log(np.where(p > 0, p, 1.0))   # log 1 = 0 where p = 0: no log(0), no warning\n"
              "    return -np.sum(p * log_p, axis=-1)        # one entropy per row, in nats"),
    mistakes=[
        (_naive_entropy, "np.log(0) is -inf, and 0 * -inf is nan, not 0. Replace the zeros before taking the "
                         "log: np.log(np.where(p > 0, p, 1.0)) gives log 1 = 0 there, so those terms vanish."),
        (_entropy_where_after_log, "the values are right, but np.where computes both branches, so np.log(0) "
                                   "still runs and warns; replace the zeros before the log (e.g. "
                                   "np.where(p > 0, p, 1))."),
        (_entropy_in_bits, "that is the entropy in bits (log base 2). The course works in nats: use np.log, "
                           "the natural log."),
        (_entropy_without_minus, "the minus sign is missing: every log p is at most 0, so sum p log p is at "
                                 "most 0, and the entropy is minus that."),
        (_surprises_unweighted, "you added up the surprises -log p without weighting each by its probability p. "
                                "The entropy is the average surprise: -sum p log p."),
        (_entropy_as_mean, "np.mean divides by the number of outcomes. The probabilities already weight the "
                           "average: use np.sum."),
        (_entropy_of_everything, "you summed over the whole batch (no axis), which gives one number instead of "
                                 "one entropy per row. Sum along the last axis: axis=-1."),
        (_entropy_along_axis_0, "you summed along axis 0, the batch axis, so you got one number per outcome. The "
                                "outcomes run along the last axis: axis=-1."),
    ],
)


def _naive_kl(p, q):
    return np.sum(p * np.log(p / q), axis=-1)


def _kl_where_after_log(p, q):
    return np.sum(np.where(p > 0, p * np.log(p / q), 0.0), axis=-1)


def _kl_swapped(p, q):
    return _kl(q, p)


def _kl_upside_down(p, q):
    return np.sum(p * (np.log(q) - _log_or_zero(p)), axis=-1)


def _cross_entropy_instead(p, q):
    return -np.sum(p * np.log(q), axis=-1)


def _kl_in_bits(p, q):
    return _kl(p, q) / np.log(2)


def _kl_of_everything(p, q):
    return np.sum(p * (_log_or_zero(p) - np.log(q)))


def _kl_along_axis_0(p, q):
    return np.sum(p * (_log_or_zero(p) - np.log(q)), axis=0)


# Every q is above 0 everywhere, so KL is finite; some p hold zeros, so 0 log 0 must be handled.
kl_exercise = FunctionExercise(
    "KL divergence for vectors and batches",
    reference=_kl,
    cases=[
        (np.array([0.1, 0.9]), np.array([0.5, 0.5])),
        (np.array([0.5, 0.5]), np.array([0.1, 0.9])),
        (np.array([0.5, 0.3, 0.2]), np.array([0.5, 0.3, 0.2])),            # p = q: 0
        (np.array([0.0, 1.0, 0.0]), np.array([0.7, 0.2, 0.1])),            # one-hot p: -log 0.2
        (np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.4, 0.2])),
        (np.array([[0.5, 0.3, 0.2], [1.0, 0.0, 0.0], [0.2, 0.2, 0.6]]),     # (N, K) = (3, 3): square
         np.array([[0.1, 0.3, 0.6], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])),
    ],
    hint=("KL(p || q) = sum p log(p / q) = sum p (log p - log q), summed along the last axis (axis=-1). Where "
          "p = 0 the term is 0: take log p as np.log(np.where(p > 0, p, 1.0)), as in Exercise 1. Every q in "
          "the cases is above 0, so np.log(q) is safe."),
    solution=("def kl(p, q):\n"
              "    log_p = np.log(np.where(p > 0, p, 1.0))        # 0 log 0 = 0, as in Exercise 1\n"
              "    return np.sum(p * (log_p - np.log(q)), axis=-1)  # sum p log(p / q), one per row"),
    mistakes=[
        (_naive_kl, "where p = 0, p / q is 0, its log is -inf, and 0 * -inf is nan. Those terms are 0: take "
                    "log p as np.log(np.where(p > 0, p, 1.0)) and subtract np.log(q)."),
        (_kl_where_after_log, "the values are right, but np.where computes both branches, so np.log(0) still "
                              "runs and warns; replace the zeros before the log (e.g. np.where(p > 0, p, 1))."),
        (_kl_swapped, "that is KL(q || p), with the arguments swapped. KL is not symmetric: KL(p || q) weights "
                      "log(p / q) by p, the first argument."),
        (_kl_upside_down, "the ratio is upside down: sum p log(q / p) is minus KL(p || q). It is log(p / q)."),
        (_cross_entropy_instead, "that is the cross-entropy H(p, q) = -sum p log q. KL(p || q) is H(p, q) - H(p): "
                                 "add sum p log p."),
        (_kl_in_bits, "that is KL in bits (log base 2). The course works in nats: use np.log."),
        (_kl_of_everything, "you summed over the whole batch (no axis), which gives one number instead of one "
                            "divergence per row. Sum along the last axis: axis=-1."),
        (_kl_along_axis_0, "you summed along axis 0, the batch axis, so you got one number per outcome. The "
                           "outcomes run along the last axis: axis=-1."),
    ],
)

# p = one-hot on the draw, q = [0.7, 0.2, 0.1]: H(p) = 0, so KL(p || q) = H(p, q) = -log 0.2.
one_hot_kl_exercise = ValueExercise(
    "KL divergence with a one-hot target",
    expected=-np.log(0.2),
    hint=("A one-hot p has H(p) = 0, so KL(p || q) = H(p, q) - H(p) = H(p, q) = -sum p log q, and only one "
          "term of that sum is not 0: the one where p is 1."),
    solution="kl_draw = -np.log(0.2)  # H(p) = 0, and only the draw's term of -sum p log q is left",
    rtol=1e-3,  # accepts 1.609, typed from a rounded printout
    mistakes=[
        (np.log(0.2), "the minus sign is missing: log 0.2 is below 0, and KL is never negative."),
        (-np.log(0.7), "that is -log 0.7, the surprise of a win, the model's favourite. The match ended in a "
                       "draw: p is 1 at the draw."),
        (-np.log(0.1), "that is -log 0.1, the surprise of a loss. The match ended in a draw."),
        (np.nan, "0 · log 0 from the zero entries of p; those terms are 0, and only the draw's term is left."),
        (1.6, "close, but rounded too far for the check, which needs about three decimals. Assign the computed "
              "value itself rather than a number typed from a rounded printout."),
        (0.2, "that is q at the draw, a probability. KL measures surprise: take -log of it."),
        (0.8, "1 - q is not a surprise; the surprise of an outcome with probability q is -log q."),
        (-np.log2(0.2), "that is in bits (log base 2). The course works in nats: use np.log."),
        (-(0.7 * np.log(0.7) + 0.2 * np.log(0.2) + 0.1 * np.log(0.1)), "that is H(q), the entropy of the model's "
                                                                       "prediction. KL(p || q) averages over p."),
        (-(np.log(0.7) + np.log(0.2) + np.log(0.1)), "that adds the surprises of all three outcomes. Weighted by "
                                                     "the one-hot p, only the draw's is left."),
    ],
)
