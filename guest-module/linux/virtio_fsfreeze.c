// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * virtio_fsfreeze: the guest driver of the virtio-fsfreeze device
 * (spec/virtio-fsfreeze.md in the FsFreeze repository).
 *
 * Design, by requirement of the spec:
 *
 * - FF-DRV-1: binds to DeviceID 65535 (the experimental range), any VendorID.
 * - FF-DRV-4: accepts VERSION_1 (the virtio core keeps it) and only SB_DETAIL,
 *   SELECTIVE and EVENTS of the device-specific bits. APP_NOTICE is not
 *   offered by this driver: the kernel has no registry of applications to
 *   tell, so FF-DRV-30/31 do not apply and a notice_ms is UNSUPPORTED.
 * - FF-DRV-2/3/6: reads the configuration with the generation loop, posts
 *   FF_REQ_BUFS device-writable buffers of request_size bytes on requestq
 *   before DRIVER_OK and reposts each one as soon as its request is copied
 *   out. Replies are device-readable buffers on replyq; a reply that finds
 *   replyq full waits on a list, it is never dropped (FF-DRV-8).
 * - Virtqueue callbacks run in interrupt context: they only queue work.
 *   req_work reads requests and answers STATUS, BUSY and refusals at once
 *   (FF-DRV-8 to FF-DRV-13, FF-DRV-34: no deadline above max_deadline_ms);
 *   op_work carries out the one FREEZE or THAW in progress, so a STATUS is
 *   answered while a freeze sleeps (FF-DRV-10).
 * - FREEZE (FF-DRV-14 to FF-DRV-23): the deadline is armed on receipt. The
 *   walk takes an active reference on each superblock with
 *   iterate_supers_type() over the filesystem types of the fstypes
 *   parameter, and freezes only after the walk: freeze_super() takes
 *   s_umount exclusive, which the walk holds shared. The superblocks are
 *   then put newest first by the mount table (see FF_ORDER). A superblock
 *   without a block device whose type has no freeze of its own is
 *   SKIPPED_UNFREEZABLE (FF-DRV-17). A failure rolls back in reverse
 *   (FF-DRV-19); freeze_super() returns only at SB_FREEZE_COMPLETE
 *   (FF-DRV-23).
 * - FF-DRV-22 on 6.1: freeze_super() has no holders, so a superblock that
 *   userspace already froze (FIFREEZE) is not frozen again: it is reported
 *   FROZEN with USER_FROZEN, counted, and never thawed by this driver.
 * - THAW, deadline, removal (FF-DRV-24 to FF-DRV-28): thaw in the reverse of
 *   the freeze order; a failed thaw stays held and is retried by the
 *   deadline work FF_THAW_RETRY_MS later. Removal aborts a freeze, thaws
 *   everything, sends EVENT THAWED_ON_REMOVE with EVENTS, and only then
 *   resets the device. A configuration change that shows DEVICE_NEEDS_RESET
 *   thaws everything and resets the device.
 * - FF-DRV-29: the driver writes nothing to any filesystem; its log goes to
 *   the kernel ring buffer only.
 */

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/list_sort.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/workqueue.h>
#include <asm/unaligned.h>

#define VIRTIO_ID_FSFREEZE		65535

#define VIRTIO_FSFREEZE_F_SB_DETAIL	0
#define VIRTIO_FSFREEZE_F_SELECTIVE	1
#define VIRTIO_FSFREEZE_F_APP_NOTICE	2
#define VIRTIO_FSFREEZE_F_EVENTS	3

#define FF_REQ_FREEZE	1
#define FF_REQ_THAW	2
#define FF_REQ_STATUS	3
#define FF_EVENT	0x8001

#define FF_OK			0
#define FF_FAILED		1
#define FF_BUSY			2
#define FF_INVALID		3
#define FF_UNSUPPORTED		4
#define FF_ALREADY_FROZEN	5
#define FF_DEADLINE		6

#define FF_STATE_THAWED		0
#define FF_STATE_FROZEN		1
#define FF_STATE_FREEZING	2
#define FF_STATE_THAWING	3

#define FF_EV_AUTO_THAWED	1
#define FF_EV_THAWED_ON_REMOVE	2

#define FF_RES_FROZEN		0
#define FF_RES_THAWED		1
#define FF_RES_UNFREEZABLE	2
#define FF_RES_NOT_SELECTED	3
#define FF_RES_FAILED		4
#define FF_RES_ROLLED_BACK	5
#define FF_RES_NOT_VISITED	0xffff	/* internal: never sent */

#define FF_ENTRY_READ_ONLY	0x1
#define FF_ENTRY_USER_FROZEN	0x2

#define FF_SEL_DEVICE		1
#define FF_SEL_MOUNT_PATH	2
#define FF_SEL_PATH_MAX		4096

#define FF_REQ_HDR		16
#define FF_REPLY_HDR		48
#define FF_ENTRY_SIZE		32
#define FF_REQ_BUFS		4
#define FF_REQ_SIZE_MAX		65536
#define FF_ENTRIES_MAX		4096
#define FF_THAW_RETRY_MS	100
#define FF_EVENT_DRAIN_MS	200

struct virtio_fsfreeze_config {
	__le32 request_size;
	__le32 max_entries;
	__le32 max_deadline_ms;
};

struct virtio_fsfreeze_req {
	__le16 type;
	__le16 flags;
	__le32 request_id;
	__le32 deadline_ms;
	__le16 notice_ms;
	__le16 selector_count;
};

struct virtio_fsfreeze_reply {
	__le16 type;
	__le16 status;
	__le32 request_id;
	__le32 state;
	__le32 frozen_count;
	__le32 thawed_count;
	__le32 skipped_count;
	__le32 failed_count;
	__le32 entry_count;
	__le32 remaining_ms;
	__le32 event;
	__le32 notice_late;
	__le32 reserved;
};

struct virtio_fsfreeze_entry {
	__le32 dev_major;
	__le32 dev_minor;
	__le16 result;
	__le16 flags;
	__le32 error;
	u8 fs_type[16];
};

static_assert(sizeof(struct virtio_fsfreeze_req) == FF_REQ_HDR);
static_assert(sizeof(struct virtio_fsfreeze_reply) == FF_REPLY_HDR);
static_assert(sizeof(struct virtio_fsfreeze_entry) == FF_ENTRY_SIZE);

/*
 * The filesystem types a FREEZE walks. The kernel exports no walk over all
 * superblocks (iterate_supers() is not exported), so the driver walks the
 * types it is told about; a superblock of a type not listed is neither
 * frozen nor reported.
 */
static char *fstypes = "btrfs,xfs,ext4,ext3,ext2,vfat,msdos,exfat,f2fs,jfs,nilfs2,hfsplus,udf,tmpfs,hostfs,proc,sysfs,devtmpfs";
module_param(fstypes, charp, 0444);
MODULE_PARM_DESC(fstypes, "comma-separated filesystem types a FREEZE walks, in visiting order");

enum ff_op { FF_OP_NONE, FF_OP_FREEZING, FF_OP_THAWING };

/* One superblock a FREEZE visited; an active reference is held while it lives. */
struct ff_sb {
	struct list_head link;
	struct super_block *sb;
	unsigned int seq;	/* FF_ORDER: 1 + position of its first mount; 0 unknown */
	u16 result;
	bool user_frozen;
	int error;
};

