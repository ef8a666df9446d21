"""Notebook 07's experiment in NumPy: a 64-32-10 network classifying 8x8 digits, trained three times by
full-batch gradient descent on ``CrossEntropyLoss`` of (a) its logits, (b) their sigmoid, (c) their softmax.

It gives :func:`default_history`, what the training explorer shows when it is given no history of the
learner's own, so that the figure works without torch. The loop calls `course_utils._unchecked`: its
arrays are made here, never by a learner, so the public functions' checks would only repeat themselves.

A training history is a dict of NumPy arrays (no torch objects), recorded during training:

- ``steps``: (T,) int, the recorded steps 0, d, 2d, ..., S, evenly spaced;
- ``train_loss``: (3, S + 1) float, each model's training loss at every step 0..S;
- ``test_probs``: (3, T, N, 10) float, each model's predictive distribution on the N test images at
  each recorded step: the softmax of what went into the loss;
- ``test_images``: (N, 64) float, the test images' pixels (0 to 16), 8 rows of 8;
- ``test_labels``: (N,) int, their digits.
"""

from __future__ import annotations

import functools

import numpy as np

from . import _unchecked as unchecked
from .data import load_digits

__all__ = ["HEADS", "HISTORY_KEYS", "N_CLASSES", "default_history"]

HEADS = ("logits", "sigmoid", "softmax")   # what goes into CrossEntropyLoss, one model each
HISTORY_KEYS = ("steps", "train_loss", "test_probs", "test_images", "test_labels")
N_CLASSES = 10
PIXEL_MAX = 16.0                      # load_digits' pixels run from 0 (white) to 16 (black)
# The notebook's experiment.
N_TRAIN, HIDDEN, LEARNING_RATE, STEPS, RECORD_EVERY = 1437, 32, 0.5, 300, 10


def _digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The notebook's split: a seeded permutation, 1437 images to train on and 360 to test; pixels / 16."""
    features, labels = load_digits()
    order = np.random.default_rng(0).permutation(len(labels))
    train, test = order[:N_TRAIN], order[N_TRAIN:]
    return features[train] / PIXEL_MAX, labels[train], features[test] / PIXEL_MAX, labels[test]


def _initial_parameters(seed: int = 0) -> list[np.ndarray]:
    """Weights (in, out) and biases drawn as ``nn.Linear`` draws them: uniform in +-1/sqrt(fan_in)."""
    rng = np.random.default_rng(seed)
    parameters = []
    for fan_in, fan_out in ((64, HIDDEN), (HIDDEN, N_CLASSES)):
        bound = 1 / np.sqrt(fan_in)
        parameters += [rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)]
    return parameters


# The training keeps one column per image, (features, N), unlike torch's (N, features): NumPy reduces over
# the 10 classes of every image several times faster along the first axis than along the last.

def _head(head: str, logits: np.ndarray) -> np.ndarray:
    """What goes into the loss: the logits (10, N) themselves, their sigmoid or their softmax."""
    if head == "sigmoid":
        return unchecked.sigmoid(logits)
    if head == "softmax":
        return unchecked.softmax(logits, axis=0)
    return logits


def _forward(parameters: list[np.ndarray], x: np.ndarray, head: str):
    """The hidden layer (32, N) and what goes into the loss (10, N), for images ``x`` (64, N)."""
    w1, b1, w2, b2 = parameters
    hidden = w1.T @ x
    hidden += b1[:, np.newaxis]                        # in place: a new (32, N) array costs more than the sum
    np.maximum(hidden, 0, out=hidden)                  # ReLU
    logits = w2.T @ hidden
    logits += b2[:, np.newaxis]
    return hidden, _head(head, logits)


def _head_backward(head: str, outputs: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """d loss / d logits from d loss / d outputs (the chain rule through the head)."""
    if head == "sigmoid":
        return grad * outputs * (1 - outputs)          # sigmoid'(z) = s (1 - s)
    if head == "softmax":                              # Jacobian of softmax: diag(p) - p p^T
        return outputs * (grad - (grad * outputs).sum(axis=0))
    return grad


def _train(parameters: list[np.ndarray], head: str, data, steps: int = STEPS,
           learning_rate: float = LEARNING_RATE, record_every: int = RECORD_EVERY) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on CrossEntropyLoss(head(logits)) from ``parameters`` (left unchanged), on
    ``data`` as :func:`_digits_split` gives it: the loss at every step and the test set's predictive
    distributions (T, N, 10) every ``record_every`` steps."""
    x, y, x_test = np.ascontiguousarray(data[0].T), data[1], np.ascontiguousarray(data[2].T)
    losses, test_probs = [], []
    for step in range(steps + 1):
        hidden, outputs = _forward(parameters, x, head)
        loss, grad_outputs = unchecked.mean_cross_entropy_and_grad(outputs, y, axis=0)  # outputs go into the loss
        losses.append(loss)
        if step % record_every == 0:
            test_probs.append(unchecked.softmax(_forward(parameters, x_test, head)[1], axis=0).T)
        if step == steps:
            break
        grad_logits = _head_backward(head, outputs, grad_outputs)
        grad_hidden = parameters[2] @ grad_logits
        grad_hidden *= hidden > 0                      # through the ReLU
        grads = [x @ grad_hidden.T, grad_hidden.sum(axis=1), hidden @ grad_logits.T, grad_logits.sum(axis=1)]
        parameters = [p - learning_rate * g for p, g in zip(parameters, grads)]   # new arrays: the caller's stay
    return np.array(losses), np.array(test_probs)


@functools.lru_cache(maxsize=1)
def _default_history() -> dict:
    """The computation behind :func:`default_history`, done once; its arrays are read-only."""
    data = _digits_split()
    parameters = _initial_parameters()
    runs = [_train(parameters, head, data) for head in HEADS]
    history = {"steps": np.arange(0, STEPS + 1, RECORD_EVERY), "train_loss": np.stack([run[0] for run in runs]),
               "test_probs": np.stack([run[1] for run in runs]), "test_images": data[2] * PIXEL_MAX,
               "test_labels": data[3]}
    for array in history.values():
        array.flags.writeable = False
    return history


def default_history() -> dict:
    """The notebook's experiment trained in NumPy: a history for the training explorer.

    The three models share their initial weights (NumPy's draw, not torch's, so the numbers differ
    a little from the notebook's) and are trained for 300 full-batch steps of gradient descent with
    learning rate 0.5 on 1437 digits; the other 360 are the test set.

    The training runs once per session. Each call returns a new dict, so adding, replacing or
    deleting its entries changes no later call; its arrays are read-only views of the one result.

    Examples
    --------
    >>> history = default_history()
    >>> history["test_probs"].shape, history["train_loss"].shape
    ((3, 31, 360, 10), (3, 301))
    """
    return {key: array.view() for key, array in _default_history().items()}   # views of read-only arrays: read-only
