#!/usr/bin/env bash
# Installs the tools the real-kernel checks use when they are missing: mkfs.ext4 and dumpe2fs (e2fsprogs),
# mkfs.xfs and xfs_logprint (xfsprogs), mkfs.btrfs (btrfs-progs), losetup and mount (util-linux, mount). Only as root with apt-get;
# otherwise it says what is missing and the checks skip themselves with the reason.
set -uo pipefail
declare -A package=([mkfs.ext4]=e2fsprogs [dumpe2fs]=e2fsprogs [mkfs.xfs]=xfsprogs [xfs_logprint]=xfsprogs [mkfs.btrfs]=btrfs-progs [losetup]=util-linux [mount]=mount)
missing=()
for tool in "${!package[@]}"; do
  PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1 || missing+=("${package[$tool]}")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "real-kernel: missing ${missing[*]} (not root or no apt-get: the checks will skip with the reason)" >&2
  exit 0
fi
echo "real-kernel: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "${missing[@]}" >/dev/null; } \
  || echo "real-kernel: could not install ${missing[*]}" >&2
exit 0
