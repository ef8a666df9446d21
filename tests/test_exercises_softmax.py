"""Notebook 03's exercises: the reference solutions pass, known wrong answers fail with the reason."""

import numpy as np
import pytest
import torch
from exercise_support import assert_named_cause, solution_namespace

from course_utils import sigmoid
from course_utils.exercises import sigmoid_cap_exercise, stable_softmax_exercise, two_class_exercise
from course_utils.numerics import softmax

# ---- Exercise 1: a stable softmax --------------------------------------------------------------------


def test_stable_softmax_solution_passes(capsys):
    stable_softmax = solution_namespace(stable_softmax_exercise, capsys, sigmoid=sigmoid)["stable_softmax"]
    result = stable_softmax_exercise.evaluate(stable_softmax)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: A stable softmax for vectors and batches. All 8 cases match the reference, without warnings."
    )


def via_log_softmax(z):
    top = np.max(z, axis=-1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True)) + top
    return np.exp(z - log_sum)


def via_torch(z):
    return torch.softmax(torch.tensor(z), dim=-1).numpy()


def with_a_loop_over_rows(z):
    if z.ndim == 1:
        e = np.exp(z - z.max())
        return e / e.sum()
    return np.array([with_a_loop_over_rows(row) for row in z])


@pytest.mark.parametrize("answer", [via_log_softmax, with_a_loop_over_rows])
def test_stable_softmax_correct_variants_pass(answer):
    result = stable_softmax_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def with_builtin_max(z):
    exps = np.exp(z - max(z))  # Python's max: compares a batch's rows as single values
    return exps / exps.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (via_torch, "Your function calls softmax(); the exercise is to write softmax yourself, from np.exp."),
        (softmax, "That is course_utils's own softmax, not yours; the exercise is to write softmax yourself"),
        (
            with_builtin_max,
            "your function used Python's built-in max() on an array: it compares whole arrays as single values",
        ),
    ],
)
def test_library_softmax_and_builtin_max_are_named(answer, fragment):
    """The text asks for a softmax written with NumPy; Python's max on a batch used to be blamed on an `if`."""
    result = stable_softmax_exercise.evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def naive(z):
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def global_max(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=-1, keepdims=True)


def vector_version_on_a_batch(z):  # the likely first attempt: the notebook's vector version, unchanged
    exps = np.exp(z - z.max())
    return exps / exps.sum()


def batch_axis(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def sum_over_batch_axis(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def sum_over_everything(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum()


def max_without_keepdims(z):
    e = np.exp(z - z.max(axis=-1))
    return e / e.sum(axis=-1, keepdims=True)


def sum_without_keepdims(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1)


def reshape_like_the_batch_only(z):
    e = np.exp(z - z.max(axis=-1).reshape(-1, 1))
    return e / e.sum(axis=-1).reshape(-1, 1)


def axis_one(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def naive_axis_one(z):
    return np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)


def clipped(z):  # hides the overflow by clipping: wrong once a row's logits all lie beyond the clip
    z = np.clip(z, -500, 500)
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            naive,
            "On case 2 of 8, stable_softmax(np.array([1000.0, 1001.0, 1002.0])), your function emitted "
            "RuntimeWarning: overflow "
            "encountered in exp",
            "e^1000 overflows to inf, and inf / inf is nan",
        ),
        (
            global_max,
            "On case 5 of 8, stable_softmax(np.array([[1000.0, 1001.0, 1002.0], [2.0, 1.0, 0.1], "
            "[-1000.0, -1001.0, -1002.0], "
            "[5.0, 5.0, 5.0]])), your function emitted RuntimeWarning: invalid value encountered in divide",
            "you subtracted one max for the whole batch",
        ),
        (
            vector_version_on_a_batch,
            "On case 4 of 8, stable_softmax(np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [4.0, 3.0, 2.0, "
            "1.0]])), expected",
            "you used one maximum and one sum for the whole batch",
        ),
        (
            batch_axis,
            "On case 4 of 8, stable_softmax(np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [4.0, 3.0, 2.0, "
            "1.0]])), expected",
            "you worked along axis 0, the batch axis",
        ),
        (sum_over_batch_axis, "On case 4 of 8", "you summed along axis 0, the batch axis"),
        (sum_over_everything, "On case 4 of 8", "you divided by the sum of the whole batch"),
        (
            max_without_keepdims,
            "your function raised ValueError: operands could not be broadcast together with shapes (3,4) (3,)",
            "without keepdims=True",
        ),
        (
            sum_without_keepdims,
            "your function raised ValueError: operands could not be broadcast together",
            "without keepdims=True",
        ),
        (
            reshape_like_the_batch_only,
            "On case 1 of 8, stable_softmax(np.array([2.0, 1.0, 0.1])), expected an array of shape (3,), "
            "got an array of shape (1, 3)",
            "reshape(-1, 1)",
        ),
        (
            axis_one,
            "On case 1 of 8, stable_softmax(np.array([2.0, 1.0, 0.1])), your function raised AxisError",
            "axis=1 exists only for a batch",
        ),
        (naive_axis_one, "your function raised AxisError", "axis=1 exists only for a batch"),
    ],
)
def test_stable_softmax_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(stable_softmax_exercise.evaluate(answer), cause, fragment)


def test_a_wrong_answer_without_a_known_cause_gets_none():
    result = stable_softmax_exercise.evaluate(clipped)
    assert result.state == "incorrect" and "On case 2 of 8" in result.message
    assert "Likely cause" not in result.message


