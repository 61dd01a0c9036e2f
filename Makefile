# Two-command set-up: `make demo` (install + convert the bundled example) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= examples/harbour-ferry.md

.PHONY: demo test install install-test install-bench bench clean

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

bench: install-bench
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_spoken.py
	$(BIN)/python benchmarks/bench_loudness.py

clean:
	rm -rf $(VENV) output/*.mp3 .pytest_cache
