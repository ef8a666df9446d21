"""The course's interactive figures: for each, a pure ``compute_...`` function and a builder.

A builder returns an :class:`~course_utils.widgets.InteractiveFigure` without displaying it;
tests set ``.value`` on its controls and read the result, no browser needed. One module per
notebook; every builder's name ends in ``_explorer`` (the latency benchmark finds them so).
"""

from .capstone import capstone_explorer, compute_capstone_view
from .cross_entropy import compute_cross_entropy_view, cross_entropy_explorer
from .cross_entropy_practice import compute_loss_options_view, loss_options_explorer
from .entropy import compute_entropy_view, entropy_explorer
from .logit import compute_logistic_view, compute_logit_view, logistic_regression_explorer, logit_explorer
from .odds import compute_odds_view, odds_explorer
from .softmax import compute_softmax_view, softmax_explorer

__all__ = ["compute_odds_view", "odds_explorer", "compute_logit_view", "logit_explorer",
           "compute_logistic_view", "logistic_regression_explorer", "compute_softmax_view", "softmax_explorer",
           "compute_cross_entropy_view", "cross_entropy_explorer",
           "compute_loss_options_view", "loss_options_explorer",
           "compute_entropy_view", "entropy_explorer",
           "compute_capstone_view", "capstone_explorer"]
