"""The course's interactive figures: for each, a pure ``compute_...`` function and a builder.

A ``compute_...`` function returns the figure's numbers as a frozen record (a dataclass, e.g.
:class:`OddsView`) whose attributes its docstring lists. A builder returns an
:class:`~course_utils.widgets.InteractiveFigure` without displaying it; tests set ``.value`` on its
controls and read the result, no browser needed. One module per notebook; every builder's name ends
in ``_explorer`` (the latency benchmark finds them so).
"""

from .capstone import CapstoneView, capstone_explorer, compute_capstone_view
from .cross_entropy import CrossEntropyView, compute_cross_entropy_view, cross_entropy_explorer
from .cross_entropy_practice import LossOptionsView, compute_loss_options_view, loss_options_explorer
from .entropy import EntropyView, compute_entropy_view, entropy_explorer
from .logit import (
    LogisticView,
    LogitView,
    compute_logistic_view,
    compute_logit_view,
    logistic_regression_explorer,
    logit_explorer,
)
from .odds import OddsView, compute_odds_view, odds_explorer
from .scale import ScaleMemoryView, compute_scale_memory_view, scale_memory_explorer
from .softmax import SoftmaxView, compute_softmax_view, softmax_explorer

__all__ = [
    "compute_odds_view",
    "OddsView",
    "odds_explorer",
    "compute_logit_view",
    "LogitView",
    "logit_explorer",
    "compute_logistic_view",
    "LogisticView",
    "logistic_regression_explorer",
    "compute_softmax_view",
    "SoftmaxView",
    "softmax_explorer",
    "compute_cross_entropy_view",
    "CrossEntropyView",
    "cross_entropy_explorer",
    "compute_loss_options_view",
    "LossOptionsView",
    "loss_options_explorer",
    "compute_entropy_view",
    "EntropyView",
    "entropy_explorer",
    "compute_capstone_view",
    "CapstoneView",
    "capstone_explorer",
    "compute_scale_memory_view",
    "ScaleMemoryView",
    "scale_memory_explorer",
]
