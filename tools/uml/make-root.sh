#!/usr/bin/env bash
# Prepares a hostfs root for the User-Mode Linux guest (issue 11): a static busybox, the module, and an /init
# that mounts proc/sys/dev, mounts the ubd disks named in /disks, loads the module and runs /scenario.
#   tools/uml/make-root.sh ROOT MODULE.ko [SCENARIO]
# /disks lines: "<ubd device> <mount point> <fstype>", for example "ubda /mnt/ext4 ext4".
# The guest and the host share ROOT: the host talks to a running scenario through files in it.
set -euo pipefail
root=$1 module=$2 scenario=${3:-}
mkdir -p "$root"/{bin,sbin,proc,sys,dev,mnt,tmp,etc}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [[ "$applet" == busybox ]] || ln -sf busybox "$root/bin/$applet"
done
# Guest tools busybox lacks, static so they need nothing from the root: fs-shutdown (FF-DRV-19's failing freeze).
gcc -static -O2 -Wall -Wextra -o "$root/bin/fs-shutdown" "$(dirname "$0")/guest/fs-shutdown.c"
cp "$module" "$root/virtio_fsfreeze.ko"
[[ -n "$scenario" ]] && cp "$scenario" "$root/scenario"
[[ -f "$root/disks" ]] || : > "$root/disks"
cat > "$root/init" <<'INIT'
#!/bin/sh
# Guest init (PID 1). Every line it prints goes to the UML console, which the host test reads.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q " /dev devtmpfs " /proc/mounts || mount -t devtmpfs devtmpfs /dev
echo "guest: booted $(uname -r)"
while read -r dev dir fstype; do
  [ -n "$dev" ] || continue
  mkdir -p "$dir"
  if mount -t "$fstype" "/dev/$dev" "$dir"; then echo "guest: mounted $dev $dir $fstype"; else echo "guest: mount failed $dev $dir $fstype"; fi
done < /disks
if [ ! -f /no-insmod ]; then
  if insmod /virtio_fsfreeze.ko; then echo "guest: insmod ok"; else echo "guest: insmod failed"; fi
fi
if [ -f /scenario ]; then sh /scenario; echo "guest: scenario exit $?"; fi
sync
while read -r dev dir fstype; do [ -n "$dev" ] && umount "$dir"; done < /disks
echo "guest: halt"
poweroff -f
INIT
chmod +x "$root/init"
