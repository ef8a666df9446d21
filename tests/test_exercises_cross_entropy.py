"""Notebook 05's exercises: the references agree with torch, the solutions pass, known wrong answers fail
with the reason, and the notebook's stubs count as not attempted."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from exercise_support import not_attempted, solution_namespace

from course_utils.checks import NEXT_STEP
from course_utils.exercises import (cross_entropy_loss_exercise, initial_loss_exercise, loss_gradient_exercise,
                                    weighted_mean_exercise)
from course_utils.exercises.cross_entropy import EXERCISE_LOSSES, EXERCISE_TARGET, EXERCISE_WEIGHT


def notebook_arrays():
    """Fresh copies of the arrays the notebook provides for exercise 3, by the names it gives them."""
    return {"losses": EXERCISE_LOSSES.copy(), "targets": EXERCISE_TARGET.copy(),
            "class_weight": EXERCISE_WEIGHT.copy()}


def torch_loss(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return F.cross_entropy(torch.tensor(logits), torch.tensor(target),
                           weight=None if weight is None else torch.tensor(weight),
                           ignore_index=ignore_index, reduction=reduction).numpy()


# ---- Exercise 1: CrossEntropyLoss from scratch --------------------------------------------------------

def test_the_reference_matches_torch_on_every_case():
    for args in cross_entropy_loss_exercise.cases:
        np.testing.assert_allclose(cross_entropy_loss_exercise.reference(*args), torch_loss(*args),
                                   rtol=1e-12, atol=1e-12)


def test_the_cases_cover_what_the_notebook_promises():
    cases = cross_entropy_loss_exercise.cases
    assert len(cases) == 13
    assert {args[4] for args in cases} == {"none", "sum", "mean"}
    assert len({args[0].shape for args in cases}) >= 4
    assert any(args[2] is not None and args[4] == "mean" for args in cases)
    assert any(args[2] is not None and args[4] == "none" for args in cases)   # weights apply without a mean too
    assert any((args[1] == args[3]).any() and args[4] == "mean" for args in cases)
    assert any(args[3] != -100 for args in cases)
    assert max(np.abs(args[0]).max() for args in cases) >= 1000
    # A weighted case in which sum(weight[target]) != N, so that .mean() is caught.
    assert any(args[2] is not None and not np.isclose(args[2][args[1][args[1] != args[3]]].sum(), len(args[1]))
               for args in cases)
    assert cases[0][0].shape == (1, 10)
    assert round(float(cross_entropy_loss_exercise.reference(*cases[0])), 4) == 2.1438


def test_the_solution_passes_as_printed(capsys):
    answer = solution_namespace(cross_entropy_loss_exercise, capsys, **notebook_arrays())["cross_entropy_from_scratch"]
    result = cross_entropy_loss_exercise.evaluate(answer)
    assert result.state == "correct", result.message
    assert result.message == ("Correct: CrossEntropyLoss from scratch, with weight, ignore_index and reduction. "
                              "All 13 cases match the reference, without warnings.")


def with_a_loop(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    losses, weights = [], []
    for row, y in zip(logits, target):
        if y == ignore_index:
            losses.append(0.0)
            weights.append(0.0)
            continue
        w = 1.0 if weight is None else weight[y]
        top = row.max()
        losses.append(w * (top + np.log(np.exp(row - top).sum()) - row[y]))
        weights.append(w)
    losses = np.array(losses)
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.sum() / sum(weights)


@pytest.mark.parametrize("answer", [with_a_loop, torch_loss])
def test_correct_variants_pass(answer):
    result = cross_entropy_loss_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def stable_log_probs(logits):
    top = logits.max(axis=1, keepdims=True)
    return logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))


def reduce(losses, denominator, reduction):
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.sum() / denominator


def plain_mean(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), safe]
    return reduce(losses, kept.sum(), reduction)  # .mean() over the kept rows, unweighted


def denominator_counts_ignored(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w_all = (np.ones(logits.shape[1]) if weight is None else weight)[safe]
    losses = -np.where(kept, w_all, 0.0) * stable_log_probs(logits)[np.arange(len(target)), safe]
    return reduce(losses, w_all.sum(), reduction)   # the ignored rows' weights are still counted


def divides_by_n(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), safe]
    return reduce(losses, len(target), reduction)


def log_of_softmax(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    log_probs = np.log(exps / exps.sum(axis=1, keepdims=True))
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def naive_logsumexp(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def one_based(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), safe - 1]
    return reduce(losses, w.sum(), reduction)


def unweighted_none(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -stable_log_probs(logits)[np.arange(len(target)), safe]
    if reduction == "none":
        return np.where(kept, losses, 0.0)             # the weights forgotten here
    return reduce(w * losses, w.sum(), reduction)


def one_max_per_batch(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    shifted = logits - logits.max()
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def sum_without_keepdims(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1))     # (N, C) - (N,)
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def every_column(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return reduce(-stable_log_probs(logits)[:, target], len(target), reduction)   # (N, N)


def no_ignore_index(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w = (np.ones(logits.shape[1]) if weight is None else weight)[target]
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), target]
    return reduce(losses, w.sum(), reduction)


@pytest.mark.parametrize("answer, fragment, cause", [
    (plain_mean, "On case 5 of 13", "with weight, reduction=\"mean\" divides by the sum of the targets' weights"),
    (divides_by_n, "On case 5 of 13", "with weight, reduction=\"mean\" divides by the sum of the targets' weights"),
    (denominator_counts_ignored, "On case 7 of 13", "ignored rows must leave the denominator too"),
    (log_of_softmax, "On case 13 of 13, cross_entropy_from_scratch([[1000, 0, -1000], [0, 0, 0]], [2, 1], None, "
                     "-100, 'none'), your function emitted RuntimeWarning: divide by zero encountered in log",
     "np.log(softmax(...)) is -inf where a probability underflows to 0"),
    (naive_logsumexp, "On case 12 of 13, cross_entropy_from_scratch([[1000, 999, 998], [-1000, -999, -998]]",
     "np.exp(1000) overflows"),
    (one_based, "On case 1 of 13", "the targets are class indices starting at 0"),
    (no_ignore_index, "On case 7 of 13, ", "a target equal to ignore_index (-100 or 255 here) is not a class"),
    (unweighted_none, "On case 6 of 13, cross_entropy_from_scratch([[-0.8, -1.32, -0.25]",
     "with reduction=\"none\" each example's loss is still multiplied by its target's weight"),
    (one_max_per_batch, "On case 12 of 13, cross_entropy_from_scratch([[1000, 999, 998], [-1000, -999, -998]], "
                        "[1, 2], None, -100, 'mean'), your function emitted RuntimeWarning: divide by zero",
     "one maximum for the whole batch, logits.max(), is not enough"),
    (sum_without_keepdims, "On case 2 of 13, cross_entropy_from_scratch([[-0.8, -1.32, -0.25]",
     "a row-wise max or sum without keepdims=True"),
])
def test_known_mistakes_fail_and_say_why(answer, fragment, cause):
    result = cross_entropy_loss_exercise.evaluate(answer)
    assert result.state == "incorrect"
    assert fragment in result.message
    assert f"\nLikely cause: {cause}" in result.message
    assert result.message.endswith(f"\n{NEXT_STEP}")


def test_picking_every_column_is_explained():
    result = cross_entropy_loss_exercise.evaluate(every_column)
    assert result.state == "incorrect"
    assert "On case 2 of 13" in result.message and "expected an array of shape (4,), got an array of shape (4, 4)" \
        in result.message
    assert "\nLikely cause: log_probs[:, target] picks every target's column for every row" in result.message


def test_the_module_doctest_names_the_weighted_mean():
    message = cross_entropy_loss_exercise.evaluate(plain_mean).message
    assert message.splitlines()[-2].startswith("Likely cause: with weight, reduction=\"mean\" divides by the sum")


def test_the_stub_is_not_attempted():
    result = cross_entropy_loss_exercise.evaluate(not_attempted)
    assert result.state == "not attempted"
    assert "Replace the `raise NotImplementedError`" in result.message


# ---- Exercise 2: the gradient -------------------------------------------------------------------------

def test_the_gradient_reference_matches_autograd():
    for logits, target in loss_gradient_exercise.cases:
        x = torch.tensor(logits, requires_grad=True)
        F.cross_entropy(x, torch.tensor(target)).backward()
        np.testing.assert_allclose(loss_gradient_exercise.reference(logits, target), x.grad.numpy(),
                                   rtol=1e-12, atol=1e-15)


def test_the_gradient_solution_passes_as_printed(capsys):
    answer = solution_namespace(loss_gradient_exercise, capsys, **notebook_arrays())["cross_entropy_grad"]
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


@pytest.mark.parametrize("answer, cause", [
    (lambda z, y: stable_softmax(z) - np.eye(z.shape[1])[y], "that is the gradient of the summed loss"),
    (lambda z, y: (np.eye(z.shape[1])[y] - stable_softmax(z)) / len(y), "the sign is flipped"),
    (lambda z, y: stable_softmax(z) / len(y), "that is the gradient of logsumexp alone"),
    (lambda z, y: (np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) - np.eye(z.shape[1])[y]) / len(y),
     "np.exp(1000) overflows"),
])
def test_gradient_mistakes_fail_and_say_why(answer, cause):
    result = loss_gradient_exercise.evaluate(answer)
    assert result.state == "incorrect"
    assert f"\nLikely cause: {cause}" in result.message


def test_the_gradient_stub_is_not_attempted():
    assert loss_gradient_exercise.evaluate(not_attempted).state == "not attempted"


# ---- Exercise 3: a weighted mean by hand --------------------------------------------------------------

def test_weighted_mean_is_what_torch_reports():
    assert weighted_mean_exercise.expected == pytest.approx(7.8 / 7.5)
    # Rows [0, log(e^l - 1), -inf] in some order have log_softmax -l at the 0: each example's loss is exactly l.
    target = torch.tensor(EXERCISE_TARGET)
    logits = torch.full((4, 3), -torch.inf, dtype=torch.float64)
    logits[torch.arange(4), target] = 0.0
    logits[torch.arange(4), (target + 1) % 3] = torch.log(torch.expm1(torch.tensor(EXERCISE_LOSSES)))
    torch.testing.assert_close(F.cross_entropy(logits, target, reduction="none"), torch.tensor(EXERCISE_LOSSES))
    reported = F.cross_entropy(logits, target, weight=torch.tensor(EXERCISE_WEIGHT))
    assert reported.item() == pytest.approx(weighted_mean_exercise.expected)


def test_weighted_mean_solution_passes_as_printed(capsys):
    value = solution_namespace(weighted_mean_exercise, capsys, **notebook_arrays())["weighted_mean"]
    assert weighted_mean_exercise.evaluate(value).state == "correct"


@pytest.mark.parametrize("answer, state, fragment", [
    (1.04, "correct", "Your value 1.04 matches"),
    (..., "not attempted", "Replace the `...`"),
    (1.95, "incorrect", ".mean() of the weighted losses"),
    (1.1, "incorrect", "the plain mean, without the weights"),
    (7.8, "incorrect", "that is the weighted sum"),
    (7.8 / 4.5, "incorrect", "sum of the three class weights"),
    (1.2, "incorrect", "which is not the answer"),
])
def test_weighted_mean(answer, state, fragment):
    result = weighted_mean_exercise.evaluate(answer)
    assert result.state == state and fragment in result.message


# ---- Exercise 4: the first loss of a 100-class model --------------------------------------------------

def test_initial_loss_matches_a_model_with_small_logits():
    generator = torch.Generator().manual_seed(0)
    logits = 1e-3 * torch.randn(2000, 100, generator=generator, dtype=torch.float64)
    labels = torch.randint(0, 100, (2000,), generator=generator)
    assert F.cross_entropy(logits, labels).item() == pytest.approx(initial_loss_exercise.expected, abs=1e-3)


def test_initial_loss_solution_passes_as_printed(capsys):
    value = solution_namespace(initial_loss_exercise, capsys, **notebook_arrays())["initial_loss"]
    assert initial_loss_exercise.evaluate(value).state == "correct"


@pytest.mark.parametrize("answer, state, fragment", [
    (4.6052, "correct", "matches"),
    (4.6, "correct", "matches"),                 # rounded answers count as right
    (4.61, "correct", "matches"),
    (-np.log(1 / 100), "correct", "matches"),
    (..., "not attempted", "Replace the `...`"),
    (np.log2(100), "incorrect", "in bits"),
    (2.0, "incorrect", "base 10"),
    (2.3026, "incorrect", "for 10 classes"),
    (0.01, "incorrect", "1/K is the probability"),
    (-4.6052, "incorrect", "a positive number"),
])
def test_initial_loss(answer, state, fragment):
    result = initial_loss_exercise.evaluate(answer)
    assert result.state == state and fragment in result.message
