"""Notebook 02's exercises: the reference solutions pass, known wrong answers fail with the reason."""

import math

import numpy as np
import pytest
from exercise_support import solution_namespace

from course_utils.checks import FunctionExercise
from course_utils.exercises import logit_exercise, odds_factor_exercise, stable_sigmoid_exercise
from course_utils.numerics import sigmoid


def test_logit_solution_passes(capsys):
    log_odds = solution_namespace(logit_exercise, capsys)["log_odds"]
    assert logit_exercise.evaluate(log_odds).state == "correct"


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (lambda p: np.log(p), "On case 1 of 6, log_odds(0.5), expected 0, got -0.693147"),
        (lambda p: p / (1 - p), "On case 1 of 6, log_odds(0.5), expected 0, got 1"),
        (lambda p: np.log10(p / (1 - p)), "log_odds(0.75), expected 1.09861, got 0.477121"),
        (lambda p: np.log((1 - p) / p), "log_odds(0.75), expected 1.09861, got -1.09861"),
        (
            lambda p: math.log(p / (1 - p)),
            "log_odds(np.array([0.01, 0.25, 0.5, 0.9, 0.999])), your function turned an array into one Python "
            "number: a function from the `math` module",
        ),
    ],
)
def test_logit_wrong_answers(answer, fragment):
    result = logit_exercise.evaluate(answer)
    assert result.state == "incorrect"
    assert fragment in result.message


def test_logit_cases_reach_near_0_and_1_and_arrays():
    values = [case[0] for case in logit_exercise.cases]
    assert min(np.min(v) for v in values) <= 1e-12 and max(np.max(v) for v in values) >= 1 - 1e-12
    assert any(isinstance(v, np.ndarray) for v in values)


def test_stable_sigmoid_solution_passes(capsys):
    stable_sigmoid = solution_namespace(stable_sigmoid_exercise, capsys)["stable_sigmoid"]
    assert stable_sigmoid_exercise.evaluate(stable_sigmoid).state == "correct"


def branches_from_one_exponential(z):
    small = np.exp(-np.abs(z))
    return np.where(z < 0, small / (1 + small), 1 / (1 + small))


def exp_of_minus_log_one_plus_exp(z):
    return np.exp(-np.logaddexp(0, -z))


def without_where(z):
    z = np.asarray(z, dtype=float)
    small = np.exp(-np.abs(z))
    positive = z >= 0
    return positive / (1 + small) + ~positive * small / (1 + small)


@pytest.mark.parametrize("answer", [branches_from_one_exponential, exp_of_minus_log_one_plus_exp, without_where])
def test_stable_sigmoid_correct_variants_pass(answer):
    result = stable_sigmoid_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def test_stable_sigmoid_compares_tiny_probabilities_relatively():
    assert stable_sigmoid_exercise.atol == 0.0
    values = [case[0] for case in stable_sigmoid_exercise.cases]
    assert -700.0 in values and 700.0 in values


def where_of_both_naive_forms(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (np.exp(z) + 1))


def clip_then_naive(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


def one_minus_for_negatives(z):  # 1 - sigma(-z) cancels: sigma(-30) keeps only 3 digits, sigma(-700) becomes 0
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + small), 1 - 1 / (1 + small))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (
            lambda z: 1 / (1 + np.exp(-z)),
            "On case 3 of 9, stable_sigmoid(-1000.0), your function emitted RuntimeWarning: overflow encountered in "
            "exp.",
        ),
        (
            lambda z: np.exp(z) / (np.exp(z) + 1),
            "On case 4 of 9, stable_sigmoid(1000.0), your function emitted RuntimeWarning: overflow encountered in "
            "exp.",
        ),
        (where_of_both_naive_forms, "stable_sigmoid(-1000.0), your function emitted RuntimeWarning: overflow"),
        (lambda z: 1 / (1 + math.exp(-z)), "stable_sigmoid(-1000.0), your function raised OverflowError"),
        (lambda z: 1 / (1 + np.exp(z)), "stable_sigmoid(2.0), expected 0.880797, got 0.119203"),
        (clip_then_naive, "On case 3 of 9, stable_sigmoid(-1000.0), expected 0, got 7.12458e-218"),
        (
            one_minus_for_negatives,
            "On case 5 of 9, stable_sigmoid(-700.0), expected 9.85968e-305, got 0; absolute "
            "difference 9.85968e-305 (rtol=1e-06, atol=0).\nLikely cause: 1 - sigma(-z) is right "
            "on paper",
        ),
    ],
)
def test_stable_sigmoid_wrong_answers(answer, fragment):
    result = stable_sigmoid_exercise.evaluate(answer)
    assert result.state == "incorrect"
    assert fragment in result.message


