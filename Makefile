# Seba: two commands on a fresh machine.
#   make run   sets everything up and starts Seba on embedded defaults (SQLite file, embedded Redis)
#   make test  installs the test dependencies and runs the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test lint typecheck bench clean-data

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
BUN_VERSION := 1.4.4
PYTEST_ARGS ?=

$(BIN)/python:
	@echo "==> creating the virtualenv in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	@echo "==> installing Seba and its Python packages"
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.testdeps: pyproject.toml $(VENV)/.runtime
	@echo "==> installing the test dependencies"
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Reflex builds the frontend with bun; it comes from the npm registry (never from the web).
bun:
	@if command -v bun >/dev/null 2>&1 || [ -x .tools/node_modules/.bin/bun ]; then :; else \
	  echo "==> installing bun $(BUN_VERSION) from the npm registry into .tools/"; \
	  command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (apt-get install nodejs npm)"; exit 1; }; \
	  mkdir -p .tools && npm install --silent --no-audit --no-fund --prefix .tools bun@$(BUN_VERSION); \
	fi

chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "==> installing Debian's chromium for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; \
	else \
	  echo "The browser tests need Debian's Chromium at /usr/bin/chromium. Install it with:"; \
	  echo "    sudo apt-get install -y chromium"; \
	  exit 1; \
	fi

run: $(VENV)/.runtime bun
	$(BIN)/seba run

test: $(VENV)/.testdeps bun chromium
	@echo "==> running the whole suite"
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: $(VENV)/.testdeps
	$(BIN)/ruff check backend sync workers app state components tests bench
	$(BIN)/ruff format --check backend sync workers app state components tests bench

typecheck: $(VENV)/.testdeps
	$(BIN)/mypy

clean-data:
	rm -rf data
