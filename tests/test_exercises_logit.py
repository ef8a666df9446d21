"""Notebook 02's exercises: the reference solutions pass, known wrong answers fail with the reason."""

import math

import numpy as np
import pytest

from course_utils.exercises import logit_exercise, odds_factor_exercise, stable_sigmoid_exercise


def run_solution(exercise, name, capsys):
    """The function defined by the solution text that ``exercise.solution()`` prints."""
    exercise.solution()
    source = capsys.readouterr().out.removeprefix("Solution:\n")
    namespace = {"np": np}
    exec(source, namespace)
    return namespace[name]


def not_attempted(_):
    raise NotImplementedError


def test_logit_solution_passes(capsys):
    log_odds = run_solution(logit_exercise, "log_odds", capsys)
    assert logit_exercise.evaluate(log_odds).state == "correct"


@pytest.mark.parametrize("answer, fragment", [
    (lambda p: np.log(p), "On case 1 of 6, log_odds(0.5), expected 0, got -0.693147"),
    (lambda p: p / (1 - p), "On case 1 of 6, log_odds(0.5), expected 0, got 1"),
    (lambda p: np.log10(p / (1 - p)), "log_odds(0.75), expected 1.09861, got 0.477121"),
    (lambda p: np.log((1 - p) / p), "log_odds(0.75), expected 1.09861, got -1.09861"),
    (lambda p: math.log(p / (1 - p)), "log_odds([0.01, 0.25, 0.5, 0.9, 0.999]), your function raised TypeError"),
])
def test_logit_wrong_answers(answer, fragment):
    result = logit_exercise.evaluate(answer)
    assert result.state == "incorrect"
    assert fragment in result.message


def test_logit_cases_reach_near_0_and_1_and_arrays():
    values = [case[0] for case in logit_exercise.cases]
    assert min(np.min(v) for v in values) <= 1e-12 and max(np.max(v) for v in values) >= 1 - 1e-12
    assert any(isinstance(v, np.ndarray) for v in values)


def test_stable_sigmoid_solution_passes(capsys):
    stable_sigmoid = run_solution(stable_sigmoid_exercise, "stable_sigmoid", capsys)
    assert stable_sigmoid_exercise.evaluate(stable_sigmoid).state == "correct"
    assert stable_sigmoid_exercise.evaluate(lambda z: np.exp(-np.logaddexp(0, -z))).state == "correct"


def where_of_both_naive_forms(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (np.exp(z) + 1))


@pytest.mark.parametrize("answer, fragment", [
    (lambda z: 1 / (1 + np.exp(-z)),
     "On case 3 of 7, stable_sigmoid(-1000), your function emitted RuntimeWarning: overflow encountered in exp."),
    (lambda z: np.exp(z) / (np.exp(z) + 1),
     "On case 4 of 7, stable_sigmoid(1000), your function emitted RuntimeWarning: overflow encountered in exp."),
    (where_of_both_naive_forms, "stable_sigmoid(-1000), your function emitted RuntimeWarning: overflow"),
    (lambda z: 1 / (1 + math.exp(-z)), "stable_sigmoid(-1000), your function raised OverflowError"),
    (lambda z: 1 / (1 + np.exp(z)), "stable_sigmoid(2), expected 0.880797, got 0.119203"),
])
def test_stable_sigmoid_wrong_answers(answer, fragment):
    result = stable_sigmoid_exercise.evaluate(answer)
    assert result.state == "incorrect"
    assert fragment in result.message


@pytest.mark.parametrize("exercise", [logit_exercise, stable_sigmoid_exercise])
def test_function_stubs_are_not_attempted(exercise):
    assert exercise.evaluate(not_attempted).state == "not attempted"


@pytest.mark.parametrize("answer, state", [
    (np.exp(3.0), "correct"),
    (np.exp(1.5 * (1 + 2) - 4) / np.exp(1.5 * 1 - 4), "correct"),
    (..., "not attempted"),
    (np.exp(1.5), "incorrect"),       # one hour, not two
    (2 * np.exp(1.5), "incorrect"),   # doubling the factor instead of squaring it
    (np.exp(1.5) + 2, "incorrect"),
])
def test_odds_factor(answer, state):
    assert odds_factor_exercise.evaluate(answer).state == state
    assert odds_factor_exercise.expected == pytest.approx(20.085536923187668)