/* A parsed selector (FF-DRV-18). */
struct ff_selector {
	u16 kind;
	dev_t dev;
	struct super_block *sb;	/* MOUNT_PATH: the mount's superblock, or NULL */
};

/* A request copied out of its requestq buffer. */
struct ff_request {
	u16 type;
	u32 id;
	u32 deadline_ms;
	u16 selector_count;
	struct ff_selector *selectors;
	char **paths;
};

/* A message waiting for replyq space. */
struct ff_msg {
	struct list_head link;
	size_t len;
	u8 data[];
};

struct virtio_fsfreeze {
	struct virtio_device *vdev;
	struct virtqueue *reqq;
	struct virtqueue *replyq;
	u32 request_size;
	u32 max_entries;
	u32 max_deadline_ms;		/* read at probe; bounds every FREEZE (FF-DRV-34) */
	void *req_bufs[FF_REQ_BUFS];
	u8 *req_copy;			/* req_work's copy of one request */
	struct workqueue_struct *wq;
	struct work_struct req_work;
	struct work_struct op_work;
	struct work_struct reset_work;
	struct delayed_work deadline_work;

	/* Everything below is under lock. */
	spinlock_t lock;
	enum ff_op op;
	struct ff_request op_req;
	struct list_head held;		/* frozen by the driver, in freeze order */
	unsigned int held_count;
	bool deadline_armed;
	unsigned long deadline;		/* jiffies */
	bool abort;			/* the running FREEZE must roll back */
	bool gone;			/* removal or reset: no new operation */
	bool broken;			/* reset done: replyq must not be used */
	bool removing;			/* ff_remove started: no reset work is queued */
	struct list_head pending;	/* replies waiting for replyq space */
};

/* Only for the bits of features[]: virtio_has_feature() BUG()s on others. */
static bool ff_has(struct virtio_fsfreeze *ff, unsigned int bit)
{
	return virtio_has_feature(ff->vdev, bit);
}

static u32 ff_remaining_ms(struct virtio_fsfreeze *ff)
{
	long left;

	if (!ff->deadline_armed)
		return 0;
	left = (long)(ff->deadline - jiffies);
	return left > 0 ? jiffies_to_msecs(left) : 0;
}

static u32 ff_state(struct virtio_fsfreeze *ff)
{
	if (ff->op == FF_OP_FREEZING)
		return FF_STATE_FREEZING;
	if (ff->op == FF_OP_THAWING)
		return FF_STATE_THAWING;
	return ff->held_count ? FF_STATE_FROZEN : FF_STATE_THAWED;
}

static void ff_fill_entry(struct virtio_fsfreeze_entry *e, struct super_block *sb,
			  u16 result, bool user_frozen, int error)
{
	u16 flags = 0;

	memset(e, 0, sizeof(*e));
	e->dev_major = cpu_to_le32(MAJOR(sb->s_dev));
	e->dev_minor = cpu_to_le32(MINOR(sb->s_dev));
	e->result = cpu_to_le16(result);
	if (sb_rdonly(sb))
		flags |= FF_ENTRY_READ_ONLY;
	if (user_frozen)
		flags |= FF_ENTRY_USER_FROZEN;
	e->flags = cpu_to_le16(flags);
	e->error = cpu_to_le32(error < 0 ? -error : error);
	memcpy(e->fs_type, sb->s_type->name, strnlen(sb->s_type->name, sizeof(e->fs_type)));
}

/*
 * A message with room for up to @entries entries (FF-DRV-26: capped at
 * max_entries, and none without SB_DETAIL, FF-DRV-5). When the entries do not
 * fit in memory the header goes alone: fewer entries never contradict the
 * counts, and the reply is never lost (FF-DRV-8).
 */
static struct ff_msg *ff_msg_alloc(struct virtio_fsfreeze *ff, unsigned int *entries)
{
	struct ff_msg *m = NULL;

	if (!ff_has(ff, VIRTIO_FSFREEZE_F_SB_DETAIL))
		*entries = 0;
	*entries = min(*entries, ff->max_entries);
	if (*entries)
		m = kzalloc(struct_size(m, data, FF_REPLY_HDR + *entries * FF_ENTRY_SIZE),
			    GFP_KERNEL | __GFP_NOWARN);
	if (!m) {
		*entries = 0;
		m = kzalloc(struct_size(m, data, FF_REPLY_HDR), GFP_KERNEL | __GFP_NOFAIL);
	}
	m->len = FF_REPLY_HDR + *entries * FF_ENTRY_SIZE;
	return m;
}

static struct virtio_fsfreeze_reply *ff_hdr(struct ff_msg *m)
{
	return (struct virtio_fsfreeze_reply *)m->data;
}

static struct virtio_fsfreeze_entry *ff_entry(struct ff_msg *m, unsigned int i)
{
	return (struct virtio_fsfreeze_entry *)(m->data + FF_REPLY_HDR) + i;
}

/* Frees replyq buffers the device used (FF-DEV-10 returns them with length 0). Under lock. */
static void ff_reclaim_replies(struct virtio_fsfreeze *ff)
{
	unsigned int len;
	void *buf;

	while ((buf = virtqueue_get_buf(ff->replyq, &len)))
		kfree(buf);
}

/* Moves waiting replies onto replyq while it has room. Under lock; returns true to notify. */
static bool ff_flush_pending(struct virtio_fsfreeze *ff)
{
	struct scatterlist sg;
	struct ff_msg *m, *next;
	bool added = false;

	if (ff->broken)
		return false;
	ff_reclaim_replies(ff);
	list_for_each_entry_safe(m, next, &ff->pending, link) {
		sg_init_one(&sg, m->data, m->len);
		/* The buffer is the whole ff_msg; its data is what the device reads. */
		if (virtqueue_add_outbuf(ff->replyq, &sg, 1, m, GFP_ATOMIC))
			break;
		list_del(&m->link);
		added = true;
	}
	return added && virtqueue_kick_prepare(ff->replyq);
}

/* Queues @m for replyq and sends it if there is room (FF-DRV-3: device-readable only). */
static void ff_send(struct virtio_fsfreeze *ff, struct ff_msg *m)
{
	bool notify;

	spin_lock(&ff->lock);
	if (ff->broken) {
		spin_unlock(&ff->lock);
		kfree(m);
		return;
	}
	list_add_tail(&m->link, &ff->pending);
	notify = ff_flush_pending(ff);
	spin_unlock(&ff->lock);
	if (notify)
		virtqueue_notify(ff->replyq);
}

/*
 * A reply describing the current state: what STATUS answers (with one entry
 * per held superblock, FF-DRV-26) and what a refusal carries. Under no lock.
 */
