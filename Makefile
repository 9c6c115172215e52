# Two entry points: `make run` and `make test`. Both install into .venv exactly
# what uv.lock says (hashes checked), and reuse it after.
#   make lock         bring uv.lock in line with pyproject.toml, keeping every pin that still fits
#   make lock-upgrade move every pin to the newest release its range allows
#   make test-latest  the suite on the newest versions the ranges allow (.venv-latest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
# uv uses the Python it is given, never one it downloads.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint lock lock-upgrade lock-check sync sync-all suite test-latest clean

# uv itself comes from PyPI, pinned by version and hash.
$(UV): scripts/uv-requirements.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes --no-deps -r scripts/uv-requirements.txt
	touch $(UV)

lock-check: $(UV)
	@out=$$($(UV) lock --check 2>&1) || { case "$$out" in \
	  *"needs to be updated"*) \
	    echo "uv.lock does not match pyproject.toml: run 'make lock' and commit uv.lock." >&2;; \
	  *) echo "$$out" >&2;; esac; exit 1; }

lock: $(UV)
	$(UV) lock

lock-upgrade: $(UV)
	$(UV) lock --upgrade

# The runtime only; --inexact keeps the test tools if they are there.
sync: lock-check
	$(UV) sync --frozen --inexact --quiet

# Runtime, dev and bench: exactly the lock, nothing else.
sync-all: lock-check
	$(UV) sync --frozen --all-extras --quiet

run: sync
	$(BIN)/backchain serve

lint: sync-all
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy --strict src/

# The store tests run on SQLite and on a real PostgreSQL, which this starts; the
# browser tests drive Debian's chromium, which this installs when missing.
test: lint
	@$(MAKE) --no-print-directory suite BIN=$(BIN)

suite:
	@url=$$(scripts/postgres-for-tests) && browser=$$(scripts/chromium-for-tests) && \
	  BACKCHAIN_TEST_POSTGRES_URL="$$url" BACKCHAIN_TEST_CHROMIUM="$$browser" $(BIN)/pytest

# Not in CI: the newest releases the ranges allow, in their own environment,
# so drift shows up here before a user installs it.
test-latest: $(UV)
	$(UV) venv --quiet --allow-existing .venv-latest
	$(UV) pip install --quiet --python .venv-latest --upgrade --refresh -e '.[dev,bench]'
	.venv-latest/bin/ruff check src tests bench
	.venv-latest/bin/mypy --strict src/
	@$(MAKE) --no-print-directory suite BIN=.venv-latest/bin

clean:
	rm -rf $(VENV) .venv-latest $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
