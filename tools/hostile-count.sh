#!/usr/bin/env bash
# Sums the generated hostile runs of one test run (conformance/FsFreeze.Conformance/Hostile): each hostile property
# prints "hostile FAMILY: N generated runs, ..." into its test output, which NUnit keeps in its result XML.
# Prints one line per family and the total; prints nothing when no hostile property ran.
set -u
dir=${1:?usage: hostile-count.sh RESULTS_DIR}
find "$dir" -name '*.xml' -path '*nunit*' -print0 2>/dev/null \
  | { xargs -0 -r grep -ho 'hostile [^:;]*: [0-9]* generated runs' || true; } \
  | sort -u \
  | awk -F': ' '{ split($2, n, " "); total += n[1]; printf "  %s: %d\n", substr($1, 9), n[1] } END { if (NR) printf "hostile: %d generated runs checked\n", total }'
