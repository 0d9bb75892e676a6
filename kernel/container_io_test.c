/*
 * container_io_test.c — containers' disk I/O: requests through a fake disk
 * are charged to the right container (a read to the submitter's, a page's
 * write-back to the page's) and add up to the device's own counts;
 * io_bps_max's setter and its errnos; a task over its budget sleeps the
 * ticks its debt needs and counts them; a task never waits for another
 * container's budget; `max` and rmdir end a wait.
 *
 * The boot task runs these tests: it steps into a test container for a
 * while (container_task_leave/join, as a kernel thread would) and back to
 * the root.  The page is a stand-in: only its container pointer is read.
 */
#include <corral/block.h>
#include <corral/container_internal.h>
#include <corral/container_io.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/task.h>
#include <corral/time.h>
#include <uapi/errno.h>

#define FAKE_IO_SECTORS 64

/* A disk that does every command at once and keeps nothing. */
static void fake_io_start(struct block_device *bdev, struct block_command *cmd)
{
	for (uint32_t i = 0; i < cmd->nr_sectors; i++)
		block_command_next_sector(cmd);
	block_command_done(bdev, cmd->nr_sectors, 0);
}

static void fake_io_abort(struct block_device *bdev)
{
}

static const struct block_device_ops fake_io_ops = {fake_io_start, fake_io_abort};

static struct container_io_stat io_of(struct container *c)
{
	struct container_io_stat st;
	container_io_get_stat(c, &st);
	return st;
}

/* The boot task into c (NULL: back to the root). */
static void current_move_to(struct container *c)
{
	container_task_leave(current);
	container_task_join(c, current);
}

KTEST(container_io_requests_are_charged_to_whom_they_belong)
{
	static struct block_device bdev;
	static char buf[16 * BLOCK_SECTOR_SIZE];
	static struct page page; /* a stand-in: its container is all that is read */
	bdev = (struct block_device){.name = "ktio", .nr_sectors = FAKE_IO_SECTORS,
				     .max_sectors = 16, .ops = &fake_io_ops};
	block_device_init(&bdev);
	struct container *reader, *owner;
	KT_ASSERT(ctx, container_create("ktest-io-r", &reader) == 0);
	KT_ASSERT(ctx, container_create("ktest-io-w", &owner) == 0);
	page.container = owner;
	struct container_io_stat root_before = io_of(&root_container);
	current_move_to(reader);
	KT_EXPECT_EQ(ctx, block_read(&bdev, 0, buf, 8), 0);   /* the reader's */
	KT_EXPECT_EQ(ctx, block_write(&bdev, 8, buf, 2), 0);  /* no page: the reader's */
	struct block_request req;
	block_request_init(&req, &bdev, BLOCK_WRITE, 16, 16, buf);
	req.owner_page = &page;                                /* write-back: the owner's */
	KT_EXPECT_EQ(ctx, block_submit(&req), 0);
	KT_EXPECT_EQ(ctx, block_wait(&req), 0);
	KT_EXPECT_EQ(ctx, block_flush(&bdev), 0);              /* no bytes */
	current_move_to(NULL);
	KT_EXPECT_EQ(ctx, io_of(reader).rbytes, 8 * BLOCK_SECTOR_SIZE);
	KT_EXPECT_EQ(ctx, io_of(reader).wbytes, 2 * BLOCK_SECTOR_SIZE);
	KT_EXPECT_EQ(ctx, io_of(owner).rbytes, 0);
	KT_EXPECT_EQ(ctx, io_of(owner).wbytes, 16 * BLOCK_SECTOR_SIZE);
	KT_EXPECT_EQ(ctx, io_of(&root_container).wbytes, root_before.wbytes);
	/* Together they are what the device did. */
	struct block_stats s;
	block_get_stats(&bdev, &s);
	KT_EXPECT_EQ(ctx, s.nr_read_sectors * BLOCK_SECTOR_SIZE,
		     io_of(reader).rbytes + io_of(owner).rbytes);
	KT_EXPECT_EQ(ctx, s.nr_write_sectors * BLOCK_SECTOR_SIZE,
		     io_of(reader).wbytes + io_of(owner).wbytes);
	/* A page charged to nobody: the root pays. */
	page.container = NULL;
	container_io_charge(&page, true, 512);
	KT_EXPECT_EQ(ctx, io_of(&root_container).wbytes, root_before.wbytes + 512);
	container_destroy(reader);
	container_destroy(owner);
}

