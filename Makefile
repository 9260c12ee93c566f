# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= $(abspath ../shared)

.PHONY: run test bench demo install dev lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The app with every runtime extra (video, AI, PostgreSQL, AWS).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgres,video,aws]'
	touch $@

# Plus what the tests and the bench need.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgres,video,aws,dev]'
	touch $(VENV)/.installed $@

# Tools the tests call that must not share the project's pins: checkov (own venv), shellcheck (apt).
.venv-tools/.installed: scripts/install-tools.sh
	scripts/install-tools.sh
	touch $@

# Debian packages of the read side (issue 12): chromium for the browser test (Playwright drives it;
# no browser is downloaded), a Japanese font so it draws CJK titles, wrk for `make bench`.
APT_TOOLS := /usr/bin/chromium /usr/bin/wrk /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf
$(APT_TOOLS) &:
	apt-get update -qq && apt-get install -y -qq chromium wrk fonts-ipafont-gothic >/dev/null

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev .venv-tools/.installed $(APT_TOOLS)

# One machine: no sellers' API keys needed (AUTH_REQUIRED=false); production keeps them on.
run: install
	$(BIN)/tiktok-commerce db upgrade
	AUTH_REQUIRED=false $(BIN)/tiktok-commerce up --allow-loopback-videos  # `make demo` serves its video from this machine

demo: install
	$(BIN)/tiktok-commerce demo

# The type checker and the import layers (pyproject.toml: [tool.mypy], [tool.importlinter]) fail
# the run like a failing test.
test: dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: dev
	@command -v ffmpeg >/dev/null || (apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .venv-tools data .pytest_cache
