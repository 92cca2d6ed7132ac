"""The event taxonomy is one: ACLED's names, every code the rules emit, and no second copy."""

from __future__ import annotations

import ast
import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from marsad.arabic.wordlists import MANIFEST, load_wordlist
from marsad.extract.events import taxonomy
from marsad.extract.events.taxonomy import (
    ACLED_TYPES,
    ALL_CODES,
    EVENT_TYPES,
    POLITICAL_TYPES,
    event_type,
    sub_type,
    type_of,
)
from marsad.extract.events.triggers import TERRITORY

SRC = Path(taxonomy.__file__).resolve().parents[2]  # src/marsad

# ACLED's event types and sub-event types as its codebook writes them (2023 edition).
ACLED_NAMES = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": [
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}


def test_english_names_are_acleds() -> None:
    acled = [t for t in EVENT_TYPES if t.family == "acled"]
    assert {t.name_en: [s.name_en for s in t.sub_types] for t in acled} == ACLED_NAMES


def test_codes_are_unique_snake_case_and_every_type_has_an_arabic_name() -> None:
    codes = [t.code for t in EVENT_TYPES] + [s.code for t in EVENT_TYPES for s in t.sub_types]
    political_overlap = set(POLITICAL_TYPES) & {s.code for t in EVENT_TYPES for s in t.sub_types}
    assert len(codes) == len(set(codes)) and not political_overlap
    assert all(c.isascii() and c == c.lower() and " " not in c for c in codes)
    for t in EVENT_TYPES:
        assert t.name_ar and not t.name_ar.isascii(), t.code
        assert all(s.name_ar and not s.name_ar.isascii() for s in t.sub_types), t.code
        assert (t.family == "acled") == bool(t.sub_types), t.code
    assert len(ACLED_TYPES) == 6 and len(POLITICAL_TYPES) == 8
    assert sum(len(s) for s in ACLED_TYPES.values()) == 25
    assert set(codes) == ALL_CODES


def test_lookups() -> None:
    assert event_type("riots").sub_types[1].name_en == "Mob violence"
    assert sub_type("grenade").name_ar == "قنبلة يدوية"
    assert type_of("attack") == "violence_against_civilians" and type_of("consult") is None
    with pytest.raises(KeyError):
        event_type("air_drone_strike")  # a sub-type, not a type


def test_every_type_the_trigger_lexicon_emits_is_in_the_taxonomy() -> None:
    for row in load_wordlist("events/triggers.tsv").rows:
        type_, sub = row["type"], row["sub_type"]
        where = f"{row['word']}: {type_}/{sub}"
        if type_ in POLITICAL_TYPES:
            assert sub == type_, where
        elif sub == TERRITORY:
            assert type_ == "battles", where
        elif sub == "-":
            # Named by its refinement rule alone (استهدف): the strike weapons.
            assert type_ == "explosions_remote_violence" and row["refine"] == "strike", where
        else:
            assert type_of(sub) == type_, where


@pytest.mark.parametrize(
    ("module", "function"),
    [
        ("extract/events/triggers.py", "_refine"),
        ("extract/events/component.py", "_territory"),
    ],
)
def test_every_sub_type_a_rule_returns_is_in_the_taxonomy(module: str, function: str) -> None:
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    body = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
    returned = {
        c.value
        for r in ast.walk(body)
        if isinstance(r, ast.Return) and r.value is not None
        for c in ast.walk(r.value)
        if isinstance(c, ast.Constant) and isinstance(c.value, str)
    }
    assert returned, function
    assert returned <= ALL_CODES, returned - ALL_CODES


def test_the_word_list_manifest_allows_exactly_the_taxonomys_codes() -> None:
    text = resources.files("marsad.resources").joinpath(MANIFEST).read_text(encoding="utf-8")
    values = tomllib.loads(text)["events/triggers.tsv"]["values"]
    assert values["type"] == [t.code for t in EVENT_TYPES]
    subs = [s for subs in ACLED_TYPES.values() for s in subs]
    assert values["sub_type"] == [*subs, *POLITICAL_TYPES, TERRITORY, "-"]


