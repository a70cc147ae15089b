#!/usr/bin/env bash
# Installs the named Debian packages that are missing (apt-get update once, then install).
# Exit status 3 with a reason on stderr when that is impossible: not root, or apt fails (no network).
set -uo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "uml: missing packages ${missing[*]} and not root to install them" >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq "${missing[@]}" >&2; then
  apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2 || {
    echo "uml: apt-get could not install ${missing[*]}" >&2
    exit 3
  }
fi
