#!/usr/bin/env bash
# The device conformance tests through a real Unix socket against fsfreeze-vhost-user-backend running as its own
# process (checking mode): start it, run the suite with IUT=vhost-user:<socket> on the device and host tests, stop
# it. NUnit results land under RESULTS/nunit, where tools/count-results.sh counts them; the back-end's log (with
# every driver violation the suite's hostile guest provoked) goes next to them.
# usage: tools/conformance-vhost-user.sh CONFIGURATION RESULTS
set -uo pipefail
configuration=${1:?usage: conformance-vhost-user.sh CONFIGURATION RESULTS}
results=${2:?usage: conformance-vhost-user.sh CONFIGURATION RESULTS}
program=reference/FsFreeze.VhostUser.Backend/bin/$configuration/net10.0/fsfreeze-vhost-user-backend.dll
[ -f "$program" ] || { echo "conformance-vhost-user: $program is not built (make build)" >&2; exit 2; }
mkdir -p "$results"
# Unix socket paths are limited to 107 bytes: keep them short, outside the (possibly deep) checkout.
sockets=$(mktemp -d /tmp/fsfreeze-vu.XXXXXX)
socket=$sockets/fsfreeze.sock
dotnet "$program" --socket "$socket" --control "$socket.control" --check 2>"$results/backend.log" &
backend=$!
cleanup() { kill "$backend" 2>/dev/null; wait "$backend" 2>/dev/null; rm -rf "$sockets"; }
trap cleanup EXIT
for _ in $(seq 300); do
  [ -S "$socket" ] && [ -S "$socket.control" ] && break
  kill -0 "$backend" 2>/dev/null || { echo "conformance-vhost-user: the back-end exited:" >&2; cat "$results/backend.log" >&2; exit 2; }
  sleep 0.1
done
[ -S "$socket" ] || { echo "conformance-vhost-user: the back-end did not listen within 30 s" >&2; exit 2; }
dotnet run --project conformance/FsFreeze.Conformance.Runner -c "$configuration" --no-build -- \
  --iut "vhost-user:$socket" --no-build --results "$results" \
  --filter "FullyQualifiedName~FsFreeze.Conformance.Device|FullyQualifiedName~FsFreeze.Conformance.Host|FullyQualifiedName~FsFreeze.Conformance.VhostUser|FullyQualifiedName~SelectedIutTests"
status=$?
echo "conformance-vhost-user: back-end log $results/backend.log ($(grep -c VIOLATION "$results/backend.log") driver violations provoked by the suite's hostile guest)"
exit $status
