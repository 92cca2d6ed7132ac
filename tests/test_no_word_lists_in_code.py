"""Language data lives in ``marsad/resources/*.tsv`` (loaded by
:mod:`marsad.arabic.wordlists`), not in code. Two checks over the string literals of the
modules emptied of their word lists (docstrings aside):

- quotes, figures, times, places, entities, numbers, sentences: no statement holds more
  distinct Arabic words than a regex's grammar needs; a word list pasted back into code (the
  100 reporting verbs of ``quotes/cues.tsv``, the month names) fails it;
- events and actors, whose rules are word lookups with no regex grammar: no Arabic word of
  four letters or more at all, but the taxonomy's Arabic display names and حماس (the clitic
  stripper's one exception: بحماس is "with enthusiasm").

The clitic and word layer (arabic/tokenize.py, arabic/normalize.py) holds letters, not
lexicons, and is not checked here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from marsad.extract.events.taxonomy import EVENT_TYPES

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
STRICT = (
    "extract/events/triggers.py",
    "extract/events/component.py",
    "extract/events/taxonomy.py",
    "extract/actors/kb.py",
    "extract/actors/component.py",
)
# What the strict modules may hold: the taxonomy's Arabic names are its data, and حماس is the
# actor stripper's one exception, which belongs with the stripper.
STRICT_ALLOWED_WORDS = frozenset({"حماس"})
STRICT_ALLOWED_STRINGS = frozenset(
    {t.name_ar for t in EVENT_TYPES} | {s.name_ar for t in EVENT_TYPES for s in t.sub_types}
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants of a module, its classes and its functions."""
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _string_literals(node: ast.AST, docstrings: set[int]) -> list[str]:
    """The string constants under ``node`` that are not docstrings."""
    return [
        c.value
        for c in ast.walk(node)
        if isinstance(c, ast.Constant) and isinstance(c.value, str) and id(c) not in docstrings
    ]


def arabic_words_per_statement(source: str) -> list[tuple[int, int]]:
    """(line, distinct Arabic words in its string literals) for each top-level or nested
    statement, docstrings left out.

    >>> arabic_words_per_statement('X = ("قال", "أكد", "قال")')
    [(1, 2)]
    """
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.If | ast.For
        ):
            words = {
                word
                for literal in _string_literals(node, docstrings)
                for word in _ARABIC_WORD.findall(literal)
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


def long_arabic_words(source: str) -> list[str]:
    """Arabic words of four letters or more in a module's string literals, docstrings and the
    taxonomy's Arabic names aside."""
    tree = ast.parse(source)
    return [
        word
        for literal in _string_literals(tree, _docstrings(tree))
        if literal not in STRICT_ALLOWED_STRINGS
        for word in literal.split()
        if len(word) >= 4 and any("\u0621" <= ch <= "\u064a" for ch in word)
    ]


@pytest.mark.parametrize("module", STRICT)
def test_no_arabic_word_list_is_left_in_the_event_and_actor_rules(module: str) -> None:
    words = long_arabic_words((SRC / module).read_text(encoding="utf-8"))
    assert [w for w in words if w not in STRICT_ALLOWED_WORDS] == []


def test_the_strict_check_finds_a_word_list() -> None:
    source = '"""قصف غارة"""\nX = "ها"\nY = normalized_words("قصف غارات")\n'
    assert long_arabic_words(source) == ["غارات"]
