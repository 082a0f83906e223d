# Teddy Audio. `make run` starts everything; `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench chaos dr-drill setup system-deps lint fmt clean

run: setup
	@scripts/run.sh

test: setup
	@scripts/system_deps.sh --test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

# Benchmarks, each figure beside its baseline from the same run (the machines are noisy).
bench: setup
	@scripts/system_deps.sh --bench
	$(PY) bench/load_bench.py
	$(PY) bench/audio_bench.py
	$(PY) bench/stream_bench.py
	$(PY) bench/cache_sim.py
	@SECRET_KEY=bench REDIS_URL=redis://127.0.0.1:1/0 TEDDY_VAR_DIR=$$(mktemp -d) sh -c \
		'$(PY) manage.py migrate -v0 && \
		echo "== newest held-out sets (safety/eval/probes_e, probes_d: the best guide)" && \
		$(PY) manage.py safety_eval safety/eval/probes_e/*.jsonl && \
		$(PY) manage.py safety_eval safety/eval/probes_d/*.jsonl --age-groups all && \
		echo "== held-out probes (safety/eval/probes, never trained on), every age group" && \
		$(PY) manage.py safety_eval safety/eval/probes/*.jsonl --age-groups all && \
		echo "== second held-out set (safety/eval/probes_b, never trained on)" && \
		$(PY) manage.py safety_eval safety/eval/probes_b/*.jsonl && \
		echo "== a family's day (safety/eval/probes_c, all safe)" && \
		$(PY) manage.py safety_eval safety/eval/probes_c/*.jsonl && \
		echo "== classic children's stories read aloud (safety/eval/stories, all safe, books never trained on)" && \
		$(PY) manage.py safety_eval safety/eval/stories/*.jsonl && \
		if [ -f ../shared/safety/dev.jsonl ]; then \
			echo "== ../shared/safety/dev.jsonl (in the training rows), both directions" && \
			$(PY) manage.py safety_eval ../shared/safety/dev.jsonl --direction both; \
		else echo "dev set skipped: ../shared/safety/dev.jsonl is not here"; fi' \
		2>&1 | grep -v -E "WARNING|INFO"

# Fault drills against the real stack (Redis killed, provider down or slow, a web worker killed,
# the database locked); exit status 0 only when every drill passes. About a minute and a half.
chaos: setup
	$(PY) bench/chaos.py

# Lose Redis and the database, recover from the last configuration backup (bench/dr_drill.py).
dr-drill: setup
	$(PY) bench/dr_drill.py

setup: system-deps $(STAMP)

system-deps:
	@scripts/system_deps.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

lint: setup
	$(VENV)/bin/ruff check .

fmt: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var/ .pytest_cache .ruff_cache
