"""Notebook 02's exercises: the logit from the odds, a sigmoid that never overflows, odds per unit of score.

Examples
--------
>>> import numpy as np
>>> logit_exercise.check(lambda p: np.log(p / (1 - p)))
Correct: The logit from the odds. All 6 cases match the reference, without warnings.
>>> stable_sigmoid_exercise.check(lambda z: 1 / (1 + np.exp(-z)))  # doctest: +NORMALIZE_WHITESPACE
Incorrect: A sigmoid that never overflows. On case 3 of 9, stable_sigmoid(-1000.0), your function emitted
RuntimeWarning: overflow encountered in exp. A correct answer runs without warnings.
Call .hint() for a hint, or .solution() to see one way.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, ValueExercise
from ..language import N_
from ..numerics import logit, sigmoid

__all__ = ["logit_exercise", "stable_sigmoid_exercise", "odds_factor_exercise"]


def _logit_base10(p):
    return np.log10(p / (1 - p))


def _logit_base2(p):
    return np.log2(p / (1 - p))


def _log_ratio_of_logs(p):
    return np.log(p) / np.log(1 - p)


def _logit_in_float32(p):
    p = np.asarray(p, dtype=np.float32)
    with np.errstate(divide="ignore"):
        return np.log(p / (np.float32(1) - p)).astype(np.float64)


def _odds_without_log(p):
    return p / (1 - p)


def _sigmoid_instead(p):
    return 1 / (1 + np.exp(-np.asarray(p, dtype=float)))


logit_exercise = FunctionExercise(
    N_("The logit from the odds"),
    reference=logit,
    cases=[(0.5,), (0.75,), (0.1,), (1e-12,), (1 - 1e-12,), (np.array([0.01, 0.25, 0.5, 0.9, 0.999]),)],
    hint=N_("First compute the odds p / (1 - p), as in notebook 01; the logit is their natural log (np.log)."),
    solution="def log_odds(p):\n    odds = p / (1 - p)\n    return np.log(odds)",
    mistakes=[
        (_logit_base10, N_("that is the log in base 10 (np.log10); the logit uses the natural log, np.log.")),
        (_logit_base2, N_("that is the log in base 2 (np.log2); the logit uses the natural log, np.log.")),
        (
            _log_ratio_of_logs,
            N_(
                "log p / log(1 - p) divides the logs; the logit is the log of the ratio, "
                "log(p / (1 - p)) = log p - log(1 - p)."
            ),
        ),
        (
            _logit_in_float32,
            N_(
                "in float32, 1 - 1e-12 rounds to 1, so the odds are inf: float32 (torch's default) "
                "keeps about 7 digits. Compute in float64, NumPy's default."
            ),
        ),
        (_odds_without_log, N_("that is the odds, p / (1 - p); the logit is their log.")),
        (_sigmoid_instead, N_("that is the sigmoid of p; the logit goes the other way: the log of the odds.")),
    ],
)


def _sigmoid_branches_swapped(z):
    small = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return np.where(z >= 0, small / (1 + small), 1 / (1 + small))


def _sigmoid_one_branch(z):
    return 1 / (1 + np.exp(-np.abs(np.asarray(z, dtype=float))))


def _sigmoid_by_one_minus(z):
    small = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return np.where(z >= 0, 1 / (1 + small), 1 - 1 / (1 + small))


stable_sigmoid_exercise = FunctionExercise(
    N_("A sigmoid that never overflows"),
    reference=sigmoid,
    # z = -700 has sigma(z) ~ 1e-304: with atol=0 tiny probabilities are compared relatively, so
    # clipping z to [-500, 500] before the naive formula (which gives e^-500 there) is wrong.
    cases=[
        (0.0,),
        (2.0,),
        (-1000.0,),
        (1000.0,),
        (-700.0,),
        (700.0,),
        (-30.0,),
        (np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0]),),
        (np.linspace(-800, 800, 9),),
    ],
    hint=N_(
        "1 / (1 + e^-z) and e^z / (e^z + 1) are equal, and each is safe where its exponential is at most 1. "
        "Compute e^-|z| once (it never overflows), build both forms from it, and let np.where pick per "
        "element. np.where evaluates both of its branches everywhere, so neither may call np.exp(z) or "
        "np.exp(-z) itself."
    ),
    solution=(
        "def stable_sigmoid(z):\n"
        "    z = np.asarray(z, dtype=float)\n"
        "    small = np.exp(-np.abs(z))  # e^-|z| <= 1\n"
        "    return np.where(z >= 0, 1 / (1 + small), small / (1 + small))"
    ),
    atol=0.0,
    mistakes=[
        (
            _sigmoid_one_branch,
            N_(
                "that is sigma(|z|): right for z >= 0 only. For z < 0 the sigmoid is "
                "e^-|z| / (1 + e^-|z|): np.where picks the right form for each element."
            ),
        ),
        (
            _sigmoid_branches_swapped,
            N_(
                "that is sigma(-z) = 1 - sigma(z): the two branches are swapped, or e^|z| is "
                "used where e^-|z| is meant. For z >= 0, 1 / (1 + e^-z); for z < 0, "
                "e^z / (1 + e^z), both from e^-|z|."
            ),
        ),
        (
            _sigmoid_by_one_minus,
            N_(
                "1 - sigma(-z) is right on paper, but 1 - 0.99999... keeps only about 16 digits: "
                "sigma(-700), about 1e-304, comes out as 0. Compute e^-|z| / (1 + e^-|z|) "
                "directly for z < 0."
            ),
        ),
    ],
    forbid_silencing=True,
    forbidden_calls=[
        (name, N_("the exercise is to write the sigmoid yourself, from np.exp."))
        for name in ("sigmoid", "expit", "logistic")
    ],
)

# With log-odds w * hours + b, two more hours add 2w to the log-odds, which multiplies the odds by e^(2w).
# The course's rule for typed answers accepts 20.09 from a printout; 20.07 = 4.48 * 4.48 is told it was rounded too far.
odds_factor_exercise = ValueExercise(
    N_("Two more hours at w = 1.5"),
    expected=np.exp(2 * 1.5),
    hint=N_("Compare odds = e^z before and after the score grows by 2 * w; divide one by the other."),
    solution=N_("factor = np.exp(2 * 1.5)  # two more hours add 2 * 1.5 to the log-odds; the odds are e^(log-odds)"),
    mistakes=[
        (2 * np.exp(1.5), N_("factors multiply, they do not add: each of the two hours multiplies the odds by e^1.5.")),
        (np.exp(1.5), N_("that is the factor for one more hour; the question asks about two.")),
        (np.exp(1.5 + 2), N_("two more hours raise the score by 2 x 1.5, not by 1.5 + 2.")),
        (
            2 * 1.5,
            N_("3 is the change in the log-odds, 2 x 1.5. The odds are e to the log-odds, so they multiply by e^3."),
        ),
        (np.exp(2 * 1.5046), N_("that uses the fitted w, about 1.505; the question sets w = 1.5.")),
        (
            np.exp(2 * 4.0),
            N_("that is e^(2 x 4): a w = 4.0 left over from an earlier cell? The question sets w = 1.5."),
        ),
        (10**3.0, N_("log-odds are natural logs: the odds are e^(log-odds), not 10^(log-odds).")),
        (
            np.exp(-3.0),
            N_("that is the factor upside down, e^-3 = 1 / e^3; more hours raise the log-odds, so the odds grow."),
        ),
        (sigmoid(3.0), N_("that is a probability, sigmoid(3); the question asks by what factor the odds multiply.")),
        (np.exp(3.0) - 1, N_("e^3 - 1 is by how much the odds grow, relative to before; the factor is e^3.")),
        (
            np.exp(2.0) * 1.5,
            N_(
                "e^2 x 1.5 multiplies after exponentiating; two hours add 2 x 1.5 to the log-odds, so "
                "the factor is e^(2 x 1.5)."
            ),
        ),
        (np.exp(1.5**2), N_("1.5^2 squares w; two more hours add w twice: e^(2 x 1.5).")),
        (
            sigmoid(3.0) / sigmoid(0.0),
            N_("that is a ratio of probabilities; the question asks how the odds, p / (1 - p), multiply."),
        ),
    ],
)
