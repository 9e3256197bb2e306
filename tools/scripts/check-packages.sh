#!/usr/bin/env bash
# Builds every publishable package and checks what npm would publish: publint (package.json
# and exports map) and attw (types resolve for ESM and CJS consumers under node16 and bundlers).
set -euo pipefail
cd "$(dirname "$0")/../.."
npx nx run-many -t build --outputStyle=static
status=0
for dir in packages/*/ apps/cli/; do
  name=$(node -p "require('./${dir}package.json').name")
  echo "== $name"
  (cd "$dir" && npx publint --strict) || status=1
  (cd "$dir" && npx attw --pack . --profile node16 --format ascii) || status=1
done
exit $status
