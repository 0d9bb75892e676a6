/*
 * block_test.c — the request queue, against a fake disk in memory: adjacent
 * requests merge into one command, the elevator's order, flushes as
 * barriers, a failure in the middle of a merged command, callbacks, the
 * synchronous helpers, bad requests, and a command that never ends.
 *
 * The fake disk (struct fake_disk) logs every command it is given.  In
 * deferred mode it keeps the command until the test calls fake_finish(), so
 * a test can queue requests behind it and then watch what the queue makes
 * of them; otherwise it finishes each command as soon as it starts.
 */
#include <corral/block.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/string.h>
#include <uapi/errno.h>

#define FAKE_SECTORS 256
#define FAKE_MAX_SECTORS 8
#define FAKE_LOG_MAX 16
#define NO_SECTOR ((uint64_t)-1)

struct fake_command {
	enum block_op op;
	uint64_t sector;
	uint32_t nr_sectors;
};

struct fake_disk {
	struct block_device bdev;
	uint8_t *data;              /* FAKE_SECTORS sectors */
	bool is_deferred;           /* keep commands until fake_finish() */
	bool never_finishes;        /* for the timeout test */
	uint64_t bad_sector;        /* a transfer stops here with -EIO */
	struct block_command *cmd;  /* held in deferred mode */
	struct fake_command log[FAKE_LOG_MAX];
	int nr_logged, nr_aborts;
};

static uint8_t fake_byte(uint64_t sector, uint32_t offset)
{
	return (uint8_t)(sector * 7 + offset);
}

/* Do the transfer, as a driver's interrupt handler would, and report it. */
static void fake_run(struct fake_disk *f, struct block_command *cmd)
{
	uint32_t done = 0;
	int err = 0;
	for (; done < cmd->nr_sectors; done++) {
		uint64_t sector = cmd->sector + done;
		if (sector == f->bad_sector) {
			err = -EIO;
			break;
		}
		uint8_t *disk = f->data + sector * BLOCK_SECTOR_SIZE;
		void *mem = block_command_next_sector(cmd);
		if (cmd->op == BLOCK_READ)
			memcpy(mem, disk, BLOCK_SECTOR_SIZE);
		else
			memcpy(disk, mem, BLOCK_SECTOR_SIZE);
	}
	block_command_done(&f->bdev, done, err);
}

static void fake_start(struct block_device *bdev, struct block_command *cmd)
{
	struct fake_disk *f = bdev->private;
	if (f->nr_logged < FAKE_LOG_MAX)
		f->log[f->nr_logged++] = (struct fake_command){cmd->op, cmd->sector, cmd->nr_sectors};
	if (f->is_deferred || f->never_finishes)
		f->cmd = cmd;
	else
		fake_run(f, cmd);
}

static void fake_abort(struct block_device *bdev)
{
	struct fake_disk *f = bdev->private;
	f->nr_aborts++;
	f->cmd = NULL;
	block_command_done(bdev, 0, -EIO);
}

static const struct block_device_ops fake_ops = {
	.start = fake_start,
	.abort = fake_abort,
};

/* The command held in deferred mode ends now (and the next one starts). */
static void fake_finish(struct fake_disk *f)
{
	struct block_command *cmd = f->cmd;
	f->cmd = NULL;
	if (cmd)
		fake_run(f, cmd);
}

static struct fake_disk *fake_create(bool is_deferred)
{
	struct fake_disk *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->data = kmalloc(FAKE_SECTORS * BLOCK_SECTOR_SIZE);
	if (!f->data) {
		kfree(f);
		return NULL;
	}
	for (uint32_t s = 0; s < FAKE_SECTORS; s++)
		for (uint32_t i = 0; i < BLOCK_SECTOR_SIZE; i++)
			f->data[s * BLOCK_SECTOR_SIZE + i] = fake_byte(s, i);
	strlcpy(f->bdev.name, "fake", sizeof(f->bdev.name));
	f->bdev.nr_sectors = FAKE_SECTORS;
	f->bdev.max_sectors = FAKE_MAX_SECTORS;
	f->bdev.ops = &fake_ops;
	f->bdev.private = f;
	f->is_deferred = is_deferred;
	f->bad_sector = NO_SECTOR;
	block_device_init(&f->bdev);
	return f;
}

static void fake_destroy(struct fake_disk *f)
{
	kfree(f->data);
	kfree(f);
}

