"""Hold the Korean edition (notebooks/ko/) in step with the English one (notebooks/).

    python tools/korean_edition.py check                       # every pair; exit 1 listing what is out of step
    python tools/korean_edition.py check notebooks/ko/02_logit.ipynb
    python tools/korean_edition.py stamp notebooks/ko/02_logit.ipynb c05 c05-b   # after updating those cells
    python tools/korean_edition.py stamp notebooks/ko/02_logit.ipynb --all       # a whole new translation

The rules (tests/test_korean_edition.py applies them to every pair):
- every English notebook has its Korean twin and every Korean notebook its English one;
- the same cells in the same order, with the same ids, types, slide metadata and tags;
- code cells identical but for their `#` comments, plus the one setup line `import course_utils.ko`; a cell the
  English opens with "# Check" (a guard) or "# Setup" opens with "# 확인" or "# 준비";
- committed outputs equal, except where the Korean output holds Korean text;
- every markdown cell in Korean, with the English's maths, inline code, link targets and numbers, and stamped
  with a digest of the English text it translates. Editing an English cell makes its twin's stamp stale, so
  `check` names the cell until its Korean is updated and stamped again: the two editions cannot drift apart;
- the glossary's terms (notebook 00's glossary tables) as the glossary gives them, the English in brackets at
  a term's first use in each notebook: 오즈(odds).
"""

import argparse
import hashlib
import io
import json
import pathlib
import re
import sys
import tokenize

ROOT = pathlib.Path(__file__).resolve().parents[1]
ENGLISH = ROOT / "notebooks"
KOREAN = ENGLISH / "ko"
GLOSSARY_NOTEBOOK = ENGLISH / "00_start_here.ipynb"
GLOSSARY_CELLS = re.compile(r"^c22")
LANGUAGE_LINE = "import course_utils.ko"
# The comments that mark a kind of code cell (tests/test_notebooks.py finds guard and setup cells by them), and
# their Korean.
MARKERS = {"# Check": "# 확인", "# Setup": "# 준비"}
STAMP = "translates"  # cell metadata: the digest of the English source a Korean markdown cell translates
BADGES_ID = "course-badges"  # written by tools/stamp_notebooks.py, with links to the notebook's own path
# Words that are not the glossary's: a term's common rival renderings.
AVOID = {
    "승산": "오즈",
    "로지트": "로짓",
    "크로스 엔트로피": "교차 엔트로피",
    "그래디언트": "기울기",
    "다이버전스": "발산",
}

