/*
 * sched_group_test.c — self tests of the CPU controller: the stride rule
 * (kernel/sched_fair.c), cpu_max budgets (kernel/sched_bandwidth.c), the
 * clock they are timed with (kernel/sched_clock.c) and the container
 * settings (kernel/container_cpu.c).
 *
 * The rules are tried on private groups and fake tasks, with a private busy
 * list: the scheduler's own lists are never touched, so nothing here runs
 * or stops a real task.  Time is simulated: each pick "runs" for a slice.
 */
#include <corral/container.h>
#include <corral/ktest.h>
#include <corral/sched_group.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/time.h>
#include <uapi/errno.h>

#define SLICE_NS (10 * 1000 * 1000ull) /* 10 ms */

struct fake_cpu {
	struct list_head busy;
	uint64_t vtime;
	struct sched_group groups[2];
	struct task tasks[4];
};

static void fake_cpu_init(struct fake_cpu *cpu)
{
	memset(cpu, 0, sizeof(*cpu));
	list_init(&cpu->busy);
	for (int i = 0; i < 2; i++)
		sched_group_init(&cpu->groups[i]);
	for (int i = 0; i < 4; i++)
		list_init(&cpu->tasks[i].run_node);
}

static void set_weight(struct sched_group *g, uint32_t weight)
{
	g->weight = weight;
	g->stride = SCHED_STRIDE1 / weight;
}

/* Run n slices: pick, charge the picked task's group, put it back. */
static void run_slices(struct fake_cpu *cpu, int n, uint32_t picks[2])
{
	for (int i = 0; i < n; i++) {
		struct task *t = sched_fair_pick(&cpu->busy, &cpu->vtime);
		if (!t)
			return;
		struct sched_group *g = t->sched_group;
		picks[g - cpu->groups]++;
		sched_fair_charge(g, t, SLICE_NS);
		sched_fair_enqueue(&cpu->busy, &cpu->vtime, g, t);
	}
}

KTEST(sched_fair_shares_by_weight_not_by_tasks)
{
	static struct fake_cpu cpu;
	fake_cpu_init(&cpu);
	set_weight(&cpu.groups[1], 300);
	/* Group 0 has three tasks, group 1 one: weight decides, not numbers. */
	for (int i = 0; i < 4; i++) {
		cpu.tasks[i].sched_group = &cpu.groups[i < 3 ? 0 : 1];
		sched_fair_enqueue(&cpu.busy, &cpu.vtime, cpu.tasks[i].sched_group, &cpu.tasks[i]);
	}
	uint32_t picks[2] = {0, 0};
	run_slices(&cpu, 400, picks);
	KT_EXPECT(ctx, picks[0] >= 99 && picks[0] <= 101);
	KT_EXPECT(ctx, picks[1] >= 299 && picks[1] <= 301);
	KT_EXPECT_EQ(ctx, cpu.groups[0].usage_ns, picks[0] * SLICE_NS);
}

KTEST(sched_fair_tasks_of_a_group_take_turns)
{
	static struct fake_cpu cpu;
	fake_cpu_init(&cpu);
	for (int i = 0; i < 3; i++) {
		cpu.tasks[i].sched_group = &cpu.groups[0];
		sched_fair_enqueue(&cpu.busy, &cpu.vtime, &cpu.groups[0], &cpu.tasks[i]);
	}
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 3; i++) {
			struct task *t = sched_fair_pick(&cpu.busy, &cpu.vtime);
			KT_EXPECT(ctx, t == &cpu.tasks[i]);
			KT_EXPECT(ctx, !t->is_queued);
			sched_fair_charge(&cpu.groups[0], t, SLICE_NS);
			sched_fair_enqueue(&cpu.busy, &cpu.vtime, &cpu.groups[0], t);
		}
	}
}

