"""Notebook 01's interactive figure. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import pytest

from course_utils.explorers import compute_odds_view, odds_explorer


@pytest.mark.parametrize("p, odds", [(0.5, 1.0), (0.75, 3.0), (0.9, 9.0), (0.1, 1 / 9)])
def test_compute_odds_view(p, odds):
    view = compute_odds_view(p)
    assert view.win + view.lose == pytest.approx(1.0)
    assert view.odds == pytest.approx(odds)


def test_odds_above_the_chart_are_marked_as_such():
    """Above p = 20/21 the odds leave the chart: the point turns into a triangle on the top edge, and says so."""
    explorer = odds_explorer(0.75)
    point = next(line for line in explorer.live.figure.axes[1].lines if line.get_marker() in ("o", "^"))
    assert point.get_marker() == "o"
    explorer.controls[0].value = 0.97
    assert point.get_marker() == "^" and point.get_ydata()[0] == 20
    assert any(text.get_text() == "odds = 32.3, off the top" for text in explorer.live.figure.axes[1].texts)
    explorer.controls[0].value = 0.9
    assert point.get_marker() == "o"
