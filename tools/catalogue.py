"""Keep course_utils' message catalogues in step with the source: extract, merge, check, compile.

    python tools/catalogue.py update                       # extract the messages, merge them into each .po, compile
    python tools/catalogue.py update --translations ko.json   # ... and fill in translations from {English: Korean}
    python tools/catalogue.py check                        # change nothing; exit 1 listing what is out of step

A message is an English string marked with ``_()`` or ``N_()`` in course_utils (see course_utils/language.py). The
catalogue of language LL is course_utils/locale/LL/LC_MESSAGES/course_utils.po; the compiled .mo beside it is what
the package reads. ``check`` reports messages the source has and a catalogue lacks, messages a catalogue keeps
that the source no longer has, untranslated or fuzzy ones, translations whose {placeholders} differ from the
English, f-strings marked for translation (never extracted), and a .mo older than its .po. tests/test_language.py
runs the same checks. Babel extracts and compiles; the package itself needs only the standard library's gettext.
"""

import argparse
import fcntl
import io
import json
import pathlib
import re
import string
import sys
import tempfile
from datetime import datetime, timezone

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course_utils"
LOCALE = PACKAGE / "locale"
DOMAIN = "course_utils"
LANGUAGE_NAMES = {"ko": "Korean"}
TRANSLATED = list(LANGUAGE_NAMES)
KEYWORDS = {"_": None, "N_": None}
ISSUES = "https://github.com/from-odds-to-crossentropyloss/course/issues"
HEADER = """\
# course_utils' messages to a learner, in {language}: checker verdicts, hints, explorer labels and readouts.
# Written by tools/catalogue.py; fill in msgstr, then run `python tools/catalogue.py update`."""
FIXED_DATE = datetime(2026, 12, 3, tzinfo=timezone.utc)
MARKED_FSTRING = re.compile(r"\bN?_\(\s*[rbuRBU]?[fF]['\"]")


def po_path(language):
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract():
    """The messages the source marks: {English message: sorted list of the files that use it}."""
    messages = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        messages.setdefault(message, set()).add(f"course_utils/{filename}")
    return {message: sorted(files) for message, files in messages.items()}


def marked_fstrings():
    """'file:line' of every f-string wrapped in _() or N_(): gettext can never find its translation."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MARKED_FSTRING.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    return found


def placeholders(text):
    return sorted(name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None)


def read_catalogue(language):
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compiled(catalogue):
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    return buffer.getvalue()


def problems(language, messages=None):
    """What is out of step in one language's catalogue, as lines of text (none when all is well)."""
    messages = extract() if messages is None else messages
    catalogue = read_catalogue(language)
    kept = {message.id: message for message in catalogue if message.id}
    found = [f"{where}: an f-string marked for translation (use .format())" for where in marked_fstrings()]
    found += [f"missing from {language}: {message!r}" for message in messages if message not in kept]
    found += [f"no longer in the source ({language}): {message!r}" for message in kept if message not in messages]
    for message in kept.values():
        if message.id not in messages:
            continue
        if not message.string:
            found.append(f"untranslated ({language}): {message.id!r}")
        elif message.fuzzy:
            found.append(f"fuzzy ({language}): {message.id!r}")
        elif placeholders(message.id) != placeholders(message.string):
            found.append(
                f"placeholders differ ({language}): {message.id!r} has {placeholders(message.id)}, the translation "
                f"{placeholders(message.string)}"
            )
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(catalogue):
        found.append(f"{mo.relative_to(ROOT)} is not the compiled {po_path(language).name}: run update")
    return found


def update(language, translations):
    """Merge the source's messages into the catalogue (keeping its translations), fill in ``translations``,
    drop messages the source no longer has, write the .po and compile the .mo."""
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(pathlib.Path(tempfile.gettempdir()) / f"{DOMAIN}-{language}.po.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        messages = extract()
        old = {message.id: message for message in read_catalogue(language) if message.id}
        catalogue = Catalog(
            locale=language,
            domain=DOMAIN,
            header_comment=HEADER.format(language=LANGUAGE_NAMES[language]),
            project="course_utils",
            version="main",
            msgid_bugs_address=ISSUES,
            last_translator=f"the course's authors <{ISSUES}>",
            language_team=f"the course's authors <{ISSUES}>",
            fuzzy=False,
        )
        # A fixed date, so that the .po changes only when its messages do.
        catalogue.creation_date = catalogue.revision_date = FIXED_DATE
        for message, files in messages.items():
            previous = old.get(message)
            text = translations.get(message) or (previous.string if previous else "")
            flags = previous.flags - {"python-format"} if previous and message not in translations else ()
            catalogue.add(message, text, locations=[(file, None) for file in files], flags=flags)
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=120, include_lineno=False, sort_output=True)
        path.with_suffix(".mo").write_bytes(compiled(read_catalogue(language)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "check"])
    parser.add_argument("--language", choices=TRANSLATED, default="ko")
    parser.add_argument(
        "--translations", type=pathlib.Path, nargs="*", default=[], help="JSON files of {English: translation}"
    )
    args = parser.parse_args()
    if args.command == "update":
        translations = {}
        for path in args.translations:
            translations.update(json.loads(path.read_text(encoding="utf-8")))
        update(args.language, translations)
    found = problems(args.language)
    for line in found:
        print(line)
    catalogue = read_catalogue(args.language)
    done = sum(1 for message in catalogue if message.id and message.string)
    print(
        f"{po_path(args.language).relative_to(ROOT)}: {done} of {len(catalogue)} messages translated", file=sys.stderr
    )
    sys.exit(1 if found and args.command == "check" else 0)


if __name__ == "__main__":
    main()
