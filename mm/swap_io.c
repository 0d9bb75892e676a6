/*
 * swap_io.c — pages to and from swap slots, asynchronously, without allocating.
 *
 * Policy: reclaim writes pages out when memory is gone, so this path never
 * allocates: every request comes from a fixed pool of SWAP_IO_POOL_SIZE block
 * requests made at boot.  When all are in flight the caller sleeps until a
 * completion gives one back (the disk finishes them whatever memory does).
 * One slot is one page is one request of 8 sectors at sector offset * 8;
 * slots allocated one after the other are adjacent on the disk, and the
 * block queue merges their writes into one command.
 *
 *   swap_write_page(page, e) ─► pool entry ─► block_submit ─► [IRQ 14] ─►
 *       swap_io_complete: count pswpout, entry back to the pool,
 *       page_swap_write_done (PG_WRITEBACK cleared, waiters woken)
 *   swap_read_page: the same, ending in page_read_done (up to date, unlocked)
 *
 * Each device counts its requests in flight (nr_io_in_flight, swap_lock), so
 * swapoff can wait for the last one before freeing the device.  A request
 * whose slot is not in use is refused (-EINVAL): it would overwrite, or read,
 * someone else's page.
 *
 * Locking: swap_io_lock (interrupts off: completions run in the disk
 * interrupt) guards the free list and the counters; a leaf, never held with
 * swap_lock.  Read next: mm/swap_state.c.
 */
#include <corral/block.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/time.h>
#include <uapi/errno.h>

#include "swap_internal.h"

#define SWAP_IO_POOL_SIZE 32
#define SWAP_SECTORS_PER_PAGE (PAGE_SIZE / BLOCK_SECTOR_SIZE)

struct swap_io {
	struct block_request req;
	struct page *page;
	struct swap_device *dev;
	bool is_write;
	struct swap_io *next_free; /* on the free list: swap_io_lock */
};

static struct spinlock swap_io_lock = SPINLOCK_INIT("swap io");
static struct swap_io swap_io_pool[SWAP_IO_POOL_SIZE];
/* Under swap_io_lock: */
static struct swap_io *swap_io_free_list;
static uint64_t nr_pages_in, nr_pages_out;
/* Woken whenever a request ends: pool waiters and swapoff. */
static struct wait_queue swap_io_wait = WAIT_QUEUE_INIT(swap_io_wait);

void swap_io_init(void)
{
	static bool is_done; /* a second call would put every request on the list twice */
	if (is_done)
		return;
	is_done = true;
	for (int i = 0; i < SWAP_IO_POOL_SIZE; i++) {
		swap_io_pool[i].next_free = swap_io_free_list;
		swap_io_free_list = &swap_io_pool[i];
	}
}

void swap_io_get_counts(uint64_t *nr_in, uint64_t *nr_out)
{
	uint32_t flags = spin_lock_irqsave(&swap_io_lock);
	*nr_in = nr_pages_in;
	*nr_out = nr_pages_out;
	spin_unlock_irqrestore(&swap_io_lock, flags);
}

/* ---- the pool ------------------------------------------------------------- */

static struct swap_io *swap_io_try_get(void)
{
	uint32_t flags = spin_lock_irqsave(&swap_io_lock);
	struct swap_io *io = swap_io_free_list;
	if (io)
		swap_io_free_list = io->next_free;
	spin_unlock_irqrestore(&swap_io_lock, flags);
	return io;
}

static void swap_io_put(struct swap_io *io)
{
	uint32_t flags = spin_lock_irqsave(&swap_io_lock);
	io->next_free = swap_io_free_list;
	swap_io_free_list = io;
	spin_unlock_irqrestore(&swap_io_lock, flags);
	wake_up(&swap_io_wait);
}

/* Nobody else waits on the disk for our requests: look for a stuck command
 * now and then, or a lost interrupt would keep the pool empty forever. */