def test_the_document_schema_allows_exactly_the_taxonomys_codes() -> None:
    schema = json.loads((SRC / "resources" / "document.schema.json").read_text(encoding="utf-8"))
    event = schema["properties"]["events"]["items"]["properties"]
    assert event["type"]["enum"] == [t.code for t in EVENT_TYPES]
    assert event["sub_type"]["enum"] == [*(s for v in ACLED_TYPES.values() for s in v), None]


def _names() -> set[str]:
    """The display names a copy of the taxonomy would hold: every English name, and the Arabic
    ones of two words or more (one-word ones, اتفاق، احتجاجات, are common words of other word
    lists; a table of them keyed by codes is caught by its codes)."""
    types = [*EVENT_TYPES, *(s for t in EVENT_TYPES for s in t.sub_types)]
    return {t.name_en for t in types} | {t.name_ar for t in types if " " in t.name_ar}


def _taxonomy_copies(path: Path) -> list[str]:
    """Where a module names event types itself: a display name of the taxonomy as a string,
    or a literal collection (dict, set, list, tuple) holding two codes or more."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names, found = _names(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value in names:
            found.append(f"line {node.lineno}: the name {node.value!r}")
        elements: list[ast.expr | None] = []
        if isinstance(node, ast.Dict):
            elements = list(node.keys)
        elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            elements = list(node.elts)
        codes = [
            e.value
            for e in elements
            if isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value in ALL_CODES
        ]
        if len(codes) >= 2:
            found.append(f"line {node.lineno}: the codes {codes}")
    return found


def test_no_other_module_defines_type_names() -> None:
    copies = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "taxonomy.py" and (found := _taxonomy_copies(path))
    }
    assert copies == {}


def test_the_copy_finder_finds_a_copy(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        'NAMES = {"battles": "x", "riots": "y"}\nA = "Air/drone strike"\nB = ("attack", "x")\n',
        encoding="utf-8",
    )
    assert [f.split(":")[0] for f in _taxonomy_copies(module)] == ["line 1", "line 2"]


def test_every_type_sub_type_role_place_figure_and_quote_code_has_an_arabic_and_english_label() -> (
    None
):
    from typing import get_args

    from marsad.doc import Precision
    from marsad.extract.events.taxonomy import label, labels
    from marsad.extract.places.gazetteer import KINDS

    schema = json.loads((SRC / "resources" / "document.schema.json").read_text(encoding="utf-8"))
    event_fields = set(schema["properties"]["events"]["items"]["properties"])
    expected = {
        "type": [t.code for t in EVENT_TYPES],
        "sub_type": [s.code for t in EVENT_TYPES for s in t.sub_types],
        # The roles corpus/rows.py writes to event_arguments: the event's reference fields.
        "role": ["actor1", "actor2", "reported_by", "place", "time"],
        "precision": list(get_args(Precision)),
        "place_kind": list(KINDS),
        "figure_kind": schema["properties"]["quantities"]["items"]["properties"]["kind"]["enum"],
        "quote_kind": schema["properties"]["quotes"]["items"]["properties"]["kind"]["enum"],
    }
    assert set(expected["role"]) <= event_fields
    for group, codes in expected.items():
        arabic, english = labels(group, "ar"), labels(group, "en")  # type: ignore[arg-type]
        assert list(arabic) == codes and list(english) == codes, group
        for code in codes:
            assert arabic[code] and not any(c.isascii() and c.isalpha() for c in arabic[code])
            assert english[code].isascii() and english[code] != code, (group, code)
    # A political type is its own sub-type in the lexicon: named, not shown as a code.
    assert label("sub_type", "consult") == "تشاور" and label("sub_type", None) == ""
    assert label("role", "unknown_role") == "unknown_role"  # never hidden
