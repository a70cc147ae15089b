#!/usr/bin/env bash
# Builds the User-Mode Linux kernel that runs guest-module/linux/virtio_fsfreeze.ko (issue 11), once.
#
# The tree is cached outside the repository, keyed by the Debian linux-source package version and the hash of
# the checked-in config fragment, so a second run takes seconds:
#   ${FSFREEZE_UML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fsfreeze-uml}/<version>-<hash>/
# The kernel is configured with `allnoconfig` plus guest-module/linux/uml/uml.config (KCONFIG_ALLCONFIG), the
# smallest kernel with virtio_uml, ubd, hostfs, ext4, xfs, btrfs and loadable modules.
#
# What a clean-machine build costs is what CI pays (tools/check.sh), so each step is cut to what it needs: only the
# source files the build can read are unpacked (unpack_source), and one make builds the kernel and Module.symvers.
# Each step's wall and CPU seconds go to stderr, so a CI log shows where the time went.
#
# Prints the tree's path on its last line. Installs the Debian packages it needs when run as root.
# Exit status 3: a prerequisite is missing and cannot be installed (no root, no network); callers skip on it.
# With --cached-only it installs and builds nothing: it prints the tree if it is built, else exits 4.
set -euo pipefail

# Hundredths of a second of user+system CPU used so far by this shell's waited-for children (cutime and cstime,
# fields 16 and 17 of /proc/PID/stat, in clock ticks), so a step's CPU cost is the difference around it: wall time
# alone says little on a machine shared with other jobs.
child_cpu() {
  local fields
  read -r -a fields < "/proc/$$/stat"
  echo $(( (fields[15] + fields[16]) * 100 / $(getconf CLK_TCK) ))
}

# Runs one build step and logs its wall and CPU seconds: "uml: step <name>: <wall> s wall, <cpu> s CPU".
step() {
  local name=$1 wall cpu
  shift
  wall=$(date +%s.%N)
  cpu=$(child_cpu)
  "$@"
  echo "uml: step $name: $(awk -v a="$wall" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s wall," \
    "$(awk -v a="$cpu" -v b="$(child_cpu)" 'BEGIN { printf "%.1f", (b - a) / 100 }') s CPU (user+sys)" >&2
}

# Unpacks the Debian kernel source into $1 without what no UML build reads: the C sources of other architectures
# (alpha to sparc, and xtensa: everything but um and x86) and of the big driver trees, sound and net, device trees,
# Documentation, perf and selftests; about a quarter of the 1.3 GB stays. Kconfig files and Makefiles stay
# everywhere, since Kconfig parses every `source`d file whatever is enabled (crypto/Kconfig sources
# arch/*/crypto/Kconfig). A config fragment that enables code under one of these folders fails the build with "No
# rule to make target": take the folder off the list. Few patterns, since tar matches each of the 80,000 members
# against each. The archive has 55 xz blocks, so xz decompresses it on every core (same CPU, less wall time).
unpack_source() {
  local into=$1 top=linux-source-6.1 dir excludes
  excludes=("--exclude=$top/Documentation/*/*" "--exclude=$top/arch/*/boot/dts" "--exclude=$top/tools/perf"
    "--exclude=$top/tools/testing" "--exclude=$top/arch/[a-s]*/*.[chS]" "--exclude=$top/arch/xtensa/*.[chS]")
  for dir in drivers/{gpu,net,media,scsi,staging,infiniband,usb,clk,pinctrl,iio,video} sound net; do
    excludes+=("--exclude=$top/$dir/*.[ch]")
  done
  tar -I 'xz -T0' --anchored "${excludes[@]}" -xf /usr/src/linux-source-6.1.tar.xz -C "$into"
}

# The body is one function, so bash has read all of it before running any: editing this file during a
# seven-minute build cannot change what the running build does.
main() {
  cached_only=0
  [[ "${1:-}" == "--cached-only" ]] && cached_only=1
  local repo fragment packages version hash cache key tree stamp start end jobs missing line cpu_start cpu
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
  cpu_start=$(child_cpu)
  step unpack unpack_source "$cache/$key"
  jobs=$(nproc)
  KCONFIG_ALLCONFIG="$fragment" step allnoconfig make -C "$tree" ARCH=um allnoconfig >&2
  # Every line of the fragment must have survived Kconfig's dependency resolution, or the kernel is not the
  # one the tests assume.
  missing=0
  while IFS= read -r line; do
    [[ "$line" =~ ^CONFIG_ ]] || [[ "$line" =~ ^#\ CONFIG_.*is\ not\ set$ ]] || continue
    grep -qxF "$line" "$tree/.config" || { echo "uml: config fragment line not applied: $line" >&2; missing=1; }
  done < "$fragment"
  [[ $missing -eq 0 ]] || exit 1
  # `modules` makes modpost write Module.symvers (vmlinux's exported symbols; the config builds no in-tree module),
  # without which an out-of-tree module links blind; it implies modules_prepare. Asked together with `linux`, kbuild
  # walks the tree once: a separate `make modules` afterwards walked every folder again to compile nothing.
  step "linux modules" make -C "$tree" ARCH=um -j"$jobs" linux modules >&2
  end=$(date +%s)
  cpu=$(( ($(child_cpu) - cpu_start) / 100 ))
  echo "$((end - start))" > "$cache/$key/build-seconds"
  echo "$cpu" > "$cache/$key/build-cpu-seconds"
  touch "$stamp"
  echo "uml: built $tree/linux in $((end - start)) s with -j$jobs, $cpu s CPU (user+sys)" >&2
  echo "$tree"
}

main "$@"
