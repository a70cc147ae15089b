#!/usr/bin/env bash
# Coverage-guided fuzzing of the parts of the reference that take hostile bytes (fuzz/FsFreeze.Fuzz).
#
# Usage: tools/fuzz.sh SECONDS [TARGET]   (make fuzz FUZZ_SECONDS=N [FUZZ_TARGET=name])
#
# Engine: AFL++ from Debian (package afl++), driven through SharpFuzz: the sharpfuzz tool instruments the
# assemblies under test with AFL edge counters, and SharpFuzz.Fuzzer.Run speaks AFL's fork-server protocol in
# persistent mode. libFuzzer is packaged too (libfuzzer-NN-dev) but .NET needs a separate native bridge
# (libfuzzer-dotnet) that no registry here ships, so AFL++ is the engine that works with packages alone.
#
# Each target runs for SECONDS; its findings (crashes and hangs) are copied to fuzz/regressions/<target>/ and
# replayed once with the stack printed. The run exits 1 when any target found something new.
set -euo pipefail

seconds=${1:?usage: tools/fuzz.sh SECONDS [TARGET]}
only=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${FUZZ_ARTIFACTS:-artifacts/fuzz}
bin=$out/bin
targets=(device-queue driver-queue protocol mmio)
if [[ -n $only ]]; then
  targets=("$only")
fi

if ! command -v afl-fuzz >/dev/null; then
  echo "== installing afl++"
  if [[ $(id -u) -eq 0 ]]; then sudo=; else sudo=sudo; fi
  $sudo apt-get update -qq
  $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi

echo "== building (Release) into $bin"
dotnet tool restore >/dev/null
rm -rf "$bin"
# A private output folder: instrumentation rewrites the assemblies in place, and the tests must keep the plain ones.
dotnet publish fuzz/FsFreeze.Fuzz/FsFreeze.Fuzz.csproj -c Release -o "$bin" --nologo -v quiet

echo "== instrumenting the assemblies under test"
for assembly in FsFreeze.Virtio.dll FsFreeze.Protocol.dll; do
  dotnet tool run sharpfuzz "$bin/$assembly"
done

# AFL++ on a shared machine or in CI: no core_pattern or CPU governor changes, no affinity, no UI.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
# The fuzzer runs `dotnet`, not an instrumented native binary, so its binary check does not apply.
export AFL_SKIP_BIN_CHECK=1
# The .NET runtime needs far more than AFL's default memory limit, and its start-up more than the default timeout.
export AFL_FORKSRV_INIT_TMOUT=20000
export DOTNET_TieredPGO=0

found=0
for target in "${targets[@]}"; do
  if [[ ! -d fuzz/corpus/$target ]]; then
    echo "unknown target $target (fuzz/corpus/$target missing)" >&2
    exit 2
  fi

  findings=$out/findings/$target
  rm -rf "$findings"
  mkdir -p "$findings"
  echo "== fuzzing $target for ${seconds}s"
  afl-fuzz -i "fuzz/corpus/$target" -o "$findings" -m none -t 2000 -V "$seconds" \
    -- dotnet "$bin/FsFreeze.Fuzz.dll" "$target" >"$findings.log" 2>&1 || {
      echo "afl-fuzz failed for $target; last lines of $findings.log:" >&2
      tail -n 30 "$findings.log" >&2
      exit 1
    }

  stats=$findings/default/fuzzer_stats
  execs=$(sed -n 's/^execs_done *: *//p' "$stats")
  paths=$(sed -n 's/^corpus_count *: *//p' "$stats")
  crashes=$(sed -n 's/^saved_crashes *: *//p' "$stats")
  hangs=$(sed -n 's/^saved_hangs *: *//p' "$stats")
  echo "   $target: $execs executions, corpus $paths, crashes $crashes, hangs $hangs"

  mkdir -p "fuzz/regressions/$target"
  for kind in crashes hangs; do
    for input in "$findings/default/$kind"/id:*; do
      [[ -e $input ]] || continue
      name=$kind-$(sha1sum "$input" | cut -c1-16)
      if [[ ! -e fuzz/regressions/$target/$name ]]; then
        cp "$input" "fuzz/regressions/$target/$name"
        echo "   new finding: fuzz/regressions/$target/$name"
        found=1
      fi
    done
  done
done

if [[ $found -ne 0 ]]; then
  echo "== replaying the findings (uninstrumented) for their stacks"
  dotnet build fuzz/FsFreeze.Fuzz/FsFreeze.Fuzz.csproj -c Release --nologo -v quiet -o "$out/replay" >/dev/null
  for target in "${targets[@]}"; do
    files=(fuzz/regressions/"$target"/*)
    [[ -e ${files[0]} ]] || continue
    dotnet "$out/replay/FsFreeze.Fuzz.dll" --replay "$target" "${files[@]}" || true
  done
  exit 1
fi
echo "== no findings"