static bool fake_logged(const struct fake_disk *f, int i, enum block_op op, uint64_t sector,
			uint32_t nr_sectors)
{
	return i < f->nr_logged && f->log[i].op == op && f->log[i].sector == sector &&
	       f->log[i].nr_sectors == nr_sectors;
}

/* Does buf hold sectors [sector, sector + n) of the fake's original data? */
static bool fake_data_matches(const uint8_t *buf, uint64_t sector, uint32_t n)
{
	for (uint32_t s = 0; s < n; s++)
		for (uint32_t i = 0; i < BLOCK_SECTOR_SIZE; i++)
			if (buf[s * BLOCK_SECTOR_SIZE + i] != fake_byte(sector + s, i))
				return false;
	return true;
}

static uint8_t bufs[6][2 * BLOCK_SECTOR_SIZE];

KTEST(block_merges_adjacent_requests)
{
	struct fake_disk *f = fake_create(true);
	KT_ASSERT(ctx, f);
	struct block_request r[5];
	block_request_init(&r[0], &f->bdev, BLOCK_READ, 100, 2, bufs[0]);
	block_request_init(&r[1], &f->bdev, BLOCK_READ, 104, 2, bufs[1]);
	block_request_init(&r[2], &f->bdev, BLOCK_READ, 102, 2, bufs[2]);
	block_request_init(&r[3], &f->bdev, BLOCK_WRITE, 106, 2, bufs[3]);
	block_request_init(&r[4], &f->bdev, BLOCK_READ, 110, 1, bufs[4]);
	for (int i = 0; i < 5; i++)
		KT_EXPECT_EQ(ctx, block_submit(&r[i]), 0);
	KT_EXPECT_EQ(ctx, f->nr_logged, 1); /* the first started; the rest wait */
	for (int i = 0; i < 4 && f->cmd; i++)
		fake_finish(f);
	KT_EXPECT(ctx, fake_logged(f, 0, BLOCK_READ, 100, 2));
	KT_EXPECT(ctx, fake_logged(f, 1, BLOCK_READ, 102, 4)); /* 102 and 104 as one */
	KT_EXPECT(ctx, fake_logged(f, 2, BLOCK_WRITE, 106, 2)); /* not merged: a write */
	KT_EXPECT(ctx, fake_logged(f, 3, BLOCK_READ, 110, 1));
	KT_EXPECT_EQ(ctx, f->nr_logged, 4);
	for (int i = 0; i < 5; i++) {
		KT_EXPECT(ctx, r[i].is_done);
		KT_EXPECT_EQ(ctx, block_wait(&r[i]), 0);
	}
	KT_EXPECT(ctx, fake_data_matches(bufs[0], 100, 2));
	KT_EXPECT(ctx, fake_data_matches(bufs[1], 104, 2)); /* each buffer its own sectors */
	KT_EXPECT(ctx, fake_data_matches(bufs[2], 102, 2));
	KT_EXPECT(ctx, fake_data_matches(bufs[4], 110, 1));
	struct block_stats st;
	block_get_stats(&f->bdev, &st);
	KT_EXPECT_EQ(ctx, st.nr_commands, 4);
	KT_EXPECT_EQ(ctx, st.nr_merged_requests, 1);
	KT_EXPECT_EQ(ctx, st.nr_read_requests, 4);
	KT_EXPECT_EQ(ctx, st.nr_read_sectors, 7);
	KT_EXPECT_EQ(ctx, st.nr_write_sectors, 2);
	fake_destroy(f);
}

KTEST(block_merge_stops_at_max_sectors)
{
	struct fake_disk *f = fake_create(true);
	KT_ASSERT(ctx, f);
	struct block_request r[6];
	block_request_init(&r[0], &f->bdev, BLOCK_READ, 0, 1, bufs[0]);
	for (int i = 1; i < 6; i++) /* five requests of 2 at 10, 12, ... 18 */
		block_request_init(&r[i], &f->bdev, BLOCK_READ, 8 + 2 * (uint64_t)i, 2, bufs[i]);
	for (int i = 0; i < 6; i++)
		KT_EXPECT_EQ(ctx, block_submit(&r[i]), 0);
	for (int i = 0; i < 3 && f->cmd; i++)
		fake_finish(f);
	KT_EXPECT(ctx, fake_logged(f, 1, BLOCK_READ, 10, FAKE_MAX_SECTORS));
	KT_EXPECT(ctx, fake_logged(f, 2, BLOCK_READ, 18, 2));
	for (int i = 0; i < 6; i++)
		KT_EXPECT_EQ(ctx, r[i].is_done ? r[i].status : 1, 0);
	KT_EXPECT(ctx, fake_data_matches(bufs[5], 18, 2));
	fake_destroy(f);
}