HANGUL = re.compile(r"[\uac00-\ud7a3]")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]+`")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)[^)]*\)|(?:href|src)=\"([^\"]+)\"")
# Korean particles follow numbers directly (3이고), so only ASCII letters and digits bound a number.
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(?:\d[\d,.]*\d|\d)(?![A-Za-z0-9_])")
OTHER_EDITION = "(the other edition)/"
HTML_TAG = re.compile(r"<[^>]+>")


def source(cell):
    return "".join(cell["source"])


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def twin(path):
    """The other edition's notebook of ``path``."""
    path = pathlib.Path(path).resolve()
    return ENGLISH / path.name if path.parent == KOREAN else KOREAN / path.name


def read(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def write(path, notebook):
    pathlib.Path(path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def without_comments(code):
    """``code``'s lines with comments and trailing blanks removed, and blank lines dropped."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [line.rstrip() for line in code.splitlines() if line.strip()]
    lines = code.splitlines()
    for token in reversed(tokens):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row - 1] = lines[row - 1][:column]
    return [line.rstrip() for line in lines if line.strip()]


def prose(markdown):
    """The words of a markdown cell: maths, code, tags and link targets removed."""
    text = MATH.sub(" ", markdown)
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = CODE_SPAN.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def fixed_parts(markdown, korean=False):
    """What a translation keeps as it is: maths, inline code and link targets (sets), numbers in the prose. A link
    to the other edition's notebook (ko/X.ipynb from the English, ../X.ipynb from the Korean) counts as the same."""
    other = "../" if korean else "ko/"
    targets = {
        OTHER_EDITION + target.removeprefix(other) if target.startswith(other) else target
        for target in (first or second for first, second in LINK_TARGET.findall(markdown))
    }
    return {
        "maths": set(MATH.findall(markdown)),
        "inline code": set(CODE_SPAN.findall(MATH.sub(" ", markdown))),
        "link targets": targets,
        "numbers": set(NUMBER.findall(prose(markdown))),
    }


def glossary():
    """[(English term, Korean term)] from notebook 00's glossary tables, bracketed asides left out."""
    terms = []
    for cell in read(GLOSSARY_NOTEBOOK)["cells"]:
        if cell["cell_type"] != "markdown" or not GLOSSARY_CELLS.match(cell.get("id", "")):
            continue
        for row in source(cell).splitlines():
            columns = [column.strip() for column in row.strip().strip("|").split("|")]
            if len(columns) >= 3 and HANGUL.search(columns[1]) and columns[0] != "English":
                english = re.sub(r"\s*\([^)]*\)", "", columns[0]).strip()
                korean = re.sub(r"\s*\([^)]*\)", "", columns[1]).strip()
                terms.append((english, korean))
    return terms


def occurrences(text, term, longer, ignore_case=False):
    """Start offsets of ``term`` in ``text`` that are not part of one of the ``longer`` terms containing it."""
    flags = re.IGNORECASE if ignore_case else 0
    covered = set()
    for other in longer:
        for match in re.finditer(re.escape(other), text, flags):
            covered.update(range(match.start(), match.end()))
    pattern = rf"(?<![\w-]){re.escape(term)}(?![\w-])" if ignore_case else re.escape(term)
    return [match.start() for match in re.finditer(pattern, text, flags) if match.start() not in covered]


def glossary_problems(english_cells, korean_cells, name):
    """A glossary term the English uses must appear in the Korean as the glossary gives it, its first use
    followed by the English in brackets. Notebook 00's glossary tables give both columns, so they are left out."""
    found = []
    if name.endswith(GLOSSARY_NOTEBOOK.name):
        english_cells, korean_cells = (
            [cell for cell in cells if not GLOSSARY_CELLS.match(cell.get("id", ""))]
            for cells in (english_cells, korean_cells)
        )
    terms = glossary()
    english_text = "\n".join(prose(source(cell)) for cell in english_cells if cell["cell_type"] == "markdown")
    korean_text = "\n".join(prose(source(cell)) for cell in korean_cells if cell["cell_type"] == "markdown")
    for english, korean in terms:
        english_longer = [other for other, _ in terms if other != english and english in other]
        korean_longer = [other for _, other in terms if other != korean and korean in other]
        if not occurrences(english_text, english, english_longer, ignore_case=True):
            continue
        places = occurrences(korean_text, korean, korean_longer)
        if not places:
            found.append(f"{name}: the English uses '{english}', the Korean never says '{korean}'")
            continue
        after = korean_text[places[0] + len(korean) :]
        if not re.match(rf"\({re.escape(english)}s?\)", after, re.IGNORECASE):
            found.append(f"{name}: the first '{korean}' should read '{korean}({english})', not '{korean}{after[:20]}'")
    for rival, term in AVOID.items():
        if rival in korean_text:
            found.append(f"{name}: '{rival}' is not the glossary's word; it says '{term}'")
    return found


def comparable_outputs(cell):
    return [{key: value for key, value in output.items() if key != "execution_count"} for output in cell["outputs"]]


def has_words(markdown):
    return re.search(r"[A-Za-z]{2,}", prose(markdown)) is not None


def cell_problems(english, korean, name):
    where = f"{name} cell {korean.get('id')}"
    english_code = without_comments(source(english))
    korean_code = without_comments(source(korean))
    if english["cell_type"] == "code":
        found = []
        if korean_code != english_code and [line for line in korean_code if line != LANGUAGE_LINE] != english_code:
            found.append(f"{where}: the code differs from the English (comments aside)")
        for marker, korean_marker in MARKERS.items():
            if source(english).startswith(marker) and not source(korean).startswith(korean_marker):
                found.append(f"{where}: opens with {marker!r} in English, so with {korean_marker!r} in Korean")
        korean_outputs = json.dumps(comparable_outputs(korean), ensure_ascii=False)
        if comparable_outputs(korean) != comparable_outputs(english) and not HANGUL.search(korean_outputs):
            found.append(f"{where}: the outputs differ from the English, and not by Korean text: run `make outputs`")
        return found
    if english.get("id") == BADGES_ID:
        return []
    text = source(korean)
    if has_words(source(english)) and not HANGUL.search(prose(text)):
        return [f"{where}: not translated"]
    found = []
    stamp = korean.get("metadata", {}).get(STAMP)
    if stamp is None:
        found.append(
            f"{where}: never stamped; once it is translated, "
            f"`python tools/korean_edition.py stamp {name} {korean['id']}`"
        )
    elif stamp != digest(source(english)):
        found.append(
            f"{where}: the English changed since this cell was translated; update the Korean, then "
            f"`python tools/korean_edition.py stamp {name} {korean['id']}`"
        )
    english_parts, korean_parts = fixed_parts(source(english)), fixed_parts(text, korean=True)
    for kind, parts in english_parts.items():
        lost = parts - korean_parts[kind]
        gained = korean_parts[kind] - parts if kind != "numbers" else set()
        if lost or gained:
            found.append(f"{where}: {kind} differ from the English: missing {sorted(lost)}, extra {sorted(gained)}")
    return found


def pair_problems(korean_path):
    """Every rule the Korean notebook at ``korean_path`` breaks against its English twin."""
    korean_path = pathlib.Path(korean_path).resolve()
    name = str(korean_path.relative_to(ROOT))
    english_path = twin(korean_path)
    if not english_path.exists():
        return [f"{name}: no English twin {english_path.relative_to(ROOT)}"]
    english, korean = read(english_path)["cells"], read(korean_path)["cells"]
    layout = [[(cell.get("id"), cell["cell_type"]) for cell in cells] for cells in (english, korean)]
    if layout[0] != layout[1]:
        return [f"{name}: the cells (ids, types, order) differ from the English: {layout[0]} vs {layout[1]}"]
    found = []
    for english_cell, korean_cell in zip(english, korean):
        for key in ("slideshow", "tags"):
            if english_cell["metadata"].get(key) != korean_cell["metadata"].get(key):
                found.append(f"{name} cell {korean_cell.get('id')}: its {key} metadata differs from the English")
        found += cell_problems(english_cell, korean_cell, name)
    language_lines = sum(without_comments(source(cell)).count(LANGUAGE_LINE) for cell in korean)
    if language_lines != 1:
        found.append(f"{name}: needs `{LANGUAGE_LINE}` once in its setup cell, has it {language_lines} times")
    return found + glossary_problems(english, korean, name)


def edition_problems():
    """Every notebook without its twin, then every rule each pair breaks."""
    english = {path.name for path in ENGLISH.glob("*.ipynb")}
    korean = {path.name for path in KOREAN.glob("*.ipynb")}
    found = [f"notebooks/{name} has no Korean twin in notebooks/ko/" for name in sorted(english - korean)]
    found += [f"notebooks/ko/{name} has no English twin in notebooks/" for name in sorted(korean - english)]
    for name in sorted(english & korean):
        found += pair_problems(KOREAN / name)
    return found


def stamp(korean_path, cell_ids):
    """Record, in each named Korean markdown cell (every one when ``cell_ids`` is None), the English it translates."""
    english = {cell.get("id"): cell for cell in read(twin(korean_path))["cells"]}
    notebook = read(korean_path)
    stamped = []
    for cell in notebook["cells"]:
        wanted = cell_ids is None or cell.get("id") in cell_ids
        if wanted and cell["cell_type"] == "markdown" and cell.get("id") in english and cell["id"] != BADGES_ID:
            cell["metadata"][STAMP] = digest(source(english[cell["id"]]))
            stamped.append(cell["id"])
    unknown = set(cell_ids or ()) - set(stamped)
    if unknown:
        sys.exit(f"korean_edition.py stamp: no markdown cells {sorted(unknown)} in {korean_path}")
    write(korean_path, notebook)
    return stamped


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="list what is out of step (every pair when no notebook is named)")
    check.add_argument("notebooks", nargs="*", type=pathlib.Path)
    stamping = commands.add_parser("stamp", help="record the English that Korean cells translate")
    stamping.add_argument("notebook", type=pathlib.Path)
    stamping.add_argument("cells", nargs="*", help="cell ids")
    stamping.add_argument("--all", action="store_true", help="every markdown cell")
    args = parser.parse_args()
    if args.command == "stamp":
        if bool(args.cells) == args.all:
            sys.exit("korean_edition.py stamp: name the cells, or --all")
        stamped = stamp(args.notebook, None if args.all else set(args.cells))
        print(f"stamped {len(stamped)} cells of {args.notebook}")
        return
    found = []
    for path in args.notebooks:
        found += pair_problems(path)
    if not args.notebooks:
        found = edition_problems()
    for line in found:
        print(line)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
