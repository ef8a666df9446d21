"""Notebook 01's exercises: odds from a probability, the way back, and an odds ratio.

Examples
--------
>>> odds_exercise.check(lambda p: p / (1 - p))
Correct: Odds from a probability. All 5 cases match the reference, without warnings.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, ValueExercise
from ..language import N_

__all__ = ["odds_exercise", "odds_inverse_exercise", "odds_ratio_exercise"]


def _odds(p):
    return np.asarray(p, dtype=float) / (1 - np.asarray(p, dtype=float))


def _probability(odds):
    return np.asarray(odds, dtype=float) / (1 + np.asarray(odds, dtype=float))


def _odds_of_losing(p):
    return (1 - np.asarray(p, dtype=float)) / np.asarray(p, dtype=float)


def _odds_without_brackets(p):
    return np.asarray(p, dtype=float) / 1 - np.asarray(p, dtype=float)


def _win_over_total(p):
    return np.asarray(p, dtype=float) / (1 + np.asarray(p, dtype=float))


def _log_odds(p):
    return np.log(_odds(p))


def _log10_odds(p):
    return np.log10(_odds(p))


def _one_over_losing(p):
    return 1 / (1 - np.asarray(p, dtype=float))


odds_exercise = FunctionExercise(
    N_("Odds from a probability"),
    reference=_odds,
    cases=[(0.75,), (0.5,), (0.0,), (0.999,), (np.array([0.1, 0.2, 0.9]),)],
    hint=N_(
        "Divide the chance of winning, p, by the chance of losing, 1 - p. NumPy arithmetic works on "
        "whole arrays at once."
    ),
    solution="def odds_from_probability(p):\n    return p / (1 - p)",
    mistakes=[
        (_odds_of_losing, N_("that is (1 - p) / p, the odds of losing: the chance of winning goes on top.")),
        (
            _odds_without_brackets,
            N_(
                "p / 1 - p is (p / 1) - p: division comes before subtraction. Put brackets round "
                "the chance of losing: p / (1 - p)."
            ),
        ),
        (_win_over_total, N_("p / (1 + p) is not the odds; the chance of losing is 1 - p, so divide by (1 - p).")),
        (_log_odds, N_("that is the log of the odds (notebook 02); the odds themselves are p / (1 - p).")),
        (_log10_odds, N_("that is the base-10 log of the odds; the odds themselves are p / (1 - p).")),
        (
            _one_over_losing,
            N_("1 / (1 - p) divides 1, not the chance of winning, by the chance of losing: put p on top, p / (1 - p)."),
        ),
    ],
)


def _forward_formula(odds):
    return _odds(odds)


def _chance_of_losing(odds):
    return 1 / (1 + np.asarray(odds, dtype=float))


def _odds_over_odds_minus_one(odds):
    return np.asarray(odds, dtype=float) / (np.asarray(odds, dtype=float) - 1)


def _inverse_without_brackets(odds):
    return np.asarray(odds, dtype=float) / 1 + np.asarray(odds, dtype=float)


odds_inverse_exercise = FunctionExercise(
    N_("Probability from odds"),
    reference=_probability,
    # Odds 2 give p = 2/3, which no short decimal equals: an answer rounded to a few decimals fails there.
    cases=[(3.0,), (1.0,), (0.0,), (1 / 9,), (2.0,), (np.array([0.25, 4.0, 99.0]),)],
    hint=N_("Solve odds = p / (1 - p) for p: multiply both sides by (1 - p) and collect the terms in p."),
    solution="def probability_from_odds(odds_value):\n    return odds_value / (1 + odds_value)",
    mistakes=[
        (
            _forward_formula,
            N_(
                "that is odds / (1 - odds), the forward formula applied to the odds; the way back is odds / (1 + odds)."
            ),
        ),
        (_chance_of_losing, N_("1 / (1 + odds) is the chance of losing; the chance of winning is odds / (1 + odds).")),
        (
            _odds_over_odds_minus_one,
            N_(
                "odds / (odds - 1) has the sign in the denominator wrong: from odds = p "
                "/ (1 - p), p = odds / (1 + odds)."
            ),
        ),
        (
            _inverse_without_brackets,
            N_(
                "odds / 1 + odds is (odds / 1) + odds: division comes before addition. Put "
                "brackets round the denominator: odds / (1 + odds)."
            ),
        ),
    ],
)

odds_ratio_exercise = ValueExercise(
    N_("The odds ratio of rain"),
    expected=(0.6 / 0.4) / (0.2 / 0.8),
    hint=N_("Compute the odds before (p = 0.2) and after (p = 0.6), then divide the second by the first."),
    solution="odds_ratio_of_rain = (0.6 / (1 - 0.6)) / (0.2 / (1 - 0.2))",
    mistakes=[
        (0.6 / 0.2, N_("that is the ratio of the probabilities. Turn each probability into odds first.")),
        (
            (0.2 / 0.8) / (0.6 / 0.4),
            N_("that is the ratio upside down. Divide the odds after (p = 0.6) by the odds before (p = 0.2)."),
        ),
        (
            0.6 / 0.4 - 0.2 / 0.8,
            N_("that is the difference of the odds; the question asks by what factor they multiply."),
        ),
        (
            0.6 / 0.4,
            N_(
                "that is the odds of rain once the clouds gather (p = 0.6) alone; the ratio divides them by "
                "the odds before (p = 0.2)."
            ),
        ),
        (
            0.2 / 0.8,
            N_(
                "that is the odds of rain before the clouds gather (p = 0.2) alone; the ratio divides the odds "
                "after (p = 0.6) by them."
            ),
        ),
        (np.log(6.0), N_("that is the log of the odds ratio; the question asks for the ratio itself.")),
        (np.log10(6.0), N_("that is the base-10 log of the odds ratio; the question asks for the ratio itself.")),
        (
            0.6 / (1 - 0.6) / 0.2 / (1 - 0.2),
            N_("the brackets: a / b / c / d divides by c and then by d. Write (0.6 / (1 - 0.6)) / (0.2 / (1 - 0.2))."),
        ),
        (
            0.4 / 0.8,
            N_(
                "that is the ratio of the chances of no rain (0.4 after, 0.8 before); the question is about "
                "the odds of rain."
            ),
        ),
        (
            0.6 / (1 - 0.2),
            N_("that mixes the two situations: the odds after are 0.6 / (1 - 0.6), the odds before 0.2 / (1 - 0.2)."),
        ),
        ((0.6 / 0.4) * (0.2 / 0.8), N_("that multiplies the two odds; the factor is their ratio, after / before.")),
        (
            (0.6 / 0.4) / 0.2,
            N_("that divides the odds after by the probability before; divide by the odds before, 0.2 / 0.8."),
        ),
        (
            0.6 / (0.2 / 0.8),
            N_("that divides the probability after by the odds before; put the odds after, 0.6 / 0.4, on top."),
        ),
        (6 / 7, N_("that turns the ratio back into a probability; the question asks for the factor itself, 6.")),
        (
            4.0,
            N_(
                "that is the treatment's odds ratio, from the example above (0.2 to 0.5); here the chance goes from "
                "0.2 to 0.6."
            ),
        ),
    ],
)
