/*
 * block_throttle_test.c — the token bucket's arithmetic, to the byte and the
 * tick: a new limit starts full, the refill adds bps_max per second and
 * stops at the depth, a request over the budget waits the ticks its debt
 * needs, `max` never waits, a lowered limit keeps a debt, and what a long
 * run lets through adds up to the rate.  No sleeping: time is passed in.
 */
#include <corral/block_throttle.h>
#include <corral/ktest.h>
#include <corral/time.h>

#define MIB (1024 * 1024)

KTEST(block_throttle_new_limit_starts_full)
{
	struct block_throttle t = {0};
	block_throttle_set_limit(&t, MIB, 1000);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 1000), MIB / BLOCK_THROTTLE_DEPTH_DIV);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 1000), 0);
	/* Full stays full however long nothing happens. */
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 1000 + 100 * HZ), MIB / 4);
}

KTEST(block_throttle_refill_is_exact)
{
	struct block_throttle t = {0};
	block_throttle_set_limit(&t, 1000, 0); /* 10 bytes a tick; depth 250 */
	block_throttle_charge(&t, 250, 0);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 0), 0);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 1), 10);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 10), 100);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 25), 250);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 26), 250); /* the depth */
	/* A rate that is not a multiple of HZ loses nothing: 1 MiB/s is
	 * 10485.76 bytes a tick, and a second of single ticks adds 1 MiB. */
	block_throttle_set_limit(&t, 0, 26);
	block_throttle_set_limit(&t, MIB, 26);
	block_throttle_charge(&t, MIB / 4 + MIB, 26);
	for (uint64_t now = 27; now <= 26 + HZ; now++)
		block_throttle_bytes(&t, now);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 26 + HZ), 0);
}

KTEST(block_throttle_request_over_budget_waits_its_ticks)
{
	struct block_throttle t = {0};
	block_throttle_set_limit(&t, MIB, 0); /* depth 256 KiB, 10485.76 bytes a tick */
	block_throttle_charge(&t, MIB / 4, 0);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 0), 0); /* empty, not in debt */
	block_throttle_charge(&t, 4096, 0);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 0), 1); /* 4 KiB: 0.39 of a tick */
	block_throttle_charge(&t, 128 * 1024 - 4096, 0);
	/* 128 KiB of debt at 1 MiB/s: an eighth of a second, 12.5 ticks → 13. */
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 0), 13);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 12), 1);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 13), 0);
	/* A request larger than the whole bucket still goes, once out of debt. */
	block_throttle_charge(&t, 4 * MIB, 13);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 13), 4 * HZ);
}

KTEST(block_throttle_max_never_waits)
{
	struct block_throttle t = {0};
	for (int i = 0; i < 1000; i++)
		block_throttle_charge(&t, 128 * 1024, 5);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 5), 0);
	/* A debt made under a limit is forgotten by `max`... */
	block_throttle_set_limit(&t, 1000, 5);
	block_throttle_charge(&t, 100000, 5);
	KT_EXPECT(ctx, block_throttle_wait_ticks(&t, 5) > 0);
	block_throttle_set_limit(&t, 0, 5);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 5), 0);
	/* ... and a limit set again starts full. */
	block_throttle_set_limit(&t, 1000, 6);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 6), 250);
}

KTEST(block_throttle_changed_limit_keeps_debt_and_caps_depth)
{
	struct block_throttle t = {0};
	block_throttle_set_limit(&t, MIB, 0);
	block_throttle_set_limit(&t, 4000, 0); /* lower: the bucket shrinks to 1000 */
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 0), 1000);
	block_throttle_charge(&t, 3000, 0); /* 2000 in debt */
	block_throttle_set_limit(&t, 2000, 0);
	KT_EXPECT_EQ(ctx, block_throttle_bytes(&t, 0), -2000);
	KT_EXPECT_EQ(ctx, block_throttle_wait_ticks(&t, 0), HZ); /* 2000 bytes at 2000/s */
}

/* Submit 4 KiB requests whenever the bucket lets them, for 8 s of ticks: what
 * goes through is the depth plus the rate times the time, give or take one
 * request -- the bound test_io.py's copy time rests on. */
KTEST(block_throttle_long_run_adds_up_to_the_rate)
{
	struct block_throttle t = {0};
	block_throttle_set_limit(&t, MIB, 0);
	uint64_t bytes = 0;
	for (uint64_t now = 0; now < 8 * HZ; now++) {
		while (block_throttle_wait_ticks(&t, now) == 0) {
			block_throttle_charge(&t, 4096, now);
			bytes += 4096;
		}
	}
	uint64_t last = 8 * HZ - 1; /* the time of the last request */
	uint64_t most = MIB / 4 + (uint64_t)MIB * last / HZ + 4096;
	KT_EXPECT(ctx, bytes <= most);
	KT_EXPECT(ctx, bytes + 2 * 4096 >= most);
}
