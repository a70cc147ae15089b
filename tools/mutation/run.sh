#!/usr/bin/env bash
# Mutation score (dotnet-stryker) of one layer, or of every layer in tools/mutation/layers.tsv in turn.
# Usage: tools/mutation/run.sh [NAME|PROJECT_DIR]   (a row's name, e.g. Virtio.Packed, or a project directory, e.g.
# reference/FsFreeze.Virtio, which runs every row of that project; no argument = every row)
# MUTATION_FILTER, when set, replaces the row's test filter (one row only). Runs under `nice -n 10` so the
# mutants do not starve other builds on a shared machine. Reports: artifacts/mutation/<name>/reports/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
table="$root/tools/mutation/layers.tsv"
dotnet=${DOTNET:-dotnet}

run_layer() { # row dir filter globs
  local row=$1 dir=$2 filter=$3 globs=$4 name out start secs score
  name=$(basename "$dir")
  [ -n "$name" ] && [ -n "$row" ] || { echo "mutation: empty row or project name" >&2; return 2; }
  out="$root/artifacts/mutation/$row"
  rm -rf "$out"; mkdir -p "$out"
  local args=(stryker --config-file "$root/stryker-config.json" --project "$name.csproj"
    --test-project "../$name.Tests/$name.Tests.csproj"
    --test-case-filter "$filter" --output "$out")
  # The conformance project takes minutes to build; only layers whose filter selects conformance cases need it.
  case "$filter" in *Conformance*)
    args+=(--test-project "$root/conformance/FsFreeze.Conformance/FsFreeze.Conformance.csproj") ;;
  esac
  if [ "$globs" != "-" ]; then
    local g; IFS=';' read -ra gs <<<"$globs"
    for g in "${gs[@]}"; do args+=(--mutate "$g"); done
  fi
  echo "== mutation: $row, $dir (filter: $filter; mutate: $globs)"
  start=$(date +%s)
  (cd "$root/$dir" && nice -n 10 "$dotnet" "${args[@]}" </dev/null) 2>&1 | tee "$out/run.log"
  secs=$(( $(date +%s) - start ))
  score=$(sed -n 's/.*The final mutation score is \([0-9.]*\) %.*/\1/p' "$out/run.log" | tail -1)
  printf '%s\t%s\t%s %%\t%dm%02ds\n' "$row" "$dir" "${score:-none}" $((secs / 60)) $((secs % 60)) | tee -a "$root/artifacts/mutation/scores.tsv"
  [ -n "$score" ]
}

main() {
want=${1:-}
found=0
while IFS=$'\t' read -r row dir filter globs; do
  case "$row" in ''|'#'*) continue ;; esac
  [ -z "$want" ] || [ "${want%/}" = "$dir" ] || [ "$want" = "$row" ] || continue
  found=1
  [ -z "$want" ] || [ -z "${MUTATION_FILTER:-}" ] || filter=$MUTATION_FILTER
  run_layer "$row" "$dir" "$filter" "$globs"
done < "$table"
[ "$found" = 1 ] || { echo "mutation: $want is not a row of $table" >&2; exit 2; }
}

# Everything runs from main, read whole before it starts: editing this file during a run cannot derail the run.
main "$@"
exit
