/*
 * ktest.c — the in-kernel self-test runner.
 *
 * Tests are `struct ktest` records that the KTEST() macro drops into the
 * .ktests section; the linker gathers them between __ktests_start and
 * __ktests_end, so adding a test is adding a KTEST() beside the code it tests.
 * The runner prints KTAP (https://docs.kernel.org/dev-tools/ktap.html):
 *
 *   KTAP version 1
 *   1..3
 *   ok 1 page_alloc_exhaust
 *   not ok 2 kmalloc_double_free # mm/kmalloc_test.c:40: stats.nr_bad_frees == 1 (got 0, want 1)
 *   ok 3 ata_write_reads_back # SKIP no second disk attached
 *
 * Tests run one after another in kernel context with interrupts on; each must
 * leave the system as it found it.  The runner checks the part it can: the
 * number of free pages (after returning kmalloc's empty slabs) must be the same
 * after a test as before it, or the test fails as leaking.  The harness
 * (tests/test_selftest.py) turns each line into a test result.
 */
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>

extern const struct ktest __ktests_start[], __ktests_end[];

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line, const char *what)
{
	if (!ctx->has_failed)
		snprintf(ctx->reason, sizeof(ctx->reason), "%s:%d: %s", file, line, what);
	ctx->has_failed = true;
}

void ktest_fail_values(struct ktest_ctx *ctx, const char *file, int line, const char *what,
		       long long got, long long want)
{
	if (!ctx->has_failed)
		snprintf(ctx->reason, sizeof(ctx->reason), "%s:%d: %s (got %lld, want %lld)", file,
			 line, what, got, want);
	ctx->has_failed = true;
}

void ktest_skip(struct ktest_ctx *ctx, const char *why)
{
	if (!ctx->has_failed)
		strlcpy(ctx->reason, why, sizeof(ctx->reason));
	ctx->is_skipped = true;
}

int ktest_run_thread(const char *name, void (*fn)(void *), void *arg)
{
	struct task *t = kthread_create(name, fn, arg);
	if (!t)
		return -1;
	int pid = t->pid, status = -1, got = 0;
	if (task_wait(pid, &status, 0, &got) || got != pid)
		return -1;
	return status;
}

static void ktest_run_one(const struct ktest *t, struct ktest_ctx *ctx)
{
	kmalloc_shrink();
	uint32_t free_before = page_alloc_nr_free();
	t->run(ctx);
	kmalloc_shrink();
	uint32_t free_after = page_alloc_nr_free();
	if (free_after != free_before && !ctx->has_failed) {
		snprintf(ctx->reason, sizeof(ctx->reason),
			 "leak: %d pages not given back (free %u before, %u after)",
			 (int)(free_before - free_after), free_before, free_after);
		ctx->has_failed = true;
	}
}

static bool ktest_matches(const struct ktest *t, const char *filter)
{
	return !filter || !*filter || str_starts_with(t->name, filter);
}

/* devfs makes a device's inode at its first lookup and keeps it, so the
 * first test to name a device would seem to leak it (or not, as the slabs
 * happen to lie).  Every device is named once before the first test. */
static int ktest_touch_device(const char *name, uint32_t mode, uint32_t rdev, void *arg)
{
	(void)mode, (void)rdev, (void)arg;
	char path[48];
	struct inode *inode;
	snprintf(path, sizeof(path), "/dev/%s", name);
	if (vfs_lookup(path, &inode) == 0)
		inode_put(inode);
	return 0;
}

int ktest_run_all(const char *filter)
{
	int planned = 0, number = 0, nr_failed = 0;
	device_for_each(ktest_touch_device, NULL);
	/* cppcheck-suppress comparePointers ; linker-made bounds of one section */
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
		planned += ktest_matches(t, filter);

	printk("KTAP version 1\n1..%d\n", planned);
	/* cppcheck-suppress comparePointers */
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
		if (!ktest_matches(t, filter))
			continue;
		struct ktest_ctx ctx = {0};
		ktest_run_one(t, &ctx);
		number++;
		if (ctx.has_failed) {
			nr_failed++;
			printk("not ok %d %s # %s\n", number, t->name, ctx.reason);
		} else if (ctx.is_skipped) {
			printk("ok %d %s # SKIP %s\n", number, t->name, ctx.reason);
		} else {
			printk("ok %d %s\n", number, t->name);
		}
	}
	printk("# %d tests, %d passed, %d failed, %u pages free\n", number, number - nr_failed,
	       nr_failed, page_alloc_nr_free());
	return nr_failed;
}
