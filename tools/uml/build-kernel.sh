#!/usr/bin/env bash
# Builds the User-Mode Linux kernel that runs guest-module/linux/virtio_fsfreeze.ko (issue 11), once.
#
# The tree is cached outside the repository, keyed by the Debian linux-source package version and the hash of
# the checked-in config fragment, so a second run takes seconds:
#   ${FSFREEZE_UML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fsfreeze-uml}/<version>-<hash>/
# The kernel is configured with `allnoconfig` plus guest-module/linux/uml/uml.config (KCONFIG_ALLCONFIG), the
# smallest kernel with virtio_uml, ubd, hostfs, ext4, xfs, btrfs and loadable modules.
#
# Prints the tree's path on its last line. Installs the Debian packages it needs when run as root.
# Exit status 3: a prerequisite is missing and cannot be installed (no root, no network); callers skip on it.
# With --cached-only it installs and builds nothing: it prints the tree if it is built, else exits 4.
set -euo pipefail

# The body is one function, so bash has read all of it before running any: editing this file during a
# seven-minute build cannot change what the running build does.
main() {
  cached_only=0
  [[ "${1:-}" == "--cached-only" ]] && cached_only=1
  local repo fragment packages version hash cache key tree stamp start end jobs missing line
  repo=$(cd "$(dirname "$0")/../.." && pwd)
  fragment="$repo/guest-module/linux/uml/uml.config"
  packages=(linux-source-6.1 bc flex bison libelf-dev busybox-static gcc make e2fsprogs xfsprogs btrfs-progs)

  if [[ $cached_only -eq 0 ]]; then
    "$repo/tools/uml/ensure-packages.sh" "${packages[@]}" >&2 || exit 3
  fi

  version=$(dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null) || { echo "uml: linux-source-6.1 is not installed" >&2; exit 4; }
  hash=$(sha256sum "$fragment" | cut -c1-12)
  cache=${FSFREEZE_UML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fsfreeze-uml}
  key="$version-$hash"
  tree="$cache/$key/linux-source-6.1"
  stamp="$cache/$key/built"

  # One build at a time: a second caller waits for the first instead of deleting its half-built tree.
  if [[ $cached_only -eq 0 ]]; then
    mkdir -p "$cache"
    exec 9>"$cache/.lock"
    flock 9
  fi

  if [[ -f "$stamp" && -x "$tree/linux" && -f "$tree/Module.symvers" ]]; then
    echo "uml: cached kernel $tree/linux" >&2
    echo "$tree"
    exit 0
  fi

  if [[ $cached_only -eq 1 ]]; then
    echo "uml: no built kernel at $tree (run make uml)" >&2
    exit 4
  fi

  # A half-built tree from an interrupted run is discarded rather than trusted.
  rm -rf "$cache/$key"
  mkdir -p "$cache/$key"
  start=$(date +%s)
  tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$cache/$key"
  jobs=$(nproc)
  KCONFIG_ALLCONFIG="$fragment" make -C "$tree" ARCH=um allnoconfig >&2
  # Every line of the fragment must have survived Kconfig's dependency resolution, or the kernel is not the
  # one the tests assume.
  missing=0
  while IFS= read -r line; do
    [[ "$line" =~ ^CONFIG_ ]] || [[ "$line" =~ ^#\ CONFIG_.*is\ not\ set$ ]] || continue
    grep -qxF "$line" "$tree/.config" || { echo "uml: config fragment line not applied: $line" >&2; missing=1; }
  done < "$fragment"
  [[ $missing -eq 0 ]] || exit 1
  make -C "$tree" ARCH=um -j"$jobs" linux modules_prepare >&2
  # `modules` runs modpost over vmlinux: Module.symvers, without which an out-of-tree module links blind.
  make -C "$tree" ARCH=um -j"$jobs" modules >&2
  end=$(date +%s)
  echo "$((end - start))" > "$cache/$key/build-seconds"
  touch "$stamp"
  echo "uml: built $tree/linux in $((end - start)) s with -j$jobs" >&2
  echo "$tree"
}

main "$@"