def test_clipping_fails_at_minus_700_too():
    """Even without the case z = -1000, z = -700 catches a clip to [-500, 500] before the naive formula."""
    ex = stable_sigmoid_exercise
    only_700 = FunctionExercise(
        ex.name, ex.reference, [(-700.0,)], hint="h", solution="def stable_sigmoid(z): ...", rtol=ex.rtol, atol=ex.atol
    )
    result = only_700.evaluate(clip_then_naive)
    assert result.state == "incorrect" and "expected 9.85968e-305, got 7.12458e-218" in result.message


def test_odds_factor_solution_runs_as_written(capsys):
    odds_factor_exercise.solution()
    source = capsys.readouterr().out.removeprefix("Solution:\n")
    namespace = {"np": np}
    exec(source, namespace)
    assert odds_factor_exercise.evaluate(namespace["factor"]).state == "correct"


@pytest.mark.parametrize(
    "answer, state",
    [
        (np.exp(3.0), "correct"),
        (np.exp(1.5 * (1 + 2) - 4) / np.exp(1.5 * 1 - 4), "correct"),
        (np.exp(1.5) ** 2, "correct"),
        (20.09, "correct"),  # typed from the rounded printout
        (4.48 * 4.48, "incorrect"),  # e^1.5 as the explorer shows it, squared: 20.07, rounded too far
        (..., "not attempted"),
        (np.exp(1.5), "incorrect"),  # one hour, not two
        (2 * np.exp(1.5), "incorrect"),  # doubling the factor instead of squaring it
        (np.exp(1.5) + 2, "incorrect"),
        (np.exp(3.5), "incorrect"),  # the score rises by 2 * 1.5, not 1.5 + 2
        (20.2, "incorrect"),
    ],
)
def test_odds_factor(answer, state):
    assert odds_factor_exercise.evaluate(answer).state == state
    assert odds_factor_exercise.expected == pytest.approx(20.085536923187668)


@pytest.mark.parametrize(
    "answer, reason",
    [
        (2 * np.exp(1.5), "factors multiply, they do not add"),
        (8.96, "factors multiply, they do not add"),
        (np.exp(1.5), "the factor for one more hour"),
        (4.48, "the factor for one more hour"),
        (np.exp(1.5 + 2), "2 x 1.5, not by 1.5 + 2"),
    ],
)
def test_odds_factor_known_mistakes_say_why(answer, reason):
    result = odds_factor_exercise.evaluate(answer)
    assert result.state == "incorrect" and reason in result.message


def naive_sigmoid_silenced(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (
            naive_sigmoid_silenced,
            "Your function silences NumPy's warnings (errstate), and what they warn about still happens",
        ),
        (sigmoid, "That is course_utils's own sigmoid, not yours; the exercise is to write the sigmoid yourself"),
        (lambda z: sigmoid(z), "Your function calls sigmoid(); the exercise is to write the sigmoid yourself"),
    ],
)
def test_the_sigmoid_must_be_the_learners_own_and_not_overflow(answer, fragment):
    """The text asks for a sigmoid written with NumPy, without overflow; both used to pass."""
    result = stable_sigmoid_exercise.evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def test_the_change_in_log_odds_is_not_the_factor():
    message = odds_factor_exercise.evaluate(3).message
    assert "3 is the change in the log-odds, 2 x 1.5. The odds are e to the log-odds" in message
    assert odds_factor_exercise.evaluate(20.09).state == "correct"