static void ff_reply_current(struct virtio_fsfreeze *ff, u16 type, u16 status,
			     u32 id, bool with_entries)
{
	struct virtio_fsfreeze_reply *h;
	unsigned int entries, n = 0;
	struct ff_msg *m;
	struct ff_sb *s;

	spin_lock(&ff->lock);
	entries = with_entries ? ff->held_count : 0;
	spin_unlock(&ff->lock);
	m = ff_msg_alloc(ff, &entries);

	spin_lock(&ff->lock);
	h = ff_hdr(m);
	h->type = cpu_to_le16(type);
	h->status = cpu_to_le16(status);
	h->request_id = cpu_to_le32(id);
	h->state = cpu_to_le32(ff_state(ff));
	h->frozen_count = cpu_to_le32(ff->held_count);
	if (ff_state(ff) == FF_STATE_FROZEN)
		h->remaining_ms = cpu_to_le32(ff_remaining_ms(ff));
	list_for_each_entry(s, &ff->held, link) {
		if (n == entries)
			break;
		ff_fill_entry(ff_entry(m, n++), s->sb, FF_RES_FROZEN, s->user_frozen, 0);
	}
	h->entry_count = cpu_to_le32(n);
	m->len = FF_REPLY_HDR + n * FF_ENTRY_SIZE;
	spin_unlock(&ff->lock);
	ff_send(ff, m);
}

/* ---- Requests: validation (FF-DRV-11, FF-DRV-12) ---- */

static void ff_request_free(struct ff_request *r)
{
	unsigned int i;

	if (r->paths) {
		for (i = 0; i < r->selector_count; i++)
			kfree(r->paths[i]);
		kfree(r->paths);
	}
	kfree(r->selectors);
	r->paths = NULL;
	r->selectors = NULL;
	r->selector_count = 0;
}