KTEST(sched_fair_nice_weighs_the_tasks_of_a_group)
{
	static struct fake_cpu cpu;
	fake_cpu_init(&cpu);
	/* nice 0 against nice 5: weights 1024 and 336, about 3 to 1. */
	cpu.tasks[1].nice = 5;
	for (int i = 0; i < 2; i++) {
		cpu.tasks[i].sched_group = &cpu.groups[0];
		sched_fair_enqueue(&cpu.busy, &cpu.vtime, &cpu.groups[0], &cpu.tasks[i]);
	}
	uint32_t nice0 = 0;
	for (int i = 0; i < 400; i++) {
		struct task *t = sched_fair_pick(&cpu.busy, &cpu.vtime);
		KT_ASSERT(ctx, t != NULL);
		nice0 += t == &cpu.tasks[0];
		sched_fair_charge(&cpu.groups[0], t, SLICE_NS);
		sched_fair_enqueue(&cpu.busy, &cpu.vtime, &cpu.groups[0], t);
	}
	KT_EXPECT(ctx, nice0 >= 297 && nice0 <= 303); /* 400 × 1024 / 1360 = 301 */
	/* A yield puts a task behind the others queued in its group. */
	struct task *t = sched_fair_pick(&cpu.busy, &cpu.vtime);
	struct task *other = t == &cpu.tasks[0] ? &cpu.tasks[1] : &cpu.tasks[0];
	sched_fair_yield(&cpu.groups[0], t);
	KT_EXPECT(ctx, t->sched_pass > other->sched_pass);
	sched_fair_enqueue(&cpu.busy, &cpu.vtime, &cpu.groups[0], t);
	KT_EXPECT(ctx, sched_fair_pick(&cpu.busy, &cpu.vtime) == other);
}

KTEST(sched_fair_idle_group_saves_no_credit)
{
	static struct fake_cpu cpu;
	fake_cpu_init(&cpu);
	cpu.tasks[0].sched_group = &cpu.groups[0];
	sched_fair_enqueue(&cpu.busy, &cpu.vtime, &cpu.groups[0], &cpu.tasks[0]);
	uint32_t picks[2] = {0, 0};
	run_slices(&cpu, 100, picks); /* group 1 sleeps through a second */
	cpu.tasks[1].sched_group = &cpu.groups[1];
	sched_fair_enqueue(&cpu.busy, &cpu.vtime, &cpu.groups[1], &cpu.tasks[1]);
	/* It starts two ticks' worth before the others, not a second before. */
	uint64_t credit = (20 * 1000 * 1000ull * (SCHED_STRIDE1 / SCHED_WEIGHT_DEFAULT)) >> 10;
	KT_EXPECT_EQ(ctx, cpu.groups[1].pass, cpu.vtime - credit);
	picks[0] = picks[1] = 0;
	run_slices(&cpu, 20, picks); /* from now on: about half each, no catching up */
	KT_EXPECT(ctx, picks[1] >= 10 && picks[1] <= 12);
	/* Empty queue: the group leaves the busy list, nothing to pick. */
	struct task *a = sched_fair_pick(&cpu.busy, &cpu.vtime);
	struct task *b = sched_fair_pick(&cpu.busy, &cpu.vtime);
	KT_EXPECT(ctx, a && b && a != b);
	KT_EXPECT(ctx, sched_fair_pick(&cpu.busy, &cpu.vtime) == NULL);
	KT_EXPECT(ctx, list_is_empty(&cpu.busy));
}

