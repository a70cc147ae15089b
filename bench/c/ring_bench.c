// SPDX-License-Identifier: MIT
/*
 * C baseline for the split-ring round trip that bench/FsFreeze.Benchmarks measures in C#: the driver adds
 * one-descriptor chains (free list, available ring, index published with a release barrier), the device pops
 * them with the same validation the reference device end applies (available-index jump, head range, chain
 * walk with a time-to-live, zero length, bounds against guest memory, readable-after-writable), pushes used
 * elements, and the driver reclaims them, checking the id is in range and in flight and the length fits.
 * Layouts and vring_need_event come from Linux's <linux/virtio_ring.h>, so the baseline uses the uapi
 * definitions and the C# model is compared against the same ring.
 *
 * Usage: ring_bench [chains]   prints "ns_per_chain=<value>" for the fastest of several runs, in processor time
 * (CLOCK_PROCESS_CPUTIME_ID), so time spent descheduled on a shared machine does not count.
 */
#include <linux/virtio_ring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QUEUE_SIZE 256
#define BATCH 128
#define MEM_BASE 0x10000ull
#define MEM_SIZE (16u << 20)

struct driver {
	struct vring vr;
	uint16_t free_head, num_free, avail_idx, last_used;
	uint16_t next[QUEUE_SIZE];
	uint32_t writable[QUEUE_SIZE];
	uint64_t token[QUEUE_SIZE];
	uint8_t in_flight[QUEUE_SIZE];
	int added;
};

struct device {
	struct vring vr;
	uint16_t last_avail, used_idx, signalled;
	uint8_t in_flight[QUEUE_SIZE];
	int broken;
};

static uint8_t *memory;

static inline int valid_range(uint64_t addr, uint32_t len)
{
	return addr >= MEM_BASE && len <= MEM_SIZE && addr - MEM_BASE <= MEM_SIZE - len;
}

static int driver_add(struct driver *d, uint64_t addr, uint32_t len, uint64_t token)
{
	uint16_t head;

	if (d->num_free == 0)
		return -1;
	head = d->free_head;
	d->vr.desc[head].addr = addr;
	d->vr.desc[head].len = len;
	d->vr.desc[head].flags = VRING_DESC_F_WRITE;
	d->vr.desc[head].next = 0;
	d->free_head = d->next[head];
	d->num_free--;
	d->writable[head] = len;
	d->token[head] = token;
	d->in_flight[head] = 1;
	d->vr.avail->ring[d->avail_idx & (QUEUE_SIZE - 1)] = head;
	__atomic_store_n(&d->vr.avail->idx, (uint16_t)(d->avail_idx + 1), __ATOMIC_RELEASE);
	d->avail_idx++;
	d->added++;
	return 0;
}

static int driver_needs_kick(struct driver *d)
{
	uint16_t new_idx = d->avail_idx, old_idx = (uint16_t)(new_idx - d->added);

	d->added = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return vring_need_event(vring_avail_event(&d->vr), new_idx, old_idx);
}

static int device_serve(struct device *v, uint32_t written)
{
	uint16_t avail = __atomic_load_n(&v->vr.avail->idx, __ATOMIC_ACQUIRE);
	uint16_t head, idx;
	uint64_t total = 0;
	int ttl = QUEUE_SIZE, seen_writable = 0;
	struct vring_used_elem *elem;

	if (v->broken || avail == v->last_avail)
		return 0;
	if ((uint16_t)(avail - v->last_avail) > QUEUE_SIZE) {
		v->broken = 1;
		return -1;
	}
	head = v->vr.avail->ring[v->last_avail & (QUEUE_SIZE - 1)];
	if (head >= QUEUE_SIZE || v->in_flight[head]) {
		v->broken = 1;
		return -1;
	}
	idx = head;
	for (;;) {
		struct vring_desc *desc = &v->vr.desc[idx];
		int writable = desc->flags & VRING_DESC_F_WRITE;

		if (ttl-- == 0 || desc->len == 0 || !valid_range(desc->addr, desc->len) ||
		    (desc->flags & VRING_DESC_F_INDIRECT) || (!writable && seen_writable)) {
			v->broken = 1;
			return -1;
		}
		seen_writable |= writable;
		total += desc->len;
		if (!(desc->flags & VRING_DESC_F_NEXT))
			break;
		if (desc->next >= QUEUE_SIZE) {
			v->broken = 1;
			return -1;
		}
		idx = desc->next;
	}
	v->last_avail++;
	vring_avail_event(&v->vr) = v->last_avail;
	if (written > total)
		written = (uint32_t)total;
	elem = &v->vr.used->ring[v->used_idx & (QUEUE_SIZE - 1)];
	elem->id = head;
	elem->len = written;
	v->used_idx++;
	__atomic_store_n(&v->vr.used->idx, v->used_idx, __ATOMIC_RELEASE);
	return 1;
}

static int device_needs_interrupt(struct device *v)
{
	uint16_t old_idx = v->signalled, new_idx = v->used_idx;

	v->signalled = new_idx;
	if (old_idx == new_idx)
		return 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return vring_need_event(vring_used_event(&v->vr), new_idx, old_idx);
}

static int driver_reclaim(struct driver *d, uint64_t *token, uint32_t *len)
{
	uint16_t used = __atomic_load_n(&d->vr.used->idx, __ATOMIC_ACQUIRE);
	struct vring_used_elem *elem;
	uint32_t id;

	if (used == d->last_used)
		return 0;
	elem = &d->vr.used->ring[d->last_used & (QUEUE_SIZE - 1)];
	id = elem->id;
	d->last_used++;
	vring_used_event(&d->vr) = d->last_used;
	if (id >= QUEUE_SIZE || !d->in_flight[id] || elem->len > d->writable[id])
		return -1;
	*token = d->token[id];
	*len = elem->len;
	d->in_flight[id] = 0;
	d->next[id] = d->free_head;
	d->free_head = (uint16_t)id;
	d->num_free++;
	return 1;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long chains = argc > 1 ? atol(argv[1]) : 20000000L;
	double best = 1e30;
	uint64_t checksum = 0;

	memory = aligned_alloc(4096, MEM_SIZE);
	if (!memory)
		return 1;
	for (int run = 0; run < 5; run++) {
		struct driver d;
		struct device v;
		double start, elapsed;
		long done = 0;

		memset(memory, 0, MEM_SIZE);
		memset(&d, 0, sizeof(d));
		memset(&v, 0, sizeof(v));
		vring_init(&d.vr, QUEUE_SIZE, memory, 4096);
		vring_init(&v.vr, QUEUE_SIZE, memory, 4096);
		for (int i = 0; i < QUEUE_SIZE; i++)
			d.next[i] = (uint16_t)(i + 1);
		d.num_free = QUEUE_SIZE;
		start = now_ns();
		while (done < chains) {
			uint64_t token;
			uint32_t len;

			for (int i = 0; i < BATCH; i++)
				if (driver_add(&d, MEM_BASE + (8u << 20) + (uint64_t)i * 256, 64, (uint64_t)done + i))
					return 2;
			checksum += driver_needs_kick(&d);
			for (int i = 0; i < BATCH; i++)
				if (device_serve(&v, 32) != 1)
					return 3;
			checksum += device_needs_interrupt(&v);
			while (driver_reclaim(&d, &token, &len) == 1)
				checksum += token + len;
			done += BATCH;
		}
		elapsed = (now_ns() - start) / (double)chains;
		if (elapsed < best)
			best = elapsed;
	}
	printf("ns_per_chain=%.2f checksum=%llu\n", best, (unsigned long long)checksum);
	return 0;
}
