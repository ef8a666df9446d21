"""Notebook 06's exercises: CrossEntropyLoss from scratch (weight, ignore_index, reduction), the weighted mean it
reports, and the binary loss from logits without overflow.

The references are course_utils' NumPy functions, which the tests check against ``torch.nn.functional`` on the
same cases; torch is never imported here.

Examples
--------
>>> import numpy as np
>>> def mean_instead_of_weighted_mean(logits, target, weight=None, ignore_index=-100, reduction="mean"):
...     log_probs = logits - logits.max(axis=1, keepdims=True)
...     log_probs = log_probs - np.log(np.exp(log_probs).sum(axis=1, keepdims=True))
...     w = np.ones(logits.shape[1]) if weight is None else weight
...     losses = -w[target] * log_probs[np.arange(len(target)), target]
...     return losses if reduction == "none" else losses.sum() if reduction == "sum" else losses.mean()
>>> result = cross_entropy_loss_exercise.evaluate(mean_instead_of_weighted_mean)
>>> print(result.message.splitlines()[-2])  # doctest: +NORMALIZE_WHITESPACE
Likely cause: with weight, reduction="mean" divides by the sum of the targets' weights, sum(weight[target]),
not by N: .mean() of the weighted losses is a different number.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, ValueExercise
from ..language import N_
from ..losses import cross_entropy_loss
from ..numerics import log_softmax, softmax
from .cross_entropy import NOTEBOOK_LOGITS

__all__ = ["cross_entropy_loss_exercise", "weighted_mean_exercise", "bce_with_logits_exercise"]


def _reference_loss(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return cross_entropy_loss(logits, target, weight=weight, ignore_index=ignore_index, reduction=reduction)


def _weights(logits, target, weight, ignore_index):
    """Each row's target weight (0 where ignored) and a valid index for every row."""
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.ones(logits.shape[1]) if weight is None else weight
    return np.where(kept, w[safe], 0.0), safe


def _reduce(losses, denominator, reduction):
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / denominator


