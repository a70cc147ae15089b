#!/usr/bin/env bash
# Builds an out-of-tree module against the UML tree, in a copy of its source folder so the repository stays clean.
#   tools/uml/build-module.sh TREE SOURCE_DIR OUT_DIR    -> OUT_DIR/<name>.ko
set -euo pipefail
tree=$1 src=$2 out=$3
mkdir -p "$out"
cp "$src"/*.c "$src"/Kbuild "$out"/
[[ -n "$(ls "$src"/*.h 2>/dev/null)" ]] && cp "$src"/*.h "$out"/
make -C "$tree" ARCH=um M="$(cd "$out" && pwd)" modules >&2
ls "$out"/*.ko
