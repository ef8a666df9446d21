"""The Korean edition (notebooks/ko/) is held to the English one (notebooks/) by tools/korean_edition.py's rules.

Every real pair is checked; a small made-up pair shows that each kind of drift is caught: an English cell edited
after its translation, code changed on one side, a cell added to one edition, a lost number or formula, a glossary
term used another way.
"""

import copy
import json
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import korean_edition  # noqa: E402

ENGLISH_NAMES = sorted(path.name for path in korean_edition.ENGLISH.glob("*.ipynb"))


def test_every_notebook_has_its_twin_in_the_other_edition():
    korean_names = sorted(path.name for path in korean_edition.KOREAN.glob("*.ipynb"))
    assert korean_names == ENGLISH_NAMES


@pytest.mark.parametrize("name", ENGLISH_NAMES)
def test_the_korean_twin_is_in_step_with_the_english(name):
    assert korean_edition.pair_problems(korean_edition.KOREAN / name) == []


def test_the_glossary_is_read_from_notebook_00():
    terms = dict(korean_edition.glossary())
    assert terms["odds"] == "오즈" and terms["cross-entropy"] == "교차 엔트로피"
    assert terms["KL divergence"] == "쿨백-라이블러 발산" and terms["likelihood"] == "가능도"
    assert len(terms) >= 19


def cell(kind, cell_id, text, **extra):
    lines = text.split("\n")
    made = {"cell_type": kind, "id": cell_id, "metadata": {"slideshow": {"slide_type": "slide"}}}
    made["source"] = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    if kind == "code":
        made.update(execution_count=1, outputs=extra.get("outputs", []))
    return made


OUTPUT = [{"output_type": "stream", "name": "stdout", "text": ["3.0\n"]}]
ENGLISH = [
    cell("markdown", "c00", "# 01 · Odds\n\nThe odds of $p = 0.75$ are 3, and a log-odds is their log."),
    cell("code", "c01", "# Setup\nfrom course_utils import odds\n\nprint(odds(0.75))", outputs=OUTPUT),
    cell("markdown", "c02", "See `odds` and [notebook 02](02_logit.ipynb); odds again."),
]
KOREAN = [
    cell("markdown", "c00", "# 01 · 오즈(odds)\n\n$p = 0.75$의 오즈는 3이고, 그 로그가 로그 오즈(log-odds)입니다."),
    cell(
        "code",
        "c01",
        "# 준비\nfrom course_utils import odds\nimport course_utils.ko  # 한국어\n\nprint(odds(0.75))",
        outputs=OUTPUT,
    ),
    cell("markdown", "c02", "`odds`와 [노트북 02](02_logit.ipynb)를 보세요. 다시 오즈입니다."),
]


@pytest.fixture
def pair(tmp_path, monkeypatch):
    """A made-up English notebook and its Korean twin, stamped; returns a function that writes both and checks."""
    english_dir, korean_dir = tmp_path / "notebooks", tmp_path / "notebooks" / "ko"
    korean_dir.mkdir(parents=True)
    monkeypatch.setattr(korean_edition, "ROOT", tmp_path)
    monkeypatch.setattr(korean_edition, "ENGLISH", english_dir)
    monkeypatch.setattr(korean_edition, "KOREAN", korean_dir)
    english, korean = copy.deepcopy(ENGLISH), copy.deepcopy(KOREAN)
    for made in korean:
        if made["cell_type"] == "markdown":
            made["metadata"][korean_edition.STAMP] = korean_edition.digest(
                korean_edition.source(next(c for c in english if c["id"] == made["id"]))
            )

    def problems(english=english, korean=korean):
        for folder, cells in ((english_dir, english), (korean_dir, korean)):
            notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            (folder / "01_odds.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
        return korean_edition.edition_problems()

    return english, korean, problems


def test_a_faithful_pair_passes(pair):
    _, _, problems = pair
    assert problems() == []


def test_an_english_cell_edited_after_translation_names_the_korean_cell_to_update(pair):
    english, _, problems = pair
    english[2]["source"] = ["See `odds` and [notebook 02](02_logit.ipynb); odds once more."]
    [problem] = problems()
    assert "cell c02: the English changed since this cell was translated" in problem
    assert "korean_edition.py stamp notebooks/ko/01_odds.ipynb c02" in problem


def test_code_changed_in_one_edition_is_caught_but_translated_comments_are_not(pair):
    english, korean, problems = pair
    korean[1]["source"] = [line.replace("# 준비", "# 준비: 이름을 불러옵니다") for line in korean[1]["source"]]
    assert problems() == []
    english[1]["source"][-1] = "print(odds(0.8))"
    assert any("cell c01: the code differs from the English" in problem for problem in problems())


def test_a_cell_added_to_one_edition_is_caught(pair):
    english, _, problems = pair
    english.append(cell("markdown", "c03", "A new idea."))
    [problem] = problems()
    assert "the cells (ids, types, order) differ from the English" in problem


def test_a_guard_or_setup_cell_keeps_its_marker_in_korean(pair):
    _, korean, problems = pair
    korean[1]["source"][0] = "# 설정\n"
    [problem] = problems()
    assert "cell c01: opens with '# Setup' in English, so with '# 준비' in Korean" in problem


def test_lost_maths_numbers_and_links_are_caught(pair):
    _, korean, problems = pair
    korean[0]["source"] = [
        "# 01 · 오즈(odds)\n",
        "\n",
        "$p=0.75$의 오즈는 셋이고, 그 로그가 로그 오즈(log-odds)입니다.",
    ]
    korean[2]["source"] = ["`odds`와 노트북 02를 보세요. 다시 오즈입니다."]
    found = "\n".join(problems())
    assert "maths differ" in found and "numbers differ" in found and "link targets differ" in found


def test_untranslated_cells_outputs_and_the_language_line_are_caught(pair):
    english, korean, problems = pair
    korean[2] = copy.deepcopy(english[2]) | {"metadata": korean[2]["metadata"]}
    korean[1]["source"] = [line for line in korean[1]["source"] if "course_utils.ko" not in line]
    korean[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["3.5\n"]}]
    found = "\n".join(problems())
    assert "cell c02: not translated" in found
    assert "needs `import course_utils.ko` once" in found
    assert "cell c01: the outputs differ from the English, and not by Korean text" in found


def test_glossary_terms_must_be_used_as_the_glossary_gives_them(pair):
    _, korean, problems = pair
    korean[0]["source"] = ["# 01 · 승산\n", "\n", "$p = 0.75$의 승산은 3이고, 그 로그가 로그 오즈(log-odds)입니다."]
    korean[2]["source"] = ["`odds`와 [노트북 02](02_logit.ipynb)를 보세요. 오즈입니다."]
    found = "\n".join(problems())
    assert "the first '오즈' should read '오즈(odds)'" in found
    assert "'승산' is not the glossary's word; it says '오즈'" in found
