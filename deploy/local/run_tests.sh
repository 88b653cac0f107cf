#!/usr/bin/env bash
# `make test`: installs what is missing, checks lint, formatting and types, starts the test profile's
# Kafka, FerretDB and Redis (own ports and data, so a running `make run` is untouched), runs unit,
# integration and end-to-end tests, stops what it started, and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."

deploy/local/bootstrap.sh || exit 1
PY=.venv/bin/python

# The house rules first, before anything starts: lint, formatting and types (services, shared, bench).
.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy || exit 1

started_infra=0
if ! $PY deploy/local/infra.py status --profile test >/dev/null 2>&1; then
  started_infra=1
fi
cleanup() {
  if [ "$started_infra" = 1 ]; then
    $PY deploy/local/infra.py down --profile test || true
  fi
}
trap cleanup EXIT

# A fresh state for every run: no leftovers from an earlier run can make a test pass.
if [ "$started_infra" = 1 ]; then
  rm -rf .local/test
fi
$PY deploy/local/infra.py up --profile test || exit 1
eval "$($PY deploy/local/infra.py env --profile test)"
export SM_PROFILE=sandbox

# The FerretDB launcher's own tests (its wire-protocol parsing); the build above cached what they need.
(cd deploy/local/ferretdb && CGO_ENABLED=0 go test ./...) || exit 1

$PY -m pytest tests "$@"
