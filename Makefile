# marsad: `make demo` runs the main job on the bundled examples; `make test` runs every check.
# Both create the virtual environment in .venv on first use.
PY ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin

.PHONY: venv demo test lint typecheck unit bench clean

$(BIN)/marsad: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(BIN)/marsad

demo: venv
	$(BIN)/marsad analyze examples
	$(BIN)/marsad ingest examples --db demo.db
	$(BIN)/marsad events --db demo.db --limit 10
	$(BIN)/marsad search "الموصل" --db demo.db --limit 2
	$(BIN)/marsad serve --db demo.db --port $(PORT)

lint: venv
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest -q

test: lint typecheck unit

# Needs ../shared/data and the bench extras (install torch==2.13.0 first; see BENCHMARKS.md).
bench: venv
	$(BIN)/python bench/tokenization.py
	$(BIN)/python bench/ner.py
	$(BIN)/python bench/figures.py
	$(BIN)/python bench/quotes.py
	$(BIN)/python bench/events.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/spark.py
	$(BIN)/python bench/contract.py
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis demo.db demo.db-*
