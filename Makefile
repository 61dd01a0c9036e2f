# Two-command set-up: `make demo` (install + convert the bundled example) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= examples/harbour-ferry.md

.PHONY: demo test test-fast lint install install-test install-bench bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

demo: install
	$(BIN)/narrate convert $(EXAMPLE) -o output

# pytest exits 5 when it collected no tests: that is a failure here, never a silent pass.
test: install-test
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest ran no tests" >&2; fi; exit $$status

# Every test that needs no synthesis and no subprocess: seconds, for the edit-test loop.
test-fast: install-test
	@$(BIN)/python -m pytest -m "not slow" -q $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test-fast: pytest ran no tests" >&2; fi; exit $$status

# Style, types and the layer contract (pyproject.toml: [tool.ruff], [tool.mypy], [tool.importlinter]).
lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	PYTHONPATH=src $(BIN)/lint-imports

bench: install-bench
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_spoken.py
	$(BIN)/python benchmarks/bench_loudness.py

clean:
	rm -rf $(VENV) output/*.mp3 .pytest_cache
