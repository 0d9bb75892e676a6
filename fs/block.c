/*
 * block.c — the block layer: a registry of disks and a request queue for each.
 *
 * It lives in fs/ because its users are there (the device files, ext2 and,
 * through the page cache, every file on a disk), while the one driver below it
 * is hardware and lives in arch/x86/ata.c.  Nothing here knows about ATA.
 *
 * Policy first.  A device does one command at a time.  Requests that arrive
 * meanwhile wait on the device's `waiting` list, and when the command ends
 * the next one is built from them:
 *
 *   waiting:  [R 8+8] [R 16+8] [W 40+2] [R 90+8] | FLUSH | [R 0+8] ...
 *              \______ segment: sorted by sector _____/  barrier   next segment
 *
 *   - Order (the elevator, C-LOOK): within the first segment, the first
 *     request at or after the sector where the last command ended, else the
 *     segment's lowest.  The head sweeps upwards, then jumps back, so a stream
 *     of requests below it cannot starve one above.
 *   - Merging: the chosen request takes along the requests that follow it in
 *     the list while each starts exactly where the command ends, goes the
 *     same direction, and the total stays within the driver's max_sectors.
 *     [R 8+8] [R 16+8] above become one command of 16 sectors; the driver
 *     moves each sector into the right request's buffer through
 *     block_command_next_sector().
 *   - Flushes are barriers: everything queued before a flush is done before
 *     it starts, everything queued after waits for it.
 *   - Accounting happens here and nowhere else: requests when submitted,
 *     sectors when they completed (block_stats), and the bytes of each
 *     request charged, when submitted, to the container that pays for it
 *     (block_account_container; req->owner_page says whose page it is).
 *     io_bps_max never holds a request in this queue: a task waits for its
 *     container's budget before it submits (kernel/container_io.c), so no
 *     container's requests ever queue behind a throttled one's.
 *
 * Completion: the driver calls block_command_done() (normally from its
 * interrupt); each request gets its status, then its callback runs or its
 * waiter wakes.  A command stuck past the device's timeout is aborted by the
 * next task that waits for it (block_wait -> block_check_timeout -> the
 * driver's abort, which resets the device and ends the command with -EIO).
 *
 * Locking: each device's queue_lock (a spinlock, interrupts off) covers its
 * queue, command and counters, because the driver's interrupt ends a command
 * and starts the next.  It is never held while calling the driver, a
 * callback or wake_up().  The registry is written at boot only.
 * Read next: arch/x86/ata.c (the driver), fs/blockdev.c (the device files).
 */
#include <corral/block.h>
#include <corral/container_io.h>
#include <corral/panic.h>
#include <corral/string.h>
#include <corral/time.h>
#include <uapi/errno.h>

#define BLOCK_SYNC_BATCH 8 /* requests a synchronous helper has in flight */

static LIST_HEAD(block_devices); /* struct block_device.node; written at boot */

void block_device_init(struct block_device *bdev)
{
	assert(bdev->ops && bdev->max_sectors > 0);
	bdev->queue_lock = (struct spinlock)SPINLOCK_INIT("block queue");
	list_init(&bdev->waiting);
	list_init(&bdev->command.requests);
	bdev->is_busy = bdev->is_aborting = false;
	bdev->head_sector = 0;
	memset(&bdev->stats, 0, sizeof(bdev->stats));
	if (!bdev->timeout_ticks)
		bdev->timeout_ticks = BLOCK_TIMEOUT_TICKS;
	mutex_init(&bdev->rmw_lock, "block rmw");
	list_init(&bdev->node);
}

int block_register(struct block_device *bdev)
{
	if (block_find_by_rdev(bdev->rdev) || block_find_by_name(bdev->name))
		return -EEXIST;
	int err = blockdev_make_node(bdev);
	if (err)
		return err;
	list_add_tail(&bdev->node, &block_devices);
	return 0;
}

struct block_device *block_find_by_rdev(uint32_t rdev)
{
	struct list_head *pos;
	list_for_each(pos, &block_devices) {
		struct block_device *bdev = list_entry(pos, struct block_device, node);
		if (bdev->rdev == rdev)
			return bdev;
	}
	return NULL;
}

struct block_device *block_find_by_name(const char *name)
{
	struct list_head *pos;
	list_for_each(pos, &block_devices) {
		struct block_device *bdev = list_entry(pos, struct block_device, node);
		if (strcmp(bdev->name, name) == 0)
			return bdev;
	}
	return NULL;
}

