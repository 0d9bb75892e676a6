/*
 * block.h — block devices and their request queues: the one road to a disk.
 *
 * A disk driver (arch/x86/ata.c) describes each disk as a struct block_device
 * and registers it; everything above (the device files /dev/hda and /dev/hdb,
 * later the page cache, ext2 and swap) reads and writes it only through
 * requests:
 *
 *     struct block_request req;
 *     block_request_init(&req, bdev, BLOCK_READ, sector, nr_sectors, buf);
 *     block_submit(&req);              (asynchronous: queued, maybe merged)
 *     int err = block_wait(&req);      (0, or -EIO once the device gave up)
 *
 * or, for a simple caller, block_read()/block_write()/block_flush(), which do
 * exactly that.  A sector is 512 bytes whatever the device's own size.
 *
 * The queue (fs/block.c) keeps waiting requests in sector order, hands the
 * driver one command at a time, and merges neighbours of the same direction
 * into that command; it is also the one place where I/O is counted, per
 * device and per container (the container that pays, kernel/container_io.c).
 * docs/block.md tells the whole story.  Read next: fs/block.c.
 */
#ifndef CORRAL_BLOCK_H
#define CORRAL_BLOCK_H

#include <corral/list.h>
#include <corral/spinlock.h>
#include <corral/time.h>
#include <corral/types.h>
#include <corral/wait.h>

#define BLOCK_SECTOR_SIZE 512
#define BLOCK_SECTOR_SHIFT 9
#define BLOCK_NAME_MAX 8               /* "hda" */
#define BLOCK_TIMEOUT_TICKS (5 * HZ)   /* a command older than this is aborted */

struct block_device;
struct block_request;
struct page;

enum block_op {
	BLOCK_READ,
	BLOCK_WRITE,
	BLOCK_FLUSH, /* write the device's volatile cache to the medium; no data */
};

struct block_request {
	/* Set by the submitter (block_request_init), then left alone until done. */
	struct block_device *bdev;
	enum block_op op;
	uint64_t sector;      /* first 512-byte sector */
	uint32_t nr_sectors;  /* 1..bdev->max_sectors (0 for BLOCK_FLUSH) */
	void *buf;            /* kernel memory, nr_sectors * 512 bytes */
	/* Optional, for asynchronous users (read-ahead, write-back): called once
	 * the request is over, in interrupt context (or in the task that aborted
	 * a stuck command), so it must not sleep; it may submit more requests.
	 * After it the block layer never touches the request again, so it may
	 * free or reuse it.  A request with a callback is never block_wait()ed. */
	void (*on_complete)(struct block_request *req);
	void *private;        /* the submitter's */
	/* Who pays for it (include/corral/container_io.h): for the write-back
	 * of a page, that page, whose container is charged; NULL: the
	 * container of the task that submits it. */
	const struct page *owner_page;
	/* Set by the block layer when the request is over: status, is_done, then
	 * the wake-up, with nothing able to run in between (an interrupt, or a
	 * task that does not sleep, in a kernel that is not preemptive), so a
	 * waiter that sees is_done owns the request again. */
	int status;           /* 0 or -EIO */
	bool is_done;
	struct wait_queue done_wait; /* block_wait() sleeps here */
	struct list_head queue_node; /* on the queue or in a command: queue_lock */
};

/* What the driver gets: one device command, made of one request or of
 * several adjacent ones of the same direction (in sector order).  The driver
 * moves the data sector by sector with block_command_next_sector().  From
 * start to block_command_done() the command and its list of requests are
 * the driver's: the block layer does not touch them, so the driver reads
 * them under its own lock, without queue_lock. */
struct block_command {
	enum block_op op;
	uint64_t sector;
	uint32_t nr_sectors;
	struct list_head requests;  /* struct block_request.queue_node */
	/* The data cursor, the driver's (it has one command at a time). */
	struct block_request *cursor_req;
	uint32_t cursor_sector;     /* within cursor_req */
};

struct block_device_ops {
	/* Start cmd; the device has nothing else in flight.  Must not sleep: it
	 * is called from the submitting task or from the interrupt that ended
	 * the previous command.  When the command ends, however it ends, the
	 * driver calls block_command_done() exactly once (it may do so before
	 * start returns, but then the next command starts from inside it: a
	 * driver that does so for every command nests as deep as the queue). */
	void (*start)(struct block_device *bdev, struct block_command *cmd);
	/* The command in flight has run past bdev->timeout_ticks: stop the
	 * device (reset it) and call block_command_done() with -EIO, unless the
	 * command ended meanwhile.  Task context; may sleep. */
	void (*abort)(struct block_device *bdev);
};

