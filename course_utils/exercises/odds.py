"""Notebook 01's exercises: odds from a probability, the way back, and an odds ratio.

Examples
--------
>>> odds_exercise.check(lambda p: p / (1 - p))
Correct: Odds from a probability. All 5 cases match the reference, without warnings.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, ValueExercise

__all__ = ["odds_exercise", "odds_inverse_exercise", "odds_ratio_exercise"]


def _odds(p):
    return np.asarray(p, dtype=float) / (1 - np.asarray(p, dtype=float))


def _probability(odds):
    return np.asarray(odds, dtype=float) / (1 + np.asarray(odds, dtype=float))


odds_exercise = FunctionExercise(
    "Odds from a probability",
    reference=_odds,
    cases=[(0.75,), (0.5,), (0.0,), (0.999,), (np.array([0.1, 0.2, 0.9]),)],
    hint="Divide the chance of winning, p, by the chance of losing, 1 - p. NumPy arithmetic works on "
         "whole arrays at once.",
    solution="def odds_from_probability(p):\n    return p / (1 - p)",
)

odds_inverse_exercise = FunctionExercise(
    "Probability from odds",
    reference=_probability,
    cases=[(3.0,), (1.0,), (0.0,), (1 / 9,), (np.array([0.25, 4.0, 99.0]),)],
    hint="Solve odds = p / (1 - p) for p: multiply both sides by (1 - p) and collect the terms in p.",
    solution="def probability_from_odds(odds_value):\n    return odds_value / (1 + odds_value)",
)

odds_ratio_exercise = ValueExercise(
    "The odds ratio of rain",
    expected=(0.6 / 0.4) / (0.2 / 0.8),
    hint="Compute the odds before (p = 0.2) and after (p = 0.6), then divide the second by the first.",
    solution="odds_ratio_of_rain = (0.6 / (1 - 0.6)) / (0.2 / (1 - 0.2))",
    mistakes=[
        (0.6 / 0.2, "that is the ratio of the probabilities. Turn each probability into odds first."),
        ((0.2 / 0.8) / (0.6 / 0.4), "that is the ratio upside down: the odds after, divided by the odds before."),
        (0.6 / 0.4 - 0.2 / 0.8, "that is the difference of the odds; the question asks by what factor they multiply."),
    ],
)
