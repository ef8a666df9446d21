"""Notebook 00's exercise.

Examples
--------
>>> start_here_loss.check(...)
Not attempted: The loss when the true class is 1. Replace the `...` with your code, then run this cell again.
"""

from __future__ import annotations

import numpy as np

from ..checks import ValueExercise

__all__ = ["start_here_loss"]

_START_HERE_LOGITS = np.array([2.0, 1.0, 0.1])

# Notebook 00: cross-entropy for logits [2.0, 1.0, 0.1] and true class 1, i.e. -log softmax(logits)[1].
start_here_loss = ValueExercise(
    "The loss when the true class is 1",
    expected=-np.log(np.exp(_START_HERE_LOGITS[1]) / np.exp(_START_HERE_LOGITS).sum()),
    hint="Take minus the log of the probability that softmax gives to class 1.",
    solution="loss = -np.log(np.exp(logits[1]) / np.exp(logits).sum())",
)