void block_for_each(void (*f)(struct block_device *bdev, void *arg), void *arg)
{
	struct list_head *pos;
	list_for_each(pos, &block_devices)
		f(list_entry(pos, struct block_device, node), arg);
}

void block_request_init(struct block_request *req, struct block_device *bdev,
			enum block_op op, uint64_t sector, uint32_t nr_sectors, void *buf)
{
	memset(req, 0, sizeof(*req));
	req->bdev = bdev;
	req->op = op;
	req->sector = sector;
	req->nr_sectors = nr_sectors;
	req->buf = buf;
	wait_queue_init(&req->done_wait);
	list_init(&req->queue_node);
}

static bool block_request_is_valid(const struct block_request *req)
{
	const struct block_device *bdev = req->bdev;
	if (req->op == BLOCK_FLUSH)
		return req->nr_sectors == 0;
	return req->nr_sectors > 0 && req->nr_sectors <= bdev->max_sectors && req->buf &&
	       req->sector < bdev->nr_sectors &&
	       req->nr_sectors <= bdev->nr_sectors - req->sector;
}

/* The queue, under queue_lock. */

/* Flushes go to the back; others into the last segment, after every request
 * at or below their sector (so equal sectors keep their arrival order). */
static void block_queue_insert(struct block_device *bdev, struct block_request *req)
{
	struct list_head *pos = bdev->waiting.prev;
	if (req->op != BLOCK_FLUSH) {
		while (pos != &bdev->waiting) {
			struct block_request *e = list_entry(pos, struct block_request, queue_node);
			if (e->op == BLOCK_FLUSH || e->sector <= req->sector)
				break;
			pos = pos->prev;
		}
	}
	list_insert_between(&req->queue_node, pos, pos->next);
}

/* C-LOOK within the first segment (or the flush that heads the queue). */
static struct block_request *block_queue_pick(struct block_device *bdev)
{
	struct block_request *first =
		list_first_entry(&bdev->waiting, struct block_request, queue_node);
	struct list_head *pos;
	list_for_each(pos, &bdev->waiting) {
		struct block_request *e = list_entry(pos, struct block_request, queue_node);
		if (e->op == BLOCK_FLUSH)
			break;
		if (e->sector >= bdev->head_sector)
			return e;
	}
	return first;
}

static bool block_can_merge(const struct block_command *cmd, const struct block_request *e,
			    uint32_t max_sectors)
{
	return e->op == cmd->op && e->op != BLOCK_FLUSH &&
	       e->sector == cmd->sector + cmd->nr_sectors &&
	       cmd->nr_sectors + e->nr_sectors <= max_sectors;
}

/* Move req, and the requests that continue it, from the queue into cmd. */
static void block_command_build(struct block_device *bdev, struct block_request *req)
{
	struct block_command *cmd = &bdev->command;
	cmd->op = req->op;
	cmd->sector = req->sector;
	cmd->nr_sectors = 0;
	list_init(&cmd->requests);
	struct list_head *pos = &req->queue_node;
	do {
		struct list_head *next = pos->next;
		struct block_request *e = list_entry(pos, struct block_request, queue_node);
		list_move_tail(&e->queue_node, &cmd->requests);
		cmd->nr_sectors += e->nr_sectors;
		if (cmd->nr_sectors != e->nr_sectors)
			bdev->stats.nr_merged_requests++;
		pos = next;
	} while (pos != &bdev->waiting &&
		 block_can_merge(cmd, list_entry(pos, struct block_request, queue_node),
				 bdev->max_sectors));
	cmd->cursor_req = req;
	cmd->cursor_sector = 0;
}

/* Make the next command if the device is idle; true if the caller must
 * start it (after dropping the lock). */
static bool block_queue_prepare(struct block_device *bdev)
{
	if (bdev->is_busy || list_is_empty(&bdev->waiting))
		return false;
	block_command_build(bdev, block_queue_pick(bdev));
	bdev->is_busy = true;
	bdev->started_at = jiffies_read();
	bdev->stats.nr_commands++;
	return true;
}

/* The one place I/O is accounted as it enters the queue: the device's
 * requests (under queue_lock), and the container that pays (before it:
 * container_lock is never taken inside queue_lock). */
