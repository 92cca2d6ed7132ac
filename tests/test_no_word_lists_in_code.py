"""The language data of quotes, figures, times, places, sentences and numbers lives in
``marsad/resources/*.tsv`` (loaded by :mod:`marsad.arabic.wordlists`), not in code.

The check: no statement of these modules has more distinct Arabic words in its string literals
(docstrings aside) than a regex's grammar needs. A word list pasted back into code (the 100
reporting verbs of ``quotes/cues.tsv``, the month names) fails it. The modules are named one
by one: extract/events and extract/actors are emptied separately, the clitic and word layer
(arabic/tokenize.py, arabic/normalize.py) holds letters, not lexicons.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "marsad"
EMPTIED = (
    "extract/quotes/rules.py",
    "extract/quotes/component.py",
    "extract/figures/rules.py",
    "extract/figures/component.py",
    "extract/times/rules.py",
    "extract/places/geocode.py",
    "extract/entities/canonical.py",
    "extract/entities/features.py",
    "extract/entities/gazetteer.py",
    "extract/entities/recognize.py",
    "arabic/numbers.py",
    "arabic/sentences.py",
)
# The longest word lists left in these modules are regex grammar of about two dozen particles
# and fixed words (times/rules.py: the amount words before a year; quotes/rules.py: the
# addressee prefixes); a lexicon is longer.
MAX_WORDS_PER_STATEMENT = 25
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def arabic_words_per_statement(source: str) -> list[tuple[int, int]]:
    """(line, distinct Arabic words in its string literals) for each top-level or nested
    statement, docstrings left out.

    >>> arabic_words_per_statement('X = ("قال", "أكد", "قال")')
    [(1, 2)]
    """
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.If | ast.For
        ):
            words = {
                word
                for c in ast.walk(node)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
                if id(c) not in docstrings
                for word in _ARABIC_WORD.findall(c.value)
            }
            if words:
                out.append((node.lineno, len(words)))
    return out


@pytest.mark.parametrize("module", EMPTIED)
def test_no_long_arabic_word_list_in_code(module: str) -> None:
    source = (SRC / module).read_text(encoding="utf-8")
    long = [
        (line, n) for line, n in arabic_words_per_statement(source) if n > MAX_WORDS_PER_STATEMENT
    ]
    assert not long, (
        f"{module}: word lists in code at (line, words) {long}; move them to resources/"
    )


def test_the_check_catches_a_word_list() -> None:
    pasted = "VERBS = frozenset({" + ", ".join(f'"قال{i * "ت"}"' for i in range(30)) + "})"
    assert arabic_words_per_statement(pasted) == [(1, 30)]