KTEST(block_elevator_sweeps_up_then_wraps)
{
	struct fake_disk *f = fake_create(true);
	KT_ASSERT(ctx, f);
	static const uint64_t sectors[] = {48, 10, 60, 30, 70};
	struct block_request r[5];
	for (int i = 0; i < 5; i++) {
		block_request_init(&r[i], &f->bdev, BLOCK_READ, sectors[i], 1, bufs[i]);
		KT_EXPECT_EQ(ctx, block_submit(&r[i]), 0);
	}
	for (int i = 0; i < 5 && f->cmd; i++)
		fake_finish(f);
	/* The head ends at 49: up through 60 and 70, then back to 10 and 30. */
	KT_EXPECT(ctx, fake_logged(f, 0, BLOCK_READ, 48, 1));
	KT_EXPECT(ctx, fake_logged(f, 1, BLOCK_READ, 60, 1));
	KT_EXPECT(ctx, fake_logged(f, 2, BLOCK_READ, 70, 1));
	KT_EXPECT(ctx, fake_logged(f, 3, BLOCK_READ, 10, 1));
	KT_EXPECT(ctx, fake_logged(f, 4, BLOCK_READ, 30, 1));
	fake_destroy(f);
}

KTEST(block_flush_is_a_barrier)
{
	struct fake_disk *f = fake_create(true);
	KT_ASSERT(ctx, f);
	struct block_request r[4];
	block_request_init(&r[0], &f->bdev, BLOCK_WRITE, 0, 1, bufs[0]);
	block_request_init(&r[1], &f->bdev, BLOCK_WRITE, 20, 1, bufs[1]);
	block_request_init(&r[2], &f->bdev, BLOCK_FLUSH, 0, 0, NULL);
	block_request_init(&r[3], &f->bdev, BLOCK_WRITE, 10, 1, bufs[3]);
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(ctx, block_submit(&r[i]), 0);
	for (int i = 0; i < 4 && f->cmd; i++)
		fake_finish(f);
	KT_EXPECT(ctx, fake_logged(f, 1, BLOCK_WRITE, 20, 1));
	KT_EXPECT(ctx, fake_logged(f, 2, BLOCK_FLUSH, 0, 0));
	KT_EXPECT(ctx, fake_logged(f, 3, BLOCK_WRITE, 10, 1)); /* lower, but after it */
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(ctx, r[i].is_done ? r[i].status : 1, 0);
	fake_destroy(f);
}

KTEST(block_error_fails_only_the_requests_it_touches)
{
	struct fake_disk *f = fake_create(true);
	KT_ASSERT(ctx, f);
	struct block_request r[4];
	block_request_init(&r[0], &f->bdev, BLOCK_READ, 0, 1, bufs[0]);
	block_request_init(&r[1], &f->bdev, BLOCK_READ, 2, 2, bufs[1]);
	block_request_init(&r[2], &f->bdev, BLOCK_READ, 4, 2, bufs[2]);
	block_request_init(&r[3], &f->bdev, BLOCK_READ, 6, 2, bufs[3]);
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(ctx, block_submit(&r[i]), 0);
	f->bad_sector = 5; /* in the middle of the merged 2..7 */
	for (int i = 0; i < 2 && f->cmd; i++)
		fake_finish(f);
	KT_EXPECT(ctx, fake_logged(f, 1, BLOCK_READ, 2, 6));
	KT_EXPECT_EQ(ctx, block_wait(&r[1]), 0);
	KT_EXPECT(ctx, fake_data_matches(bufs[1], 2, 2));
	KT_EXPECT_EQ(ctx, block_wait(&r[2]), -EIO);
	KT_EXPECT_EQ(ctx, block_wait(&r[3]), -EIO);
	struct block_stats st;
	block_get_stats(&f->bdev, &st);
	KT_EXPECT_EQ(ctx, st.nr_failed_requests, 2);
	KT_EXPECT_EQ(ctx, st.nr_read_sectors, 3);
	fake_destroy(f);
}

static int nr_callbacks, callback_status;

static void count_completion(struct block_request *req)
{
	nr_callbacks++;
	callback_status = req->status;
}

