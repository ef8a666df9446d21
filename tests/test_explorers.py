"""The course's interactive figures, driven from code. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import pytest

from course_utils.explorers import compute_odds_view, odds_explorer


@pytest.mark.parametrize("p, odds", [(0.5, 1.0), (0.75, 3.0), (0.9, 9.0), (0.1, 1 / 9)])
def test_compute_odds_view(p, odds):
    view = compute_odds_view(p)
    assert view["win"] + view["lose"] == pytest.approx(1.0)
    assert view["odds"] == pytest.approx(odds)


def test_odds_explorer_follows_its_slider():
    explorer = odds_explorer(0.5)
    slider, = explorer.controls
    first = explorer.image.value
    assert explorer.readout_text == "p = 0.50: odds = 0.50 / 0.50 = 1"
    slider.value = 0.9
    assert explorer.readout_text == "p = 0.90: odds = 0.90 / 0.10 = 9"
    assert explorer.image.value != first and explorer.error_area.value == ""


def test_odds_explorer_reaches_the_ends_of_its_slider():
    explorer = odds_explorer()
    slider, = explorer.controls
    for value in (slider.min, slider.max):
        slider.value = value
        assert explorer.error_area.value == ""
    assert explorer.readout_text.endswith("= 99")
