"""Notebook 04's figure: two distributions over three outcomes -> bars, entropy, cross-entropy and KL both ways."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from ..information import cross_entropy, entropy, kl_divergence
from ..language import _
from ..plots import PALETTE, course_style, new_figure
from ..validation import check_distribution, check_same_shape
from ..widgets import InteractiveFigure, LiveFigure, probability_slider
from ._common import listed, place_label, plain, real_vector

__all__ = ["EntropyView", "compute_entropy_view", "entropy_explorer"]

OUTCOMES = ("win", "draw", "loss")  # the match of notebooks 01 and 03; "loss" is the remainder
NATS_AXIS = 3.0  # the right panel shows 0 to 3 nats; taller bars stop at the top and say so
SUM_SLACK = 1e-9  # two sliders may add up to 1 plus rounding before the partner is pushed down
P_COLOUR, Q_COLOUR = PALETTE["blue"], PALETTE["orange"]
ENTROPY_COLOUR, KL_COLOUR, REVERSE_COLOUR = PALETTE["green"], PALETTE["vermillion"], PALETTE["purple"]


@dataclass(frozen=True)
class EntropyView:
    """The numbers the entropy explorer shows for a true distribution ``p`` and a model ``q``.

    All in nats; ``inf`` where the model gives 0 to an outcome that happens.

    Attributes
    ----------
    p, q : ndarray, shape (K,)
        The two distributions, as float64.
    entropy_p : float
        H(p).
    cross_entropy : float
        H(p, q).
    kl_pq : float
        KL(p || q).
    kl_qp : float
        KL(q || p).
    max_entropy : float
        log K, the entropy of the uniform distribution.
    """

    p: np.ndarray
    q: np.ndarray
    entropy_p: float
    cross_entropy: float
    kl_pq: float
    kl_qp: float
    max_entropy: float


def compute_entropy_view(p: ArrayLike, q: ArrayLike) -> EntropyView:
    """The numbers the entropy explorer shows for a true distribution ``p`` and a model ``q``.

    Parameters
    ----------
    p : array_like
        The true distribution (the data): probabilities over K >= 2 outcomes, summing to 1.
    q : array_like
        The model's distribution over the same outcomes.

    Returns
    -------
    EntropyView
        The numbers; see :class:`EntropyView` for what each holds.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not one distribution over at least two outcomes, has masked entries, or their
        lengths differ.
    TypeError
        If ``p`` or ``q`` is not made of real numbers.

    Notes
    -----
    .. math:: H(p, q) = -\\sum_i p_i \\log q_i = H(p) + D_{KL}(p \\| q)

    Examples
    --------
    >>> view = compute_entropy_view([0.5, 0.3, 0.2], [0.1, 0.3, 0.6])
    >>> print(round(view.entropy_p, 4), round(view.cross_entropy, 4), round(view.kl_pq, 4),
    ...       round(view.kl_qp, 4))
    1.0297 1.6146 0.585 0.4982
    >>> print(compute_entropy_view([1.0, 0.0], [0.5, 0.5]).kl_qp)  # q expects what p rules out
    inf
    """
    p, q = _distributions(p, q, "compute_entropy_view", 2, None, "per outcome")
    return EntropyView(
        p=p,
        q=q,
        entropy_p=float(entropy(p)),
        cross_entropy=float(cross_entropy(p, q)),
        kl_pq=float(kl_divergence(p, q)),
        kl_qp=float(kl_divergence(q, p)),
        max_entropy=float(np.log(p.size)),
    )


def _distributions(p, q, func: str, low: int, high: int | None, each: str) -> tuple[np.ndarray, np.ndarray]:
    """``p`` and ``q`` as float64 distributions over the same ``low`` to ``high`` outcomes, checked for ``func``;
    ``each`` says what a probability is for, in the error message."""
    arrays = [
        real_vector(value, func, name, low, high, f"Pass one probability {each}, e.g. {name}=[0.5, 0.3, 0.2].")
        for name, value in (("p", p), ("q", q))
    ]
    for name, array in zip("pq", arrays):
        check_distribution(array, func, name, -1)
    check_same_shape(*arrays, func)
    return arrays[0].astype(np.float64), arrays[1].astype(np.float64)


def _remainder(first: widgets.FloatSlider, second: widgets.FloatSlider) -> np.ndarray:
    return np.array([first.value, second.value, max(0.0, 1.0 - first.value - second.value)])


def entropy_explorer(p: Sequence[float] = (0.5, 0.3, 0.2), q: Sequence[float] = (0.1, 0.3, 0.6)) -> InteractiveFigure:
    """Sliders for p and q over win, draw and loss; their bars, and H(p), H(p, q) and KL both ways.

    Each distribution has a win and a draw slider; the loss gets the remainder. The two sliders of a
    distribution never add up to more than 1: the one you drag pushes the other down, so p(loss) and
    q(loss) never go negative and both stay distributions.

    Alt text: on the left, for each outcome (win, draw, loss), a blue bar for p and an orange bar for
    q side by side, on a scale from 0 to 1, with a legend above them. On the right, four bars in
    nats on a scale from 0 to 3, each labelled with its value: H(p) in green; H(p, q) as the same
    green bar with a vermillion part stacked on top, as tall as KL(p || q); KL(p || q) in
    vermillion; KL(q || p) in purple. A dotted line marks log 3, the largest entropy over three
    outcomes. A bar taller than 3 stops at the top and its label gives the value, "inf" when it is
    infinite.

    Parameters
    ----------
    p, q : sequence of float, default (0.5, 0.3, 0.2) and (0.1, 0.3, 0.6)
        Where the sliders start: the data's and the model's probabilities of win, draw and loss.

    Raises
    ------
    TypeError
        If ``p`` or ``q`` is not made of real numbers.
    ValueError
        If ``p`` or ``q`` is not one distribution over three outcomes, or has masked entries.
    """
    p, q = _distributions(p, q, "entropy_explorer", len(OUTCOMES), len(OUTCOMES), "each for win, draw and loss")
    # Over the whole of [0, 1]: a probability of 0 or 1 is a setting worth trying here.
    p_win, p_draw, q_win, q_draw = [
        probability_slider(value, description, low=0.0, high=1.0)
        for value, description in ((p[0], _("p(win)")), (p[1], _("p(draw)")), (q[0], _("q(win)")), (q[1], _("q(draw)")))
    ]

    def push_down(moved: widgets.FloatSlider, partner: widgets.FloatSlider) -> None:
        """When ``moved`` takes the pair above 1, lower ``partner`` to ``1 - moved``.

        Observed before the figure's own redraw, which then sees the lowered value. The partner's
        redraw is off while it is lowered: one redraw per step, by the moved slider.
        """

        def on_change(change: dict) -> None:
            if moved.value + partner.value > 1 + SUM_SLACK:
                partner.unobserve(explorer.refresh, names="value")
                partner.value = 1.0 - moved.value
                partner.observe(explorer.refresh, names="value")

        moved.observe(on_change, names="value")

    for first, second in ((p_win, p_draw), (q_win, q_draw)):
        push_down(first, second)
        push_down(second, first)
    outcomes = np.arange(len(OUTCOMES))
    measures = ["H(p)", "H(p, q)", "KL(p || q)", "KL(q || p)"]
    with course_style():
        figure, (prob_ax, nats_ax) = new_figure(2, width=4.6, height=3.5)
        p_bars = prob_ax.bar(outcomes - 0.2, np.zeros(3), width=0.38, color=P_COLOUR, label="p (the data)")
        q_bars = prob_ax.bar(outcomes + 0.2, np.zeros(3), width=0.38, color=Q_COLOUR, label="q (the model)")
        prob_ax.set(
            xlim=(-0.6, 2.6),
            ylim=(0, 1.2),
            yticks=np.linspace(0, 1, 6),
            xticks=outcomes,
            xticklabels=OUTCOMES,
            ylabel="probability",
            title="p and q over three outcomes",
        )
        prob_ax.legend(loc="upper center", ncols=2, fontsize=11, frameon=False)  # above the tallest bar, 1
        # Their values are in the readout; labels only on the right (each label drawn costs about a
        # millisecond per slider step).
        nats_ax.axhline(np.log(3), color=PALETTE["grey"], linewidth=1.2, linestyle=":")
        nats_ax.text(
            3.5, np.log(3), " log 3", ha="left", va="center", color="#555555", fontsize=11, clip_on=False
        )  # right of the axes: never under a bar
        entropy_bar, cross_low, cross_high, kl_bar, reverse_bar = nats_ax.bar(
            [0, 1, 1, 2, 3],
            np.zeros(5),
            width=0.6,
            color=[ENTROPY_COLOUR, ENTROPY_COLOUR, KL_COLOUR, KL_COLOUR, REVERSE_COLOUR],
        )
        # On white boxes: where a value sits on the dotted log 3 line, the line passes behind its text.
        nats_labels = [
            nats_ax.text(
                x,
                0,
                "",
                ha="center",
                fontsize=11,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
            for x in range(4)
        ]
        nats_ax.set(
            xlim=(-0.5, 3.5),
            ylim=(0, NATS_AXIS),
            xticks=range(4),
            xticklabels=measures,
            ylabel="nats",
            title="H(p, q) = H(p) + KL(p || q)",
        )
        nats_ax.tick_params(axis="x", labelsize=10)
        live = LiveFigure(
            figure, [*p_bars, *q_bars, entropy_bar, cross_low, cross_high, kl_bar, reverse_bar, *nats_labels]
        )

    def update() -> str:
        view = compute_entropy_view(_remainder(p_win, p_draw), _remainder(q_win, q_draw))
        for bar, value in zip([*p_bars, *q_bars], [*view.p, *view.q]):
            bar.set_height(value)
        h, cross, kl, reverse = view.entropy_p, view.cross_entropy, view.kl_pq, view.kl_qp
        for bar, value in ((entropy_bar, h), (cross_low, h), (kl_bar, kl), (reverse_bar, reverse)):
            bar.set_height(min(value, NATS_AXIS))
        cross_high.set_y(min(h, NATS_AXIS))
        cross_high.set_height(max(0.0, min(cross, NATS_AXIS) - h))
        for label, value in zip(nats_labels, (h, cross, kl, reverse)):
            label.set_text(plain(value, 3))
            place_label(label, value, top=NATS_AXIS, inside_above=0.9, gap=0.02)
        distributions = _("p = {p}, q = {q} (win, draw, loss)").format(p=listed(view.p, 2), q=listed(view.q, 2))
        bits = _("H(p) = {nats} nats = {bits} bits (at most log 3 = {most} nats)").format(
            nats=plain(h, 3), bits=plain(h / np.log(2), 3), most=plain(view.max_entropy, 3)
        )
        return (
            f"{distributions}\n{bits}\n"
            f"H(p, q) = {plain(cross, 3)} = H(p) {plain(h, 3)} + KL(p || q) {plain(kl, 3)};   "
            f"KL(q || p) = {plain(reverse, 3)}"
        )

    explorer = InteractiveFigure(_("Entropy explorer"), [p_win, p_draw, q_win, q_draw], live, update)
    return explorer
