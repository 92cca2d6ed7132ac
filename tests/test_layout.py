"""The package layout: which part of marsad may import which, and what the CLI loads.

The import direction keeps the use cases (services) above the machinery they use: the
language layer (arabic) and the extractors (extract) know nothing of the corpus, the store,
evaluation or the adapters; corpus/ never calls a use case. Imports inside functions and
under TYPE_CHECKING count too: a late import is still a dependency.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import marsad

SRC = Path(marsad.__file__).resolve().parent
# Modules at the root of the package that everything may use.
CORE = frozenset({"marsad", "doc", "errors", "schema", "settings", "pipeline", "resources"})
# What each package may import from marsad besides itself and CORE.
ALLOWED: dict[str, frozenset[str]] = {
    "arabic": frozenset(),
    "extract": frozenset({"arabic"}),
    "inputs": frozenset(),
    "store": frozenset(),
    "corpus": frozenset({"arabic", "extract", "store"}),
    "evaluation": frozenset({"arabic", "extract"}),
    "services": frozenset({"arabic", "extract", "corpus", "evaluation", "inputs", "store"}),
    "api": frozenset({"arabic", "extract", "corpus", "inputs", "services", "store"}),
    "spark": frozenset({"corpus", "inputs", "services", "store"}),
    "cli": frozenset(
        {"arabic", "extract", "corpus", "evaluation", "inputs", "services", "store", "api", "spark"}
    ),
    # The root modules import no package; pipeline.py loads the built-in components late
    # (marsad.extract.builtin registers them), the one plugin hook.
    "<core>": frozenset(),
}
EXCEPTIONS = frozenset({("pipeline.py", "extract")})
# Libraries `marsad --help` and `marsad analyze FILE.txt` must not load.
HEAVY = (
    "datasketch", "scipy", "numpy", "trafilatura", "feedparser", "warcio", "fastapi",
    "starlette", "uvicorn", "pyarrow", "psycopg", "jsonschema", "charset_normalizer",
)  # fmt: skip


def marsad_imports(source: str) -> set[str]:
    """The first component under ``marsad`` of every module ``source`` imports, wherever the
    import statement is (``from marsad.corpus.rows import x`` → ``corpus``).

    >>> sorted(marsad_imports("import marsad.api.app\\ndef f():\\n    from marsad import doc"))
    ['api', 'doc']
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "marsad":
                names = [f"marsad.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "marsad":
                found.add(parts[1] if len(parts) > 1 else "marsad")
    return found


def package_of(path: Path) -> str:
    relative = path.relative_to(SRC)
    package = relative.parts[0] if len(relative.parts) > 1 else "<core>"
    return "<core>" if package in CORE else package  # resources/: a root module with data


def violations() -> list[str]:
    found: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        package = package_of(path)
        allowed = ALLOWED[package] | CORE | {package}
        for imported in marsad_imports(path.read_text(encoding="utf-8")):
            if imported.startswith("__") or imported.removesuffix(".py") in CORE:
                continue  # marsad.__version__ and the root modules
            if imported not in allowed and (path.name, imported) not in EXCEPTIONS:
                found.append(f"{path.relative_to(SRC)} imports marsad.{imported}")
    return found


def test_every_package_is_in_the_rules() -> None:
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    assert packages - CORE == set(ALLOWED) - {"<core>"}


def test_imports_go_one_way() -> None:
    assert violations() == []


def test_the_rules_catch_a_wrong_import(tmp_path: Path) -> None:
    """The checker itself: the imports that the layout forbids are seen where they hide."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from marsad.services.ingest import ingest\n"
        "def f():\n    import marsad.cli.app\n"
    )
    assert marsad_imports(source) == {"services", "cli"}
    assert not {"services", "cli"} <= ALLOWED["corpus"] | CORE


# Runs the CLI as `python -m marsad.cli` does, then writes the names of the loaded modules.
_RUN_CLI = """
import sys
from marsad.cli import main
try:
    main(sys.argv[2:])
finally:  # --help ends in SystemExit
    with open(sys.argv[1], "w") as fh:
        fh.write("\\n".join(sorted(sys.modules)))
"""


def _imported_modules(*args: str, tmp_path: Path) -> set[str]:
    """The modules that ``marsad ARGS`` loads, run in a fresh interpreter on this checkout."""
    path = os.pathsep.join(p for p in (str(SRC.parent), os.environ.get("PYTHONPATH")) if p)
    listing = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", _RUN_CLI, str(listing), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(listing.read_text(encoding="utf-8").split())


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def test_cli_help_loads_no_heavy_library(tmp_path: Path) -> None:
    modules = _imported_modules("--help", tmp_path=tmp_path)
    assert "argparse" in modules  # the listing is real
    assert _heavy(modules) == []
    # No command module either: they load when their command runs.
    assert sorted(m for m in modules if m.startswith("marsad.")) == ["marsad.cli", "marsad.cli.app"]


@pytest.mark.slow
def test_analyzing_a_text_file_loads_no_corpus_web_or_html_library(tmp_path: Path) -> None:
    text = tmp_path / "short.txt"
    text.write_text("قال المتحدث إن القوات انسحبت من المدينة صباح اليوم.", encoding="utf-8")
    modules = _imported_modules("analyze", str(text), tmp_path=tmp_path)
    assert "marsad.cli.analyze" in modules
    assert _heavy(modules) == []
    assert not any(m.startswith(("marsad.corpus", "marsad.store", "marsad.api")) for m in modules)


def test_cli_choices_agree_with_their_modules() -> None:
    """The parser spells out two lists so that it imports nothing; they must not drift."""
    from marsad.cli import app
    from marsad.evaluation.conll import FORMATS
    from marsad.services.export import FORMATS as EXPORT_FORMATS

    assert app.CONLL_FORMATS == FORMATS
    assert app.EXPORT_FORMATS == EXPORT_FORMATS
    commands = next(
        a for a in app.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    assert set(app.COMMAND_MODULES) == set(commands.choices)
    for module in set(app.COMMAND_MODULES.values()):
        assert importlib.util.find_spec(f"marsad.cli.{module}") is not None, module