static void block_account_container(const struct block_request *req)
{
	if (req->op != BLOCK_FLUSH)
		container_io_charge(req->owner_page, req->op == BLOCK_WRITE,
				    req->nr_sectors << BLOCK_SECTOR_SHIFT);
}

static void block_account_submit(struct block_device *bdev, const struct block_request *req)
{
	if (req->op == BLOCK_READ)
		bdev->stats.nr_read_requests++;
	else if (req->op == BLOCK_WRITE)
		bdev->stats.nr_write_requests++;
	else
		bdev->stats.nr_flush_requests++;
}

static void block_account_done(struct block_device *bdev, const struct block_request *req)
{
	if (req->status)
		bdev->stats.nr_failed_requests++;
	else if (req->op == BLOCK_READ)
		bdev->stats.nr_read_sectors += req->nr_sectors;
	else if (req->op == BLOCK_WRITE)
		bdev->stats.nr_write_sectors += req->nr_sectors;
}

int block_submit(struct block_request *req)
{
	struct block_device *bdev = req->bdev;
	if (!block_request_is_valid(req))
		return -EINVAL;
	req->is_done = false;
	req->status = 0;
	block_account_container(req);
	uint32_t flags = spin_lock_irqsave(&bdev->queue_lock);
	block_account_submit(bdev, req);
	block_queue_insert(bdev, req);
	bool must_start = block_queue_prepare(bdev);
	spin_unlock_irqrestore(&bdev->queue_lock, flags);
	if (must_start)
		bdev->ops->start(bdev, &bdev->command);
	return 0;
}

void *block_command_next_sector(struct block_command *cmd)
{
	struct block_request *req = cmd->cursor_req;
	assert(req && cmd->cursor_sector < req->nr_sectors);
	char *data = (char *)req->buf + ((size_t)cmd->cursor_sector << BLOCK_SECTOR_SHIFT);
	if (++cmd->cursor_sector == req->nr_sectors) {
		bool is_last = req->queue_node.next == &cmd->requests;
		cmd->cursor_req = is_last ? NULL
					  : list_entry(req->queue_node.next, struct block_request,
						       queue_node);
		cmd->cursor_sector = 0;
	}
	return data;
}

/* Give each request of the finished command its status and move it to done. */
static void block_command_settle(struct block_device *bdev, uint32_t nr_done, int err,
				 struct list_head *done)
{
	struct block_command *cmd = &bdev->command;
	uint32_t left = nr_done;
	struct list_head *pos, *tmp;
	list_for_each_safe(pos, tmp, &cmd->requests) {
		struct block_request *req = list_entry(pos, struct block_request, queue_node);
		bool is_whole = req->op == BLOCK_FLUSH ? !err : req->nr_sectors <= left;
		req->status = is_whole ? 0 : err ? err : -EIO;
		left -= is_whole ? req->nr_sectors : left;
		block_account_done(bdev, req);
		list_move_tail(&req->queue_node, done);
	}
	if (cmd->op != BLOCK_FLUSH)
		bdev->head_sector = cmd->sector + cmd->nr_sectors;
}

/* Hand each finished request back: its callback, or its waiter.  No lock is
 * held.  A waiter cannot run between is_done and wake_up (one CPU, a kernel
 * that is not preemptive, and here either an interrupt or a task that does
 * not sleep), so it never frees a request the wake-up still touches. */
static void block_complete_requests(struct list_head *done)
{
	struct list_head *pos, *tmp;
	list_for_each_safe(pos, tmp, done) {
		struct block_request *req = list_entry(pos, struct block_request, queue_node);
		list_del(&req->queue_node);
		req->is_done = true;
		if (req->on_complete)
			req->on_complete(req); /* the last touch: it may free req */
		else
			wake_up(&req->done_wait);
	}
}

void block_command_done(struct block_device *bdev, uint32_t nr_done, int err)
{
	LIST_HEAD(done);
	uint32_t flags = spin_lock_irqsave(&bdev->queue_lock);
	assert(bdev->is_busy);
	block_command_settle(bdev, nr_done, err, &done);
	bdev->is_busy = false;
	bool must_start = block_queue_prepare(bdev);
	spin_unlock_irqrestore(&bdev->queue_lock, flags);
	/* The next command first: the disk works while the waiters wake. */
	if (must_start)
		bdev->ops->start(bdev, &bdev->command);
	block_complete_requests(&done);
}