KTEST(block_completion_callback_runs_once)
{
	struct fake_disk *f = fake_create(true);
	KT_ASSERT(ctx, f);
	struct block_request r;
	block_request_init(&r, &f->bdev, BLOCK_READ, 3, 1, bufs[0]);
	r.on_complete = count_completion;
	nr_callbacks = 0;
	callback_status = 1;
	KT_EXPECT_EQ(ctx, block_submit(&r), 0);
	KT_EXPECT_EQ(ctx, nr_callbacks, 0);
	fake_finish(f);
	KT_EXPECT_EQ(ctx, nr_callbacks, 1);
	KT_EXPECT_EQ(ctx, callback_status, 0);
	KT_EXPECT(ctx, fake_data_matches(bufs[0], 3, 1));
	fake_destroy(f);
}

KTEST(block_sync_helpers_split_and_round_trip)
{
	struct fake_disk *f = fake_create(false);
	uint8_t *buf = kmalloc(20 * BLOCK_SECTOR_SIZE);
	KT_ASSERT(ctx, f && buf);
	KT_EXPECT_EQ(ctx, block_read(&f->bdev, 30, buf, 20), 0);
	KT_EXPECT(ctx, fake_data_matches(buf, 30, 20));
	KT_EXPECT(ctx, fake_logged(f, 0, BLOCK_READ, 30, 8)); /* 20 = 8 + 8 + 4 */
	KT_EXPECT(ctx, fake_logged(f, 2, BLOCK_READ, 46, 4));
	memset(buf, 0x5a, 3 * BLOCK_SECTOR_SIZE);
	KT_EXPECT_EQ(ctx, block_write(&f->bdev, 200, buf, 3), 0);
	KT_EXPECT_EQ(ctx, f->data[200 * BLOCK_SECTOR_SIZE], 0x5a);
	KT_EXPECT_EQ(ctx, f->data[203 * BLOCK_SECTOR_SIZE - 1], 0x5a);
	KT_EXPECT_EQ(ctx, f->data[203 * BLOCK_SECTOR_SIZE], fake_byte(203, 0));
	KT_EXPECT_EQ(ctx, block_flush(&f->bdev), 0);
	f->bad_sector = 40;
	KT_EXPECT_EQ(ctx, block_read(&f->bdev, 30, buf, 20), -EIO);
	kfree(buf);
	fake_destroy(f);
}

KTEST(block_refuses_bad_requests)
{
	struct fake_disk *f = fake_create(false);
	KT_ASSERT(ctx, f);
	struct block_request r;
	block_request_init(&r, &f->bdev, BLOCK_READ, FAKE_SECTORS - 1, 2, bufs[0]);
	KT_EXPECT_EQ(ctx, block_submit(&r), -EINVAL); /* runs past the end */
	block_request_init(&r, &f->bdev, BLOCK_READ, FAKE_SECTORS, 1, bufs[0]);
	KT_EXPECT_EQ(ctx, block_submit(&r), -EINVAL);
	block_request_init(&r, &f->bdev, BLOCK_READ, 0, 0, bufs[0]);
	KT_EXPECT_EQ(ctx, block_submit(&r), -EINVAL);
	block_request_init(&r, &f->bdev, BLOCK_READ, 0, FAKE_MAX_SECTORS + 1, bufs[0]);
	KT_EXPECT_EQ(ctx, block_submit(&r), -EINVAL);
	KT_EXPECT_EQ(ctx, block_read(&f->bdev, FAKE_SECTORS - 1, bufs[0], 2), -EINVAL);
	KT_EXPECT_EQ(ctx, f->nr_logged, 0);
	fake_destroy(f);
}

KTEST(block_stuck_command_is_aborted_after_timeout)
{
	struct fake_disk *f = fake_create(false);
	KT_ASSERT(ctx, f);
	f->never_finishes = true;
	f->bdev.timeout_ticks = 3;
	uint64_t start = jiffies_read();
	KT_EXPECT_EQ(ctx, block_read(&f->bdev, 0, bufs[0], 1), -EIO);
	KT_EXPECT(ctx, jiffies_read() - start >= 3);
	KT_EXPECT_EQ(ctx, f->nr_aborts, 1);
	f->never_finishes = false; /* and the device works again afterwards */
	KT_EXPECT_EQ(ctx, block_read(&f->bdev, 1, bufs[0], 1), 0);
	KT_EXPECT(ctx, fake_data_matches(bufs[0], 1, 1));
	fake_destroy(f);
}
