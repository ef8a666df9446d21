"""Notebook 07's experiment in NumPy: a 64-32-10 network classifying 8x8 digits, trained three times by
full-batch gradient descent on ``CrossEntropyLoss`` of (a) its logits, (b) their sigmoid, (c) their softmax.

It gives :func:`default_history`, what the training explorer shows when it is given no history of the
learner's own, so that the figure works without torch. The loop calls `course_utils._unchecked`: its
arrays are made here, never by a learner, so the public functions' checks would only repeat themselves.

A training history, :class:`TrainingHistory`, is what the training explorer reads: NumPy arrays recorded
during training. The explorer takes it as that record or as a dict with the same five keys
(:meth:`TrainingHistory.coerce`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from . import _unchecked as unchecked
from .data import load_digits
from .validation import check_probabilities, check_real, check_sums_to_one, fail, shown

__all__ = ["HEADS", "HISTORY_KEYS", "N_CLASSES", "TrainingHistory", "default_history"]

HEADS = ("logits", "sigmoid", "softmax")  # what goes into CrossEntropyLoss, one model each
HISTORY_KEYS = ("steps", "train_loss", "test_probs", "test_images", "test_labels")
N_CLASSES = 10
PIXEL_MAX = 16.0  # load_digits' pixels run from 0 (white) to 16 (black)
# The notebook's experiment.
N_TRAIN, HIDDEN, LEARNING_RATE, STEPS, RECORD_EVERY = 1437, 32, 0.5, 300, 10
HISTORY_FIX = "Record it during training as the notebook does, or leave it out for the default."


def _whole_numbers(value, func: str, name: str) -> np.ndarray:
    """``value`` as an int64 array: real numbers, no NaN, each a whole number (5.0 will do)."""
    array = check_real(value, func, name)
    fractional = ~(np.abs(array) <= 2**53) | (array != np.round(array))  # inf too; 2**53: exact in float64
    if fractional.any():
        index = tuple(int(i) for i in np.argwhere(fractional)[0])
        raise fail(
            func,
            name,
            "hold whole numbers",
            f"{array[index]:g} at index {index}",
            "Steps and labels are counts and class indices: integers.",
        )
    return array.astype(np.int64)


def _checked_arrays(history: dict, func: str, names: dict) -> dict:
    """The five arrays of ``history`` checked, with consistent shapes; errors name ``func`` and ``names[key]``.

    ``steps`` and ``test_labels`` come back as int64; ``train_loss`` holds no NaN (inf is a diverged
    run), ``test_images`` pixels in [0, 16]; ``test_probs`` holds distributions over the 10 digits.
    """
    steps = _whole_numbers(history["steps"], func, names["steps"])
    labels = _whole_numbers(history["test_labels"], func, names["test_labels"])
    arrays = {
        "steps": steps,
        "test_labels": labels,
        "train_loss": check_real(history["train_loss"], func, names["train_loss"]),
        "test_probs": check_probabilities(history["test_probs"], func, names["test_probs"]),
        "test_images": check_real(history["test_images"], func, names["test_images"]),
    }
    if steps.ndim != 1 or steps.size < 2 or steps[0] != 0 or steps[1] <= 0 or np.unique(np.diff(steps)).size != 1:
        raise fail(
            func,
            names["steps"],
            "be evenly spaced from 0, at least two of them",
            shown(steps.tolist()) if steps.ndim == 1 else f"shape {steps.shape}",
            "Record every d-th step from step 0, e.g. steps = np.arange(0, 301, 10).",
        )
    if labels.ndim != 1 or labels.size == 0:
        raise fail(
            func,
            names["test_labels"],
            "hold one digit per test image, shape (N,) with N >= 1",
            f"shape {labels.shape}",
            "Pass the test set's labels, e.g. y_test.",
        )
    outside = (labels < 0) | (labels >= N_CLASSES)
    if outside.any():
        value = int(labels[outside][0])
        raise fail(
            func,
            names["test_labels"],
            f"hold digits in [0, {N_CLASSES})",
            f"{value} at index ({int(np.flatnonzero(outside)[0])},)",
            "Labels 1..10? subtract 1 so that they start at 0."
            if value == N_CLASSES and labels.min() >= 1
            else "Each label is the digit the image shows.",
        )
    expected = {
        "train_loss": (3, int(steps[-1]) + 1),
        "test_probs": (3, steps.size, labels.size, N_CLASSES),
        "test_images": (labels.size, 64),
    }
    for key, shape in expected.items():
        if arrays[key].shape != shape:
            raise fail(
                func,
                names[key],
                f"have shape {shape}",
                f"shape {arrays[key].shape}",
                "Three models, T recorded steps, N test images, 10 classes: see help(course_utils.digit_classifier).",
            )
    check_sums_to_one(arrays["test_probs"], 3, func, names["test_probs"])
    pixels = arrays["test_images"]
    outside = ~((pixels >= 0) & (pixels <= PIXEL_MAX))
    if outside.any():
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        raise fail(
            func,
            names["test_images"],
            f"hold pixels in [0, {PIXEL_MAX:g}]",
            f"{pixels[index]:g} at index {index}",
            "Pass the images as load_digits gives them, 0 (white) to 16 (black), e.g. features[test_rows].",
        )
    return arrays


@dataclass(frozen=True)
class TrainingHistory:
    """What the three models did during training, recorded as NumPy arrays (no torch objects).

    Made from arrays, it checks them (``steps`` and ``test_labels`` become int64) and raises a
    ``TypeError`` or ``ValueError`` that names the attribute and how to fix it.

    Attributes
    ----------
    steps : ndarray, shape (T,)
        The recorded steps 0, d, 2d, ..., S, evenly spaced.
    train_loss : ndarray, shape (3, S + 1)
        Each model's training loss at every step 0..S; ``inf`` for a run that diverged.
    test_probs : ndarray, shape (3, T, N, 10)
        Each model's predictive distribution on the N test images at each recorded step: the softmax
        of what went into the loss.
    test_images : ndarray, shape (N, 64)
        The test images' pixels, 0 (white) to 16 (black), 8 rows of 8.
    test_labels : ndarray, shape (N,)
        Their digits.
    """

    steps: np.ndarray
    train_loss: np.ndarray
    test_probs: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray

    def __post_init__(self):
        self._store(_checked_arrays(vars(self), "TrainingHistory", {key: key for key in HISTORY_KEYS}))

    def _store(self, arrays: dict) -> None:
        """Keep read-only views of the checked ``arrays``, as the record is frozen; the caller's stay writable."""
        for key, array in arrays.items():
            frozen = array.view()
            frozen.flags.writeable = False
            object.__setattr__(self, key, frozen)

    @classmethod
    def coerce(cls, history, func: str = "TrainingHistory.coerce") -> TrainingHistory:
        """``history`` as a record: a :class:`TrainingHistory` as it is; a dict with the five attributes as
        keys checked, errors naming ``func`` and ``history['key']``."""
        if isinstance(history, cls):
            return history
        keys = f"a dict with the keys {', '.join(HISTORY_KEYS)}"
        if not isinstance(history, dict):
            raise fail(func, "history", f"be a TrainingHistory or {keys}", shown(history), HISTORY_FIX, TypeError)
        missing = [key for key in HISTORY_KEYS if key not in history]
        if missing:
            raise fail(func, "history", f"be {keys}", f"a dict without {', '.join(missing)}", HISTORY_FIX)
        record = object.__new__(cls)  # the arrays are checked here, under the dict's names: not twice
        record._store(_checked_arrays(history, func, {key: f"history['{key}']" for key in HISTORY_KEYS}))
        return record


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
    hidden += b1[:, np.newaxis]  # in place: a new (32, N) array costs more than the sum
    np.maximum(hidden, 0, out=hidden)  # ReLU
    logits = w2.T @ hidden
    logits += b2[:, np.newaxis]
    return hidden, _head(head, logits)


