#!/usr/bin/env bash
# Every test the project has, as CI runs it (`make check`, and `.ci/run` on a clean clone). One build serves
# every step (NO_BUILD=1 after it):
#   1. the User-Mode Linux kernel (cached outside the clone) and the real driver module in the background
#      (tools/uml/build.sh; exit 3 means impossible here: no root, no network for apt), while
#   2. `make build`, then `make test` runs every unit, property, conformance and hostile test but the Uml and RealKernel ones;
#   3. `make conformance IUT=uml`: the driver conformance scenarios against the C driver under UML, and
#      `make uml-test`: what is particular to that module (ignored with the reason when the kernel could not be built);
#   4. `make real-kernel` (installs e2fsprogs, xfsprogs and btrfs-progs when missing; without root or loop
#      devices its tests are skipped with the reason);
#   5. `make selfcheck` (every known-bad implementation must be rejected on the requirement it breaks);
#   6. `make conformance-vhost-user` (the device tests through a real socket against the back-end in its own process).
# Ends with the line "N passed, N failed, N skipped" counted from NUnit's own result files.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
step() { local start; start=$(date +%s); "$@" || status=1; echo "check: '$*' took $(( $(date +%s) - start )) s"; }

mkdir -p artifacts
# The kernel build (apt, unpacking the source, one long compile) overlaps the .NET build and the test run, neither
# of which keeps both cores busy all the time (the longest test assembly is mostly one thread).
uml_start=$(date +%s)
tools/uml/build.sh >artifacts/uml-build.log 2>&1 &
uml=$!
step make build
step make test NO_BUILD=1 TEST_FILTER='TestCategory!=RealKernel&TestCategory!=Uml'
wait "$uml"; uml_status=$?
echo "check: tools/uml/build.sh exit $uml_status after $(( $(date +%s) - uml_start )) s (log: artifacts/uml-build.log)"
if [[ $uml_status -ne 0 && $uml_status -ne 3 ]]; then
  tail -n 30 artifacts/uml-build.log
  status=1
fi
step make conformance IUT=uml NO_BUILD=1 CONFORMANCE_RESULTS=artifacts/test-results/uml-conformance
step make uml-test NO_BUILD=1
step make real-kernel NO_BUILD=1
step make selfcheck NO_BUILD=1
step make conformance-vhost-user NO_BUILD=1
echo
echo "== all tests =="
tools/count-results.sh artifacts/test-results || status=1
exit "$status"
