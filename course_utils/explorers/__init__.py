"""The course's interactive figures: for each, a pure ``compute_...`` function and a builder.

A builder returns an :class:`~course_utils.widgets.InteractiveFigure` without displaying it;
tests set ``.value`` on its controls and read the result, no browser needed. One module per
notebook; every builder's name ends in ``_explorer`` (the latency benchmark finds them so).
"""

from .odds import compute_odds_view, odds_explorer

__all__ = ["compute_odds_view", "odds_explorer"]