static bool ff_all_zero(const u8 *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

/* Parses the selectors after the header; returns FF_OK or FF_INVALID. */
static u16 ff_parse_selectors(const u8 *buf, u32 len, struct ff_request *r, u16 count)
{
	u32 off = FF_REQ_HDR;
	unsigned int i;

	/* Each selector takes at least 8 bytes: bound the allocation by the used length first. */
	if ((u64)FF_REQ_HDR + (u64)count * 8 > len)
		return FF_INVALID;
	r->selectors = kcalloc(count, sizeof(*r->selectors), GFP_KERNEL);
	r->paths = kcalloc(count, sizeof(*r->paths), GFP_KERNEL);
	if (!r->selectors || !r->paths)
		return FF_FAILED;
	r->selector_count = count;
	for (i = 0; i < count; i++) {
		u16 kind, length;
		u32 padded;

		if (len - off < 4)
			return FF_INVALID;
		kind = get_unaligned_le16(buf + off);
		length = get_unaligned_le16(buf + off + 2);
		if (kind == FF_SEL_DEVICE) {
			if (length != 8)
				return FF_INVALID;
		} else if (kind == FF_SEL_MOUNT_PATH) {
			if (length < 1 || length > FF_SEL_PATH_MAX)
				return FF_INVALID;
		} else {
			return FF_INVALID;
		}
		padded = ALIGN(4 + (u32)length, 8);
		if (padded > len - off)
			return FF_INVALID;
		if (!ff_all_zero(buf + off + 4 + length, padded - 4 - length))
			return FF_INVALID;
		r->selectors[i].kind = kind;
		if (kind == FF_SEL_DEVICE) {
			u32 major = get_unaligned_le32(buf + off + 4);
			u32 minor = get_unaligned_le32(buf + off + 8);

			/* A number dev_t cannot hold names no superblock: not an error (FF-DRV-18). */
			if (major >= (1U << (32 - MINORBITS)) || minor > MINORMASK)
				r->selectors[i].dev = 0;
			else
				r->selectors[i].dev = MKDEV(major, minor);
		} else {
			const u8 *path = buf + off + 4;

			if (path[0] != '/' || memchr(path, 0, length))
				return FF_INVALID;
			r->paths[i] = kmemdup_nul(path, length, GFP_KERNEL);
			if (!r->paths[i])
				return FF_FAILED;
		}
		off += padded;
	}
	return FF_OK;
}

/*
 * Validates a request of @len bytes; fills @r. Returns the refusal status,
 * or FF_OK. The echoed type and id are set whatever the outcome (FF-DRV-8).
 */
static u16 ff_parse(struct virtio_fsfreeze *ff, const u8 *buf, u32 len, struct ff_request *r)
{
	const struct virtio_fsfreeze_req *q = (const void *)buf;
	u16 flags, notice, count;

	memset(r, 0, sizeof(*r));
	if (len >= 2)
		r->type = get_unaligned_le16(&q->type);
	if (len >= 8)
		r->id = get_unaligned_le32(&q->request_id);
	if (len < FF_REQ_HDR)
		return FF_INVALID;
	flags = get_unaligned_le16(&q->flags);
	r->deadline_ms = get_unaligned_le32(&q->deadline_ms);
	notice = get_unaligned_le16(&q->notice_ms);
	count = get_unaligned_le16(&q->selector_count);
	if (r->type != FF_REQ_FREEZE && r->type != FF_REQ_THAW && r->type != FF_REQ_STATUS)
		return FF_INVALID;
	if (flags || !r->id)
		return FF_INVALID;
	if (r->type == FF_REQ_FREEZE) {
		if (!r->deadline_ms || notice >= r->deadline_ms)
			return FF_INVALID;
		/* FF-DRV-34: no longer than the device declared at probe. */
		if (r->deadline_ms > ff->max_deadline_ms)
			return FF_INVALID;
	} else if (r->deadline_ms || notice || count) {
		return FF_INVALID;
	}
	if (count && !ff_has(ff, VIRTIO_FSFREEZE_F_SELECTIVE))
		return FF_UNSUPPORTED;
	/*
	 * APP_NOTICE is never negotiated: it is not in features[] (and asking
	 * virtio_has_feature() about a bit outside that table is a BUG()).
	 */
	if (notice)
		return FF_UNSUPPORTED;
	if (count)
		return ff_parse_selectors(buf, len, r, count);
	return FF_OK;
}

/* ---- FREEZE (FF-DRV-14 to FF-DRV-23) ---- */

/*
 * FF_ORDER (FF-DRV-15: newest superblock first). The kernel keeps superblocks
 * in creation order on its super_blocks list, which no exported function
 * walks, and iterate_supers_type() gives that order only within one type.
 * The mount table of the initial mount namespace lists mounts in the order
 * they were attached, so the first mount that shows a superblock's s_dev
 * tells when the superblock appeared. The worker reads it from
 * /proc/self/mountinfo (kernel threads share init's root and namespace);
 * superblocks it does not show (no /proc, not mounted there) keep their
 * per-type order after the others.
 */
#define FF_MOUNTINFO_MAX	(1 << 20)

/* Whether @name is one of the fstypes parameter's types. */
static bool ff_type_listed(const char *name, size_t len)
{
	const char *p = fstypes;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == len && !strncmp(p, name, len))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

/* Undoes mountinfo's octal escapes (\040 for a space) in place. */
static void ff_unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/*
 * A mounted superblock of a listed type that iterate_supers_type() did not
 * show: btrfs, whose superblocks belong to an internal type that is never
 * registered, is found only this way. The superblock is taken from the
 * mount at the line's mount point, with an active reference.
 */
static void ff_add_mounted(struct list_head *visited, char *line, dev_t dev,
			   unsigned int position)
{
	char *fields[5], *sep, *type;
	struct super_block *sb;
	struct path path;
	struct ff_sb *s;
	unsigned int i;

	sep = strstr(line, " - ");
	if (!sep)
		return;
	type = sep + 3;
	if (!ff_type_listed(type, strcspn(type, " ")))
		return;
	*sep = '\0';
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		fields[i] = strsep(&line, " ");
	if (!fields[4])
		return;
	ff_unescape(fields[4]);
	if (kern_path(fields[4], 0, &path))
		return;
	sb = path.mnt->mnt_sb;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (s && sb->s_dev == dev && atomic_inc_not_zero(&sb->s_active)) {
		s->sb = sb;
		s->seq = position;
		list_add_tail(&s->link, visited);
	} else {
		kfree(s);
	}
	path_put(&path);
}

static int ff_number_by_mounts(struct list_head *visited)
{
	size_t size = 0, cap = 4 * PAGE_SIZE;
	unsigned int position = 0;
	char *buf, *line, *cursor;
	struct file *f;
	loff_t pos = 0;
	int err = 0;

	f = filp_open("/proc/self/mountinfo", O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	buf = kvmalloc(cap, GFP_KERNEL);
	while (buf) {
		ssize_t n = kernel_read(f, buf + size, cap - size - 1, &pos);

		if (n <= 0) {
			err = n;
			break;
		}
		size += n;
		if (size == cap - 1) {
			char *bigger = cap < FF_MOUNTINFO_MAX ?
				kvrealloc(buf, cap, cap * 2, GFP_KERNEL) : NULL;

			if (!bigger) {
				err = -EFBIG;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	filp_close(f, NULL);
	if (!buf)
		return -ENOMEM;
	if (err) {
		kvfree(buf);
		return err;
	}
	buf[size] = '\0';
	cursor = buf;
	while ((line = strsep(&cursor, "\n"))) {
		unsigned int major, minor;
		struct ff_sb *s;
		bool found = false;

		if (sscanf(line, "%*u %*u %u:%u", &major, &minor) != 2)
			continue;
		position++;
		list_for_each_entry(s, visited, link) {
			if (s->sb->s_dev != MKDEV(major, minor))
				continue;
			found = true;
			if (!s->seq)
				s->seq = position;
		}
		if (!found)
			ff_add_mounted(visited, line, MKDEV(major, minor), position);
	}
	kvfree(buf);
	return 0;
}

/* Newest first: later first mount first; unknown ones last, in walk order (list_sort is stable). */
static int ff_newest_first(void *priv, const struct list_head *a, const struct list_head *b)
{
	unsigned int pa = list_entry(a, struct ff_sb, link)->seq;
	unsigned int pb = list_entry(b, struct ff_sb, link)->seq;

	if (pa == pb)
		return 0;
	if (!pa || !pb)
		return !pa;
	return pa < pb;
}

static void ff_order(struct list_head *visited)
{
	int err = ff_number_by_mounts(visited);

	if (err)
		pr_warn_once("virtio_fsfreeze: no mount table (%d); superblocks newest first per type only\n",
			     err);
	list_sort(NULL, visited, ff_newest_first);
}

struct ff_walk {
	struct list_head visited;
	int error;
};

/*
 * Called by iterate_supers_type() with s_umount held shared: only take an
 * active reference (as grab_super does) and record the superblock. Nothing
 * here may freeze or drop the last reference, both of which take s_umount
 * exclusive.
 */
static void ff_collect(struct super_block *sb, void *arg)
{
	struct ff_walk *w = arg;
	struct ff_sb *s;

	if (w->error)
		return;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s) {
		w->error = -ENOMEM;
		return;
	}
	if (!atomic_inc_not_zero(&sb->s_active)) {
		kfree(s);
		return;
	}
	s->sb = sb;
	list_add_tail(&s->link, &w->visited);
}

static void ff_walk(struct ff_walk *w)
{
	char *names, *cursor, *name;

	INIT_LIST_HEAD(&w->visited);
	w->error = 0;
	names = kstrdup(fstypes, GFP_KERNEL);
	if (!names) {
		w->error = -ENOMEM;
		return;
	}
	cursor = names;
	while ((name = strsep(&cursor, ",")) && !w->error) {
		struct file_system_type *type;
		struct ff_sb *s;
		bool seen = false;

		if (!*name)
			continue;
		type = get_fs_type(name);
		if (!type)
			continue;
		/* devtmpfs is tmpfs or ramfs underneath: a type listed twice is walked once. */
		list_for_each_entry(s, &w->visited, link)
			seen |= s->sb->s_type == type;
		if (!seen)
			iterate_supers_type(type, ff_collect, w);
		/* put_filesystem() is not exported; it is this. */
		module_put(type->owner);
	}
	kfree(names);
	if (!w->error)
		ff_order(&w->visited);
}

static void ff_release(struct ff_sb *s)
{
	deactivate_super(s->sb);
	kfree(s);
}

/* FF-DRV-17: a block device, or a freeze of the filesystem's own. */
static bool ff_freezable(struct super_block *sb)
{
	return sb->s_bdev || sb->s_op->freeze_fs || sb->s_op->freeze_super;
}

/* FF-DRV-18: resolves MOUNT_PATH selectors to superblocks, before anything is frozen. */
static void ff_resolve_paths(struct ff_request *r)
{
	struct path path;
	unsigned int i;

	for (i = 0; i < r->selector_count; i++) {
		if (r->selectors[i].kind != FF_SEL_MOUNT_PATH)
			continue;
		if (kern_path(r->paths[i], LOOKUP_FOLLOW, &path))
			continue;
		/* The superblock of the mount at that path, only if the path is its root. */
		if (path.dentry == path.mnt->mnt_root)
			r->selectors[i].sb = path.mnt->mnt_sb;
		path_put(&path);
	}
}

static bool ff_selected(struct ff_request *r, struct super_block *sb)
{
	unsigned int i;

	if (!r->selector_count)
		return true;
	for (i = 0; i < r->selector_count; i++) {
		struct ff_selector *sel = &r->selectors[i];

		if (sel->kind == FF_SEL_DEVICE && sel->dev && sel->dev == sb->s_dev)
			return true;
		if (sel->kind == FF_SEL_MOUNT_PATH && sel->sb == sb)
			return true;
	}
	return false;
}

static bool ff_aborted(struct virtio_fsfreeze *ff)
{
	bool abort;

	spin_lock(&ff->lock);
	abort = ff->abort || (ff->deadline_armed && time_after_eq(jiffies, ff->deadline));
	spin_unlock(&ff->lock);
	return abort;
}

/* Last held superblock, taken off the held list; NULL when none is held. */
static struct ff_sb *ff_take_last_held(struct virtio_fsfreeze *ff)
{
	struct ff_sb *s = NULL;

	spin_lock(&ff->lock);
	if (!list_empty(&ff->held)) {
		s = list_last_entry(&ff->held, struct ff_sb, link);
		list_del(&s->link);
		ff->held_count--;
	}
	spin_unlock(&ff->lock);
	return s;
}

/*
 * Thaws every held superblock in the reverse of the freeze order (FF-DRV-24).
 * A superblock userspace froze is released without thaw_super(): its freeze
 * is not ours (FF-DRV-22). Moves the thawed ones to @thawed and the failed
 * ones to @failed, in thaw order; the caller gives @failed back to the held
 * list with ff_keep_failed() (FF-DRV-25).
 */
static void ff_thaw_held(struct virtio_fsfreeze *ff, struct list_head *thawed,
			 struct list_head *failed)
{
	struct ff_sb *s;

	while ((s = ff_take_last_held(ff))) {
		int err = s->user_frozen ? 0 : thaw_super(s->sb);

		s->error = err;
		s->result = err ? FF_RES_FAILED : FF_RES_THAWED;
		if (err)
			pr_warn("virtio_fsfreeze: thaw of %s %u:%u failed: %d; kept held\n",
				s->sb->s_type->name, MAJOR(s->sb->s_dev), MINOR(s->sb->s_dev), err);
		list_add_tail(&s->link, err ? failed : thawed);
	}
}

/* Gives failed thaws back to the held list in their freeze order (the reverse of @failed). */
static void ff_keep_failed(struct virtio_fsfreeze *ff, struct list_head *failed)
{
	struct ff_sb *s, *next;

	spin_lock(&ff->lock);
	list_for_each_entry_safe(s, next, failed, link) {
		list_move(&s->link, &ff->held);
		ff->held_count++;
	}
	spin_unlock(&ff->lock);
}

static unsigned int ff_count_entries(struct list_head *list)
{
	unsigned int n = 0;
	struct ff_sb *s;

	list_for_each_entry(s, list, link)
		n += s->result != FF_RES_NOT_VISITED;
	return n;
}

static unsigned int ff_count(struct list_head *list)
{
	unsigned int n = 0;
	struct list_head *p;

	list_for_each(p, list)
		n++;
	return n;
}

/*
 * Ends a FREEZE or THAW, under lock: with nothing held, no deadline is kept
 * (FF-DRV-20, FF-DRV-24); with something held and no deadline pending (a
 * thaw failed), a retry is armed so nothing stays frozen for good (FF-DRV-25,
 * FF-DRV-27).
 */
static void ff_end_op(struct virtio_fsfreeze *ff)
{
	ff->op = FF_OP_NONE;
	if (!ff->held_count) {
		ff->deadline_armed = false;
		cancel_delayed_work(&ff->deadline_work);
	} else if (!ff->deadline_armed || time_after_eq(jiffies, ff->deadline)) {
		ff->deadline_armed = true;
		ff->deadline = jiffies + msecs_to_jiffies(FF_THAW_RETRY_MS);
		mod_delayed_work(ff->wq, &ff->deadline_work, msecs_to_jiffies(FF_THAW_RETRY_MS));
	}
}

static void ff_end_op_locked(struct virtio_fsfreeze *ff)
{
	spin_lock(&ff->lock);
	ff_end_op(ff);
	spin_unlock(&ff->lock);
}

/* Appends the entries of @list (skipping superblocks never visited) from index *n on. */
static void ff_fill_entries(struct ff_msg *m, unsigned int max, unsigned int *n,
			    struct list_head *list)
{
	struct ff_sb *s;

	list_for_each_entry(s, list, link) {
		if (*n == max)
			return;
		if (s->result != FF_RES_NOT_VISITED)
			ff_fill_entry(ff_entry(m, (*n)++), s->sb, s->result, s->user_frozen, s->error);
	}
}

/*
 * Sends the reply (or event) of an operation: entries from @first then
 * @second; frozen_count is what is held now plus @extra_held superblocks
 * that are about to be given back to the held list.
 */
static void ff_reply_op(struct virtio_fsfreeze *ff, u16 type, u16 status, u32 id, u32 event,
			struct list_head *first, struct list_head *second,
			u32 thawed, u32 skipped, u32 failed, u32 extra_held)
{
	unsigned int entries = ff_count_entries(first) + ff_count_entries(second), n = 0;
	struct virtio_fsfreeze_reply *h;
	struct ff_msg *m;
	u32 held;

	m = ff_msg_alloc(ff, &entries);
	ff_fill_entries(m, entries, &n, first);
	ff_fill_entries(m, entries, &n, second);
	m->len = FF_REPLY_HDR + n * FF_ENTRY_SIZE;
	h = ff_hdr(m);
	h->type = cpu_to_le16(type);
	h->status = cpu_to_le16(status);
	h->request_id = cpu_to_le32(id);
	h->thawed_count = cpu_to_le32(thawed);
	h->skipped_count = cpu_to_le32(skipped);
	h->failed_count = cpu_to_le32(failed);
	h->entry_count = cpu_to_le32(n);
	h->event = cpu_to_le32(event);
	spin_lock(&ff->lock);
	held = ff->held_count + extra_held;
	h->state = cpu_to_le32(held ? FF_STATE_FROZEN : FF_STATE_THAWED);
	h->frozen_count = cpu_to_le32(held);
	if (held)
		h->remaining_ms = cpu_to_le32(ff_remaining_ms(ff));
	spin_unlock(&ff->lock);
	ff_send(ff, m);
}

static void ff_release_list(struct list_head *list)
{
	struct ff_sb *s, *next;

	list_for_each_entry_safe(s, next, list, link) {
		list_del(&s->link);
		ff_release(s);
	}
}

/*
 * Freezes one superblock and adds it to the held list with a reference of
 * its own. Returns 0 or the negative errno of the freeze.
 */
static int ff_freeze_one(struct virtio_fsfreeze *ff, struct ff_sb *s)
{
	struct super_block *sb = s->sb;
	struct ff_sb *h;
	int err = 0;

	/* Allocated first, so a frozen superblock is never left unrecorded. */
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	/*
	 * FF-DRV-22 on 6.1: a superblock frozen by userspace makes
	 * freeze_super() fail with EBUSY; it is already at COMPLETE, so it is
	 * reported frozen and never thawed by the driver.
	 */
	if (READ_ONCE(sb->s_writers.frozen) == SB_FREEZE_COMPLETE) {
		s->user_frozen = true;
	} else {
		err = freeze_super(sb);
		if (err == -EBUSY && READ_ONCE(sb->s_writers.frozen) == SB_FREEZE_COMPLETE) {
			s->user_frozen = true;
			err = 0;
		}
	}
	if (err) {
		kfree(h);
		return err;
	}
	/* FF-DRV-23: freeze_super() returned 0, so the superblock is at SB_FREEZE_COMPLETE. */
	s->result = FF_RES_FROZEN;
	h->sb = sb;
	h->user_frozen = s->user_frozen;
	h->result = FF_RES_FROZEN;
	/* We already hold an active reference, so this one cannot race with the last put. */
	atomic_inc(&sb->s_active);
	spin_lock(&ff->lock);
	list_add_tail(&h->link, &ff->held);
	ff->held_count++;
	spin_unlock(&ff->lock);
	return 0;
}

static bool ff_in_list(struct list_head *list, struct super_block *sb)
{
	struct ff_sb *s;

	list_for_each_entry(s, list, link)
		if (s->sb == sb)
			return true;
	return false;
}

static void ff_do_freeze(struct virtio_fsfreeze *ff, struct ff_request *r)
{
	bool failure = false, aborted = false, gone;
	u32 skipped = 0, nfailed = 0, nthawed;
	LIST_HEAD(thawed);
	LIST_HEAD(failed);
	struct ff_walk w;
	struct ff_sb *s;

	ff_resolve_paths(r);
	ff_walk(&w);
	if (w.error) {
		/* Nothing frozen: the walk's failure is a failed freeze without entries. */
		ff_release_list(&w.visited);
		ff_end_op_locked(ff);
		ff_reply_op(ff, FF_REQ_FREEZE, FF_FAILED, r->id, 0, &thawed, &failed, 0, 0, 1, 0);
		return;
	}

	/* FF-DRV-15: newest first (ff_order). */
	list_for_each_entry(s, &w.visited, link) {
		bool selected = ff_selected(r, s->sb);
		int err;

		if (!selected || !ff_freezable(s->sb)) {
			/* FF-DRV-17/18; an unselected one is NOT_SELECTED even when unfreezable. */
			s->result = selected ? FF_RES_UNFREEZABLE : FF_RES_NOT_SELECTED;
			skipped++;
			continue;
		}
		if (failure || aborted || ff_aborted(ff)) {
			aborted = !failure;
			s->result = FF_RES_NOT_VISITED;
			continue;
		}
		err = ff_freeze_one(ff, s);
		if (err) {
			s->result = FF_RES_FAILED;
			s->error = err;
			failure = true;
			nfailed = 1;
		}
	}
	if (!failure && !aborted)
		aborted = ff_aborted(ff);

	if (!failure && !aborted) {
		ff_end_op_locked(ff);
		ff_reply_op(ff, FF_REQ_FREEZE, FF_OK, r->id, 0, &w.visited, &failed, 0, skipped, 0, 0);
		ff_release_list(&w.visited);
		return;
	}

	/* FF-DRV-19 / FF-DRV-14: roll back in the reverse of the freeze order. */
	ff_thaw_held(ff, &thawed, &failed);
	list_for_each_entry(s, &w.visited, link)
		if (s->result == FF_RES_FROZEN && ff_in_list(&thawed, s->sb))
			s->result = FF_RES_ROLLED_BACK;
	nthawed = ff_count(&thawed);
	nfailed += ff_count(&failed);
	ff_keep_failed(ff, &failed);
	spin_lock(&ff->lock);
	gone = ff->gone;
	ff_end_op(ff);
	spin_unlock(&ff->lock);
	if (gone)
		pr_info("virtio_fsfreeze: freeze %u abandoned: device going away\n", r->id);
	else
		ff_reply_op(ff, FF_REQ_FREEZE, failure ? FF_FAILED : FF_DEADLINE, r->id, 0,
			    &w.visited, &failed, nthawed, skipped, nfailed, 0);
	ff_release_list(&thawed);
	ff_release_list(&w.visited);
}

/*
 * THAW (FF-DRV-24, FF-DRV-25), the deadline's auto-thaw (FF-DRV-27) and
 * removal (FF-DRV-28) share this. @type is FF_REQ_THAW, FF_EVENT (sent only
 * with EVENTS and when something was held), or 0 for no message.
 */
static void ff_do_thaw(struct virtio_fsfreeze *ff, u16 type, u32 id, u32 event)
{
	unsigned int nthawed, nfailed;
	LIST_HEAD(thawed);
	LIST_HEAD(failed);

	ff_thaw_held(ff, &thawed, &failed);
	nthawed = ff_count(&thawed);
	nfailed = ff_count(&failed);
	if (type == FF_EVENT && (!ff_has(ff, VIRTIO_FSFREEZE_F_EVENTS) || !(nthawed + nfailed)))
		type = 0;
	if (type)
		ff_reply_op(ff, type, type == FF_EVENT || !nfailed ? FF_OK : FF_FAILED, id, event,
			    &thawed, &failed, nthawed, 0, nfailed, nfailed);
	ff_keep_failed(ff, &failed);
	ff_release_list(&thawed);
}

static void ff_op_work(struct work_struct *work)
{
	struct virtio_fsfreeze *ff = container_of(work, struct virtio_fsfreeze, op_work);
	struct ff_request r;

	spin_lock(&ff->lock);
	r = ff->op_req;
	memset(&ff->op_req, 0, sizeof(ff->op_req));
	spin_unlock(&ff->lock);

	if (r.type == FF_REQ_FREEZE) {
		ff_do_freeze(ff, &r);
	} else {
		ff_do_thaw(ff, FF_REQ_THAW, r.id, 0);
		ff_end_op_locked(ff);
	}
	ff_request_free(&r);
}

/* The deadline: abort a freeze in progress (FF-DRV-14) or thaw the held freeze (FF-DRV-27). */
static void ff_deadline_work(struct work_struct *work)
{
	struct virtio_fsfreeze *ff = container_of(to_delayed_work(work), struct virtio_fsfreeze,
						  deadline_work);
	bool thaw = false;

	spin_lock(&ff->lock);
	if (ff->op == FF_OP_FREEZING) {
		ff->abort = true;
	} else if (ff->op == FF_OP_NONE && ff->held_count && !ff->gone) {
		ff->op = FF_OP_THAWING;
		ff->deadline_armed = false;
		thaw = true;
	}
	spin_unlock(&ff->lock);
	if (!thaw)
		return;
	pr_info("virtio_fsfreeze: deadline passed; thawing\n");
	ff_do_thaw(ff, FF_EVENT, 0, FF_EV_AUTO_THAWED);
	ff_end_op_locked(ff);
}

/* ---- requestq ---- */

static void ff_post_request(struct virtio_fsfreeze *ff, void *buf, gfp_t gfp)
{
	struct scatterlist sg;

	sg_init_one(&sg, buf, ff->request_size);
	/* FF-DRV-3: device-writable only. */
	if (virtqueue_add_inbuf(ff->reqq, &sg, 1, buf, gfp))
		dev_warn(&ff->vdev->dev, "requestq buffer could not be posted\n");
}

static bool ff_is_request_buf(struct virtio_fsfreeze *ff, void *buf)
{
	unsigned int i;

	for (i = 0; i < FF_REQ_BUFS; i++)
		if (ff->req_bufs[i] == buf)
			return true;
	return false;
}

/* Every request gets exactly one reply (FF-DRV-8); FREEZE and THAW go to op_work. */
static void ff_handle(struct virtio_fsfreeze *ff, const u8 *buf, u32 len)
{
	struct ff_request r;
	u16 status;
	bool busy = false, frozen = false, gone;

	status = ff_parse(ff, buf, len, &r);
	if (status != FF_OK) {
		dev_dbg(&ff->vdev->dev, "request %u refused: %u\n", r.id, status);
		ff_request_free(&r);
		ff_reply_current(ff, r.type, status, r.id, false);
		return;
	}
	if (r.type == FF_REQ_STATUS) {
		/* FF-DRV-10: at once, whatever is in progress. */
		ff_reply_current(ff, FF_REQ_STATUS, FF_OK, r.id, true);
		return;
	}
	spin_lock(&ff->lock);
	gone = ff->gone;
	if (ff->op != FF_OP_NONE || gone) {
		busy = true;
	} else if (r.type == FF_REQ_FREEZE && ff->held_count) {
		frozen = true;
	} else {
		ff->op = r.type == FF_REQ_FREEZE ? FF_OP_FREEZING : FF_OP_THAWING;
		if (r.type == FF_REQ_FREEZE) {
			/* FF-DRV-14: the deadline runs from receipt, before anything is frozen. */
			ff->abort = false;
			ff->deadline_armed = true;
			ff->deadline = jiffies + msecs_to_jiffies(r.deadline_ms);
			mod_delayed_work(ff->wq, &ff->deadline_work, msecs_to_jiffies(r.deadline_ms));
		}
		ff->op_req = r;
	}
	spin_unlock(&ff->lock);
	if (busy || frozen) {
		/* FF-DRV-9 BUSY at once; FF-DRV-21 the held freeze stays as it is. */
		ff_request_free(&r);
		ff_reply_current(ff, r.type, busy ? FF_BUSY : FF_ALREADY_FROZEN, r.id, false);
		return;
	}
	queue_work(ff->wq, &ff->op_work);
}

static void ff_req_work(struct work_struct *work)
{
	struct virtio_fsfreeze *ff = container_of(work, struct virtio_fsfreeze, req_work);
	bool notify, reset, reposted = false;
	unsigned int len;
	void *buf;

	for (;;) {
		spin_lock(&ff->lock);
		buf = ff->broken ? NULL : virtqueue_get_buf(ff->reqq, &len);
		spin_unlock(&ff->lock);
		if (!buf)
			break;
		/*
		 * FF-DRV-13: a buffer never posted, or a used length beyond it,
		 * is a device error: ignored, nothing frozen because of it. (The
		 * virtio core already refuses ids it did not hand out.)
		 */
		if (!ff_is_request_buf(ff, buf)) {
			dev_warn(&ff->vdev->dev, "requestq completion for a buffer never posted\n");
			continue;
		}
		if (len > ff->request_size)
			dev_warn(&ff->vdev->dev, "requestq used length %u beyond the buffer\n", len);
		else
			/* Copied out and reposted at once (FF-DRV-2). */
			memcpy(ff->req_copy, buf, len);
		spin_lock(&ff->lock);
		if (!ff->broken)
			ff_post_request(ff, buf, GFP_ATOMIC);
		spin_unlock(&ff->lock);
		reposted = true;
		if (len <= ff->request_size)
			ff_handle(ff, ff->req_copy, len);
	}

	spin_lock(&ff->lock);
	notify = ff_flush_pending(ff);
	/*
	 * The virtio core marks a queue broken when the device breaks its ring
	 * (a used id never made available, FF-RING-16): nothing more comes
	 * from it until the device is reset, so reset it (FF-DRV-32).
	 */
	reset = !ff->broken && !ff->gone && !ff->removing &&
		(virtqueue_is_broken(ff->reqq) || virtqueue_is_broken(ff->replyq));
	if (reposted && !ff->broken && virtqueue_kick_prepare(ff->reqq)) {
		spin_unlock(&ff->lock);
		virtqueue_notify(ff->reqq);
	} else {
		spin_unlock(&ff->lock);
	}
	if (notify)
		virtqueue_notify(ff->replyq);
	if (reset) {
		dev_warn(&ff->vdev->dev, "the device broke a virtqueue\n");
		queue_work(ff->wq, &ff->reset_work);
	}
}

/* Interrupt context (vring_interrupt): only defer. */
static void ff_vq_done(struct virtqueue *vq)
{
	struct virtio_fsfreeze *ff = vq->vdev->priv;

	queue_work(ff->wq, &ff->req_work);
}

/* ---- Probe, removal, reset ---- */

static int ff_init_vqs(struct virtio_fsfreeze *ff)
{
	vq_callback_t *callbacks[] = { ff_vq_done, ff_vq_done };
	static const char * const names[] = { "requestq", "replyq" };
	struct virtqueue *vqs[2];
	int err;

	err = virtio_find_vqs(ff->vdev, 2, vqs, callbacks, names, NULL);
	if (err)
		return err;
	ff->reqq = vqs[0];
	ff->replyq = vqs[1];
	return 0;
}

/*
 * Stops everything: no new operation, a running FREEZE rolls back, then
 * everything held is thawed (FF-DRV-28). With @event, EVENT THAWED_ON_REMOVE
 * is sent and given a bounded time to reach the device before the reset.
 */
static void ff_quiesce_and_thaw(struct virtio_fsfreeze *ff, bool event)
{
	unsigned long until;
	bool empty;

	spin_lock(&ff->lock);
	ff->gone = true;
	ff->abort = true;
	spin_unlock(&ff->lock);
	flush_work(&ff->req_work);
	flush_work(&ff->op_work);
	cancel_delayed_work_sync(&ff->deadline_work);

	spin_lock(&ff->lock);
	ff->op = FF_OP_THAWING;
	spin_unlock(&ff->lock);
	ff_do_thaw(ff, event ? FF_EVENT : 0, 0, FF_EV_THAWED_ON_REMOVE);
	spin_lock(&ff->lock);
	ff->op = FF_OP_NONE;
	ff->deadline_armed = false;
	spin_unlock(&ff->lock);
	if (ff->held_count)
		dev_err(&ff->vdev->dev, "%u superblocks could not be thawed\n", ff->held_count);

	until = jiffies + msecs_to_jiffies(FF_EVENT_DRAIN_MS);
	do {
		spin_lock(&ff->lock);
		ff_flush_pending(ff);
		empty = list_empty(&ff->pending) &&
			virtqueue_get_vring_size(ff->replyq) == ff->replyq->num_free;
		spin_unlock(&ff->lock);
		if (empty || virtqueue_is_broken(ff->replyq))
			break;
		usleep_range(2000, 5000);
	} while (time_before(jiffies, until));
}

static void ff_free_queues(struct virtio_fsfreeze *ff)
{
	struct ff_msg *m, *next;
	void *buf;

	spin_lock(&ff->lock);
	ff->broken = true;
	spin_unlock(&ff->lock);
	/* The device is reset: no callback queues req_work again, and it touches no queue now. */
	cancel_work_sync(&ff->req_work);
	while ((buf = virtqueue_detach_unused_buf(ff->replyq)))
		kfree(buf);
	ff_reclaim_replies(ff);
	list_for_each_entry_safe(m, next, &ff->pending, link) {
		list_del(&m->link);
		kfree(m);
	}
	while (virtqueue_detach_unused_buf(ff->reqq))
		;
	ff->vdev->config->del_vqs(ff->vdev);
}

/*
 * Brings the device back after a reset, in the order of FF-INIT-2 (the core's
 * probe order; the features negotiated at probe are offered again). The
 * request buffers of the first probe are posted again: a reset takes no more
 * memory than the probe did (FF-DRV-33). On failure the device is left FAILED
 * and the driver serves nothing until it is reloaded.
 */
static int ff_reinit(struct virtio_fsfreeze *ff)
{
	struct virtio_device *vdev = ff->vdev;
	unsigned int i;
	int err;

	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	err = vdev->config->finalize_features(vdev);
	if (err)
		goto fail;
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		err = -ENODEV;
		goto fail;
	}
	err = ff_init_vqs(ff);
	if (err)
		goto fail;
	spin_lock(&ff->lock);
	ff->broken = false;
	ff->gone = false;
	ff->abort = false;
	for (i = 0; i < FF_REQ_BUFS; i++)
		ff_post_request(ff, ff->req_bufs[i], GFP_ATOMIC);
	spin_unlock(&ff->lock);
	virtio_device_ready(vdev);
	virtqueue_kick(ff->reqq);
	dev_info(&vdev->dev, "reinitialised after the reset\n");
	return 0;

fail:
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FAILED);
	dev_err(&vdev->dev, "reinitialisation after the reset failed (%d): serving nothing until reloaded\n", err);
	return err;
}

/*
 * DEVICE_NEEDS_RESET (FF-DRV-28), or a queue the virtio core marked broken
 * because the device broke the ring (FF-DRV-13, FF-DRV-32): thaw everything,
 * reset, and set the device up again. Process context.
 */
static void ff_reset_work(struct work_struct *work)
{
	struct virtio_fsfreeze *ff = container_of(work, struct virtio_fsfreeze, reset_work);
	bool freed;

	spin_lock(&ff->lock);
	freed = ff->broken;
	spin_unlock(&ff->lock);
	dev_warn(&ff->vdev->dev, "thawing and resetting the device\n");
	if (freed) {
		/* An earlier reinitialisation failed: no queue, nothing held. */
		virtio_reset_device(ff->vdev);
	} else {
		ff_quiesce_and_thaw(ff, false);
		virtio_reset_device(ff->vdev);
		ff_free_queues(ff);
	}
	ff_reinit(ff);
}

static void ff_config_changed(struct virtio_device *vdev)
{
	struct virtio_fsfreeze *ff = vdev->priv;

	if (vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_NEEDS_RESET) {
		dev_warn(&vdev->dev, "DEVICE_NEEDS_RESET\n");
		queue_work(ff->wq, &ff->reset_work);
	}
}

static int ff_read_config(struct virtio_fsfreeze *ff)
{
	struct virtio_fsfreeze_config c;

	/* FF-DRV-6: the generation loop is inside virtio_cread_bytes(). */
	virtio_cread_bytes(ff->vdev, 0, &c, sizeof(c));
	ff->request_size = le32_to_cpu(c.request_size);
	ff->max_entries = min_t(u32, le32_to_cpu(c.max_entries), FF_ENTRIES_MAX);
	ff->max_deadline_ms = le32_to_cpu(c.max_deadline_ms);
	if (ff->request_size < FF_REQ_HDR || ff->request_size > FF_REQ_SIZE_MAX) {
		dev_err(&ff->vdev->dev, "request_size %u out of range\n", ff->request_size);
		return -EINVAL;
	}
	/* FF-DEV-5: at least 1; with 0 no FREEZE could ever be carried out. */
	if (!ff->max_deadline_ms) {
		dev_err(&ff->vdev->dev, "max_deadline_ms is 0\n");
		return -EINVAL;
	}
	return 0;
}

static int ff_probe(struct virtio_device *vdev)
{
	struct virtio_fsfreeze *ff;
	unsigned int i;
	int err;

	if (!vdev->config->get) {
		dev_err(&vdev->dev, "no configuration access\n");
		return -EINVAL;
	}
	ff = kzalloc(sizeof(*ff), GFP_KERNEL);
	if (!ff)
		return -ENOMEM;
	ff->vdev = vdev;
	vdev->priv = ff;
	spin_lock_init(&ff->lock);
	INIT_LIST_HEAD(&ff->held);
	INIT_LIST_HEAD(&ff->pending);
	INIT_WORK(&ff->req_work, ff_req_work);
	INIT_WORK(&ff->op_work, ff_op_work);
	INIT_WORK(&ff->reset_work, ff_reset_work);
	INIT_DELAYED_WORK(&ff->deadline_work, ff_deadline_work);

	err = ff_read_config(ff);
	if (err)
		goto err_free;
	/* Not WQ_FREEZABLE: a thaw must run whatever the system is doing. */
	ff->wq = alloc_workqueue("virtio_fsfreeze", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!ff->wq) {
		err = -ENOMEM;
		goto err_free;
	}
	ff->req_copy = kzalloc(ff->request_size, GFP_KERNEL);
	if (!ff->req_copy) {
		err = -ENOMEM;
		goto err_bufs;
	}
	for (i = 0; i < FF_REQ_BUFS; i++) {
		ff->req_bufs[i] = kzalloc(ff->request_size, GFP_KERNEL);
		if (!ff->req_bufs[i]) {
			err = -ENOMEM;
			goto err_bufs;
		}
	}
	/* FF-DRV-7: without both queues the probe fails and the core sets FAILED. */
	err = ff_init_vqs(ff);
	if (err)
		goto err_bufs;
	for (i = 0; i < FF_REQ_BUFS; i++)
		ff_post_request(ff, ff->req_bufs[i], GFP_KERNEL);
	if (ff->reqq->num_free > virtqueue_get_vring_size(ff->reqq) - 2) {
		dev_err(&vdev->dev, "fewer than two request buffers posted\n");
		err = -ENOSPC;
		goto err_vqs;
	}
	/* FF-DRV-2: buffers are posted before DRIVER_OK. */
	virtio_device_ready(vdev);
	virtqueue_kick(ff->reqq);
	dev_info(&vdev->dev, "virtio-fsfreeze: request_size %u max_entries %u max_deadline_ms %u features 0x%llx\n",
		 ff->request_size, ff->max_entries, ff->max_deadline_ms, vdev->features);
	return 0;

err_vqs:
	virtio_reset_device(vdev);
	vdev->config->del_vqs(vdev);
err_bufs:
	for (i = 0; i < FF_REQ_BUFS; i++)
		kfree(ff->req_bufs[i]);
	kfree(ff->req_copy);
	destroy_workqueue(ff->wq);
err_free:
	kfree(ff);
	return err;
}

static void ff_remove(struct virtio_device *vdev)
{
	struct virtio_fsfreeze *ff = vdev->priv;
	unsigned int i;
	bool already_reset;

	spin_lock(&ff->lock);
	ff->removing = true;
	spin_unlock(&ff->lock);
	/* A reset already running ends (set up again, or failed) before the removal goes on. */
	cancel_work_sync(&ff->reset_work);
	spin_lock(&ff->lock);
	already_reset = ff->broken;
	spin_unlock(&ff->lock);
	if (!already_reset) {
		/* FF-DRV-28: thaw and tell the device before it is reset. */
		ff_quiesce_and_thaw(ff, true);
		virtio_reset_device(vdev);
		ff_free_queues(ff);
	}
	cancel_delayed_work_sync(&ff->deadline_work);
	destroy_workqueue(ff->wq);
	for (i = 0; i < FF_REQ_BUFS; i++)
		kfree(ff->req_bufs[i]);
	kfree(ff->req_copy);
	kfree(ff);
}

static const struct virtio_device_id id_table[] = {
	{ VIRTIO_ID_FSFREEZE, VIRTIO_DEV_ANY_ID },
	{ 0 },
};

static unsigned int features[] = {
	VIRTIO_FSFREEZE_F_SB_DETAIL,
	VIRTIO_FSFREEZE_F_SELECTIVE,
	VIRTIO_FSFREEZE_F_EVENTS,
};

static struct virtio_driver virtio_fsfreeze_driver = {
	.feature_table = features,
	.feature_table_size = ARRAY_SIZE(features),
	.driver.name = KBUILD_MODNAME,
	.driver.owner = THIS_MODULE,
	.id_table = id_table,
	.probe = ff_probe,
	.remove = ff_remove,
	.config_changed = ff_config_changed,
};

module_virtio_driver(virtio_fsfreeze_driver);
MODULE_DEVICE_TABLE(virtio, id_table);
MODULE_DESCRIPTION("virtio-fsfreeze: freeze guest filesystems at the host's request");
MODULE_LICENSE("Dual MIT/GPL");
