"""Helpers for the course "From odds to CrossEntropyLoss".

The numerics are plain NumPy references; ``pick_device`` imports torch only when called.
"""

from .device import pick_device
from .information import cross_entropy, entropy, kl_divergence
from .losses import cross_entropy_grad, cross_entropy_loss, nll_loss
from .numerics import log_softmax, logit, logsumexp, odds, odds_to_prob, sigmoid, softmax

__all__ = [
    "odds",
    "odds_to_prob",
    "logit",
    "sigmoid",
    "logsumexp",
    "softmax",
    "log_softmax",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "nll_loss",
    "cross_entropy_loss",
    "cross_entropy_grad",
    "pick_device",
]
