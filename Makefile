# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp

.PHONY: install install-test run test lint demo bench clean translations-extract translations-update translations-compile

# The compiled catalogues are built, not committed: made from the .po files whenever they change.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard webapp/translations/*/LC_MESSAGES/messages.po))

install: $(VENV)/.installed $(CATALOGUES)

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install-test: $(VENV)/.installed-test $(CATALOGUES)

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

run: install
	$(FLASK) db upgrade
	$(FLASK) run --host 127.0.0.1 --port 5000

test: lint
	$(BIN)/python -m pytest

# Lint, types and the layer contracts (pyproject.toml); `make test` runs them first.
lint: install-test
	$(BIN)/ruff check webapp tests bench migrations
	$(BIN)/mypy
	$(BIN)/lint-imports

demo: install
	$(FLASK) db upgrade
	$(FLASK) demo

# BENCH_DATABASE_URL=postgresql+psycopg://... also runs them on PostgreSQL (that database is emptied).
bench: install-test
	$(BIN)/python bench/run.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

# Every string a person reads goes through gettext (N_ marks those of the clinical core, shown translated).
translations-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l -k Said -k counted:1,2 -k plural_forms:1,2 --no-location --sort-output -o webapp/translations/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations --no-fuzzy-matching --ignore-obsolete

translations-compile: $(CATALOGUES)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
