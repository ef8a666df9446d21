"""Notebook 05's exercises: NLLLoss by hand, the gradient of the loss, and the loss an untrained model starts at.

The references are course_utils' NumPy functions, which the tests check against ``torch.nn.functional`` and
autograd on the same cases; torch is never imported here.

Examples
--------
>>> import numpy as np
>>> nll_loss_exercise.check(lambda log_probs, target: -log_probs[np.arange(len(target)), target].mean())
Correct: NLLLoss by hand. All 5 cases match the reference, without warnings.
>>> result = initial_loss_exercise.evaluate(lambda num_classes: 4.6052)
>>> print(result.message.splitlines()[-2])
Likely cause: your function returns the same number, 4.6052, whatever its arguments; compute it from them.
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise
from ..language import N_
from ..losses import cross_entropy_grad, nll_loss
from ..numerics import log_softmax, softmax

__all__ = ["nll_loss_exercise", "loss_gradient_exercise", "initial_loss_exercise"]

# The notebooks' running example: ten logits, true class 1, loss 2.1438.
NOTEBOOK_LOGITS = np.array([[0.8982, 0.805, 0.6393, 0.9983, 0.5731, 0.0469, 0.556, 0.1476, 0.8404, 0.5544]])


def _picked(log_probs, target):
    return log_probs[np.arange(len(target)), target]


def _nll_column_per_target(log_probs, target):
    return -log_probs[:, target].mean()  # (N, N): every row paired with every target


def _nll_rows_by_target(log_probs, target):
    return -log_probs[target].mean()  # rows picked by the targets, every class averaged


def _nll_without_minus(log_probs, target):
    return _picked(log_probs, target).mean()


def _nll_sum(log_probs, target):
    return -_picked(log_probs, target).sum()


def _nll_times_onehot(log_probs, target):
    return -(log_probs * np.eye(log_probs.shape[1])[target]).sum(axis=1).mean()  # 0 * -inf is nan


def _nll_of_the_top_class(log_probs, target):
    return -log_probs.max(axis=1).mean()


def _nll_exp(log_probs, target):
    return -np.exp(_picked(log_probs, target)).mean()


def _nll_mean_of_everything(log_probs, target):
    return -log_probs.mean()


def _nll_over_c(log_probs, target):
    return -_picked(log_probs, target).sum() / log_probs.shape[1]


def _nll_log_again(log_probs, target):
    return -np.log(_picked(log_probs, target)).mean()  # the log of a log-probability: nan


def _nll_cases() -> list[tuple]:
    """(log_probs, target): the notebook's 2.1438, a batch, a masked class, N == C, a confident model."""
    rng = np.random.default_rng(7)
    batch = log_softmax(rng.normal(size=(4, 3)).round(2), axis=1)  # (4, 3)
    square = log_softmax(np.array([[2.0, 0.0], [0.5, 1.5]]), axis=1)  # (2, 2): N == C
    masked = log_softmax(np.array([[1.0, -np.inf, 0.0], [0.0, 2.0, -np.inf]]), axis=1)
    confident = log_softmax(np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]), axis=1)
    return [
        (log_softmax(NOTEBOOK_LOGITS, axis=1), np.array([1])),
        (batch, np.array([0, 2, 1, 2])),
        (square, np.array([1, 0])),
        (masked, np.array([2, 1])),
        (confident, np.array([0, 2])),
    ]


