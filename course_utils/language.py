"""The language course_utils speaks to a learner: English by default, Korean on request.

Everything the package says to a learner (checker verdicts, reasons, hints, the prose of solutions, explorer
controls and readouts) goes through the standard gettext machinery. The Korean catalogue is
``course_utils/locale/ko/LC_MESSAGES/course_utils.po``, compiled to the ``.mo`` beside it, which ships in the wheel
(Colab installs the wheel). ``python tools/catalogue.py update`` brings the catalogue in step with the source;
``tests/test_language.py`` fails while any message lacks a translation.

Source code marks a message with ``_()`` where it is shown. A message defined before a learner picks a language
(an exercise's name or hint, built when its module is imported) is marked with ``N_()`` and passed through
``_()`` when shown.

Error messages of the public functions (``odds``, ``softmax``, ``use_language`` itself, ...) stay in English, as
NumPy's and PyTorch's do: they are searched for on the web and quoted in forums, where an English text finds
answers.

Examples
--------
>>> from course_utils.language import _, use_language
>>> use_language("ko")
>>> _("Hint: {hint}").format(hint="...")
'힌트: ...'
>>> use_language("en")
"""

from __future__ import annotations

import gettext
import pathlib

__all__ = ["LANGUAGES", "use_language", "current_language"]

DOMAIN = "course_utils"
LOCALE_DIR = pathlib.Path(__file__).parent / "locale"
LANGUAGES = {"en": "English", "ko": "한국어 (Korean)"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"


def use_language(code: str) -> None:
    """Make every message course_utils shows to a learner from now on be in ``code``: "en" or "ko"."""
    global _translations, _current
    if not isinstance(code, str):
        raise TypeError(
            f'use_language: `code` must be a language code such as "ko" (a str), got {type(code).__name__}.'
        )
    if code not in LANGUAGES:
        known = ", ".join(f'"{known}" ({name})' for known, name in LANGUAGES.items())
        raise ValueError(f"use_language: no course_utils messages in {code!r}; the languages are {known}.")
    if code == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
    _current = code


def current_language() -> str:
    """The code of the language course_utils speaks now: "en" unless ``use_language`` chose another."""
    return _current


def _(message: str) -> str:
    """``message`` in the current language (unchanged in English, or while no translation exists)."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue, to be translated with ``_()`` when it is shown."""
    return message
