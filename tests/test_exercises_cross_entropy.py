"""Notebook 05's exercises: NLLLoss by hand, the gradient of the loss, the loss an untrained model starts at. The
references agree with torch, the solutions pass as printed, known wrong answers fail with the reason, and the
notebook's stubs count as not attempted."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from exercise_support import assert_named_cause, not_attempted, solution_namespace

from course_utils.exercises import initial_loss_exercise, loss_gradient_exercise, nll_loss_exercise
from course_utils.exercises.cross_entropy import NOTEBOOK_LOGITS

# ---- Exercise 1: NLLLoss by hand ----------------------------------------------------------------------


def test_the_nll_reference_is_torchs_nll_loss():
    for log_probs, target in nll_loss_exercise.cases:
        expected = F.nll_loss(torch.tensor(log_probs), torch.tensor(target)).item()
        assert nll_loss_exercise.reference(log_probs, target) == pytest.approx(expected, rel=1e-12)


def test_the_nll_cases_hold_the_notebooks_example_and_a_square_batch():
    log_probs, target = nll_loss_exercise.cases[0]
    assert round(float(nll_loss_exercise.reference(log_probs, target)), 4) == 2.1438
    assert any(lp.shape[0] == lp.shape[1] for lp, _ in nll_loss_exercise.cases)  # N == C
    assert any(np.isneginf(lp).any() for lp, _ in nll_loss_exercise.cases)  # a masked class
    np.testing.assert_array_equal(log_probs.shape, NOTEBOOK_LOGITS.shape)


def test_the_nll_solution_passes_as_printed(capsys):
    answer = solution_namespace(nll_loss_exercise, capsys)["nll_by_hand"]
    result = nll_loss_exercise.evaluate(answer)
    assert result.state == "correct", result.message


@pytest.mark.parametrize(
    "answer, cause",
    [
        (lambda lp, y: -lp[:, y].mean(), "log_probs[:, target] picks every target's column for every row"),
        (lambda lp, y: -lp[y].mean(), "log_probs[target] picks whole rows"),
        (lambda lp, y: lp[np.arange(len(y)), y].mean(), "log-probabilities are at most 0, so their mean is negative"),
        (lambda lp, y: -lp[np.arange(len(y)), y].sum(), "that is the sum over the batch"),
        (
            lambda lp, y: -np.log(lp[np.arange(len(y)), y]).mean(),
            "the input is already log-probabilities: NLLLoss takes no log",
        ),
    ],
)
def test_nll_mistakes_fail_and_say_why(answer, cause):
    assert_named_cause(nll_loss_exercise.evaluate(answer), cause)


# ---- Exercise 2: the gradient -------------------------------------------------------------------------


def test_the_gradient_reference_matches_autograd():
    for logits, target in loss_gradient_exercise.cases:
        x = torch.tensor(logits, requires_grad=True)
        F.cross_entropy(x, torch.tensor(target)).backward()
        np.testing.assert_allclose(
            loss_gradient_exercise.reference(logits, target), x.grad.numpy(), rtol=1e-12, atol=1e-15
        )


def test_the_gradient_solution_passes_as_printed(capsys):
    answer = solution_namespace(loss_gradient_exercise, capsys)["cross_entropy_grad"]
    result = loss_gradient_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def autograd_answer(logits, target):
    x = torch.tensor(logits, requires_grad=True)
    F.cross_entropy(x, torch.tensor(target)).backward()
    return x.grad.numpy()


def test_autograd_as_an_answer_passes():
    assert loss_gradient_exercise.evaluate(autograd_answer).state == "correct"


def stable_softmax(logits):
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


@pytest.mark.parametrize(
    "answer, cause",
    [
        (lambda z, y: stable_softmax(z) - np.eye(z.shape[1])[y], "that is the gradient of the summed loss"),
        (lambda z, y: (np.eye(z.shape[1])[y] - stable_softmax(z)) / len(y), "the sign is flipped"),
        (lambda z, y: stable_softmax(z) / len(y), "that is the gradient of logsumexp alone"),
        (
            lambda z, y: (np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) - np.eye(z.shape[1])[y]) / len(y),
            "np.exp(1000) overflows",
        ),
        (
            lambda z, y: (
                (np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0) - np.eye(z.shape[1])[y]) / len(y)
            ),
            "the softmax ran along axis 0, over the examples",
        ),
    ],
)
def test_gradient_mistakes_fail_and_say_why(answer, cause):
    assert_named_cause(loss_gradient_exercise.evaluate(answer), cause)


# ---- Exercise 3: the loss an untrained model starts at -----------------------------------------------


def test_the_first_loss_is_what_a_model_with_small_logits_gives():
    generator = torch.Generator().manual_seed(0)
    logits = 1e-3 * torch.randn(2000, 100, generator=generator, dtype=torch.float64)
    labels = torch.randint(0, 100, (2000,), generator=generator)
    assert F.cross_entropy(logits, labels).item() == pytest.approx(initial_loss_exercise.reference(100), abs=1e-3)


def test_the_first_loss_solution_passes_as_printed(capsys):
    answer = solution_namespace(initial_loss_exercise, capsys)["first_loss"]
    assert initial_loss_exercise.evaluate(answer).state == "correct"


@pytest.mark.parametrize(
    "answer, state, fragment",
    [
        (lambda k: np.log(k), "correct", "All 5 cases match"),
        (lambda k: -np.log(1 / k), "correct", "All 5 cases match"),
        (not_attempted, "not attempted", "Replace the `raise NotImplementedError`"),
        (lambda k: np.log2(k), "incorrect", "in bits"),
        (lambda k: np.log10(k), "incorrect", "base 10"),
        (lambda k: 1 / k, "incorrect", "1/K is the probability"),
        (lambda k: -np.log(k), "incorrect", "a positive number"),
        (
            lambda k: 4.6052,
            "incorrect",
            "returns the same number, 4.6052, whatever its arguments",
        ),  # typed, not computed
        (lambda k: np.log(100), "incorrect", "returns the same number, 4.60517, whatever its arguments"),
    ],
)
def test_first_loss(answer, state, fragment):
    result = initial_loss_exercise.evaluate(answer)
    assert result.state == state and fragment in result.message, result.message
