/*
 * fail_alloc_test.c — self tests of allocation fault injection (mm/fail_alloc.c):
 * the option's forms, the dice (reproducible, about the asked rate), the scope
 * (only user tasks other than init; the kernel itself never fails), and the
 * check that no system call succeeds over a failure.
 * What injection finds in the rest of the kernel is tests/test_fault_injection.py's.
 */
#include <corral/fail_alloc.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/string.h>
#include <corral/task.h>
#include <uapi/errno.h>
#include <uapi/unistd.h>

static int parse(const char *text, struct fail_alloc_rate *rate, uint32_t *seed, bool *has_seed)
{
	return fail_alloc_parse(text, strlen(text), rate, seed, has_seed);
}

KTEST(fail_alloc_parse_rates_and_seeds)
{
	struct fail_alloc_rate rate;
	uint32_t seed = 0;
	bool has_seed;

	KT_EXPECT_EQ(ctx, parse("5", &rate, &seed, &has_seed), 0);
	KT_EXPECT_EQ(ctx, rate.percent, 5);
	KT_EXPECT_EQ(ctx, rate.one_in, 0);
	KT_EXPECT(ctx, !has_seed);
	KT_EXPECT_EQ(ctx, parse("100%,42\n", &rate, &seed, &has_seed), 0);
	KT_EXPECT_EQ(ctx, rate.percent, 100);
	KT_EXPECT(ctx, has_seed);
	KT_EXPECT_EQ(ctx, seed, 42);
	KT_EXPECT_EQ(ctx, parse("1/50,7", &rate, &seed, &has_seed), 0);
	KT_EXPECT_EQ(ctx, rate.one_in, 50);
	KT_EXPECT_EQ(ctx, rate.percent, 0);
	KT_EXPECT_EQ(ctx, seed, 7);
	KT_EXPECT_EQ(ctx, parse("0\n", &rate, &seed, &has_seed), 0);
	KT_EXPECT(ctx, rate.percent == 0 && rate.one_in == 0);

	static const char too_long[] = "123456789012345678901234567890123"; /* 33 */
	static const char *const bad[] = {"",	 "\n", "101", "-1", "1/0", "2/5",
					  "abc", "5,", "5,x", "1/", "5%%", too_long};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		KT_EXPECT_EQ(ctx, parse(bad[i], &rate, &seed, &has_seed), -EINVAL);
}

static uint32_t count_failures(const struct fail_alloc_rate *rate, uint32_t seed, int rolls)
{
	struct fail_alloc_dice dice;
	fail_alloc_dice_init(&dice, rate, seed);
	uint32_t n = 0;
	for (int i = 0; i < rolls; i++)
		n += fail_alloc_dice_roll(&dice);
	return n;
}

KTEST(fail_alloc_dice_follow_rate_and_seed)
{
	const struct fail_alloc_rate off = {0, 0}, all = {100, 0}, every = {0, 1};
	const struct fail_alloc_rate ten_percent = {10, 0}, one_in_50 = {0, 50};
	KT_EXPECT_EQ(ctx, count_failures(&off, 1, 1000), 0);
	KT_EXPECT_EQ(ctx, count_failures(&all, 1, 1000), 1000);
	KT_EXPECT_EQ(ctx, count_failures(&every, 1, 1000), 1000);
	uint32_t n = count_failures(&ten_percent, 12345, 10000);
	KT_EXPECT(ctx, n > 800 && n < 1200);
	n = count_failures(&one_in_50, 0, 10000); /* seed 0 works too */
	KT_EXPECT(ctx, n > 130 && n < 270);

	/* The same seed, the same answers, in the same order; another seed differs. */
	struct fail_alloc_dice a, b, c;
	fail_alloc_dice_init(&a, &ten_percent, 99);
	fail_alloc_dice_init(&b, &ten_percent, 99);
	fail_alloc_dice_init(&c, &ten_percent, 100);
	bool same = true, differs = false;
	for (int i = 0; i < 1000; i++) {
		bool x = fail_alloc_dice_roll(&a);
		same &= x == fail_alloc_dice_roll(&b);
		differs |= x != fail_alloc_dice_roll(&c);
	}
	KT_EXPECT(ctx, same);
	KT_EXPECT(ctx, differs);
}

KTEST(fail_alloc_only_user_tasks_but_init)
{
	static struct task t; /* big: not on the boot stack */
	struct mm mm;
	memset(&t, 0, sizeof(t));
	KT_EXPECT(ctx, !fail_alloc_task_is_fair(NULL));
	t.pid = 7; /* a kernel thread: no mm */
	KT_EXPECT(ctx, !fail_alloc_task_is_fair(&t));
	t.mm = &mm;
	KT_EXPECT(ctx, fail_alloc_task_is_fair(&t));
	t.pid = 1; /* init */
	KT_EXPECT(ctx, !fail_alloc_task_is_fair(&t));
	t.pid = 0;
	KT_EXPECT(ctx, !fail_alloc_task_is_fair(&t));
}

/* The self tests run in pid 0: even at 100% nothing of theirs may fail. */
KTEST(fail_alloc_spares_the_kernel)
{
	struct fail_alloc_stats before, after;
	fail_alloc_get_stats(&before);
	const struct fail_alloc_rate all = {100, 0};
	fail_alloc_set(&all, 3);

	struct page *page = alloc_page();
	void *obj = kmalloc(64);
	void *big = kmalloc(3 * PAGE_SIZE);
	fail_alloc_get_stats(&after);
	fail_alloc_set(&before.rate, before.seed); /* as we found it */

	KT_EXPECT(ctx, page != NULL);
	KT_EXPECT(ctx, obj != NULL);
	KT_EXPECT(ctx, big != NULL);
	KT_EXPECT_EQ(ctx, after.rate.percent, 100);
	KT_EXPECT_EQ(ctx, after.seed, 3);
	KT_EXPECT_EQ(ctx, after.nr_checked, before.nr_checked);
	KT_EXPECT_EQ(ctx, after.nr_injected[FAIL_ALLOC_PAGE], before.nr_injected[FAIL_ALLOC_PAGE]);
	KT_EXPECT_EQ(ctx, after.nr_injected[FAIL_ALLOC_KMALLOC],
		     before.nr_injected[FAIL_ALLOC_KMALLOC]);
	if (page)
		free_page(page);
	kfree(obj);
	kfree(big);
}

/* A system call that returns success after an allocation under it was failed
 * lost something: counted and reported.  Errors, and reads and writes (short
 * counts), are not.  The self tests run as pid 0, which injection spares, so
 * the task's count is set by hand.  (This prints one "a failure was lost".) */
KTEST(fail_alloc_counts_lost_failures)
{
	struct fail_alloc_stats before, after;
	fail_alloc_get_stats(&before);
	current->nr_failed_allocs = 1;
	fail_alloc_syscall_return(__NR_mkdir, -ENOMEM);
	KT_EXPECT_EQ(ctx, current->nr_failed_allocs, 0);
	current->nr_failed_allocs = 2;
	fail_alloc_syscall_return(__NR_write, 10);
	fail_alloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_swallowed, before.nr_swallowed);

	current->nr_failed_allocs = 1;
	current->failed_alloc_caller = (const void *)fail_alloc_syscall_return;
	fail_alloc_syscall_return(__NR_mkdir, 0);
	fail_alloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_swallowed, before.nr_swallowed + 1);
	KT_EXPECT_EQ(ctx, current->nr_failed_allocs, 0);
	fail_alloc_syscall_return(__NR_mkdir, 0); /* nothing failed this time */
	fail_alloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_swallowed, before.nr_swallowed + 1);
}
