#!/usr/bin/env bash
# `make bench`: the benchmarks under bench/, against the test profile's servers (started if needed).
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
started_infra=0
if ! $PY deploy/local/infra.py status --profile test >/dev/null 2>&1; then started_infra=1; fi
trap '[ "$started_infra" = 1 ] && $PY deploy/local/infra.py down --profile test' EXIT
$PY deploy/local/infra.py up --profile test || exit 1
eval "$($PY deploy/local/infra.py env --profile test)"
export PYTHONPATH=.
status=0
for script in bench/kafka_baseline.py bench/*.py; do
  case "$script" in bench/__init__.py | bench/support.py | bench/bare_*.py) continue ;; esac  # parts, not benchmarks
  [ "$script" = bench/kafka_baseline.py ] && [ "${seen_baseline:-0}" = 1 ] && continue
  seen_baseline=1
  echo "== $script"
  $PY "$script" || status=1
done
exit $status
