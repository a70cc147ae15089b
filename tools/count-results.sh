#!/usr/bin/env bash
# Counts test results from NUnit's own result XML files (written by the NUnit adapter with
# NUnit.TestOutputXml) and prints the closing line CI reads: "N passed, N failed, N skipped".
# It reads the real per-run totals, never dotnet test's console summary.
set -euo pipefail
dir=${1:?usage: count-results.sh RESULTS_DIR}
passed=0 failed=0 skipped=0 files=0
while IFS= read -r -d '' file; do
  line=$(grep -m1 -o '<test-run [^>]*>' "$file" || true)
  [ -n "$line" ] || continue
  files=$((files + 1))
  attr() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed)))
  skipped=$((skipped + $(attr skipped) + $(attr inconclusive)))
done < <(find "$dir" -name '*.xml' -path '*nunit*' -print0 2>/dev/null)
if [ "$files" -eq 0 ]; then
  echo "no NUnit result files under $dir" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
