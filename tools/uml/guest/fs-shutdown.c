// SPDX-License-Identifier: MIT
/*
 * fs-shutdown MOUNTPOINT: shuts a filesystem down the way xfs_io's "shutdown" and
 * e2fsprogs' tests do, so that its next freeze fails (sync_fs answers -EIO). The
 * kernel-driver conformance scenario for FF-DRV-19 (roll back on a failed freeze)
 * runs it in the User-Mode Linux guest, whose root has only a static busybox.
 *
 * XFS_IOC_GOINGDOWN (<xfs/xfs_fs.h>) and EXT4_IOC_SHUTDOWN (fs/ext4/ext4.h) are
 * the same number, _IOR('X', 125, __u32), and take the same flags; 2 is
 * NOLOGFLUSH: stop at once, without writing the log first.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define FS_SHUTDOWN_IOC _IOR('X', 125, uint32_t)
#define FS_SHUTDOWN_NOLOGFLUSH 2u

int main(int argc, char **argv)
{
	uint32_t flags = FS_SHUTDOWN_NOLOGFLUSH;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: fs-shutdown MOUNTPOINT\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		fprintf(stderr, "fs-shutdown: open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (ioctl(fd, FS_SHUTDOWN_IOC, &flags) < 0) {
		fprintf(stderr, "fs-shutdown: %s: %s\n", argv[1], strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}