def _head_backward(head: str, outputs: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """d loss / d logits from d loss / d outputs (the chain rule through the head)."""
    if head == "sigmoid":
        return grad * outputs * (1 - outputs)  # sigmoid'(z) = s (1 - s)
    if head == "softmax":  # Jacobian of softmax: diag(p) - p p^T
        return outputs * (grad - (grad * outputs).sum(axis=0))
    return grad


def _train(
    parameters: list[np.ndarray],
    head: str,
    data,
    steps: int = STEPS,
    learning_rate: float = LEARNING_RATE,
    record_every: int = RECORD_EVERY,
) -> tuple[np.ndarray, np.ndarray]:
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
        grad_hidden *= hidden > 0  # through the ReLU
        grads = [x @ grad_hidden.T, grad_hidden.sum(axis=1), hidden @ grad_logits.T, grad_logits.sum(axis=1)]
        parameters = [p - learning_rate * g for p, g in zip(parameters, grads)]  # new arrays: the caller's stay
    return np.array(losses), np.array(test_probs)


@functools.lru_cache(maxsize=1)
def default_history() -> TrainingHistory:
    """The notebook's experiment trained in NumPy: a history for the training explorer.

    The three models share their initial weights (NumPy's draw, not torch's, so the numbers differ
    a little from the notebook's) and are trained for 300 full-batch steps of gradient descent with
    learning rate 0.5 on 1437 digits; the other 360 are the test set.

    The training runs once per session; every call returns that one record (frozen, its arrays read-only).

    Examples
    --------
    >>> history = default_history()
    >>> history.test_probs.shape, history.train_loss.shape
    ((3, 31, 360, 10), (3, 301))
    """
    data = _digits_split()
    parameters = _initial_parameters()
    runs = [_train(parameters, head, data) for head in HEADS]
    return TrainingHistory(
        steps=np.arange(0, STEPS + 1, RECORD_EVERY),
        train_loss=np.stack([run[0] for run in runs]),
        test_probs=np.stack([run[1] for run in runs]),
        test_images=data[2] * PIXEL_MAX,
        test_labels=data[3],
    )
