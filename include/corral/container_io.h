/*
 * container_io.h — what a container's tasks read from and write to disk, and
 * its io_bps_max (DESIGN.md section 5; kernel/container_io.c).
 *
 * Who pays for a request (charged when it is submitted, in fs/block.c):
 *   - a write of a page -- write-back by fsync, sync, the flusher, reclaim,
 *     swap-out -- is charged to the page's container (page->container), the
 *     one whose data it is, whoever writes it;
 *   - every other request -- reads (page-cache read-in and read-ahead, swap
 *     in, ext2's metadata, /dev/hda) and writes that are not of a page
 *     (ext2's metadata, /dev/hda) -- to the container of the task that
 *     submits it (Linux's rule for reads too).
 *
 * Who waits (io_bps_max, a token bucket: include/corral/block_throttle.h):
 * a task waits only for its own container's budget, and only where it may
 * sleep without holding up anybody else: before it submits the disk I/O of
 * a file page whose container is its own, or before a read or write of a
 * disk device file (container_io_throttle, from fs/ext2/file.c and
 * fs/blockdev.c).  Everything else is charged and goes at once, leaving
 * the container in debt, which its own tasks then pay by waiting longer:
 * the flusher, sync and reclaim of other containers' pages (they must not
 * stall behind a throttled container), swap (a shared pool of requests),
 * ext2's metadata (under the filesystem's lock).  The flusher in turn skips
 * the pages of a container in debt until a later round.
 */
#ifndef CORRAL_CONTAINER_IO_H
#define CORRAL_CONTAINER_IO_H

#include <corral/types.h>

struct container;
struct page;

/* One container's I/O, copied at one moment (container_io_get_stat). */
struct container_io_stat {
	uint32_t bps_max;        /* CONTAINER_NO_LIMIT: max */
	uint64_t rbytes, wbytes; /* submitted, in bytes */
	uint64_t throttled_usec; /* its tasks' time asleep for the budget, summed */
};

/* A request of `bytes` is being submitted: charge the container that pays
 * (owner_page's for a page write-back, else the current task's).  Never
 * sleeps; any context (a completion callback that submits charges whatever
 * task it interrupted: none does today). */
void container_io_charge(const struct page *owner_page, bool is_write, uint32_t bytes);
/* Before submitting the I/O of owner_page (a write of it) or of a read
 * (NULL): if the container that pays is the current task's own and is in
 * debt, sleep until its bucket allows (a pending signal cuts the sleep
 * short; the request then goes, the debt stays).  Task context, no spinlock,
 * and nothing held that a task of another container would wait for. */
void container_io_throttle(const struct page *owner_page);
/* Is c over its budget now (in debt)?  The flusher leaves its pages for
 * a later round. */
bool container_io_is_throttled(struct container *c);

/* io_bps_max: bytes per second, CONTAINER_NO_LIMIT for none.  0 or
 * -EINVAL (the root, which has no limits; 0, which would stop its I/O for
 * good). */
int container_set_io_bps_max(struct container *c, uint32_t bps_max);
void container_io_get_stat(struct container *c, struct container_io_stat *out);

#endif
