/*
 * loadavg_test.c — the load average's fixed-point steps (kernel/loadavg.c):
 * one busy task for a minute brings the 1-minute average to about 1 - 1/e,
 * twelve steps; it then reaches exactly 1.00 and, once idle, exactly 0.00
 * (the rounding goes toward the target); and the printed hundredths round.
 */
#include <corral/ktest.h>
#include <corral/loadavg.h>

#define DECAY_1MIN 1884

KTEST(loadavg_one_task_for_a_minute)
{
	uint32_t load = 0;
	load = loadavg_step(load, DECAY_1MIN, 1);
	KT_EXPECT_EQ(ctx, loadavg_int(load), 0u);
	KT_EXPECT_EQ(ctx, loadavg_hundredths(load), 8u); /* 1 - exp(-5/60) = 0.08 */
	for (int i = 1; i < 12; i++)
		load = loadavg_step(load, DECAY_1MIN, 1);
	/* 1 - exp(-1) = 0.632 */
	KT_EXPECT_EQ(ctx, loadavg_int(load), 0u);
	KT_EXPECT(ctx, loadavg_hundredths(load) >= 62 && loadavg_hundredths(load) <= 64);
}

KTEST(loadavg_reaches_its_target_exactly)
{
	uint32_t load = 0;
	for (int i = 0; i < 2000; i++)
		load = loadavg_step(load, DECAY_1MIN, 3);
	KT_EXPECT_EQ(ctx, load, 3 * LOADAVG_FIXED_1);
	for (int i = 0; i < 2000; i++)
		load = loadavg_step(load, DECAY_1MIN, 0);
	KT_EXPECT_EQ(ctx, load, 0u);
}

KTEST(loadavg_prints_rounded)
{
	KT_EXPECT_EQ(ctx, loadavg_int(LOADAVG_FIXED_1 * 2), 2u);
	KT_EXPECT_EQ(ctx, loadavg_hundredths(LOADAVG_FIXED_1 * 2), 0u);
	KT_EXPECT_EQ(ctx, loadavg_hundredths(LOADAVG_FIXED_1 / 2), 50u);
	/* 0.999 prints as 1.00, not 0.99 */
	uint32_t almost_one = LOADAVG_FIXED_1 - 2;
	KT_EXPECT_EQ(ctx, loadavg_int(almost_one), 1u);
	KT_EXPECT_EQ(ctx, loadavg_hundredths(almost_one), 0u);
}
