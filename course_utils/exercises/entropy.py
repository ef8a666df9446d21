"""Notebook 04's exercises: an entropy that survives zeros, KL divergence for vectors and batches,
and KL with a one-hot target.

Examples
--------
>>> import numpy as np
>>> entropy_exercise.check(lambda p: -np.sum(p * np.log(p), axis=-1))  # doctest: +NORMALIZE_WHITESPACE
Incorrect: An entropy that survives zeros. On case 3 of 7, entropy_nats(np.array([1.0, 0.0])), your function emitted
RuntimeWarning: divide by zero encountered in log. A correct answer runs without warnings.
Likely cause: np.log(0) is -inf, and 0 * -inf is nan, not 0. Replace the zeros before taking the log:
np.log(np.where(p > 0, p, 1.0)) gives log 1 = 0 there, so those terms vanish.
Call .hint() for a hint, or .solution() to see one way.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, ValueExercise
from ..information import entropy, kl_divergence
from ..language import N_
from ..numerics import log_softmax, softmax

__all__ = ["entropy_exercise", "kl_exercise", "one_hot_kl_exercise", "kl_div_exercise"]


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


def _entropy_base10(p):
    return -np.sum(p * _log_or_zero(p) / np.log(10), axis=-1)


def _entropy_shifted_log(p):
    return -np.sum(p * np.log(p + 1e-8), axis=-1)


def _entropy_as_max(p):
    return -np.max(p * _log_or_zero(p), axis=-1)


def _entropy_where_swapped(p):
    return -np.sum(p * np.log(np.where(p > 0, 1.0, p)), axis=-1)


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
    N_("An entropy that survives zeros"),
    reference=_entropy,
    cases=[
        (np.array([0.5, 0.5]),),
        (np.array([0.1, 0.9]),),
        (np.array([1.0, 0.0]),),  # a certain outcome: 0, not nan
        (np.array([0.0, 0.25, 0.0, 0.75]),),
        (np.array([0.25, 0.25, 0.25, 0.25]),),  # uniform over 4: log 4
        (np.array([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]]),),  # (N, K) = (3, 3): square
        (np.array([[0.1, 0.2, 0.3, 0.4], [0.0, 0.0, 0.0, 1.0]]),),  # (2, 4)
    ],
    hint=N_(
        "H(p) = -sum p log p, with the sum along the last axis (axis=-1), so that a batch of shape (N, K) "
        "gives one entropy per row. A zero probability must contribute 0: np.log(0) is -inf and warns, and "
        "0 * -inf is nan. np.where(p > 0, p, 1.0) replaces each zero by 1 before the log, and log 1 = 0."
    ),
    solution=N_(
        "def entropy_nats(p):\n"
        "    log_p = np.log(np.where(p > 0, p, 1.0))   # log 1 = 0 where p = 0: no log(0), no warning\n"
        "    return -np.sum(p * log_p, axis=-1)        # one entropy per row, in nats"
    ),
    mistakes=[
        (
            _naive_entropy,
            N_(
                "np.log(0) is -inf, and 0 * -inf is nan, not 0. Replace the zeros before taking the "
                "log: np.log(np.where(p > 0, p, 1.0)) gives log 1 = 0 there, so those terms vanish."
            ),
        ),
        (
            _entropy_where_after_log,
            N_(
                "the values are right, but np.log(0) still runs somewhere and warns (np.where "
                "computes both of its branches; np.nansum sums after the nan is made); "
                "replace the zeros before the log (e.g. np.where(p > 0, p, 1))."
            ),
        ),
        (_entropy_base10, N_("that is the log in base 10 (np.log10); the course works in nats: use np.log.")),
        (
            _entropy_shifted_log,
            N_(
                "adding a small number inside the log shifts every term a little, and the "
                "answer with it (log(1 + 1e-8) is 1e-8, not 0). Replace the zeros instead: "
                "np.where(p > 0, p, 1) before the log."
            ),
        ),
        (
            _entropy_in_bits,
            N_("that is the entropy in bits (log base 2). The course works in nats: use np.log, the natural log."),
        ),
        (
            _entropy_without_minus,
            N_(
                "the sign is wrong: every log p is at most 0, so sum p log p is at most 0, and "
                "the entropy, minus that, is at least 0."
            ),
        ),
        (
            _surprises_unweighted,
            N_(
                "you added up the surprises -log p without weighting each by its probability p. "
                "The entropy is the average surprise: -sum p log p."
            ),
        ),
        (
            _entropy_where_swapped,
            N_(
                "np.where's branches are swapped: np.where(p > 0, p, 1.0) keeps p where it "
                "is above 0 and puts 1 where it is 0."
            ),
        ),
        (_entropy_as_max, N_("np.max keeps the largest term only; the entropy adds them all: np.sum.")),
        (
            _entropy_as_mean,
            N_("np.mean divides by the number of outcomes. The probabilities already weight the average: use np.sum."),
        ),
        (
            _entropy_of_everything,
            N_(
                "you summed over the whole batch (no axis), which gives one number instead of "
                "one entropy per row. Sum along the last axis: axis=-1."
            ),
        ),
        (
            _entropy_along_axis_0,
            N_(
                "you summed along axis 0, the batch axis, so you got one number per outcome. The "
                "outcomes run along the last axis: axis=-1."
            ),
        ),
    ],
    forbidden_calls=[
        (name, N_("the exercise is to write the entropy yourself, with np.log and np.where."))
        for name in ("entropy", "xlogy", "entr")
    ],
    forbid_silencing=True,
)


def _naive_kl(p, q):
    return np.sum(p * np.log(p / q), axis=-1)


def _kl_where_after_log(p, q):
    return np.sum(np.where(p > 0, p * np.log(p / q), 0.0), axis=-1)


def _kl_base10(p, q):
    return _kl(p, q) / np.log(10)


def _kl_unweighted(p, q):
    return np.sum(_log_or_zero(p) - np.log(q), axis=-1)


def _kl_as_mean(p, q):
    return np.mean(p * (_log_or_zero(p) - np.log(q)), axis=-1)


def _kl_weighted_by_q(p, q):
    return np.sum(q * (_log_or_zero(p) - np.log(q)), axis=-1)


def _kl_log_ratio_of_logs(p, q):
    return np.sum(p * _log_or_zero(p) / np.log(q), axis=-1)


def _kl_entropy_difference(p, q):
    return np.sum(p * _log_or_zero(p) - q * np.log(q), axis=-1)


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
    N_("KL divergence for vectors and batches"),
    reference=_kl,
    cases=[
        (np.array([0.1, 0.9]), np.array([0.5, 0.5])),
        (np.array([0.5, 0.5]), np.array([0.1, 0.9])),
        (np.array([0.5, 0.3, 0.2]), np.array([0.5, 0.3, 0.2])),  # p = q: 0
        (np.array([0.0, 1.0, 0.0]), np.array([0.7, 0.2, 0.1])),  # one-hot p: -log 0.2
        (np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.4, 0.2])),
        (
            np.array([[0.5, 0.3, 0.2], [1.0, 0.0, 0.0], [0.2, 0.2, 0.6]]),  # (N, K) = (3, 3): square
            np.array([[0.1, 0.3, 0.6], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]]),
        ),
    ],
    hint=N_(
        "KL(p || q) = sum p log(p / q) = sum p (log p - log q), summed along the last axis (axis=-1). Where "
        "p = 0 the term is 0: take log p as np.log(np.where(p > 0, p, 1.0)), as in Exercise 1. Every q in "
        "the cases is above 0, so np.log(q) is safe."
    ),
    solution=N_(
        "def kl(p, q):\n"
        "    log_p = np.log(np.where(p > 0, p, 1.0))        # 0 log 0 = 0, as in Exercise 1\n"
        "    return np.sum(p * (log_p - np.log(q)), axis=-1)  # sum p log(p / q), one per row"
    ),
    mistakes=[
        (
            _naive_kl,
            N_(
                "where p = 0, p / q is 0, its log is -inf, and 0 * -inf is nan. Those terms are 0: take "
                "log p as np.log(np.where(p > 0, p, 1.0)) and subtract np.log(q)."
            ),
        ),
        (
            _kl_where_after_log,
            N_(
                "the values are right, but np.log(0) still runs somewhere and warns (np.where "
                "computes both of its branches; np.nansum sums after the nan is made); replace "
                "the zeros before the log (e.g. np.where(p > 0, p, 1))."
            ),
        ),
        (
            _kl_swapped,
            N_(
                "that is KL(q || p), with the arguments swapped. KL is not symmetric: KL(p || q) weights "
                "log(p / q) by p, the first argument."
            ),
        ),
        (_kl_upside_down, N_("the ratio is upside down: sum p log(q / p) is minus KL(p || q). It is log(p / q).")),
        (
            _cross_entropy_instead,
            N_("that is the cross-entropy H(p, q) = -sum p log q. KL(p || q) is H(p, q) - H(p): add sum p log p."),
        ),
        (_kl_in_bits, N_("that is KL in bits (log base 2). The course works in nats: use np.log.")),
        (_kl_base10, N_("that is KL in base 10 (np.log10); the course works in nats: use np.log.")),
        (
            _kl_unweighted,
            N_(
                "each log(p / q) must be weighted by its probability p: KL is the average over p of "
                "the extra surprise, sum p log(p / q)."
            ),
        ),
        (
            _kl_as_mean,
            N_(
                "np.mean divides by the number of outcomes; the probabilities p already weight the average: use np.sum."
            ),
        ),
        (
            _kl_entropy_difference,
            N_(
                "that is H(q) - H(p), a difference of two entropies; KL(p || q) weights "
                "both logs by p: sum p (log p - log q)."
            ),
        ),
        (_kl_log_ratio_of_logs, N_("log p / log q divides the logs; the log of the ratio is log p - log q.")),
        (
            _kl_weighted_by_q,
            N_("the weights are q's; KL(p || q) averages over p, the first argument: sum p log(p / q)."),
        ),
        (
            _kl_of_everything,
            N_(
                "you summed over the whole batch (no axis), which gives one number instead of one "
                "divergence per row. Sum along the last axis: axis=-1."
            ),
        ),
        (
            _kl_along_axis_0,
            N_(
                "you summed along axis 0, the batch axis, so you got one number per outcome. The "
                "outcomes run along the last axis: axis=-1."
            ),
        ),
    ],
    forbidden_calls=[
        (name, N_("the exercise is to write KL yourself, with np.log and np.where."))
        for name in ("kl_divergence", "kl_div", "rel_entr")
    ],
    forbid_silencing=True,
)

# p = one-hot on the draw, q = [0.7, 0.2, 0.1]: H(p) = 0, so KL(p || q) = H(p, q) = -log 0.2.
one_hot_kl_exercise = ValueExercise(
    N_("KL divergence with a one-hot target"),
    expected=-np.log(0.2),
    hint=N_(
        "A one-hot p has H(p) = 0, so KL(p || q) = H(p, q) - H(p) = H(p, q) = -sum p log q, and only one "
        "term of that sum is not 0: the one where p is 1."
    ),
    solution=N_("kl_draw = -np.log(0.2)  # H(p) = 0, and only the draw's term of -sum p log q is left"),
    mistakes=[
        (
            np.inf,
            N_(
                "that is KL(q || p), with the arguments swapped: q puts mass on the win and the loss, where the "
                "one-hot p is 0, and log(q / 0) is infinite. KL(p || q) averages over p, the draw."
            ),
        ),
        (np.log(0.2), N_("the minus sign is missing: log 0.2 is below 0, and KL is never negative.")),
        (
            -np.log(0.7),
            N_(
                "that is -log 0.7, the surprise of a win, the model's favourite. The match ended in a "
                "draw: p is 1 at the draw."
            ),
        ),
        (-np.log(0.1), N_("that is -log 0.1, the surprise of a loss. The match ended in a draw.")),
        (np.nan, N_("0 · log 0 from the zero entries of p; those terms are 0, and only the draw's term is left.")),
        (0.2, N_("that is q at the draw, a probability. KL measures surprise: take -log of it.")),
        (-np.log10(0.2), N_("that is in base 10 (np.log10). The course works in nats: use np.log.")),
        (0.0, N_("H(p) = 0 for a one-hot p, but KL(p || q) = H(p, q) - H(p) = H(p, q), which is not 0.")),
        (-np.log(0.8), N_("that is -log(1 - q); the surprise of the draw is -log q at the draw.")),
        (-0.2 * np.log(0.2), N_("that weights the draw's surprise by q; KL weights by p, which is 1 at the draw.")),
        (np.log(0.7 / 0.2), N_("that compares the model's win with its draw; KL compares p with q at the draw.")),
        (5.0, N_("1 / q is not a surprise; its log is: -log 0.2.")),
        (
            -np.log(0.3),
            N_("0.3 is the draw's probability in the data of earlier sections; here the model q gives the draw 0.2."),
        ),
        (0.8, N_("1 - q is not a surprise; the surprise of an outcome with probability q is -log q.")),
        (-np.log2(0.2), N_("that is in bits (log base 2). The course works in nats: use np.log.")),
        (
            -(0.7 * np.log(0.7) + 0.2 * np.log(0.2) + 0.1 * np.log(0.1)),
            N_("that is H(q), the entropy of the model's prediction. KL(p || q) averages over p."),
        ),
        (
            -(np.log(0.7) + np.log(0.2) + np.log(0.1)),
            N_("that adds the surprises of all three outcomes. Weighted by the one-hot p, only the draw's is left."),
        ),
    ],
)


# ---- F.kl_div: the mean over a batch of KL(target || softmax(logits)) ----------------------------------
# The learner answers with torch; the reference and the known mistakes are written in NumPy, so that this module
# never imports torch. Float32 cases, as a model's logits are: there softmax([60, 0, -50]) underflows to an exact 0
# for the last class, and log(softmax) gives -inf where log_softmax gives -110.


def _batch_kl(logits, target):
    logits = np.asarray(logits, dtype=np.float64)
    return float(np.mean(kl_divergence(np.asarray(target, dtype=np.float64), softmax(logits, axis=1), axis=1)))


def _batch_kl_swapped(logits, target):
    probs = softmax(np.asarray(logits, dtype=np.float64), axis=1)
    target = np.asarray(target, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return float(np.mean(np.sum(probs * (np.log(probs) - np.log(target)), axis=1)))


def _batch_kl_mean_reduction(logits, target):
    return _batch_kl(logits, target) / np.shape(logits)[1]  # "mean" divides by N * K


def _batch_kl_sum_reduction(logits, target):
    return _batch_kl(logits, target) * np.shape(logits)[0]  # "sum" does not divide by N


def _batch_kl_probabilities_as_input(logits, target):
    target = np.asarray(target, dtype=np.float64)
    probs = softmax(np.asarray(logits, dtype=np.float64), axis=1)
    log_target = np.log(np.where(target > 0, target, 1.0))
    return float(np.sum(target * (log_target - probs)) / len(target))  # kl_div's input must be log-probabilities


def _batch_kl_logits_as_input(logits, target):
    target = np.asarray(target, dtype=np.float64)
    log_target = np.log(np.where(target > 0, target, 1.0))
    return float(np.sum(target * (log_target - np.asarray(logits, dtype=np.float64))) / len(target))


def _batch_kl_softmax_over_batch(logits, target):
    log_q = log_softmax(np.asarray(logits, dtype=np.float64), axis=0)
    target = np.asarray(target, dtype=np.float64)
    log_target = np.log(np.where(target > 0, target, 1.0))
    return float(np.sum(target * (log_target - log_q)) / len(target))


def _batch_cross_entropy(logits, target):
    log_q = log_softmax(np.asarray(logits, dtype=np.float64), axis=1)
    return float(-np.sum(np.asarray(target, dtype=np.float64) * log_q) / len(target))


def _batch_kl_log_of_softmax(logits, target):
    with np.errstate(divide="ignore"):
        log_q = np.log(softmax(np.asarray(logits, dtype=np.float32), axis=1)).astype(np.float64)
    target = np.asarray(target, dtype=np.float64)
    log_target = np.log(np.where(target > 0, target, 1.0))
    with np.errstate(invalid="ignore"):
        return float(np.sum(np.where(target > 0, target * (log_target - log_q), 0.0)) / len(target))


kl_div_exercise = FunctionExercise(
    N_("F.kl_div, in the right order, averaged over the batch"),
    reference=_batch_kl,
    cases=[
        (np.array([[2.0, 1.0, 0.1]], dtype=np.float32), np.array([[0.5, 0.3, 0.2]], dtype=np.float32)),
        (
            np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]], dtype=np.float32),
            np.array([[0.0, 1.0, 0.0], [0.7, 0.2, 0.1]], dtype=np.float32),
        ),  # (N, K) = (2, 3)
        (
            np.array([[60.0, 0.0, -50.0], [1.0, 2.0, 3.0]], dtype=np.float32),
            np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], dtype=np.float32),
        ),  # softmax underflows to 0
        (np.array([[0.5, -1.0, 2.0, 0.0]], dtype=np.float32), np.array([[0.25, 0.25, 0.25, 0.25]], dtype=np.float32)),
    ],
    hint=N_(
        "torch.nn.functional.kl_div(input, target) computes KL(target || model) with input = the model's "
        "log-probabilities (the log comes first), so pass F.log_softmax(x, dim=1), not torch.softmax(x).log(), "
        'which is -inf where a probability underflows. reduction="batchmean" divides by the batch size N; '
        '"mean" divides by N * K. Turn the arrays into tensors with torch.tensor(...), and the result into a '
        "number with .item()."
    ),
    solution=N_(
        "def batch_kl(logits, target):\n"
        "    x, p = torch.tensor(logits), torch.tensor(target)      # (N, K) each\n"
        "    log_q = F.log_softmax(x, dim=1)                         # the model's log-probabilities\n"
        '    return F.kl_div(log_q, p, reduction="batchmean").item()  # KL(p || q), averaged over N'
    ),
    rtol=1e-5,  # float32 arithmetic in torch, against a float64 reference
    atol=1e-6,
    mistakes=[
        (
            _batch_kl_logits_as_input,
            N_(
                "kl_div's first argument must be log-probabilities; the raw logits are not: "
                "take F.log_softmax(x, dim=1) first."
            ),
        ),
        (
            _batch_kl_softmax_over_batch,
            N_("log_softmax ran along dim 0, over the examples; the classes run along dim 1."),
        ),
        (
            _batch_cross_entropy,
            N_(
                "that is the cross-entropy H(target, model); KL subtracts the target's own entropy: "
                "F.kl_div computes it."
            ),
        ),
        (
            _batch_kl_log_of_softmax,
            N_(
                "torch.softmax(x).log() is -inf where a probability underflows to 0 in float32 "
                "(logits [60, 0, -50]), and the KL comes out inf. F.log_softmax(x, dim=1) "
                "computes the same log-probabilities without the underflow."
            ),
        ),
        (
            _batch_kl_swapped,
            N_(
                "that is KL(model || target): kl_div takes the model's log-probabilities first and the "
                "target second, the other way round from KL(p || q)."
            ),
        ),
        (
            _batch_kl_mean_reduction,
            N_(
                'reduction="mean" divides by every entry, N * K; the mean KL per example is '
                'reduction="batchmean", which divides by N.'
            ),
        ),
        (
            _batch_kl_sum_reduction,
            N_('reduction="sum" adds the KL of every example; the mean over the batch is reduction="batchmean".'),
        ),
        (
            _batch_kl_probabilities_as_input,
            N_(
                "kl_div's first argument must be log-probabilities; passing "
                "probabilities computes something else. Use F.log_softmax(x, dim=1)."
            ),
        ),
    ],
)