static void swap_io_check_timeouts(void)
{
	struct block_device *bdevs[MAX_SWAPFILES];
	int n = 0;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	for (int i = 0; i < MAX_SWAPFILES; i++)
		if (swap_devices[i].flags & SWAP_DEV_USED)
			bdevs[n++] = swap_devices[i].bdev;
	spin_unlock_irqrestore(&swap_lock, flags);
	for (int i = 0; i < n; i++)
		block_check_timeout(bdevs[i]); /* devices are never unregistered */
}

static struct swap_io *swap_io_get(void)
{
	struct swap_io *io = NULL;
	while (!wait_event_timeout(&swap_io_wait, (io = swap_io_try_get()) != NULL, HZ))
		swap_io_check_timeouts();
	return io;
}

/* ---- devices' requests in flight -------------------------------------------- */

/* e's device, with one more request in flight, if e's slot is in use. */
static struct swap_device *swap_io_begin(swp_entry_t e)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_device_of_locked(e);
	if (dev && dev->map[swp_offset(e)] != 0)
		dev->nr_io_in_flight++;
	else
		dev = NULL;
	spin_unlock_irqrestore(&swap_lock, flags);
	return dev;
}

static void swap_io_end(struct swap_device *dev)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	dev->nr_io_in_flight--;
	spin_unlock_irqrestore(&swap_lock, flags);
}

static bool swap_device_is_idle(struct swap_device *dev)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	bool is_idle = dev->nr_io_in_flight == 0;
	spin_unlock_irqrestore(&swap_lock, flags);
	return is_idle;
}

void swap_io_wait_idle(struct swap_device *dev)
{
	while (!wait_event_timeout(&swap_io_wait, swap_device_is_idle(dev), HZ))
		block_check_timeout(dev->bdev);
}

/* ---- page I/O ------------------------------------------------------------- */

/* In the disk interrupt (or in the task, for a disk that ends at once). */
static void swap_io_complete(struct block_request *req)
{
	struct swap_io *io = req->private;
	struct page *page = io->page;
	bool is_write = io->is_write;
	int err = req->status;
	uint32_t flags = spin_lock_irqsave(&swap_io_lock);
	if (!err && is_write)
		nr_pages_out++;
	else if (!err)
		nr_pages_in++;
	spin_unlock_irqrestore(&swap_io_lock, flags);
	swap_io_end(io->dev);
	swap_io_put(io); /* the request is ours again: the block layer is done with it */
	if (is_write)
		page_swap_write_done(page, err);
	else
		page_read_done(page, err);
}

static int swap_io_submit(struct page *page, swp_entry_t e, bool is_write)
{
	struct swap_io *io = swap_io_get(); /* may sleep: look at e only afterwards */
	struct swap_device *dev = swap_io_begin(e);
	if (!dev) {
		swap_io_put(io);
		return -EINVAL;
	}
	io->page = page;
	io->dev = dev;
	io->is_write = is_write;
	block_request_init(&io->req, dev->bdev, is_write ? BLOCK_WRITE : BLOCK_READ,
			   (uint64_t)swp_offset(e) * SWAP_SECTORS_PER_PAGE, SWAP_SECTORS_PER_PAGE,
			   page_to_virt(page));
	io->req.on_complete = swap_io_complete;
	io->req.private = io;
	/* Swap-out is charged to the page's container, swap-in to the faulting
	 * task's; neither waits for io_bps_max (the pool is everyone's): the
	 * debt makes the container's own file I/O wait longer instead. */
	io->req.owner_page = is_write ? page : NULL;
	int err = block_submit(&io->req);
	if (err) { /* refused: it will never complete */
		swap_io_end(dev);
		swap_io_put(io);
	}
	return err;
}

int swap_write_page(struct page *page, swp_entry_t e)
{
	return swap_io_submit(page, e, true);
}

int swap_read_page(struct page *page, swp_entry_t e)
{
	return swap_io_submit(page, e, false);
}
