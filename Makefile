# Two entry points: `make run` and `make test`. Both create and reuse .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/backchain serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy --strict src/

# The store tests run on SQLite and on a real PostgreSQL, which this starts; the
# browser tests drive Debian's chromium, which this installs when missing.
test: lint
	@url=$$(scripts/postgres-for-tests) && browser=$$(scripts/chromium-for-tests) && \
	  BACKCHAIN_TEST_POSTGRES_URL="$$url" BACKCHAIN_TEST_CHROMIUM="$$browser" $(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
