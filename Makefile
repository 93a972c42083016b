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

## test: lint, types, and the whole test suite on SQLite; when LAKIP_TEST_DATABASE_URL names a
## PostgreSQL server (.ci/run sets it up), the same suite on it too, side by side (the tests
## mostly wait on the emulator, so two runs share the two CPUs well); each run's output is
## printed whole when both are done
RUNS := .pytest-runs
test: $(STAMP) lint
	@if [ -z "$$LAKIP_TEST_DATABASE_URL" ]; then \
		$(BIN)/python -m pytest; \
	else \
		rm -rf $(RUNS) && mkdir -p $(RUNS); \
		echo "== the suite on SQLite and on PostgreSQL, side by side"; \
		env -u LAKIP_TEST_DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider \
			--basetemp=$(RUNS)/sqlite-tmp >$(RUNS)/sqlite.log 2>&1 & sqlite=$$!; \
		$(BIN)/python -m pytest -p no:cacheprovider \
			--basetemp=$(RUNS)/postgresql-tmp >$(RUNS)/postgresql.log 2>&1 & pg=$$!; \
		wait $$sqlite; sqlite_rc=$$?; wait $$pg; pg_rc=$$?; \
		echo "== SQLite (exit $$sqlite_rc)"; cat $(RUNS)/sqlite.log; \
		echo "== PostgreSQL (exit $$pg_rc)"; cat $(RUNS)/postgresql.log; \
		rm -rf $(RUNS)/sqlite-tmp $(RUNS)/postgresql-tmp; \
		[ $$sqlite_rc -eq 0 ] && [ $$pg_rc -eq 0 ]; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy bot lakip_model seed bench emulator

## bench: 1× and 100× measured side by side into docs/performance.md (~5-10 min; not in test);
## with LAKIP_BENCH_DATABASE_URL (a PostgreSQL database it may empty) also two processes on it
bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.processes

clean-db:
	rm -f data/lakip.db data/lakip.db-wal data/lakip.db-shm
