/*
 * container_commit_test.c — self tests of the hard limits' ceiling
 * (kernel/container_commit.c): two hard containers whose limits together
 * pass it — the second write is refused with ENOSPC and changes nothing;
 * switching a big soft limit to hard is refused the same way; `max` in hard
 * mode commits nothing; lowering a limit, going soft and rmdir give room back.
 */
#include <corral/container_internal.h>
#include <corral/ktest.h>
#include <uapi/errno.h>

static struct container_stat stat_of(struct container *c)
{
	struct container_stat st;
	container_get_stat(c, &st);
	return st;
}

static uint32_t committed_now(void)
{
	uint32_t nr_hard, nr_ceiling;
	container_get_committed(&nr_hard, &nr_ceiling);
	return nr_hard;
}

KTEST(container_commit_refuses_overcommitted_hard_limits)
{
	uint32_t ceiling = container_commit_ceiling();
	uint32_t base = committed_now(); /* other containers' (none, at boot) */
	KT_ASSERT(ctx, ceiling > 1000 && base < ceiling / 4);
	uint32_t half = (ceiling - base) / 2 + 1; /* two of them do not fit */
	struct container *a, *b;
	KT_ASSERT(ctx, container_create("ktest-commit-a", &a) == 0);
	KT_ASSERT(ctx, container_create("ktest-commit-b", &b) == 0);
	KT_EXPECT_EQ(ctx, container_set_page_limit(a, half), 0);
	KT_EXPECT_EQ(ctx, container_set_limit_mode(a, CONTAINER_LIMIT_HARD), 0);
	KT_EXPECT_EQ(ctx, committed_now(), base + half);

	/* b hard with max: commits nothing. */
	KT_EXPECT_EQ(ctx, container_set_limit_mode(b, CONTAINER_LIMIT_HARD), 0);
	KT_EXPECT_EQ(ctx, committed_now(), base + half);
	KT_EXPECT_EQ(ctx, container_set_page_limit(b, half), -ENOSPC);
	KT_EXPECT_EQ(ctx, stat_of(b).page_limit, CONTAINER_NO_LIMIT);
	KT_EXPECT_EQ(ctx, container_set_page_limit(b, ceiling - base - half), 0); /* exactly full */
	KT_EXPECT_EQ(ctx, committed_now(), ceiling);
	KT_EXPECT_EQ(ctx, container_set_page_limit(b, ceiling - base - half + 1), -ENOSPC);
	KT_EXPECT_EQ(ctx, container_set_page_limit(b, 10), 0); /* lower: always */

	/* A big soft limit may not go hard. */
	KT_EXPECT_EQ(ctx, container_set_limit_mode(b, CONTAINER_LIMIT_SOFT), 0);
	KT_EXPECT_EQ(ctx, container_set_page_limit(b, half), 0); /* soft commits nothing */
	KT_EXPECT_EQ(ctx, container_set_limit_mode(b, CONTAINER_LIMIT_HARD), -ENOSPC);
	KT_EXPECT_EQ(ctx, stat_of(b).limit_mode, CONTAINER_LIMIT_SOFT);
	KT_EXPECT_EQ(ctx, committed_now(), base + half);

	/* rmdir gives a's room back: now b fits. */
	container_destroy(a);
	KT_EXPECT_EQ(ctx, committed_now(), base);
	KT_EXPECT_EQ(ctx, container_set_limit_mode(b, CONTAINER_LIMIT_HARD), 0);
	KT_EXPECT_EQ(ctx, committed_now(), base + half);
	container_destroy(b);
	KT_EXPECT_EQ(ctx, committed_now(), base);
}
