/*
 * page_io.c — page locks, and the end of a page's I/O.
 *
 * A page cache page is locked (PG_LOCKED) while it is read from the backing
 * store or its contents or place in the cache change; others sleep until it
 * is unlocked.  It is under write-back (PG_WRITEBACK) while it is written;
 * truncation waits for that too.  Sleepers wait on one of a few shared wait
 * queues chosen by the page's frame number, as Linux does: a wait queue per
 * page would double struct page, and waits are rare and short.
 *
 * Drivers finish I/O from their interrupt handlers, so page_read_done and
 * page_write_done only change flags atomically, update counters with
 * interrupts off and wake sleepers.  Next: mm/filemap.c.
 */
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/spinlock.h>
#include <corral/wait.h>

#include "page_cache_internal.h"

#define PAGE_WAIT_QUEUES 16 /* a power of two */
#define PWQ(i) WAIT_QUEUE_INIT(page_wait_queues[i])

static struct wait_queue page_wait_queues[PAGE_WAIT_QUEUES] = {
	PWQ(0), PWQ(1), PWQ(2),  PWQ(3),  PWQ(4),  PWQ(5),  PWQ(6),  PWQ(7),
	PWQ(8), PWQ(9), PWQ(10), PWQ(11), PWQ(12), PWQ(13), PWQ(14), PWQ(15),
};

static struct wait_queue *page_wait_queue(const struct page *page)
{
	uint32_t hash = page_to_pfn(page) * 2654435761u; /* Knuth's multiplicative hash */
	return &page_wait_queues[hash >> 28];
}

void page_lock(struct page *page)
{
	wait_event(page_wait_queue(page), !page_flag_test_and_set(page, PG_LOCKED));
}

bool page_trylock(struct page *page)
{
	return !page_flag_test_and_set(page, PG_LOCKED);
}

void page_unlock(struct page *page)
{
	page_flag_clear(page, PG_LOCKED);
	wake_up(page_wait_queue(page));
}

void page_wait_unlocked(struct page *page)
{
	wait_event(page_wait_queue(page), !page_flag_is_set(page, PG_LOCKED));
}

void page_wait_writeback(struct page *page)
{
	wait_event(page_wait_queue(page), !page_flag_is_set(page, PG_WRITEBACK));
}

void page_read_done(struct page *page, int err)
{
	if (err) {
		page_flag_set(page, PG_ERROR);
	} else {
		page_flag_set(page, PG_UPTODATE);
		page_io_count_read();
	}
	page_unlock(page);
}

void page_write_wake(struct page *page)
{
	wake_up(page_wait_queue(page));
}

void page_write_done(struct page *page, int err)
{
	if (err)
		page_flag_set(page, PG_ERROR); /* write-back reports it (fsync, sync) */
	page_writeback_end(page, err);
	wake_up(page_wait_queue(page));
}

/* A page written to a swap device (mm/swap_io.c): it belongs to no file, so
 * write-back's counters and the dirty-inode list are not its business; only
 * the flags and the waiters are. */
void page_swap_write_done(struct page *page, int err)
{
	if (err)
		page_flag_set(page, PG_ERROR);
	page_flag_clear(page, PG_WRITEBACK);
	wake_up(page_wait_queue(page));
}
