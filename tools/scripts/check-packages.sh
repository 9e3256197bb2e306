#!/usr/bin/env bash
# Builds every publishable package and checks what npm would publish: publint (package.json
# and exports map) and attw (types resolve for ESM and CJS consumers under node16 and bundlers).
# Two packages are checked at a time (each check is mostly `npm pack` and file reads); each
# package's report is printed whole, so reports never interleave.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx nx run-many -t build --outputStyle=static

check_one() {
  local dir=$1 report status=0
  report=$(mktemp)
  {
    echo "== $(node -p "require('./${dir}package.json').name")"
    (cd "$dir" && npx publint --strict) || status=1
    (cd "$dir" && npx attw --pack . --profile node16 --format ascii) || status=1
  } >"$report" 2>&1
  cat "$report"
  rm -f "$report"
  return $status
}
export -f check_one

# xargs exits non-zero when any package's check failed.
printf '%s\n' packages/*/ apps/cli/ | xargs -P 2 -I{} bash -c 'check_one "$1"' _ {}