nll_loss_exercise = FunctionExercise(
    N_("NLLLoss by hand"),
    reference=lambda log_probs, target: nll_loss(log_probs, target),
    cases=_nll_cases(),
    hint=N_(
        "NLLLoss takes no log: it picks each row's log-probability at that row's target, negates it and "
        "averages over the rows. log_probs[np.arange(N), target] picks row n's entry at column target[n]."
    ),
    solution=N_(
        "def nll_by_hand(log_probs, target):\n"
        "    n = len(target)                                  # N examples\n"
        "    picked = log_probs[np.arange(n), target]         # (N,) row n, column target[n]\n"
        "    return -picked.mean()                            # negate, then average"
    ),
    mistakes=[
        (
            _nll_column_per_target,
            N_(
                "log_probs[:, target] picks every target's column for every row, an (N, N) "
                "array. Pair row n with its own target: log_probs[np.arange(N), target]."
            ),
        ),
        (
            _nll_rows_by_target,
            N_(
                "log_probs[target] picks whole rows, by the targets' values; the target picks a "
                "column in each row: log_probs[np.arange(N), target]."
            ),
        ),
        (_nll_without_minus, N_("log-probabilities are at most 0, so their mean is negative; the loss is minus it.")),
        (_nll_sum, N_("that is the sum over the batch; NLLLoss's default reduction is the mean, which divides by N.")),
        (
            _nll_of_the_top_class,
            N_(
                "that picks each row's largest log-probability, the model's favourite; NLLLoss "
                "picks the target's: log_probs[np.arange(N), target]."
            ),
        ),
        (
            _nll_exp,
            N_(
                "np.exp undoes the log: that is minus the mean probability of the target; NLLLoss takes minus "
                "the log-probability itself."
            ),
        ),
        (
            _nll_mean_of_everything,
            N_("that averages every entry, all classes of every row; NLLLoss takes one entry per row, at its target."),
        ),
        (_nll_over_c, N_("the mean divides by N, the number of rows, not by C, the number of classes.")),
        (
            _nll_times_onehot,
            N_(
                "multiplying by one-hot rows gives 0 * (-inf) = nan where a class is masked out (its "
                "log-probability is -inf). Pick the entries instead: log_probs[np.arange(N), target]."
            ),
        ),
        (
            _nll_log_again,
            N_("the input is already log-probabilities: NLLLoss takes no log. The log of a negative number is nan."),
        ),
    ],
)


def _gradient_without_mean(logits, target):
    return softmax(logits, axis=1) - np.eye(logits.shape[1])[target]


def _gradient_sign_flipped(logits, target):
    return (np.eye(logits.shape[1])[target] - softmax(logits, axis=1)) / len(target)


def _softmax_only(logits, target):
    return softmax(logits, axis=1) / len(target)


def _softmax_over_the_batch(logits, target):
    return (softmax(logits, axis=0) - np.eye(logits.shape[1])[target]) / len(target)


def _gradient_one_max_for_the_batch(logits, target):
    exps = np.exp(logits - logits.max())  # one maximum for the whole batch
    return (exps / exps.sum(axis=1, keepdims=True) - np.eye(logits.shape[1])[target]) / len(target)


def _gradient_without_keepdims(logits, target):
    exps = np.exp(logits - logits.max(axis=1))  # (N,) lines up with the class axis
    return (exps / exps.sum(axis=1) - np.eye(logits.shape[1])[target]) / len(target)


def _gradient_identity_of_n(logits, target):
    return (softmax(logits, axis=1) - np.eye(len(target), logits.shape[1])[target]) / len(target)


def _gradient_minus_one_everywhere(logits, target):
    return (softmax(logits, axis=1) - 1) / len(target)


def _gradient_of_log_softmax(logits, target):
    return (log_softmax(logits, axis=1) - np.eye(logits.shape[1])[target]) / len(target)


def _gradient_over_c(logits, target):
    return (softmax(logits, axis=1) - np.eye(logits.shape[1])[target]) / logits.shape[1]


def _naive_softmax_gradient(logits, target):
    exps = np.exp(logits)
    return (exps / exps.sum(axis=1, keepdims=True) - np.eye(logits.shape[1])[target]) / len(target)