def test_right_values_with_a_warning_are_not_blamed_on_a_mistake():
    def correct_but_noisy(z):
        np.exp(z)  # overflows at 1000, thrown away
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    result = stable_softmax_exercise.evaluate(correct_but_noisy)
    assert result.state == "incorrect" and "emitted RuntimeWarning: overflow" in result.message
    assert "Likely cause" not in result.message


def test_square_batch_catches_a_missing_keepdims_silently_wrong():
    square = [
        args for args in stable_softmax_exercise.cases if np.ndim(args[0]) == 2 and args[0].shape[0] == args[0].shape[1]
    ]
    assert square
    with np.errstate(all="raise"):
        got = sum_without_keepdims(square[0][0])
    assert not np.allclose(got.sum(axis=1), 1.0)


def test_stable_softmax_cases_are_extreme():
    arrays = [args[0] for args in stable_softmax_exercise.cases]
    assert max(np.abs(a).max() for a in arrays) >= 1000
    assert any(a.ndim == 1 for a in arrays) and any(a.ndim == 2 and a.shape[0] > 1 for a in arrays)
    # A batch whose row maxima are so far apart that one global max underflows a whole row to 0 / 0.
    assert any(a.ndim == 2 and np.ptp(a.max(axis=1)) > 1500 for a in arrays)


def test_the_module_doctest_message_is_exact():
    message = stable_softmax_exercise.evaluate(naive).message
    assert message.splitlines()[1] == (
        "Likely cause: e^1000 overflows to inf, and inf / inf is nan. Subtract each "
        "row's largest logit before np.exp; shift invariance makes that exact."
    )


# ---- Exercise 2: two classes, one sigmoid -------------------------------------------------------------


def test_two_class_solution_runs_as_printed(capsys):
    p0 = solution_namespace(two_class_exercise, capsys, sigmoid=sigmoid)["p0"]
    assert two_class_exercise.evaluate(p0).state == "correct"


@pytest.mark.parametrize(
    "answer, state",
    [
        (sigmoid(2.0), "correct"),
        (1 / (1 + np.exp(-2.0)), "correct"),
        (np.exp(3.0) / (np.exp(3.0) + np.exp(1.0)), "correct"),
        (torch.softmax(torch.tensor([3.0, 1.0], dtype=torch.float64), dim=0)[0].item(), "correct"),
        (0.8808, "correct"),  # typed from the rounded printout of sigmoid(2)
        (0.881, "correct"),
        (..., "not attempted"),
        (sigmoid(3.0), "incorrect"),
        (0.87, "incorrect"),
        (0.5, "incorrect"),
    ],
)
def test_two_class(answer, state):
    assert two_class_exercise.evaluate(answer).state == state
    assert two_class_exercise.expected == pytest.approx(0.8807970779778823)


@pytest.mark.parametrize(
    "answer, reason",
    [
        (sigmoid(3.0), "treats class 1's logit as 0"),
        (sigmoid(-2.0), "the probability of class 1"),
        (1 - sigmoid(2.0), "the probability of class 1"),
        (sigmoid(3.0) / (sigmoid(3.0) + sigmoid(1.0)), "normalises two sigmoids"),
        (0.75, "divides the logits themselves"),
        (sigmoid(4.0), "the difference 3 - 1"),
    ],
)
def test_two_class_known_mistakes_say_why(answer, reason):
    result = two_class_exercise.evaluate(answer)
    assert result.state == "incorrect" and reason in result.message


# ---- Exercise 3: the cap of a sigmoid before softmax -------------------------------------------------


def test_sigmoid_cap_solution_runs_as_printed(capsys):
    cap = solution_namespace(sigmoid_cap_exercise, capsys, sigmoid=sigmoid)["cap"]
    assert sigmoid_cap_exercise.evaluate(cap).state == "correct"


def test_sigmoid_cap_is_the_supremum():
    assert sigmoid_cap_exercise.expected == pytest.approx(0.23196931668407395)
    squashed = np.r_[1.0, np.zeros(9)]  # the limit of one sigmoid output -> 1 and nine -> 0
    p = np.exp(squashed) / np.exp(squashed).sum()
    assert p.max() == pytest.approx(sigmoid_cap_exercise.expected)
    rng = np.random.default_rng(0)
    s = sigmoid(30 * rng.standard_normal((5000, 10)))
    probs = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    assert probs.max() <= sigmoid_cap_exercise.expected + 1e-12


@pytest.mark.parametrize(
    "answer, state",
    [
        (np.e / (np.e + 9), "correct"),
        (0.232, "correct"),  # typed from a rounded printout
        (..., "not attempted"),
        (0.5761, "incorrect"),
    ],
)
def test_sigmoid_cap(answer, state):
    assert sigmoid_cap_exercise.evaluate(answer).state == state


@pytest.mark.parametrize(
    "answer, reason",
    [
        (np.e / (np.e + 10), "counts ten other classes"),
        (0.1, "the least confident softmax"),
        (1.0, "no class can pull ahead by more than 1"),
        (0.7311, "the cap for two classes"),
        (0.5761, "the cap for three classes"),
    ],
)
def test_sigmoid_cap_known_mistakes_say_why(answer, reason):
    result = sigmoid_cap_exercise.evaluate(answer)
    assert result.state == "incorrect" and reason in result.message


def test_vector_version_on_a_batch_is_right_for_vectors_and_blamed_for_batches():
    for args in stable_softmax_exercise.cases:
        if np.ndim(args[0]) == 1:
            np.testing.assert_allclose(vector_version_on_a_batch(args[0]), stable_softmax_exercise.reference(*args))
    message = stable_softmax_exercise.evaluate(vector_version_on_a_batch).message
    assert "\nLikely cause: you used one maximum and one sum for the whole batch" in message
    assert "so the whole batch sums to 1 instead of each row" in message
