#!/usr/bin/env bash
# Every test the project has, in the order CI runs them (`make check`, and `.ci/run` on a clean clone):
#   1. the User-Mode Linux kernel (cached outside the clone) and the real driver module, so the Uml tests inside
#      `make test` run for real; exit 3 from the build means it is impossible here (not root, no network for apt),
#      and those tests are then ignored with that reason, never passed;
#   2. `make test` (every unit, property, conformance, hostile and Uml test);
#   3. `make real-kernel` (installs e2fsprogs, xfsprogs and btrfs-progs when missing; without root or loop
#      devices its tests are skipped with the reason);
#   4. `make selfcheck` (every known-bad implementation must be rejected on the requirement it breaks);
#   5. `make conformance-vhost-user` (the device tests through a real socket against the back-end in its own process).
# Ends with the line "N passed, N failed, N skipped" counted from NUnit's own result files.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
uml_start=$(date +%s)
tools/uml/build.sh; uml_status=$?
echo "uml: tools/uml/build.sh exit $uml_status in $(( $(date +%s) - uml_start )) s"
if [[ $uml_status -eq 3 ]]; then
  echo "uml: skipped: the kernel cannot be built here; the Uml tests are ignored with their reason"
elif [[ $uml_status -ne 0 ]]; then
  status=1
fi
make test || status=1
make real-kernel || status=1
make selfcheck || status=1
make conformance-vhost-user || status=1
echo
echo "== all tests =="
tools/count-results.sh artifacts/test-results || status=1
exit "$status"
