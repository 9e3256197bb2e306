#!/usr/bin/env bash
# Runs every benchmark under bench/ (or those whose file name contains $1), one after another.
# Each prints its figures as ratios against a raw baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
filter="${1:-}"
status=0
for file in bench/*.bench.ts; do
  [[ -n "$filter" && "$file" != *"$filter"* ]] && continue
  echo "== $file"
  node --conditions=@agentmap/source --import tsx --expose-gc "$file" || status=1
  echo
done
exit $status