loss_gradient_exercise = FunctionExercise(
    N_("The gradient of the mean loss with respect to the logits"),
    reference=cross_entropy_grad,
    cases=[
        (np.array([[2.0, 1.0, 0.1]]), np.array([0])),
        (np.array([[2.0, 1.0, 0.1]]), np.array([2])),
        (np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, 1.0, 1.0]]), np.array([3, 0])),  # (2, 4)
        (np.array([[3.0, 1.0, -2.0], [0.0, 0.0, 0.0], [-5.0, 10.0, 2.0]]), np.array([0, 1, 2])),  # (3, 3)
        (np.array([[1000.0, 0.0, -1000.0], [0.0, 2.0, 0.0]]), np.array([2, 1])),  # logits near +-1000
    ],
    hint=N_(
        "For one example the gradient is softmax(logits) - onehot(target). Do it for all rows at once: "
        "np.eye(C)[target] is the (N, C) array of one-hot rows. The loss is the mean over the N examples, "
        "so every row's gradient is divided by N."
    ),
    solution=N_(
        "def cross_entropy_grad(logits, target):\n"
        "    n, c = logits.shape                                      # (N, C)\n"
        "    exps = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    probs = exps / exps.sum(axis=1, keepdims=True)           # softmax, row by row\n"
        "    onehot = np.eye(c)[target]                               # (N, C)\n"
        "    return (probs - onehot) / n                              # the mean divides by N"
    ),
    mistakes=[
        (
            _gradient_without_mean,
            N_(
                "that is the gradient of the summed loss. The default reduction is the mean "
                "over the N examples, so divide by N."
            ),
        ),
        (
            _gradient_sign_flipped,
            N_(
                "the sign is flipped: the loss falls when the true logit rises, so its entry "
                "of the gradient is negative, softmax - onehot, not onehot - softmax."
            ),
        ),
        (
            _softmax_only,
            N_(
                "that is the gradient of logsumexp alone; the -z_y term of the loss adds -1 at the "
                "true class: subtract the one-hot row."
            ),
        ),
        (
            _softmax_over_the_batch,
            N_(
                "the softmax ran along axis 0, over the examples, so each class's column sums "
                "to 1 instead of each example's row. The classes run along axis 1: "
                "axis=1, keepdims=True."
            ),
        ),
        (
            _gradient_one_max_for_the_batch,
            N_(
                "one maximum for the whole batch, logits.max(), leaves a row far below it "
                "at 0 / 0. Subtract each row's own maximum: "
                "logits.max(axis=1, keepdims=True)."
            ),
        ),
        (
            _gradient_without_keepdims,
            N_(
                "a row-wise max or sum without keepdims=True has shape (N,), which lines up "
                "with the class axis of the (N, C) logits, not with the rows: keep the axis "
                "with keepdims=True, shape (N, 1)."
            ),
        ),
        (
            _gradient_identity_of_n,
            N_(
                "the one-hot rows come from the identity of size C, the number of classes: "
                "np.eye(C)[target], one row of length C per example."
            ),
        ),
        (
            _gradient_minus_one_everywhere,
            N_(
                "subtracting 1 everywhere takes 1 from every class; the one-hot row "
                "takes 1 from the true class only: np.eye(C)[target]."
            ),
        ),
        (
            _gradient_of_log_softmax,
            N_(
                "that starts from log-softmax; the gradient is softmax(logits) - one-hot, the probabilities themselves."
            ),
        ),
        (_gradient_over_c, N_("the mean divides by N, the number of examples, not by C, the number of classes.")),
        (_naive_softmax_gradient, N_("np.exp(1000) overflows. Subtract each row's largest logit before np.exp.")),
    ],
    forbid_silencing=True,
)


def _first_loss_bits(num_classes):
    return np.log2(num_classes)


def _first_loss_base10(num_classes):
    return np.log10(num_classes)


def _first_loss_probability(num_classes):
    return 1 / num_classes


def _first_loss_one_term(num_classes):
    return np.log(num_classes) / num_classes


def _first_loss_k_terms(num_classes):
    return num_classes * np.log(num_classes)


def _first_loss_negative(num_classes):
    return -np.log(num_classes)


initial_loss_exercise = FunctionExercise(
    N_("The loss an untrained model starts at"),
    reference=lambda num_classes: np.log(num_classes),
    cases=[(100,), (2,), (3,), (10,), (1000,)],
    hint=N_(
        "Small logits give softmax close to uniform: every class, the true one too, gets 1/K. The loss is -log "
        "of the true class's probability."
    ),
    solution=N_(
        "def first_loss(num_classes):\n"
        "    return -np.log(1 / num_classes)   # = log K: the uniform probability of the true class"
    ),
    mistakes=[
        (_first_loss_bits, N_("that is log K in bits (base 2); PyTorch's losses use the natural log, np.log.")),
        (_first_loss_base10, N_("that is log K in base 10; PyTorch's losses use the natural log, np.log.")),
        (_first_loss_probability, N_("1/K is the probability each class gets; the loss is -log of it.")),
        (_first_loss_negative, N_("the loss is -log(1/K) = +log K, a positive number.")),
        (
            _first_loss_one_term,
            N_(
                "that is one term of the entropy sum, (1/K) log K; the loss is -log of the true "
                "class's probability alone: log K."
            ),
        ),
        (
            _first_loss_k_terms,
            N_("that adds K terms of log K; the loss is -log of the true class's probability alone: log K."),
        ),
    ],
)
