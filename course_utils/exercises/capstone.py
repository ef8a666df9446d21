"""Notebook 07's exercises: one training step in PyTorch, accuracy and confidence from logits, and the
loss floor that a sigmoid before ``CrossEntropyLoss`` sets.

Examples
--------
>>> import numpy as np
>>> def sigmoid_confidence(logits, labels):
...     scores = 1 / (1 + np.exp(-logits))
...     return (logits.argmax(axis=1) == labels).mean(), scores.max(axis=1).mean()
>>> accuracy_confidence_exercise.check(sigmoid_confidence)  # doctest: +NORMALIZE_WHITESPACE
Incorrect: Accuracy and mean confidence from logits. On case 1 of 6, accuracy_and_confidence(np.array([[2.0, 1.0, 0.1],
[0.5, 2.5, 0.0], [1.0, 0.0, 3.0], [0.0, 0.0, 1.0]]), np.array([0, 1, 1, 0])), expected [0.5, 0.72508],
got [0.5, 0.872143]; max absolute difference 0.147062 at index (1,) (rtol=1e-06, atol=1e-09).
Likely cause: that confidence comes from a sigmoid per logit. The model's distribution over the classes is the
softmax of its logits: take its largest entry.
Call .hint() for a hint, or .solution() to see one way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..checks import Exercise, FunctionExercise, Result, ValueExercise, is_the_stub
from ..language import N_, _
from ..learner_code import Clock, TimeUp, call, first_line
from ..numerics import sigmoid, softmax

__all__ = ["training_step_exercise", "accuracy_confidence_exercise", "sigmoid_floor_exercise"]


# ---- Exercise 1: one training step ------------------------------------------------------------------------

STEPS_CHECKED = 3
LEARNING_RATE = 0.3  # not the notebook's 0.5: a rate written into the step by hand shows up (and its mistake's text)


def _tiny_problem():
    """A seeded two-layer network, its optimizer, the loss and 12 examples of 3 classes (float64)."""
    import torch
    from torch import nn

    with torch.random.fork_rng(devices=[]):  # leaves the learner's random state as it was
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3)).double()
        x = torch.randn(12, 4, dtype=torch.float64)
        y = torch.randint(0, 3, (12,))
    return model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE), nn.CrossEntropyLoss(), x, y


def _trace(train_step: Callable[..., Any]) -> tuple[list, np.ndarray]:
    """What ``train_step`` returns on each of ``STEPS_CHECKED`` calls on the tiny problem, and the parameters
    after them."""
    model, optimizer, loss_fn, x, y = _tiny_problem()
    returned = [train_step(model, optimizer, loss_fn, x, y) for _ in range(STEPS_CHECKED)]
    return returned, np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])


def _reference_step(model, optimizer, loss_fn, x, y):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def _without_zero_grad(model, optimizer, loss_fn, x, y):
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def _without_step(model, optimizer, loss_fn, x, y):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    return loss.item()


def _softmax_first(model, optimizer, loss_fn, x, y):
    optimizer.zero_grad()
    loss = loss_fn(model(x).softmax(dim=1), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def _sigmoid_first(model, optimizer, loss_fn, x, y):
    optimizer.zero_grad()
    loss = loss_fn(model(x).sigmoid(), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def _by_hand_with_the_notebooks_rate(model, optimizer, loss_fn, x, y):
    import torch

    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= 0.5 * p.grad
    return loss.item()


def _loss_after_the_update(model, optimizer, loss_fn, x, y):
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    optimizer.step()
    return loss_fn(model(x), y).item()


def _same_trace(a: tuple[list, np.ndarray], b: tuple[list, np.ndarray]) -> bool:
    """Whether two traces of plain-number losses and parameters agree to rounding."""
    return bool(np.allclose(a[0], b[0], rtol=1e-9)) and bool(np.allclose(a[1], b[1], rtol=1e-9, atol=1e-12))


class _TrainingStepExercise(Exercise):
    """Runs the learner's ``train_step`` ``STEPS_CHECKED`` times on a tiny seeded problem and compares what it
    returns and where it leaves the parameters with the reference step; known mistakes are named."""

    def __init__(self, mistakes: list[tuple[Callable[..., Any], str]], **texts: str) -> None:
        super().__init__(rtol=1e-6, atol=1e-9, **texts)
        self.mistakes = mistakes

    def _prepare(self) -> None:
        _tiny_problem()  # the first one imports torch.nn and torch.optim, a second or two not the answer's

    def _judge(self, answer: Any, clock: Clock) -> Result:
        """Judge ``answer``, a function (model, optimizer, loss_fn, X, y) -> float."""
        if not callable(answer):
            return self._incorrect(
                _(
                    "expected a function. Pass the function itself, without calling it: "
                    ".check(train_step), not .check(train_step(...))."
                )
            )
        clock.doing = _("the {count} calls of your train_step").format(count=STEPS_CHECKED)
        run = call(_trace, (answer,))
        clock.doing = ""
        if isinstance(run.error, NotImplementedError):
            if is_the_stub(run.error, answer):
                return self._not_attempted()
            detail = first_line(run.error)
            if detail:
                return self._incorrect(
                    _(
                        "your function raised NotImplementedError: {detail}. Does loss_fn get its arguments in "
                        "the order (logits, targets)?"
                    ).format(detail=detail)
                )
            return self._incorrect(
                _(
                    "your function raised NotImplementedError. Does loss_fn get its arguments in the order "
                    "(logits, targets)?"
                )
            )
        if run.error is not None:
            detail = first_line(run.error)
            error = type(run.error).__name__
            if detail:
                return self._incorrect(_("your function raised {error}: {detail}").format(error=error, detail=detail))
            return self._incorrect(_("your function raised {error}.").format(error=error))
        got = run.value
        reason = self._wrong_return(got[0])
        if reason:
            return self._incorrect(reason)
        reason = self._wrong_numbers(got, _trace(_reference_step))
        if reason is None:
            return self._correct(
                _(
                    "{count} steps on a small network return the losses and leave the parameters as the "
                    "reference step does."
                ).format(count=STEPS_CHECKED)
            )
        try:
            cause = next((why for wrong, why in self.mistakes if _same_trace(_trace(wrong), got)), None)
        except TimeUp:  # out of time for the diagnosis: the failure alone
            clock.stop()
            cause = None
        if cause:
            return self._incorrect(_("{reason}\nLikely cause: {cause}").format(reason=reason, cause=_(cause)))
        return self._incorrect(reason)

    @staticmethod
    def _wrong_return(returned: list) -> str | None:
        """Why the returned values are not plain numbers, or None."""
        for value in returned:
            if value is None:
                return _("your function returned None. Did you forget `return loss.item()`?")
            if type(value).__module__.startswith("torch"):
                return _(
                    "your function returned a tensor. Return loss.item(), a plain Python number: a tensor that "
                    "requires grad keeps the whole computation of the step alive in memory."
                )
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return _("your function returned {type}; return the loss as a Python number, loss.item().").format(
                    type=type(value).__name__
                )
        return None

    def _wrong_numbers(self, got: tuple[list, np.ndarray], expected: tuple[list, np.ndarray]) -> str | None:
        losses, want = np.asarray(got[0], dtype=np.float64), np.asarray(expected[0], dtype=np.float64)
        if not np.allclose(losses, want, rtol=self.rtol, atol=self.atol):
            return _("{count} calls returned the losses {got}; the reference step returns {expected}.").format(
                count=STEPS_CHECKED,
                got=", ".join(f"{value:.6g}" for value in losses),
                expected=", ".join(f"{value:.6g}" for value in want),
            )
        gap = float(np.abs(got[1] - expected[1]).max())
        if gap > self.atol + self.rtol * float(np.abs(expected[1]).max()):
            return _(
                "the losses match, but after {count} calls the parameters differ from the reference step's by up "
                "to {gap:.6g}."
            ).format(count=STEPS_CHECKED, gap=gap)
        return None


training_step_exercise = _TrainingStepExercise(
    name=N_("One training step"),
    hint=N_(
        "Four calls in this order: clear the old gradients with the optimizer, compute the loss from the "
        "model's logits, backpropagate it, let the optimizer update the parameters. Then return the loss as "
        "a Python number."
    ),
    solution=N_(
        "def train_step(model, optimizer, loss_fn, X, y):\n"
        "    optimizer.zero_grad()              # forget the previous step's gradients\n"
        "    loss = loss_fn(model(X), y)        # the logits go straight into the loss\n"
        "    loss.backward()                    # d loss / d every parameter\n"
        "    optimizer.step()                   # move every parameter against its gradient\n"
        "    return loss.item()                 # a plain Python number"
    ),
    mistakes=[
        (
            _without_zero_grad,
            N_(
                "without optimizer.zero_grad(), backward() adds each step's gradients to the "
                "ones already there, so from the second step on the update uses their sum. "
                "Clear them first in every step."
            ),
        ),
        (
            _without_step,
            N_(
                "the parameters never changed. optimizer.step() must come after loss.backward() "
                "(it uses the gradients backward() leaves), and zero_grad() must not come between them."
            ),
        ),
        (
            _softmax_first,
            N_(
                "you applied softmax before the loss: CrossEntropyLoss applies log-softmax itself, "
                "so this is the double softmax of this notebook. Pass the logits, model(X)."
            ),
        ),
        (
            _sigmoid_first,
            N_(
                "you applied a sigmoid before the loss, the bug of model (b) in this notebook: "
                "CrossEntropyLoss wants the logits themselves. Pass model(X)."
            ),
        ),
        (
            _by_hand_with_the_notebooks_rate,
            N_(  # lr=0.3: LEARNING_RATE, written out so that the message can be translated
                "you updated the parameters by hand with the learning rate 0.5 written into your code, but this "
                "optimizer was made with lr=0.3. Call optimizer.step(): it uses the optimizer's own rate."
            ),
        ),
        (
            _loss_after_the_update,
            N_(
                "you returned the loss after the update. Return the loss the step computed "
                "and backpropagated, the one before optimizer.step()."
            ),
        ),
    ],
)


# ---- Exercise 2: accuracy and mean confidence ------------------------------------------------------------------


def _accuracy_and_confidence(logits, labels):
    probs = softmax(np.asarray(logits, dtype=np.float64), axis=1)
    return np.array([np.mean(probs.argmax(axis=1) == labels), probs.max(axis=1).mean()])


def _sigmoid_confidence(logits, labels):
    return np.array([np.mean(logits.argmax(axis=1) == labels), sigmoid(logits).max(axis=1).mean()])


def _softmax_over_batch_axis(logits, labels):
    probs = softmax(logits, axis=0)
    return np.array([np.mean(probs.argmax(axis=1) == labels), probs.max(axis=1).mean()])


def _one_hot_entries(logits, labels):
    k = logits.shape[1]
    accuracy = np.mean(np.eye(k)[logits.argmax(axis=1)] == np.eye(k)[labels])
    return np.array([accuracy, softmax(logits, axis=1).max(axis=1).mean()])


def _true_class_probability(logits, labels):
    probs = softmax(logits, axis=1)
    return np.array([np.mean(probs.argmax(axis=1) == labels), probs[np.arange(len(labels)), labels].mean()])


def _largest_logit(logits, labels):
    return np.array([np.mean(logits.argmax(axis=1) == labels), logits.max(axis=1).mean()])


def _percent(logits, labels):
    return _accuracy_and_confidence(logits, labels) * np.array([100, 1])


def _argmax_over_batch_axis(logits, labels):
    return np.array([np.mean(logits.argmax(axis=0) == labels), softmax(logits, axis=1).max(axis=1).mean()])


def _largest_of_all(logits, labels):
    probs = softmax(logits, axis=1)
    return np.array([np.mean(probs.argmax(axis=1) == labels), probs.max()])


def _count(logits, labels):
    return _accuracy_and_confidence(logits, labels) * np.array([len(labels), 1])


def _swapped(logits, labels):
    return _accuracy_and_confidence(logits, labels)[::-1]


def _largest_over_batch_axis(logits, labels):
    probs = softmax(logits, axis=1)
    return np.array([np.mean(probs.argmax(axis=1) == labels), probs.max(axis=0).mean()])


def _mean_of_all_probabilities(logits, labels):
    probs = softmax(logits, axis=1)
    return np.array([np.mean(probs.argmax(axis=1) == labels), probs.mean()])


def _naive_softmax(logits, labels):
    exps = np.exp(logits)
    probs = exps / exps.sum(axis=1, keepdims=True)
    return np.array([np.mean(probs.argmax(axis=1) == labels), probs.max(axis=1).mean()])


accuracy_confidence_exercise = FunctionExercise(
    N_("Accuracy and mean confidence from logits"),
    reference=_accuracy_and_confidence,
    cases=[
        (np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0], [1.0, 0.0, 3.0], [0.0, 0.0, 1.0]]), np.array([0, 1, 1, 0])),
        (np.array([[1.0, -1.0, 0.5], [0.2, 0.1, 3.0], [-2.0, 4.0, 1.0]]), np.array([0, 2, 2])),  # square (3, 3)
        (np.array([[3.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 3.0]]), np.array([0, 4])),
        (np.array([[1000.0, 0.0, -1000.0], [0.0, 999.0, 1000.0]]), np.array([0, 1])),  # huge logits
        (np.array([[0.3, 0.2, 0.1, 0.0]]), np.array([3])),  # one example
        (np.array([[5.0, 1.0], [1.0, 5.0], [2.0, 2.5], [0.0, -1.0], [4.0, 4.5]]), np.array([0, 1, 0, 0, 1])),
    ],
    hint=N_(
        "Turn the logits into probabilities with softmax(logits, axis=1), one distribution per row. The "
        "predicted class of a row is the index of its largest entry (argmax along axis 1), and its confidence "
        "is that largest entry. Average each over the rows."
    ),
    solution=N_(
        "def accuracy_and_confidence(logits, labels):\n"
        "    probs = softmax(logits, axis=1)                       # (N, K): one distribution per row\n"
        "    accuracy = np.mean(probs.argmax(axis=1) == labels)    # share of rows predicted right\n"
        "    confidence = probs.max(axis=1).mean()                 # mean of each row's largest probability\n"
        "    return accuracy, confidence"
    ),
    mistakes=[
        (
            _largest_over_batch_axis,
            N_(
                "probs.max(axis=0) takes each class's largest over the examples; each "
                "example's confidence is its own largest: probs.max(axis=1)."
            ),
        ),
        (
            _mean_of_all_probabilities,
            N_(
                "that averages every probability (always 1/K); the confidence is each "
                "row's largest, averaged: probs.max(axis=1).mean()."
            ),
        ),
        (
            _naive_softmax,
            N_(
                "np.exp(1000) overflows to inf, and inf / inf is nan. Use softmax(logits, axis=1), "
                "which subtracts each row's largest logit first."
            ),
        ),
        (
            _sigmoid_confidence,
            N_(
                "that confidence comes from a sigmoid per logit. The model's distribution over the "
                "classes is the softmax of its logits: take its largest entry."
            ),
        ),
        (
            _softmax_over_batch_axis,
            N_(
                "softmax along axis 0, the batch axis, makes each class's column sum to 1 "
                "instead of each example's row. Use axis=1."
            ),
        ),
        (
            _argmax_over_batch_axis,
            N_(
                "argmax along axis 0 picks, for each class, the example with its largest "
                "logit. The predicted class of an example is the argmax along axis 1."
            ),
        ),
        (
            _one_hot_entries,
            N_(
                "you compared one-hot rows entry by entry, and the many matching zeros count as "
                "hits. Compare the predicted class indices with the labels: one comparison per example."
            ),
        ),
        (
            _true_class_probability,
            N_(
                "that is the mean probability of the true class. Confidence is how sure the "
                "model is of its own prediction: the largest probability, whatever the label."
            ),
        ),
        (_largest_logit, N_("the largest logit is a score, not a probability. Take the softmax first.")),
        (_percent, N_("that accuracy is a percentage; give it as a share between 0 and 1.")),
        (
            _count,
            N_(
                "that accuracy is a count of right predictions (a sum); divide by the number of examples, "
                "or take the mean of the comparisons."
            ),
        ),
        (
            _largest_of_all,
            N_(
                "that confidence is the largest probability in the whole batch: probs.max() without "
                "an axis looks at every entry at once. Take each row's largest, max(axis=1), then "
                "average."
            ),
        ),
        (_swapped, N_("the two values are swapped: return the accuracy first, then the confidence.")),
    ],
)


# ---- Exercise 3: the loss floor with a sigmoid, K = 3 -------------------------------------------------------

sigmoid_floor_exercise = ValueExercise(
    N_("The loss floor with a sigmoid before CrossEntropyLoss, K = 3"),
    expected=-np.log(np.e / (np.e + 3 - 1)),
    hint=N_(
        "The smallest loss comes with the largest probability of the true class. After a sigmoid, that is "
        "at most e / (e + K - 1). The loss is minus its log."
    ),
    solution=N_("floor3 = -np.log(np.e / (np.e + 2))  # the cap e / (e + K - 1) for K = 3, then -log"),
    mistakes=[
        (1 + 2 / np.e, N_("that is 1 / cap = (e + 2) / e, without the log; the floor is its log, -log(e / (e + 2)).")),
        (np.e / (np.e + 9), N_("that is the cap for ten classes, a probability; the floor here is -log(e / (e + 2)).")),
        (np.log(2 / np.e), N_("-log(e / (e + 2)) = log((e + 2) / e): the numerator is e + 2, not 2.")),
        (-np.log10(np.e / (np.e + 2)), N_("that is in base 10 (np.log10); the loss uses the natural log, np.log.")),
        (-np.log2(np.e / (np.e + 2)), N_("that is in base 2 (np.log2); the loss uses the natural log, np.log.")),
        (np.log(1 + 2 * np.e), N_("the cap is e / (e + 2), so the floor is -log(e / (e + 2)) = log(e + 2) - 1.")),
        (
            np.log(np.e / (np.e + 2)),
            N_("the minus sign is missing: the log of a probability is negative, and the loss is minus it."),
        ),
        (
            -np.log(1 / (np.e + 2)),
            N_(
                "that is the loss when the true class is one of the two squashed to 0, "
                "-log(1 / (e + 2)); the floor is the best case, the true class at 1."
            ),
        ),
        (np.e / (np.e + 2), N_("that is the cap on the probability, e / (e + 2). The loss is -log of it.")),
        (-np.log(np.e / (np.e + 9)), N_("that is the floor for ten classes; here there are three.")),
        (np.log(3.0), N_("log 3 is where training starts (the uniform guess), not how low it can go.")),
        (-np.log(np.e / (np.e + 3)), N_("that counts three other classes; besides the true one there are two.")),
        (-np.log(sigmoid(1.0)), N_("that is the floor for two classes, -log(e / (e + 1)); here there are three.")),
        (0.0, N_("a loss of 0 needs probability 1 for the true class, which a sigmoid before the loss never allows.")),
    ],
)
