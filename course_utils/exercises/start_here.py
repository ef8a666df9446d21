"""Notebook 00's exercise.

Examples
--------
>>> start_here_loss.check(...)
Not attempted: The loss when the true class is 1. Replace the `...` with your code, then run this cell again.
"""

from __future__ import annotations

import numpy as np

from ..checks import ValueExercise
from ..language import N_

__all__ = ["start_here_loss"]

_START_HERE_LOGITS = np.array([2.0, 1.0, 0.1])

_PROBS = np.exp(_START_HERE_LOGITS) / np.exp(_START_HERE_LOGITS).sum()

# Notebook 00: cross-entropy for logits [2.0, 1.0, 0.1] and true class 1, i.e. -log softmax(logits)[1].
start_here_loss = ValueExercise(
    N_("The loss when the true class is 1"),
    expected=-np.log(_PROBS[1]),
    hint=N_(
        "Softmax gives class 1 the probability p_1 = e^z1 / (e^z0 + e^z1 + e^z2), with z = logits; in NumPy "
        "np.exp(logits[1]) / np.exp(logits).sum(). The loss is minus its natural log: -np.log(p_1)."
    ),
    solution="loss_class_1 = -np.log(np.exp(logits[1]) / np.exp(logits).sum())",
    mistakes=[
        (
            -np.log(_PROBS[0]),
            N_(
                "that is the loss for class 0, the one computed above; here the true class is 1, "
                "so take the probability at index 1."
            ),
        ),
        (-np.log(_PROBS[2]), N_("that is the loss for class 2; here the true class is 1 (indices start at 0).")),
        (
            np.log(_PROBS[1]),
            N_("the minus sign is missing: the log of a probability is negative, and the loss is minus it."),
        ),
        (_PROBS[1], N_("that is the probability softmax gives class 1; the loss is minus its log.")),
        (-np.log10(_PROBS[1]), N_("that is the log in base 10 (np.log10); the loss uses the natural log, np.log.")),
        (-np.log2(_PROBS[1]), N_("that is the log in base 2 (np.log2); the loss uses the natural log, np.log.")),
        (
            np.log(np.exp(_START_HERE_LOGITS).sum()),
            N_(
                "that is log(e^z0 + e^z1 + e^z2) alone: the numerator, e^z1, is "
                "missing (it takes z1 = 1.0 off the result)."
            ),
        ),
        (
            -_START_HERE_LOGITS[1],
            N_("that is -log(e^z1) = -z1: the division by the sum of the exponentials is missing."),
        ),
        (
            -np.log(np.exp(_START_HERE_LOGITS[1]) / _START_HERE_LOGITS.sum()),
            N_("the sum in the denominator needs the exponentials too: np.exp(logits).sum()."),
        ),
        (
            -np.log(np.exp(_START_HERE_LOGITS[1])) / np.exp(_START_HERE_LOGITS).sum(),
            N_(
                "the parentheses: -np.log(a) / b divides the log by b; take the log of "
                "the whole quotient, -np.log(a / b)."
            ),
        ),
        (
            -np.log(_START_HERE_LOGITS[1]),
            N_("that is -log of the logit itself; softmax first turns the logits into probabilities."),
        ),
        (1 - _PROBS[1], N_("1 - p_1 is the probability that the class is not 1; the loss is -log p_1.")),
        (
            1.0,
            N_(
                "that compares class 1 with one other class only (e^z1 / e^z0, or a max instead of the sum); the "
                "denominator sums e^z over all three classes."
            ),
        ),
        (
            -np.log(_START_HERE_LOGITS[1] / _START_HERE_LOGITS.sum()),
            N_("that divides the logits themselves; softmax divides their exponentials, e^z."),
        ),
        (
            -np.log(np.exp(_START_HERE_LOGITS[1]) / np.exp(_START_HERE_LOGITS.sum())),
            N_("e^(z0 + z1 + z2) is the exponential of the sum; the denominator is the sum of the exponentials."),
        ),
        (
            -np.log(1 - _PROBS[1]),
            N_("that is -log(1 - p_1), the surprise of the class not being 1; the loss is -log p_1."),
        ),
        (
            -np.log(_PROBS[1] / (1 - _PROBS[1])),
            N_(
                "that is minus the log-odds of class 1 (notebook 02); the loss is "
                "-log p_1, without the division by 1 - p_1."
            ),
        ),
        (-np.log(_PROBS).sum(), N_("that adds the losses of all three classes; only the true class's counts.")),
        (-np.log(_PROBS).mean(), N_("that averages the losses of all three classes; only the true class's counts.")),
    ],
)