def _mean_instead_of_weighted_mean(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    losses = -w * log_softmax(logits, axis=1)[np.arange(len(target)), safe]
    return _reduce(losses, (target != ignore_index).sum(), reduction)


def _ignored_rows_in_denominator(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    losses = -w * log_softmax(logits, axis=1)[np.arange(len(target)), safe]
    all_weights = np.ones(logits.shape[1]) if weight is None else weight
    return _reduce(losses, all_weights[safe].sum(), reduction)


def _log_of_softmax(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    log_probs = np.log(softmax(logits, axis=1))
    return _reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def _without_the_max(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return _reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def _weight_skipped_for_none(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    losses = -log_softmax(logits, axis=1)[np.arange(len(target)), safe]
    return np.where(w > 0, losses, 0.0) if reduction == "none" else _reduce(w * losses, w.sum(), reduction)


def _one_max_for_the_batch(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    top = logits.max()  # one number, not one per row
    log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
    return _reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def _max_without_keepdims(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    top = logits.max(axis=1)  # (N,), lined up with the class axis
    log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
    return _reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def _logsumexp_over_the_batch(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    top = logits.max(axis=0, keepdims=True)  # one maximum per class, over the examples
    log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=0, keepdims=True))
    return _reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def _weight_ignored(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return _reference_loss(logits, target, None, ignore_index, reduction)


def _sum_is_the_mean(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return _reference_loss(logits, target, weight, ignore_index, "mean" if reduction == "sum" else reduction)


def _base10_log_probs(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return _reference_loss(logits, target, weight, ignore_index, reduction) / np.log(10)


def _labels_off_by_one(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    return _reduce(-w * log_softmax(logits, axis=1)[np.arange(len(target)), safe - 1], w.sum(), reduction)


def _column_per_target(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    losses = -w * log_softmax(logits, axis=1)[:, safe]  # (N, N): every row paired with every target
    return _reduce(losses, w.sum(), reduction)


def _ignore_index_not_handled(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w = np.ones(logits.shape[1]) if weight is None else weight
    losses = -w[target] * log_softmax(logits, axis=1)[np.arange(len(target)), target]
    return _reduce(losses, w[target].sum(), reduction)


def _logits_as_log_probs(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    return _reduce(-w * logits[np.arange(len(target)), safe], w.sum(), reduction)


def _max_taken_out_only(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    shifted = logits - logits.max(axis=1, keepdims=True)  # the logsumexp's log(sum(exp)) never subtracted
    return _reduce(-w * shifted[np.arange(len(target)), safe], w.sum(), reduction)


def _every_class_summed(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, _ = _weights(logits, target, weight, ignore_index)
    return _reduce(-w * log_softmax(logits, axis=1).sum(axis=1), w.sum(), reduction)


def _mean_over_classes(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w, safe = _weights(logits, target, weight, ignore_index)
    losses = -w * log_softmax(logits, axis=1)[np.arange(len(target)), safe]
    return _reduce(losses, logits.shape[1], reduction)


def _cases() -> list[tuple]:
    """(logits, target, weight, ignore_index, reduction): several shapes, weights, ignored rows, every reduction."""
    rng = np.random.default_rng(5)
    batch = rng.normal(size=(4, 3)).round(2)  # (N, C) = (4, 3)
    target = np.array([0, 2, 1, 2])
    weight = np.array([1.0, 3.0, 0.5])  # sum(weight[target]) = 5, not N = 4
    wide = rng.normal(scale=2.0, size=(6, 5)).round(2)  # (6, 5)
    with_ignored = np.array([4, -100, 0, 2, -100, 1])
    pixels = rng.normal(size=(5, 4)).round(2)  # (5, 4), 255 marks "no label" as in segmentation
    return [
        (NOTEBOOK_LOGITS, np.array([1]), None, -100, "mean"),
        (batch, target, None, -100, "none"),
        (batch, target, None, -100, "sum"),
        (batch, target, None, -100, "mean"),
        (batch, target, weight, -100, "mean"),
        (batch, target, weight, -100, "none"),  # "none" still multiplies by weight[target]
        (wide, with_ignored, None, -100, "mean"),
        (wide, with_ignored, None, -100, "none"),
        (wide, with_ignored, np.array([0.5, 1.0, 2.0, 1.0, 3.0]), -100, "mean"),
        (pixels, np.array([3, 255, 0, 255, 1]), np.array([1.0, 4.0, 1.0, 2.0]), 255, "sum"),
        (pixels, np.array([3, 255, 0, 255, 1]), np.array([1.0, 4.0, 1.0, 2.0]), 255, "mean"),
        (np.array([[1000.0, 999.0, 998.0], [-1000.0, -999.0, -998.0]]), np.array([1, 2]), None, -100, "mean"),
        (np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]), np.array([2, 1]), None, -100, "none"),
    ]


cross_entropy_loss_exercise = FunctionExercise(
    N_("CrossEntropyLoss from scratch, with weight, ignore_index and reduction"),
    reference=_reference_loss,
    cases=_cases(),
    hint=N_(
        "The notebook's four steps. (1) LogSoftmax, stably: log_probs = logits - logsumexp, with the row maximum "
        "taken out before np.exp and added back after np.log. (2) Pick and negate: -log_probs[np.arange(N), "
        "target], the (N,) losses; 'none' returns them, 'sum' adds them. (3) weight: multiply each loss by "
        "weight[target], 'none' too; 'mean' divides the sum by the sum of those weights, not by N. "
        "(4) ignore_index: replace such a target by any valid index (np.where) and give its row weight 0."
    ),
    solution=N_(
        'def cross_entropy_from_scratch(logits, target, weight=None, ignore_index=-100, reduction="mean"):\n'
        "    n, c = logits.shape                                    # (N, C)\n"
        "    top = logits.max(axis=1, keepdims=True)                # (N, 1)\n"
        "    log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))\n"
        "    if weight is None:\n"
        "        weight = np.ones(c)\n"
        "    kept = target != ignore_index                          # (N,) the rows that count\n"
        "    safe = np.where(kept, target, 0)                       # a valid index in every row\n"
        "    w = np.where(kept, weight[safe], 0.0)                  # (N,) 0 for ignored rows\n"
        "    losses = -w * log_probs[np.arange(n), safe]            # (N,)\n"
        '    if reduction == "none":\n'
        "        return losses\n"
        '    if reduction == "sum":\n'
        "        return losses.sum()\n"
        "    return losses.sum() / w.sum()                          # weighted mean"
    ),
    mistakes=[
        (
            _column_per_target,
            N_(
                "log_probs[:, target] picks every target's column for every row, an (N, N) "
                "array. Pair row n with its own target: log_probs[np.arange(N), target]."
            ),
        ),
        (
            _ignore_index_not_handled,
            N_(
                "a target equal to ignore_index (-100 or 255 here) is not a class: "
                "it must not be used as an index. Give those rows weight 0 and any "
                "valid index, e.g. np.where(target != ignore_index, target, 0)."
            ),
        ),
        (
            _mean_instead_of_weighted_mean,
            N_(
                'with weight, reduction="mean" divides by the sum of the targets\' '
                "weights, sum(weight[target]), not by N: .mean() of the weighted "
                "losses is a different number."
            ),
        ),
        (
            _ignored_rows_in_denominator,
            N_(
                "ignored rows must leave the denominator too: divide by the sum of "
                "the weights of the rows that count, not of every row."
            ),
        ),
        (
            _log_of_softmax,
            N_(
                "np.log(softmax(...)) is -inf where a probability underflows to 0 (a logit 2000 "
                "below the largest). Compute log_probs = logits - logsumexp(logits) instead: LogSoftmax."
            ),
        ),
        (
            _without_the_max,
            N_(
                "np.exp(1000) overflows. Subtract each row's largest logit before np.exp, and add "
                "it back after np.log: logsumexp computed stably."
            ),
        ),
        (
            _weight_skipped_for_none,
            N_(
                'with reduction="none" each example\'s loss is still multiplied by its '
                'target\'s weight, weight[target[n]]; only the division of "mean" is left out.'
            ),
        ),
        (
            _one_max_for_the_batch,
            N_(
                "one maximum for the whole batch, logits.max(), is not enough: a row whose "
                "logits all lie far below it underflows to 0 in np.exp, and np.log(0) is -inf. "
                "Take each row's own maximum: logits.max(axis=1, keepdims=True)."
            ),
        ),
        (
            _max_without_keepdims,
            N_(
                "a row-wise max or sum without keepdims=True, such as logits.max(axis=1), "
                "has shape (N,), and NumPy lines it up with the last axis of the (N, C) "
                "logits, the classes, not the rows: a broadcast error, or wrong numbers when "
                "N = C. Keep the axis: with keepdims=True the shape is (N, 1)."
            ),
        ),
        (
            _weight_ignored,
            N_(
                "the class weights are left out: each example's loss is multiplied by "
                'weight[target[n]], and "mean" divides by the sum of those weights.'
            ),
        ),
        (_sum_is_the_mean, N_('reduction="sum" adds the (weighted) losses; it does not divide them.')),
        (_base10_log_probs, N_("that is in base 10 (np.log10); the loss uses the natural log, np.log.")),
        (
            _logsumexp_over_the_batch,
            N_(
                "the maximum and the sum of logsumexp ran along axis 0, over the examples, "
                "so each class's column was normalised instead of each example's row. The "
                "classes run along axis 1: axis=1, keepdims=True."
            ),
        ),
        (
            _logits_as_log_probs,
            N_(
                "the logits themselves were picked as log-probabilities: LogSoftmax subtracts "
                "each row's logsumexp first, log_probs = logits - logsumexp(logits)."
            ),
        ),
        (
            _max_taken_out_only,
            N_(
                "only the row maximum was subtracted; LogSoftmax subtracts the whole logsumexp, "
                "max + log(sum(exp(logits - max))): the log of the sum is missing."
            ),
        ),
        (
            _every_class_summed,
            N_(
                "that adds the log-probabilities of every class in a row; the loss takes only the "
                "target's, log_probs[np.arange(N), target]."
            ),
        ),
        (
            _mean_over_classes,
            N_(
                '"mean" divided by the number of classes C; it averages over the examples: '
                "the sum of the losses over the sum of their weights (N without weight)."
            ),
        ),
        (
            _labels_off_by_one,
            N_(
                "the targets are class indices starting at 0: row n's loss uses "
                "log_probs[n, target[n]], not target[n] - 1."
            ),
        ),
    ],
    forbidden_calls=[
        (name, N_("the exercise is to write the loss with NumPy, from logsumexp and indexing."))
        for name in ("cross_entropy", "cross_entropy_loss", "nll_loss")
    ],
    forbid_silencing=True,
)


# Per-sample losses, targets and class weights of the notebook's exercise 2.
EXERCISE_LOSSES = np.array([0.2, 1.5, 0.7, 2.0])
EXERCISE_TARGET = np.array([0, 1, 1, 2])
EXERCISE_WEIGHT = np.array([1.0, 3.0, 0.5])
_w = EXERCISE_WEIGHT[EXERCISE_TARGET]

weighted_mean_exercise = ValueExercise(
    N_("The weighted mean that CrossEntropyLoss(weight=...) reports"),
    expected=(_w * EXERCISE_LOSSES).sum() / _w.sum(),
    hint=N_(
        "Multiply each example's loss by the weight of its target class, add them up, and divide by the sum "
        "of those same weights (one per example), not by the number of examples."
    ),
    solution=N_(
        "w = class_weight[targets]                      # [1.0, 3.0, 3.0, 0.5]\n"
        "weighted_mean = (w * losses).sum() / w.sum()   # 7.8 / 7.5"
    ),
    mistakes=[
        (
            (_w * EXERCISE_LOSSES).mean(),
            N_(
                "that is .mean() of the weighted losses, which divides by N = 4. With "
                "weight, the mean divides by the sum of the targets' weights."
            ),
        ),
        (EXERCISE_LOSSES.mean(), N_("that is the plain mean, without the weights.")),
        ((_w * EXERCISE_LOSSES).sum(), N_("that is the weighted sum; the mean divides it by the sum of the weights.")),
        (
            _w.sum() / (_w * EXERCISE_LOSSES).sum(),
            N_(
                "that is the fraction upside down: the weighted sum of the losses "
                "goes on top, the sum of the weights underneath."
            ),
        ),
        (
            (_w * EXERCISE_LOSSES).sum() / EXERCISE_LOSSES.sum(),
            N_("the denominator is the sum of the weights, w.sum(), not the sum of the losses."),
        ),
        (
            (EXERCISE_WEIGHT[EXERCISE_TARGET - 1] * EXERCISE_LOSSES).sum() / EXERCISE_WEIGHT[EXERCISE_TARGET - 1].sum(),
            N_(
                "the targets are class indices from 0: each example's weight is class_weight[targets], not "
                "class_weight[targets - 1]."
            ),
        ),
        (
            (_w * EXERCISE_LOSSES).sum() / len(EXERCISE_WEIGHT),
            N_("that divides by the number of classes, 3; the denominator is the sum of the targets' weights."),
        ),
        (
            (EXERCISE_LOSSES / _w).sum() / _w.sum(),
            N_("that divides each loss by its weight; the weighted mean multiplies: (w * losses).sum() / w.sum()."),
        ),
        (_w.sum(), N_("that is the sum of the weights alone, the denominator; the numerator is (w * losses).sum().")),
        (_w.mean(), N_("that is the mean of the weights alone; the losses are missing.")),
        (
            (_w * EXERCISE_LOSSES).max(),
            N_("that is the largest weighted loss; the mean adds them all: (w * losses).sum() / w.sum()."),
        ),
        (
            (_w * EXERCISE_LOSSES).sum() / EXERCISE_WEIGHT.sum(),
            N_(
                "that divides by the sum of the three class "
                "weights; the denominator has one weight per "
                "example: weight[target]."
            ),
        ),
    ],
)


def _bce_reference(z, y):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def _bce_naive(z, y):
    p = 1 / (1 + np.exp(-z))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def _bce_rewritten_naively(z, y):
    return np.log(1 + np.exp(-z)) + (1 - y) * z  # right on paper; e^-z overflows for z = -1000


def _bce_log_one_plus_exp(z, y):
    return np.log(1 + np.exp(z)) - z * y  # right on paper; e^z overflows for z = 1000


def _bce_label_flipped(z, y):
    return _bce_reference(-np.asarray(z, dtype=float), y)


def _bce_log_instead_of_log1p(z, y):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) - z * y + np.log(np.exp(-np.abs(z)))


def _bce_max_of_z_in_the_other_form(z, y):
    z = np.asarray(z, dtype=float)
    return (1 - y) * z + np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def _bce_other_form_without_the_max(z, y):
    z = np.asarray(z, dtype=float)
    return (1 - y) * z + np.log1p(np.exp(-np.abs(z)))


def _bce_base10(z, y):
    return _bce_reference(z, y) / np.log(10)


def _bce_without_the_abs(z, y):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-z))


def _bce_plus_zy(z, y):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))


def _bce_without_the_max(z, y):
    z = np.asarray(z, dtype=float)
    return -z * y + np.log1p(np.exp(-np.abs(z)))


bce_with_logits_exercise = FunctionExercise(
    N_("The binary loss from logits, without overflow"),
    reference=_bce_reference,
    # z = 40: sigma(z) rounds to exactly 1, so log(1 - sigma(z)) is -inf, while e^z still fits in a float.
    cases=[
        (0.0, 1.0),
        (2.0, 1.0),
        (2.0, 0.0),
        (-3.0, 1.0),
        (40.0, 0.0),
        (1000.0, 0.0),
        (-1000.0, 1.0),
        (1000.0, 1.0),
        (-1000.0, 0.0),
        (np.array([-800.0, -5.0, 0.0, 5.0, 800.0]), np.array([1.0, 0.0, 1.0, 0.0, 1.0])),
        (np.array([-2.0, 0.5, 3.0]), np.array([0.3, 0.3, 0.9])),
    ],  # soft targets
    hint=N_(
        "The loss is -[y log sigma(z) + (1 - y) log(1 - sigma(z))]. Write log sigma(z) = -log(1 + e^-z) and "
        "log(1 - sigma(z)) = -z - log(1 + e^-z); then log(1 + e^-z) = max(-z, 0) + log(1 + e^-|z|), where "
        "e^-|z| is at most 1 and never overflows (np.log1p(x) is log(1 + x))."
    ),
    solution=N_(
        "def bce_with_logits(z, y):\n"
        "    z = np.asarray(z, dtype=float)\n"
        "    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))"
    ),
    mistakes=[
        (
            _bce_log_one_plus_exp,
            N_(
                "log(1 + e^z) - z y is right on paper (notebook 02's form), but e^z overflows for "
                "z = 1000: take max(z, 0) out, max(z, 0) + log(1 + e^-|z|)."
            ),
        ),
        (
            _bce_rewritten_naively,
            N_(
                "log(1 + e^-z) is right on paper, but e^-z overflows for z = -1000. Write it "
                "as max(-z, 0) + log(1 + e^-|z|)."
            ),
        ),
        (
            _bce_naive,
            N_(
                "sigma(z) rounds to exactly 0 or 1 for large |z| (and e^-z overflows), and the log of 0 is "
                "-inf. Work with log sigma(z) directly: -log(1 + e^-z), computed from e^-|z|."
            ),
        ),
        (
            _bce_label_flipped,
            N_(
                "that is the loss of -z: the roles of y = 1 and y = 0 are swapped. (The same slip "
                "with CrossEntropyLoss on [z, 0]: class 0 is the positive one, so its target is "
                "1 - y.)"
            ),
        ),
        (
            _bce_log_instead_of_log1p,
            N_("np.log(np.exp(-|z|)) is just -|z|: the 1 + is missing. log(1 + x) is np.log1p(x)."),
        ),
        (
            _bce_max_of_z_in_the_other_form,
            N_(
                "in the form (1 - y) z + log(1 + e^-z), the stable log(1 + e^-z) is "
                "max(-z, 0) + log(1 + e^-|z|): the max takes -z, not z."
            ),
        ),
        (
            _bce_other_form_without_the_max,
            N_(
                "in the form (1 - y) z + log(1 + e^-z), log(1 + e^-z) is "
                "max(-z, 0) + log(1 + e^-|z|): the max(-z, 0) part is missing, so "
                "large negative logits come out wrong."
            ),
        ),
        (_bce_base10, N_("that is in base 10 (np.log10); the loss uses the natural log, np.log and np.log1p.")),
        (
            _bce_without_the_abs,
            N_(
                "np.exp(-z) needs the absolute value: log(1 + e^-|z|). With e^-z the max(z, 0) "
                "part is counted twice for negative z, and e^-z overflows for z = -1000."
            ),
        ),
        (_bce_plus_zy, N_("the z y term is subtracted: max(z, 0) - z y + log(1 + e^-|z|).")),
        (
            _bce_without_the_max,
            N_(
                "log(1 + e^z) = max(z, 0) + log(1 + e^-|z|): the max(z, 0) part is missing, so "
                "large positive logits come out wrong."
            ),
        ),
    ],
    forbidden_calls=[
        (name, N_("the exercise is to write the loss with NumPy."))
        for name in (
            "binary_cross_entropy_with_logits",
            "binary_cross_entropy",
            "cross_entropy",
            "softplus",
            "logsigmoid",
        )
    ],
    forbid_silencing=True,
)