/* Counters of one device (or of all: block_get_total_stats).  Requests are
 * what callers submitted; commands what the driver was asked to do (fewer
 * when requests were merged).  Sectors count successful transfers only. */
struct block_stats {
	uint64_t nr_read_requests, nr_write_requests, nr_flush_requests;
	uint64_t nr_read_sectors, nr_write_sectors;
	uint64_t nr_commands, nr_merged_requests;
	uint64_t nr_failed_requests;
};

struct block_device {
	/* Set by the driver before block_device_init(); constant afterwards. */
	char name[BLOCK_NAME_MAX];
	uint32_t rdev;            /* MKDEV(major, minor) of its /dev node */
	uint64_t nr_sectors;      /* size in 512-byte sectors */
	uint32_t max_sectors;     /* the largest command the driver takes */
	uint32_t timeout_ticks;   /* BLOCK_TIMEOUT_TICKS unless the driver says */
	const struct block_device_ops *ops;
	void *private;            /* the driver's */

	/* The queue.  queue_lock (a spinlock: the interrupt that ends a command
	 * also starts the next) protects everything in this group. */
	struct spinlock queue_lock;
	struct list_head waiting; /* requests not started: block.c says the order */
	struct block_command command; /* the one in flight, when is_busy */
	bool is_busy;
	bool is_aborting;         /* one task at a time calls ops->abort */
	uint64_t head_sector;     /* where the last command ended: the elevator */
	uint64_t started_at;      /* jiffies when the command in flight started */
	struct block_stats stats;

	/* Serialises read-modify-write of partial sectors by the device file
	 * (fs/blockdev.c): two writers of one sector must not lose a write. */
	struct mutex rmw_lock;
	struct list_head node;    /* on the registry: written at boot only */
};

/* Devices (fs/block.c).  block_device_init() readies the queue of a device
 * whose name, rdev, nr_sectors, max_sectors and ops are set; a device may
 * then take requests (self tests use such unregistered devices).
 * block_register() adds it to the registry and makes its /dev node
 * (S_IFBLK, 0660, root): 0, -EEXIST or -ENOSPC. */
void block_device_init(struct block_device *bdev);
int block_register(struct block_device *bdev);
struct block_device *block_find_by_rdev(uint32_t rdev); /* NULL: none */
struct block_device *block_find_by_name(const char *name);
/* Call f for each registered device, in registration order. */
void block_for_each(void (*f)(struct block_device *bdev, void *arg), void *arg);

/* Requests. */
void block_request_init(struct block_request *req, struct block_device *bdev,
			enum block_op op, uint64_t sector, uint32_t nr_sectors, void *buf);
/* Queue req; 0, or -EINVAL (past the end of the device, no sectors, more
 * than max_sectors): then nothing was queued and nothing will complete.
 * Never sleeps: a completion callback may submit.  Requests in flight
 * together are reordered by sector, so they must not overlap when their
 * order matters (the caller keeps one of them waiting: the page cache does). */
int block_submit(struct block_request *req);
/* Sleep until req (submitted, without on_complete) is done; its status.
 * Aborts the device's command if it is stuck past its timeout. */
int block_wait(struct block_request *req);
/* Abort the command in flight if it is past its timeout (block_wait does
 * this; an asynchronous user that waits by other means calls it). */
void block_check_timeout(struct block_device *bdev);

/* Synchronous helpers: any number of sectors, split into commands the
 * driver takes.  0, -EINVAL (out of range) or -EIO. */
int block_read(struct block_device *bdev, uint64_t sector, void *buf, uint32_t nr_sectors);
int block_write(struct block_device *bdev, uint64_t sector, const void *buf,
		uint32_t nr_sectors);
int block_flush(struct block_device *bdev); /* the device's write cache */
void block_flush_all(void);                 /* every registered device (sync) */

/* For drivers, from any context. */
void *block_command_next_sector(struct block_command *cmd); /* and advance */
/* The command ended: its first nr_done sectors were transferred; requests
 * wholly inside them succeed, the others get err (0 when all went well). */
void block_command_done(struct block_device *bdev, uint32_t nr_done, int err);

/* Accounting (for /proc/vmstat pgpgin/pgpgout and per device). */
void block_get_stats(struct block_device *bdev, struct block_stats *out);
void block_get_total_stats(struct block_stats *out);

/* The device files /dev/hda... (fs/blockdev.c), used by block_register. */
int blockdev_make_node(struct block_device *bdev);

#endif
