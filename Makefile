# Every target sets itself up on a fresh clone: .venv, pinned dependencies, database.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean-db

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: the bot with TELEGRAM_BOT_TOKEN set, else the offline chat on the seeded database
run: $(STAMP)
	$(BIN)/lakip-bot up

## test: lint, types, and the whole test suite on SQLite; again on PostgreSQL when
## LAKIP_TEST_DATABASE_URL names a server (.ci/run sets it up)
test: $(STAMP) lint
	env -u LAKIP_TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$LAKIP_TEST_DATABASE_URL" ]; then \
		echo "== the same suite on PostgreSQL"; \
		$(BIN)/python -m pytest; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy bot lakip_model seed bench

## bench: 1× and 100× measured side by side into docs/performance.md (~5-10 min; not in test)
bench: $(STAMP)
	$(BIN)/python -m bench.run

clean-db:
	rm -f data/lakip.db data/lakip.db-wal data/lakip.db-shm
