#!/usr/bin/env bash
# `make uml`: the UML kernel (tools/uml/build-kernel.sh, cached) and virtio_fsfreeze.ko built against it.
#   tools/uml/build.sh [OUT_DIR]     (default artifacts/uml/module)
# Exit 3 when it is impossible on this machine (packages missing and no root or no network); the Uml tests are
# then ignored with that reason.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$repo/artifacts/uml/module}
tree=$("$repo/tools/uml/build-kernel.sh" | tail -n 1)
status=${PIPESTATUS[0]}
[[ $status -eq 0 ]] || exit "$status"
"$repo/tools/uml/build-module.sh" "$tree" "$repo/guest-module/linux" "$out"