void block_check_timeout(struct block_device *bdev)
{
	uint32_t flags = spin_lock_irqsave(&bdev->queue_lock);
	bool is_stuck = bdev->is_busy && !bdev->is_aborting &&
			jiffies_read() - bdev->started_at >= bdev->timeout_ticks;
	if (is_stuck)
		bdev->is_aborting = true;
	spin_unlock_irqrestore(&bdev->queue_lock, flags);
	if (!is_stuck)
		return;
	bdev->ops->abort(bdev); /* may sleep: is_aborting keeps others out */
	flags = spin_lock_irqsave(&bdev->queue_lock);
	bdev->is_aborting = false;
	spin_unlock_irqrestore(&bdev->queue_lock, flags);
}

int block_wait(struct block_request *req)
{
	assert(!req->on_complete);
	struct block_device *bdev = req->bdev;
	/* Look at the device a few times per timeout: a stuck command is then
	 * aborted soon after its time is up. */
	uint32_t slice = MAX(bdev->timeout_ticks / 4, 1u);
	while (!wait_event_timeout(&req->done_wait, req->is_done, slice))
		block_check_timeout(bdev);
	return req->status;
}

/* Synchronous helpers: up to BLOCK_SYNC_BATCH requests in flight at a time,
 * so the next command is queued while the driver works on this one. */
static int block_transfer(struct block_device *bdev, enum block_op op, uint64_t sector,
			  char *buf, uint32_t nr_sectors)
{
	if (sector > bdev->nr_sectors || nr_sectors > bdev->nr_sectors - sector)
		return -EINVAL;
	struct block_request reqs[BLOCK_SYNC_BATCH];
	int err = 0;
	while (nr_sectors && !err) {
		int n = 0;
		for (; n < BLOCK_SYNC_BATCH && nr_sectors; n++) {
			uint32_t chunk = MIN(nr_sectors, bdev->max_sectors);
			block_request_init(&reqs[n], bdev, op, sector, chunk, buf);
			err = block_submit(&reqs[n]);
			if (err)
				break;
			sector += chunk;
			buf += (size_t)chunk << BLOCK_SECTOR_SHIFT;
			nr_sectors -= chunk;
		}
		for (int i = 0; i < n; i++) {
			int status = block_wait(&reqs[i]);
			if (!err)
				err = status;
		}
	}
	return err;
}

int block_read(struct block_device *bdev, uint64_t sector, void *buf, uint32_t nr_sectors)
{
	return block_transfer(bdev, BLOCK_READ, sector, buf, nr_sectors);
}

int block_write(struct block_device *bdev, uint64_t sector, const void *buf,
		uint32_t nr_sectors)
{
	/* The buffer is only read from: a write request's data goes out. */
	return block_transfer(bdev, BLOCK_WRITE, sector, (char *)buf, nr_sectors);
}

int block_flush(struct block_device *bdev)
{
	struct block_request req;
	block_request_init(&req, bdev, BLOCK_FLUSH, 0, 0, NULL);
	int err = block_submit(&req);
	return err ? err : block_wait(&req);
}

static void block_flush_one(struct block_device *bdev, void *arg)
{
	block_flush(bdev); /* a failure was reported by the driver */
}

void block_flush_all(void)
{
	block_for_each(block_flush_one, NULL);
}

void block_get_stats(struct block_device *bdev, struct block_stats *out)
{
	uint32_t flags = spin_lock_irqsave(&bdev->queue_lock);
	*out = bdev->stats;
	spin_unlock_irqrestore(&bdev->queue_lock, flags);
}

static void block_add_stats(struct block_device *bdev, void *arg)
{
	struct block_stats *total = arg, s;
	block_get_stats(bdev, &s);
	total->nr_read_requests += s.nr_read_requests;
	total->nr_write_requests += s.nr_write_requests;
	total->nr_flush_requests += s.nr_flush_requests;
	total->nr_read_sectors += s.nr_read_sectors;
	total->nr_write_sectors += s.nr_write_sectors;
	total->nr_commands += s.nr_commands;
	total->nr_merged_requests += s.nr_merged_requests;
	total->nr_failed_requests += s.nr_failed_requests;
}

void block_get_total_stats(struct block_stats *out)
{
	memset(out, 0, sizeof(*out));
	block_for_each(block_add_stats, out);
}
