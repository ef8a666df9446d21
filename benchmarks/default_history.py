"""How long the training explorer's default history takes to train, next to the path it replaced.

The old path is the loop as it stood in `course_utils.explorers.capstone`: torch's layout, one row per
image, and the public functions, which check their arrays again at each of the 903 steps. The new one is
`course_utils.digit_classifier`: one column per image (NumPy reduces over the classes faster along the
first axis), the unchecked core (`course_utils._unchecked`), and one exponential per logit for both the
loss and its gradient. Both train the same three models; the script checks that they agree.

Run: python benchmarks/default_history.py  (the median of 5 runs of each, interleaved, so that a busy
machine slows both alike; the target is under 0.4 s on an idle two-core machine).
"""

import statistics
import time

import numpy as np

from course_utils import cross_entropy_grad, cross_entropy_loss, digit_classifier, sigmoid, softmax

RUNS = 5
TARGET_S = 0.4


def old_forward(parameters, x, head):
    w1, b1, w2, b2 = parameters
    pre = x @ w1 + b1
    hidden = np.maximum(pre, 0)
    logits = hidden @ w2 + b2
    if head == "sigmoid":
        return pre, hidden, sigmoid(logits)
    if head == "softmax":
        return pre, hidden, softmax(logits, axis=1)
    return pre, hidden, logits


def old_train(
    parameters,
    head,
    data,
    steps=digit_classifier.STEPS,
    learning_rate=digit_classifier.LEARNING_RATE,
    record_every=digit_classifier.RECORD_EVERY,
):
    x, y, x_test, _ = data
    losses, test_probs = [], []
    for step in range(steps + 1):
        pre, hidden, outputs = old_forward(parameters, x, head)
        losses.append(cross_entropy_loss(outputs, y))
        if step % record_every == 0:
            test_probs.append(softmax(old_forward(parameters, x_test, head)[2], axis=1))
        if step == steps:
            break
        grad = cross_entropy_grad(outputs, y)
        if head == "sigmoid":
            grad = grad * outputs * (1 - outputs)
        elif head == "softmax":
            grad = outputs * (grad - (grad * outputs).sum(axis=1, keepdims=True))
        grad_hidden = (grad @ parameters[2].T) * (pre > 0)
        grads = [x.T @ grad_hidden, grad_hidden.sum(axis=0), hidden.T @ grad, grad.sum(axis=0)]
        parameters = [p - learning_rate * g for p, g in zip(parameters, grads)]
    return np.array(losses), np.array(test_probs)


def timed(train) -> tuple[float, list]:
    """Seconds to train the default history's three models with ``train``, and what it gave."""
    data, parameters = digit_classifier._digits_split(), digit_classifier._initial_parameters()
    start = time.perf_counter()
    runs = [train(parameters, head, data) for head in digit_classifier.HEADS]
    return time.perf_counter() - start, runs


def main() -> None:
    times = {"old": [], "new": []}
    for _ in range(RUNS):
        old_s, old_runs = timed(old_train)
        new_s, new_runs = timed(digit_classifier._train)
        times["old"].append(old_s)
        times["new"].append(new_s)
    for (old_loss, old_probs), (new_loss, new_probs) in zip(old_runs, new_runs):
        np.testing.assert_allclose(new_loss, old_loss, rtol=1e-12)  # the same training, up to rounding
        np.testing.assert_allclose(new_probs, old_probs, rtol=1e-9, atol=1e-15)
    old_s, new_s = (statistics.median(times[key]) for key in ("old", "new"))
    print(f"default history, old path (rows, checked functions)   median {old_s:6.3f} s over {RUNS} runs")
    print(f"default history, digit_classifier (columns, unchecked) median {new_s:6.3f} s over {RUNS} runs")
    print(f"new / old = {new_s / old_s:.2f}; target: under {TARGET_S} s on an idle two-core machine")


if __name__ == "__main__":
    main()
