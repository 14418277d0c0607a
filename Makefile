# Huying: `make run` serves the demo district, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-only lint format chromium messages bench clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Huying needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# The demo district's name; a deployment sets HUYING_DISTRICT_NAME in its environment.
run: export DEBUG ?= 1
run: export HUYING_DISTRICT_NAME ?= 清渭区人民政府
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py serve

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(VENV)/bin/mypy
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium at /usr/bin/chromium: run 'sudo apt-get install chromium', then 'make test'."; exit 1; \
	  fi; \
	fi

test: $(VENV)/.installed chromium lint test-only

test-only: $(VENV)/.installed
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py huying_messages

bench: $(VENV)/.installed
	$(PY) bench/router.py
	$(PY) bench/duplicates.py
	$(PY) bench/hot.py
	$(PY) bench/pii.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache
