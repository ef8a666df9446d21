"""The NumPy training behind the training explorer's default history: notebook 07's experiment, step for step."""

import dataclasses

import numpy as np
import pytest
import torch
from torch import nn

from course_utils.digit_classifier import HEADS, _digits_split, _initial_parameters, _train, default_history
from course_utils.explorers.capstone import CAP, FLOOR

TORCH_HEADS = {"logits": lambda z: z, "sigmoid": torch.sigmoid, "softmax": lambda z: torch.softmax(z, dim=1)}


def test_default_history_shapes_and_read_only(trained_history):
    history = trained_history
    assert default_history() is history  # trained once per session
    assert history.steps.tolist() == list(range(0, 301, 10))
    assert history.train_loss.shape == (3, 301) and history.test_probs.shape == (3, 31, 360, 10)
    assert history.test_images.shape == (360, 64) and history.test_labels.shape == (360,)
    assert history.test_images.max() == 16 and history.test_labels.dtype == np.int64
    np.testing.assert_allclose(history.test_probs.sum(axis=-1), 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        history.steps = np.zeros(31)
    for array in vars(history).values():
        with pytest.raises(ValueError):
            array[...] = 0


def test_default_history_tells_the_notebooks_story(trained_history):
    history = trained_history
    loss, probs, labels = history.train_loss, history.test_probs, history.test_labels
    np.testing.assert_allclose(loss[:, 0], np.log(10), atol=0.05)  # all three start near log 10
    accuracy = (probs.argmax(axis=-1) == labels).mean(axis=-1)  # (3, 31)
    assert accuracy[0, 5] >= 0.9 and accuracy[0, 5] - accuracy[1, 5] >= 0.3 and accuracy[2, 5] <= 0.3  # step 50
    assert accuracy[0, -1] >= 0.95 and accuracy[0, -1] > accuracy[1, -1] > accuracy[2, -1]
    assert loss[0, -1] < 0.15 and loss[1:].min() > FLOOR
    assert probs[1:].max() < CAP and probs[0, -1].max(axis=-1).mean() > 0.9


def test_the_split_is_the_notebooks():
    x_train, y_train, x_test, y_test = _digits_split()
    assert x_train.shape == (1437, 64) and x_test.shape == (360, 64)
    assert x_train.max() == 1.0 and np.bincount(y_test).tolist() == [39, 37, 47, 28, 42, 32, 37, 27, 30, 41]


def numpy_parameters(model):
    """nn.Linear stores W as (out, in); the NumPy training uses (in, out)."""
    first, _, last = model
    return [p.detach().numpy().copy() for p in (first.weight.T, first.bias, last.weight.T, last.bias)]


@pytest.mark.parametrize("head", HEADS)
def test_numpy_training_matches_torch(head):
    """The default history's training is the notebook's, step for step: SGD on CrossEntropyLoss(head(logits))."""
    data = _digits_split()
    x, y, x_test = (torch.tensor(a) for a in data[:3])
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10)).double()
    losses, test_probs = _train(numpy_parameters(model), head, data, steps=20, record_every=10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    expected_losses, expected_probs = [], []
    for step in range(21):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(TORCH_HEADS[head](model(x)), y)
        loss.backward()
        expected_losses.append(loss.item())
        if step % 10 == 0:
            with torch.no_grad():
                expected_probs.append(torch.softmax(TORCH_HEADS[head](model(x_test)), dim=1).numpy())
        optimizer.step()
    np.testing.assert_allclose(losses, expected_losses, rtol=1e-10)
    np.testing.assert_allclose(test_probs, np.array(expected_probs), rtol=1e-8, atol=1e-12)


def test_initial_parameters_are_drawn_as_nn_linear_draws_them():
    w1, b1, w2, b2 = _initial_parameters()
    assert w1.shape == (64, 32) and w2.shape == (32, 10)
    assert np.abs(w1).max() <= 1 / 8 and np.abs(b1).max() <= 1 / 8
    assert np.abs(w2).max() <= 1 / np.sqrt(32) and np.abs(b2).max() <= 1 / np.sqrt(32)
    assert np.abs(w1).max() > 0.12  # uses the whole range
    for a, b in zip(_initial_parameters(), _initial_parameters()):
        np.testing.assert_array_equal(a, b)  # seeded