KTEST(sched_bandwidth_throttles_until_the_next_period)
{
	static struct fake_cpu cpu;
	fake_cpu_init(&cpu);
	struct sched_group *g = &cpu.groups[0];
	LIST_HEAD(groups);
	uint64_t ms = 1000 * 1000;
	sched_bandwidth_set(g, &groups, 0, 20 * ms, 100 * ms); /* 20% */
	KT_EXPECT(ctx, !sched_bandwidth_charge(g, 10 * ms, 10 * ms));
	KT_EXPECT(ctx, sched_bandwidth_charge(g, 20 * ms, 10 * ms)); /* used up */
	KT_EXPECT(ctx, g->is_throttled);
	KT_EXPECT_EQ(ctx, g->nr_throttled, 1);
	KT_EXPECT(ctx, !sched_bandwidth_tick(&groups, 60 * ms, &cpu.vtime)); /* same period */
	KT_EXPECT(ctx, sched_bandwidth_tick(&groups, 100 * ms, &cpu.vtime));
	KT_EXPECT(ctx, !g->is_throttled);
	KT_EXPECT_EQ(ctx, g->throttled_ns, 80 * ms);
	KT_EXPECT_EQ(ctx, g->period_end_ns, 200 * ms);
	/* An overrun (a long kernel path) is paid back from the next period. */
	KT_EXPECT(ctx, sched_bandwidth_charge(g, 135 * ms, 35 * ms));
	KT_EXPECT(ctx, sched_bandwidth_tick(&groups, 200 * ms, &cpu.vtime)); /* -15 + 20 */
	KT_EXPECT_EQ(ctx, g->period_left_ns, 5 * (int64_t)ms);
	/* Idle periods save nothing: the budget never passes the quota. */
	sched_bandwidth_tick(&groups, 300 * ms, &cpu.vtime);
	sched_bandwidth_tick(&groups, 400 * ms, &cpu.vtime);
	KT_EXPECT_EQ(ctx, g->period_left_ns, 20 * (int64_t)ms);
	/* "max": off the list, never throttled. */
	sched_bandwidth_set(g, &groups, 400 * ms, SCHED_NO_QUOTA, 100 * ms);
	KT_EXPECT(ctx, list_is_empty(&groups));
	KT_EXPECT(ctx, !sched_bandwidth_charge(g, 900 * ms, 500 * ms));
}

KTEST(sched_clock_moves_forward_inside_the_tick)
{
	uint64_t last = sched_clock_ns();
	for (int i = 0; i < 2000; i++) {
		uint64_t now = sched_clock_ns();
		KT_ASSERT(ctx, now >= last);
		last = now;
	}
	uint64_t tick_ns = jiffies_read() * TIME_NS_PER_TICK;
	uint64_t now = sched_clock_ns();
	/* Never behind the tick count read before it, never two ticks ahead. */
	KT_EXPECT(ctx, now >= tick_ns && now < tick_ns + 2 * TIME_NS_PER_TICK);
}

KTEST(container_cpu_settings_are_checked)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-cpu", &c) == 0);
	KT_EXPECT_EQ(ctx, container_set_cpu_weight(c, 0), -ERANGE);
	KT_EXPECT_EQ(ctx, container_set_cpu_weight(c, 10001), -ERANGE);
	KT_EXPECT_EQ(ctx, container_set_cpu_weight(c, 300), 0);
	KT_EXPECT_EQ(ctx, container_set_cpu_max(c, 999, 100000), -ERANGE);
	KT_EXPECT_EQ(ctx, container_set_cpu_max(c, 20000, 999), -ERANGE);
	KT_EXPECT_EQ(ctx, container_set_cpu_max(c, 20000, 1000001), -ERANGE);
	KT_EXPECT_EQ(ctx, container_set_cpu_max(c, 20000, 100000), 0);
	KT_EXPECT_EQ(ctx, container_set_cpu_weight(&root_container, 300), -EINVAL);
	KT_EXPECT_EQ(ctx, container_set_cpu_max(&root_container, 20000, 100000), -EINVAL);
	struct container_stat st;
	container_get_stat(c, &st);
	KT_EXPECT_EQ(ctx, st.cpu.weight, 300);
	KT_EXPECT_EQ(ctx, st.cpu.quota_us, 20000);
	KT_EXPECT_EQ(ctx, st.cpu.period_us, 100000);
	KT_EXPECT_EQ(ctx, container_destroy(c), 0); /* leaves the bandwidth list */
}
