# Smart Mahalla — developer commands. `make run` and `make test` work on a fresh machine.
.PHONY: run test bootstrap infra-up infra-down infra-status infra-build test-unit lint typecheck bench clean

PY := .venv/bin/python
PROFILE ?= run

run:
	@deploy/local/bootstrap.sh
	@$(PY) deploy/local/run.py

test:
	@deploy/local/run_tests.sh

bootstrap:
	@deploy/local/bootstrap.sh

infra-up: bootstrap
	@$(PY) deploy/local/infra.py up --profile $(PROFILE)

infra-down: bootstrap
	@$(PY) deploy/local/infra.py down --profile $(PROFILE)

infra-status: bootstrap
	@$(PY) deploy/local/infra.py status --profile $(PROFILE)

infra-build: bootstrap
	@$(PY) deploy/local/infra.py build

test-unit: bootstrap
	@$(PY) -m pytest tests/unit -q

lint: bootstrap
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .

typecheck: bootstrap
	@.venv/bin/mypy

bench: bootstrap
	@deploy/local/run_bench.sh

clean:
	rm -rf .local/test .local/run
