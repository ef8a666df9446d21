"""Notebook 07's exercises: the reference solutions pass, known wrong answers fail with the reason."""

import numpy as np
import pytest
import torch
from exercise_support import assert_named_cause, solution_namespace

from course_utils import sigmoid, softmax
from course_utils.exercises import accuracy_confidence_exercise, sigmoid_floor_exercise, training_step_exercise
from course_utils.exercises.capstone import _tiny_problem

SETUP = {"torch": torch, "softmax": softmax}  # what the notebook's setup cell provides besides np


# ---- Exercise 1: one training step -------------------------------------------------------------------


def test_training_step_solution_passes(capsys):
    train_step = solution_namespace(training_step_exercise, capsys, **SETUP)["train_step"]
    result = training_step_exercise.evaluate(train_step)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: One training step. 3 steps on a small network return the losses and "
        "leave the parameters as the reference step does."
    )


def zero_grad_at_the_end(model, optimizer, loss_fn, X, y):  # the gradients start empty: the same steps
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()


def float_of_a_detached_loss(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return float(loss.detach())


def by_hand(model, optimizer, loss_fn, X, y):  # plain gradient descent with the optimizer's rate
    loss = loss_fn(model(X), y)
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= optimizer.param_groups[0]["lr"] * p.grad
    return loss.item()


@pytest.mark.parametrize("answer", [zero_grad_at_the_end, float_of_a_detached_loss, by_hand])
def test_training_step_correct_variants_pass(answer):
    result = training_step_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def without_zero_grad(model, optimizer, loss_fn, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def without_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    return loss.item()


def zero_grad_between_backward_and_step(model, optimizer, loss_fn, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()


def step_before_backward(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    optimizer.step()
    loss.backward()
    return loss.item()


def softmax_first(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(torch.softmax(model(X), dim=1), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def loss_after_the_update(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss_fn(model(X), y).backward()
    optimizer.step()
    with torch.no_grad():
        return loss_fn(model(X), y).item()


def sigmoid_first(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(torch.sigmoid(model(X)), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def by_hand_with_lr_half(model, optimizer, loss_fn, X, y):  # the notebook's rate, not the optimizer's
    loss = loss_fn(model(X), y)
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= 0.5 * p.grad
    return loss.item()


def two_updates(model, optimizer, loss_fn, X, y):  # wrong, but not one of the named mistakes
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    optimizer.step()
    return loss.item()


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            without_zero_grad,
            "3 calls returned the losses 1.17976, 1.06291, 0.924924; the reference step returns "
            "1.17976, 1.06291, 0.991383.",
            "without optimizer.zero_grad()",
        ),
        (without_step, "3 calls returned the losses", "the parameters never changed"),
        (zero_grad_between_backward_and_step, "3 calls returned the losses", "the parameters never changed"),
        (step_before_backward, "3 calls returned the losses", "the parameters never changed"),
        (softmax_first, "3 calls returned the losses", "you applied softmax before the loss"),
        (loss_after_the_update, "3 calls returned the losses", "you returned the loss after the update"),
        (sigmoid_first, "3 calls returned the losses 1.11412,", "you applied a sigmoid before the loss"),
        (
            by_hand_with_lr_half,
            "3 calls returned the losses 1.17976, 1.00259,",
            "you updated the parameters by hand with the learning rate 0.5",
        ),
    ],
)
def test_training_step_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(training_step_exercise.evaluate(answer), cause, fragment)


def test_training_step_unknown_mistake_gets_no_cause():
    result = training_step_exercise.evaluate(two_updates)
    assert result.state == "incorrect" and "Likely cause" not in result.message


def test_training_step_rate_differs_from_the_notebooks():  # so that a hard-coded lr=0.5 cannot pass
    _, optimizer, *_ = _tiny_problem()
    assert optimizer.param_groups[0]["lr"] != 0.5


def returns_the_tensor(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss


def returns_nothing(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss_fn(model(X), y).backward()
    optimizer.step()


def crashes(model, optimizer, loss_fn, X, y):
    return loss_fn(model(X.T), y).item()


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (returns_the_tensor, "Your function returned a tensor. Return loss.item(), a plain Python number"),
        (returns_nothing, "Your function returned None. Did you forget `return loss.item()`?"),
        (lambda *args: "0.5", "Your function returned str; return the loss as a Python number"),
        (crashes, "Your function raised RuntimeError: "),
        (1.0, "Expected a function. Pass the function itself"),
    ],
)
def test_training_step_wrong_kinds_of_answer(answer, fragment):
    result = training_step_exercise.evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def test_training_step_leaves_the_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    training_step_exercise.evaluate(without_zero_grad)
    assert torch.equal(torch.rand(3), expected)


# ---- Exercise 2: accuracy and mean confidence ----------------------------------------------------------


def test_accuracy_confidence_solution_passes(capsys):
    answer = solution_namespace(accuracy_confidence_exercise, capsys, **SETUP)["accuracy_and_confidence"]
    result = accuracy_confidence_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def with_torch(logits, labels):
    probs = torch.softmax(torch.tensor(logits), dim=1)
    return ((probs.argmax(dim=1).numpy() == labels).mean(), probs.max(dim=1).values.mean().item())


def argmax_of_logits(logits, labels):
    probs = softmax(logits, axis=1)
    return [np.mean(np.argmax(logits, axis=1) == labels), np.mean(np.max(probs, axis=1))]


@pytest.mark.parametrize("answer", [with_torch, argmax_of_logits])
def test_accuracy_confidence_correct_variants_pass(answer):
    result = accuracy_confidence_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def naive(logits, labels):
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return (probs.argmax(axis=1) == labels).mean(), probs.max(axis=1).mean()


def sigmoid_confidence(logits, labels):
    return (logits.argmax(axis=1) == labels).mean(), sigmoid(logits).max(axis=1).mean()


def batch_axis_softmax(logits, labels):
    probs = softmax(logits, axis=0)
    return (probs.argmax(axis=1) == labels).mean(), probs.max(axis=1).mean()


def batch_axis_argmax(logits, labels):
    probs = softmax(logits, axis=1)
    return (probs.argmax(axis=0) == labels).mean(), probs.max(axis=1).mean()


def one_hot_compared(logits, labels):
    probs = softmax(logits, axis=1)
    predicted = (probs == probs.max(axis=1, keepdims=True)).astype(float)
    return (predicted == np.eye(logits.shape[1])[labels]).mean(), probs.max(axis=1).mean()


def true_class_probability(logits, labels):
    probs = softmax(logits, axis=1)
    return (probs.argmax(axis=1) == labels).mean(), probs[np.arange(len(labels)), labels].mean()


def largest_logit(logits, labels):
    return (logits.argmax(axis=1) == labels).mean(), logits.max(axis=1).mean()


def percent(logits, labels):
    probs = softmax(logits, axis=1)
    return 100 * (probs.argmax(axis=1) == labels).mean(), probs.max(axis=1).mean()


def count_right(logits, labels):
    probs = softmax(logits, axis=1)
    return (probs.argmax(axis=1) == labels).sum(), probs.max(axis=1).mean()


def largest_of_all(logits, labels):
    probs = softmax(logits, axis=1)
    return (probs.argmax(axis=1) == labels).mean(), probs.max()


def swapped(logits, labels):
    probs = softmax(logits, axis=1)
    return probs.max(axis=1).mean(), (probs.argmax(axis=1) == labels).mean()


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (naive, "On case 4 of 6", "np.exp(1000) overflows to inf"),
        (count_right, "got [2, 0.72508]", "that accuracy is a count of right predictions"),
        (largest_of_all, "got [0.5, 0.843795]", "that confidence is the largest probability in the whole batch"),
        (swapped, "got [0.72508, 0.5]", "the two values are swapped"),
        (sigmoid_confidence, "On case 1 of 6", "that confidence comes from a sigmoid per logit"),
        (batch_axis_softmax, "On case 1 of 6", "softmax along axis 0, the batch axis"),
        (batch_axis_argmax, "your function raised ValueError", "argmax along axis 0 picks, for each class"),
        (one_hot_compared, "On case 1 of 6", "you compared one-hot rows entry by entry"),
        (true_class_probability, "On case 1 of 6", "that is the mean probability of the true class"),
        (largest_logit, "On case 1 of 6", "the largest logit is a score, not a probability"),
        (percent, "On case 1 of 6", "that accuracy is a percentage"),
    ],
)
def test_accuracy_confidence_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(accuracy_confidence_exercise.evaluate(answer), cause, fragment)


def test_accuracy_confidence_cases_are_hard_enough():
    cases = accuracy_confidence_exercise.cases
    assert any(np.abs(logits).max() >= 1000 for logits, _ in cases)  # overflow
    assert any(logits.shape[0] == logits.shape[1] for logits, _ in cases)  # a square batch
    assert any(logits.shape[0] == 1 for logits, _ in cases)  # one example
    for logits, labels in cases:  # no ties: argmax is clear
        top2 = np.sort(logits, axis=1)[:, -2:]
        assert (top2[:, 1] > top2[:, 0]).all() and labels.dtype.kind == "i"
    accuracies = [accuracy_confidence_exercise.reference(*case)[0] for case in cases]
    assert min(accuracies) == 0 and max(accuracies) == 1 and any(0 < a < 1 for a in accuracies)


# ---- Exercise 3: the floor for K = 3 ---------------------------------------------------------------------


def test_sigmoid_floor_solution_runs_as_printed(capsys):
    floor3 = solution_namespace(sigmoid_floor_exercise, capsys, **SETUP)["floor3"]
    assert sigmoid_floor_exercise.evaluate(floor3).state == "correct"


def test_sigmoid_floor_is_the_loss_of_one_hot_inputs():
    assert sigmoid_floor_exercise.expected == pytest.approx(0.5514, abs=5e-5)
    loss = torch.nn.functional.cross_entropy(torch.eye(3, dtype=torch.float64), torch.arange(3)).item()
    assert loss == pytest.approx(float(sigmoid_floor_exercise.expected), rel=1e-12)


@pytest.mark.parametrize(
    "answer, state",
    [
        (np.log(1 + 2 / np.e), "correct"),
        (0.5514, "correct"),  # typed from a rounded printout
        (..., "not attempted"),
        (0.6, "incorrect"),
    ],
)
def test_sigmoid_floor(answer, state):
    assert sigmoid_floor_exercise.evaluate(answer).state == state


@pytest.mark.parametrize(
    "answer, reason",
    [
        (0.5761, "that is the cap on the probability"),
        (1.4612, "the floor for ten classes"),
        (np.log(3), "where training starts"),
        (-np.log(np.e / (np.e + 3)), "counts three other classes"),
        (0.3133, "the floor for two classes"),
        (0.0, "never allows"),
    ],
)
def test_sigmoid_floor_known_mistakes_say_why(answer, reason):
    result = sigmoid_floor_exercise.evaluate(answer)
    assert result.state == "incorrect" and reason in result.message


def test_training_step_compares_the_parameters_after_the_last_call_too():
    got, expected = ([1.0, 2.0, 3.0], np.zeros(4)), ([1.0, 2.0, 3.0], np.ones(4))
    assert training_step_exercise._wrong_numbers(got, expected) == (
        "the losses match, but after 3 calls the parameters differ from the reference step's by up to 1."
    )
    assert training_step_exercise._wrong_numbers(expected, expected) is None


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (np.log(np.e / (np.e + 2)), "the minus sign is missing"),
        (-np.log(1 / (np.e + 2)), "that is the loss when the true class is one of the two squashed to 0"),
        (0.5514, "matches"),
    ],
)
def test_the_floor_names_a_missing_minus_and_the_wrong_class(answer, fragment):
    from course_utils.exercises import sigmoid_floor_exercise

    assert fragment in sigmoid_floor_exercise.evaluate(answer).message


def test_swapped_loss_arguments_are_not_taken_for_the_stub():
    """loss_fn(y, model(X)) makes torch raise NotImplementedError for integer logits: an error, not "not attempted"."""
    from course_utils.exercises import training_step_exercise

    def swapped(model, optimizer, loss_fn, X, y):
        optimizer.zero_grad()
        loss = loss_fn(y, model(X))
        loss.backward()
        optimizer.step()
        return loss.item()

    result = training_step_exercise.evaluate(swapped)
    assert result.state == "incorrect" and "NotImplementedError" in result.message
    assert "(logits, targets)" in result.message
