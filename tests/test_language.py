"""course_utils in Korean (course_utils.language, tools/catalogue.py): the catalogue holds every message the source
marks, each translated with the same {placeholders}, compiled; with Korean selected nothing a learner is shown (a
verdict, a reason, a hint, a solution's comments, an explorer's controls and readout) is left in English prose;
and English comes back unchanged."""

import importlib
import inspect
import pathlib
import re
import sys

import ipywidgets as widgets
import numpy as np
import pytest
from exercise_support import not_attempted

import course_utils.exercises as exercises
import course_utils.explorers as explorers
from course_utils.checks import Exercise, FunctionExercise, ValueExercise
from course_utils.language import LANGUAGES, _, current_language, use_language

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import catalogue  # noqa: E402

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Four English words in a row, outside code: prose a Korean reader should not meet.
ENGLISH_PROSE = re.compile(r"(?<![\w.])[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){3,}(?![\w(.=])")
EXERCISES = {
    name: getattr(exercises, name) for name in exercises.__all__ if isinstance(getattr(exercises, name), Exercise)
}
EXPLORERS = [name for name in explorers.__all__ if name.endswith("_explorer")]


@pytest.fixture
def korean():
    use_language("ko")
    yield
    use_language("en")


def english_prose(text):
    """Runs of English words left in `text`, once code spans, HTML tags, code lines and the quoted text of Python's
    and NumPy's own errors and warnings (English by design) are taken out."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\b\w+(Warning|Error|Exception)\b[^:\n]*:[^\n]*", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    kept = [line for line in text.splitlines() if not re.match(r"\s*(def |return |import |for |if |\w+ = |#)", line)]
    return ENGLISH_PROSE.findall("\n".join(kept))


def test_english_is_the_default_and_use_language_switches_both_ways(korean):
    assert current_language() == "ko"
    assert _("Hint: {hint}") == "힌트: {hint}"
    use_language("en")
    assert current_language() == "en" and _("Hint: {hint}") == "Hint: {hint}"


def test_importing_course_utils_ko_selects_korean():
    sys.modules.pop("course_utils.ko", None)
    try:
        importlib.import_module("course_utils.ko")
        assert current_language() == "ko"
    finally:
        use_language("en")


@pytest.mark.parametrize(
    ("code", "error", "message"),
    [
        (3, TypeError, 'use_language: `code` must be a language code such as "ko" (a str), got int.'),
        ("fr", ValueError, "use_language: no course_utils messages in 'fr'; the languages are \"en\" (English)"),
    ],
)
def test_use_language_refuses_what_it_cannot_speak(code, error, message):
    with pytest.raises(error, match=re.escape(message)):
        use_language(code)
    assert current_language() == "en"


def test_the_catalogue_is_in_step_with_the_source():
    """Every marked message is in the catalogue, translated with its placeholders, and the .mo is compiled from it;
    `python tools/catalogue.py update` fixes what it can and lists the rest."""
    assert set(LANGUAGES) == {"en", *catalogue.TRANSLATED}
    for language in catalogue.TRANSLATED:
        assert catalogue.problems(language) == []


def test_the_catalogue_is_not_empty():
    assert len(catalogue.extract()) > 400


def answers_for(exercise):
    """Right, wrong and strange answers: the stub, each known mistake, a non-function, a reference."""
    if isinstance(exercise, ValueExercise):
        return [..., "a word", *[value for value, _why in exercise.mistakes], exercise.expected * 3]
    answers = [not_attempted, 42, lambda *args: None]
    if isinstance(exercise, FunctionExercise):
        answers += [wrong for wrong, _why in exercise.mistakes]
    return answers


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_exercise_speaks_korean(name, korean, capsys):
    exercise = EXERCISES[name]
    exercise.hint()
    exercise.solution()
    shown = capsys.readouterr().out.split("\n")
    assert HANGUL.search(shown[0]), shown[0]
    messages = [exercise.evaluate(answer).message for answer in answers_for(exercise)]
    for message in messages:
        assert HANGUL.search(message), message
        assert not english_prose(message), (english_prose(message), message)
    hint = "\n".join(line for line in shown if not line.startswith(" "))
    assert not english_prose(hint), english_prose(hint)


def widget_texts(widget):
    """Every text a learner reads on a widget and the widgets inside it."""
    texts = [getattr(widget, "description", "")]
    if isinstance(widget, (widgets.HTML, widgets.Label)):
        texts.append(widget.value)
    if isinstance(widget, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)):
        texts += [
            label for label, *_ in (option if isinstance(option, tuple) else (option,) for option in widget.options)
        ]
    for child in getattr(widget, "children", ()):
        texts += widget_texts(child)
    return [text for text in texts if isinstance(text, str) and text]


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_speaks_korean(name, korean):
    explorer = getattr(explorers, name)
    arguments = {
        parameter.name: parameter.default
        for parameter in inspect.signature(explorer).parameters.values()
        if parameter.default is not inspect.Parameter.empty
    }
    figure = explorer(**arguments)
    texts = [*widget_texts(figure), figure.display_bundle()["text/plain"]]
    assert HANGUL.search(figure.readout_text) and HANGUL.search(figure.title), figure.readout_text
    for text in texts:
        assert not english_prose(text), (english_prose(text), text)
    np.testing.assert_equal(figure.image.value[:4], b"\x89PNG")
