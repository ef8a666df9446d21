"""The course's exercises, one checker each, named after the notebook that uses it.

In a notebook::

    from course_utils.exercises import start_here_loss
    loss = ...  # your code
    start_here_loss.check(loss)

One module per notebook; this package gathers them.
"""

from .capstone import accuracy_confidence_exercise, sigmoid_floor_exercise, training_step_exercise
from .cross_entropy import initial_loss_exercise, loss_gradient_exercise, nll_loss_exercise
from .cross_entropy_practice import bce_with_logits_exercise, cross_entropy_loss_exercise, weighted_mean_exercise
from .entropy import entropy_exercise, kl_div_exercise, kl_exercise, one_hot_kl_exercise
from .logit import logit_exercise, odds_factor_exercise, stable_sigmoid_exercise
from .odds import odds_exercise, odds_inverse_exercise, odds_ratio_exercise
from .scale import chunk_gradient_exercise, smoothing_conversion_exercise, streaming_logsumexp_exercise
from .softmax import sigmoid_cap_exercise, stable_softmax_exercise, two_class_exercise
from .start_here import start_here_loss

__all__ = [
    "odds_exercise",
    "odds_inverse_exercise",
    "odds_ratio_exercise",
    "start_here_loss",
    "logit_exercise",
    "stable_sigmoid_exercise",
    "odds_factor_exercise",
    "stable_softmax_exercise",
    "two_class_exercise",
    "sigmoid_cap_exercise",
    "entropy_exercise",
    "kl_exercise",
    "one_hot_kl_exercise",
    "kl_div_exercise",
    "nll_loss_exercise",
    "loss_gradient_exercise",
    "initial_loss_exercise",
    "cross_entropy_loss_exercise",
    "weighted_mean_exercise",
    "bce_with_logits_exercise",
    "training_step_exercise",
    "accuracy_confidence_exercise",
    "sigmoid_floor_exercise",
    "streaming_logsumexp_exercise",
    "chunk_gradient_exercise",
    "smoothing_conversion_exercise",
]
