/*
 * container_io.c — containers meet the disk: each one's bytes read and
 * written, and its io_bps_max kept by a token bucket.  The rules -- who
 * pays for a request, who waits -- are in include/corral/container_io.h;
 * the bucket's arithmetic in fs/block_throttle.c.
 *
 *   block_submit ─► container_io_charge: io_rbytes/io_wbytes += bytes,
 *                   the payer's bucket -= bytes (maybe into debt)
 *   ext2 page I/O,
 *   /dev/hdX r/w  ─► container_io_throttle: own container in debt?
 *                   sleep_ticks until the refill pays it; io_throttled_usec
 *   flusher      ─► container_io_is_throttled: skip it this round
 *
 * Why the wait is before the request and not inside the block layer: the
 * block queue is shared by every container and block_submit never sleeps
 * (completion callbacks submit); a task that sleeps before submitting holds
 * no queue lock and nothing in the queue, so other containers' requests go
 * by it untouched.
 *
 * Locking: the counters and the bucket are container fields, under
 * container_lock like the others (include/corral/container_internal.h);
 * the lock is never held across a sleep.  A sleeping task holds a
 * reference to its container, so rmdir meanwhile frees nothing under it
 * (and a freeing container stops throttling).  Read next: fs/block.c.
 */
#include <corral/container_internal.h>
#include <corral/container_io.h>
#include <corral/page.h>
#include <corral/task.h>
#include <corral/time.h>
#include <uapi/errno.h>

#define USEC_PER_TICK (1000000 / HZ)
/* A long wait is slept in slices, each looking again: `max` written, or
 * rmdir, lets the task go within a slice even amid a long debt. */
#define CONTAINER_IO_SLICE_TICKS (HZ / 4)

/* The container that pays for I/O of owner_page, or of the current task's
 * request when NULL.  Under container_lock. */
static struct container *container_io_payer_locked(const struct page *owner_page)
{
	struct container *c = NULL;
	if (owner_page)
		c = owner_page->container;
	else if (current)
		c = current->container;
	return c ? c : &root_container;
}

void container_io_charge(const struct page *owner_page, bool is_write, uint32_t bytes)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = container_io_payer_locked(owner_page);
	if (is_write)
		c->io_wbytes += bytes;
	else
		c->io_rbytes += bytes;
	block_throttle_charge(&c->io_bucket, bytes, jiffies_read());
	spin_unlock_irqrestore(&container_lock, flags);
}

/* Ticks the current task must wait before its request for owner_page, and
 * its container (with a reference, when it must wait).  Under container_lock. */
static uint64_t container_io_wait_locked(const struct page *owner_page, struct container **out)
{
	struct container *own = current ? current->container : NULL;
	if (!own || own->is_freeing || container_io_payer_locked(owner_page) != own)
		return 0;
	uint64_t ticks = block_throttle_wait_ticks(&own->io_bucket, jiffies_read());
	if (ticks) {
		own->refcount++;
		*out = own;
	}
	return ticks;
}

void container_io_throttle(const struct page *owner_page)
{
	for (;;) {
		struct container *c = NULL;
		uint32_t flags = spin_lock_irqsave(&container_lock);
		uint64_t ticks = container_io_wait_locked(owner_page, &c);
		spin_unlock_irqrestore(&container_lock, flags);
		if (!ticks)
			return;
		uint64_t start = jiffies_read();
		int err = sleep_ticks_interruptible(MIN(ticks, (uint64_t)CONTAINER_IO_SLICE_TICKS));
		uint64_t slept = jiffies_read() - start;
		flags = spin_lock_irqsave(&container_lock);
		c->io_throttled_usec += slept * USEC_PER_TICK;
		spin_unlock_irqrestore(&container_lock, flags);
		container_put(c);
		if (err)
			return; /* a signal: let it be seen; the debt is paid later */
	}
}

bool container_io_is_throttled(struct container *c)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	bool is_throttled = block_throttle_wait_ticks(&c->io_bucket, jiffies_read()) > 0;
	spin_unlock_irqrestore(&container_lock, flags);
	return is_throttled;
}

int container_set_io_bps_max(struct container *c, uint32_t bps_max)
{
	if (c == &root_container || bps_max == 0)
		return -EINVAL;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	block_throttle_set_limit(&c->io_bucket, bps_max == CONTAINER_NO_LIMIT ? 0 : bps_max,
				 jiffies_read());
	spin_unlock_irqrestore(&container_lock, flags);
	return 0;
}

void container_io_get_stat(struct container *c, struct container_io_stat *out)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint32_t bps = c->io_bucket.bps_max;
	out->bps_max = bps ? bps : CONTAINER_NO_LIMIT;
	out->rbytes = c->io_rbytes;
	out->wbytes = c->io_wbytes;
	out->throttled_usec = c->io_throttled_usec;
	spin_unlock_irqrestore(&container_lock, flags);
}
