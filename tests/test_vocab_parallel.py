"""course_utils.vocab_parallel: Megatron's three all-reduces, simulated over shards and run in real processes."""

import contextlib
import socket

import pytest
import torch
import torch.nn.functional as F

from course_utils import vocab_parallel
from course_utils.vocab_parallel import (
    run_vocab_parallel,
    simulated_vocab_parallel_cross_entropy,
    vocab_parallel_cross_entropy,
)


def logits_and_targets(n_tokens=6, n_classes=10, scale=300.0, seed=0):
    """Logits in the hundreds (a naive exponential overflows) and one target in each part of the vocabulary."""
    generator = torch.Generator().manual_seed(seed)
    logits = torch.randn(n_tokens, n_classes, generator=generator, dtype=torch.float64) * scale
    target = torch.arange(n_tokens) * (n_classes - 1) // max(n_tokens - 1, 1)
    return logits, target


def torch_loss_and_grad(logits, target, reduction):
    leaf = logits.clone().requires_grad_()
    loss = F.cross_entropy(leaf, target, reduction=reduction)
    loss.sum().backward()
    return loss.detach(), leaf.grad


@pytest.mark.parametrize("world_size", [1, 2, 3, 7, 10])
def test_the_simulation_is_cross_entropy_over_the_whole_vocabulary(world_size):
    logits, target = logits_and_targets()
    losses, grad = simulated_vocab_parallel_cross_entropy(logits, target, world_size)
    want_losses, want_grad = torch_loss_and_grad(logits, target, "none")
    torch.testing.assert_close(losses, want_losses, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(grad, want_grad, rtol=1e-12, atol=1e-12)


def test_two_real_processes_give_the_loss_and_its_gradient():
    logits, target = logits_and_targets(n_tokens=5, n_classes=9)  # 9 classes: slices of 5 and 4
    loss, grad = run_vocab_parallel(logits, target, world_size=2)
    want_loss, want_grad = torch_loss_and_grad(logits, target, "mean")
    torch.testing.assert_close(loss, want_loss, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(grad, want_grad, rtol=1e-12, atol=1e-12)


def test_a_failing_process_is_named(monkeypatch):
    """Rendezvous on a port another socket already holds: process 0 cannot start its store and fails."""
    with contextlib.closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(vocab_parallel, "_free_port", lambda: taken.getsockname()[1])
        with pytest.raises(RuntimeError, match=r"^run_vocab_parallel: process \d of 2 (failed|exited)"):
            run_vocab_parallel(*logits_and_targets(), world_size=2)


def test_outside_a_process_group_the_loss_says_how_to_start_one():
    logits, target = logits_and_targets()
    with pytest.raises(RuntimeError, match="init_process_group first, or use run_vocab_parallel"):
        vocab_parallel_cross_entropy(logits, target, 0)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: simulated_vocab_parallel_cross_entropy([[1.0]], torch.tensor([0])),
            TypeError,
            "logits must be a torch tensor of shape (N, V_p)",
        ),
        (
            lambda: simulated_vocab_parallel_cross_entropy(torch.ones(3, 4), torch.tensor([0, 1])),
            ValueError,
            "target must have shape (3,), one class index per token",
        ),
        (
            lambda: simulated_vocab_parallel_cross_entropy(torch.ones(2, 4), torch.tensor([0, 4])),
            ValueError,
            "target must hold class indices in [0, 4); got 4 at index (1,)",
        ),
        (
            lambda: simulated_vocab_parallel_cross_entropy(torch.ones(2, 4), torch.tensor([0, 1]), 5),
            ValueError,
            "world_size must lie in [1, 4], at most one process per class; got 5",
        ),
        (
            lambda: run_vocab_parallel(torch.ones(2, 4), torch.tensor([0, 1]), 0),
            ValueError,
            "run_vocab_parallel: world_size must lie in [1, 4]",
        ),
        (
            lambda: run_vocab_parallel(torch.ones(2, 4), torch.tensor([0.0, 1.0])),
            TypeError,
            "target must hold integer class indices",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert message in str(caught.value)