KTEST(container_io_bps_max_setter)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-io-set", &c) == 0);
	KT_EXPECT_EQ(ctx, io_of(c).bps_max, CONTAINER_NO_LIMIT); /* the default */
	KT_EXPECT_EQ(ctx, container_set_io_bps_max(c, 1048576), 0);
	KT_EXPECT_EQ(ctx, io_of(c).bps_max, 1048576);
	KT_EXPECT_EQ(ctx, container_set_io_bps_max(c, 0), -EINVAL);
	KT_EXPECT_EQ(ctx, io_of(c).bps_max, 1048576); /* unchanged */
	KT_EXPECT_EQ(ctx, container_set_io_bps_max(c, CONTAINER_NO_LIMIT), 0);
	KT_EXPECT_EQ(ctx, io_of(c).bps_max, CONTAINER_NO_LIMIT);
	KT_EXPECT_EQ(ctx, container_set_io_bps_max(&root_container, 1000), -EINVAL);
	KT_EXPECT_EQ(ctx, io_of(&root_container).bps_max, CONTAINER_NO_LIMIT);
	container_destroy(c);
}

/* 100000 bytes a second (a depth of 25000): 75000 taken leaves a debt of
 * 50000, half a second, which the task sleeps before its next request. */
KTEST(container_io_over_budget_sleeps_its_debt)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-io-slow", &c) == 0);
	KT_ASSERT(ctx, container_set_io_bps_max(c, 100000) == 0);
	current_move_to(c);
	container_io_throttle(NULL);
	KT_EXPECT_EQ(ctx, io_of(c).throttled_usec, 0); /* a full bucket: go */
	container_io_charge(NULL, false, 75000);
	KT_EXPECT(ctx, container_io_is_throttled(c));
	uint64_t start = jiffies_read();
	container_io_throttle(NULL);
	uint64_t slept = jiffies_read() - start;
	current_move_to(NULL);
	KT_EXPECT(ctx, slept >= HZ / 2);
	KT_EXPECT(ctx, slept < HZ / 2 + HZ / 10);
	KT_EXPECT(ctx, io_of(c).throttled_usec >= 500000);
	KT_EXPECT(ctx, io_of(c).throttled_usec <= slept * (1000000 / HZ));
	KT_EXPECT(ctx, !container_io_is_throttled(c));
	container_destroy(c);
}

/* A task of another container (here the root, as the flusher or sync)
 * writing c's pages charges c but never waits for it; nor does anybody once
 * c's limit is `max`. */
KTEST(container_io_nobody_waits_for_another_budget_nor_for_max)
{
	static struct page page;
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-io-debt", &c) == 0);
	KT_ASSERT(ctx, container_set_io_bps_max(c, 1000) == 0);
	page.container = c;
	container_io_charge(&page, true, 100000); /* 100 s of debt */
	uint64_t start = jiffies_read();
	container_io_throttle(&page);             /* the root's task writes c's page */
	container_io_throttle(NULL);              /* and reads for itself */
	KT_EXPECT(ctx, jiffies_read() - start < 2);
	KT_EXPECT(ctx, container_io_is_throttled(c));
	KT_EXPECT_EQ(ctx, io_of(c).throttled_usec, 0);
	KT_EXPECT_EQ(ctx, container_set_io_bps_max(c, CONTAINER_NO_LIMIT), 0);
	KT_EXPECT(ctx, !container_io_is_throttled(c));
	current_move_to(c);
	start = jiffies_read();
	container_io_throttle(&page);
	current_move_to(NULL);
	KT_EXPECT(ctx, jiffies_read() - start < 2);
	container_destroy(c);
}
