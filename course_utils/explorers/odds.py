"""Notebook 01's figure: a probability slider, the win/lose split and the odds curve."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..language import _
from ..numerics import odds
from ..plots import PALETTE, course_style, new_figure
from ..validation import check_number
from ..widgets import InteractiveFigure, LiveFigure, probability_slider
from ._common import PROBABILITY_FIX, start_at

__all__ = ["OddsView", "compute_odds_view", "odds_explorer"]

ODDS_AXIS_TOP = 20.0
ENDS = "At p = 0 and 1 the odds are 0 and infinite, which no chart shows."


@dataclass(frozen=True)
class OddsView:
    """The numbers the odds explorer shows for one probability.

    Attributes
    ----------
    win : float
        The probability of winning, ``p``.
    lose : float
        The probability of losing, ``1 - p``.
    odds : float
        ``win / lose``; ``inf`` at ``p = 1``.
    """

    win: float
    lose: float
    odds: float


def compute_odds_view(p: float) -> OddsView:
    """The numbers the odds explorer shows for probability ``p``.

    Parameters
    ----------
    p : float
        A probability in [0, 1]; ``p = 1`` gives infinite odds.

    Returns
    -------
    OddsView
        The numbers; see :class:`OddsView` for what each holds.

    Raises
    ------
    TypeError
        If ``p`` is not a number (a bool is not one).
    ValueError
        If ``p`` is NaN or outside [0, 1].

    Examples
    --------
    >>> view = compute_odds_view(0.75)
    >>> view.win, view.lose, round(view.odds, 4)
    (0.75, 0.25, 3.0)
    """
    p = check_number(p, "compute_odds_view", "p", 0.0, 1.0, PROBABILITY_FIX)
    return OddsView(win=p, lose=1 - p, odds=float(odds(p)))


def odds_explorer(p: float = 0.75) -> InteractiveFigure:
    """A probability slider; the win/lose split as one bar and the odds on the curve p / (1 - p).

    Alt text: on the left, a horizontal bar split into the chance of winning and of losing; on the
    right, the odds curve p / (1 - p) rising steeply towards p = 1, with the current p marked: a dot on
    the curve, or, for odds above 20 (p above 20/21, about 0.952), an upward triangle on the top edge
    and "off the top" beside the odds.

    Parameters
    ----------
    p : float, default 0.75
        Where the slider starts, in [0.01, 0.99].

    Raises
    ------
    TypeError
        If ``p`` is not a number (a bool is not one).
    ValueError
        If ``p`` is outside the slider's range or not finite.
    """
    slider = probability_slider(description=_("p (win)"))
    p = start_at(slider, p, "odds_explorer", "p", ENDS)
    with course_style():
        figure, (split_ax, odds_ax) = new_figure(2, width=4.2, height=2.9)
        win_bar, lose_bar = split_ax.barh(
            [0, 0], [p, 1 - p], left=[0, p], height=0.6, color=[PALETTE["blue"], PALETTE["orange"]]
        )
        win_label = split_ax.text(0, 0.45, "", ha="left", va="bottom", color=PALETTE["blue"], fontsize=12)
        lose_label = split_ax.text(1, 0.45, "", ha="right", va="bottom", color=PALETTE["orange"], fontsize=12)
        split_ax.set(
            xlim=(0, 1), ylim=(-0.6, 0.9), yticks=[], xlabel="share of outcomes", title="chance of winning : losing"
        )
        curve_p = np.linspace(0.01, ODDS_AXIS_TOP / (1 + ODDS_AXIS_TOP), 200)  # up to the top edge
        odds_ax.plot(curve_p, curve_p / (1 - curve_p), color=PALETTE["grey"])
        (point,) = odds_ax.plot([p], [0], "o", color=PALETTE["vermillion"], markersize=9, clip_on=False)
        odds_label = odds_ax.text(0.03, ODDS_AXIS_TOP * 0.88, "", fontsize=12)
        odds_ax.set(
            xlim=(0, 1), ylim=(0, ODDS_AXIS_TOP), xlabel="probability p", ylabel="odds p / (1 - p)", title="odds"
        )
        live = LiveFigure(figure, [win_bar, lose_bar, win_label, lose_label, point, odds_label])

    def update() -> str:
        view = compute_odds_view(slider.value)
        win_bar.set_width(view.win)
        lose_bar.set_x(view.win)
        lose_bar.set_width(view.lose)
        win_label.set_text(f"win {view.win:.2f}")
        lose_label.set_text(f"lose {view.lose:.2f}")
        off_top = view.odds > ODDS_AXIS_TOP  # odds above 20 sit on the top edge, as a triangle
        point.set_data([view.win], [min(view.odds, ODDS_AXIS_TOP)])
        point.set_marker("^" if off_top else "o")
        odds_label.set_text(f"odds = {view.odds:.3g}" + (", off the top" if off_top else ""))
        return _("p = {win:.2f}: odds = {win:.2f} / {lose:.2f} = {odds:.3g}").format(
            win=view.win, lose=view.lose, odds=view.odds
        )

    return InteractiveFigure(_("Odds explorer"), [slider], live, update)
