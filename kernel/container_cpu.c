/*
 * container_cpu.c — a container's CPU settings: cpu_weight and cpu_max.
 *
 * The container core only checks the values and hands them to the
 * container's struct sched_group; the scheduler (kernel/sched.c,
 * sched_fair.c, sched_bandwidth.c) does the rest under its own lock.  The
 * root container keeps the defaults (weight 100, no cap): it has no
 * directory to write them in.
 *
 * Read next: kernel/sched_fair.c.
 */
#include <corral/container.h>
#include <corral/container_internal.h>
#include <uapi/errno.h>

int container_set_cpu_weight(struct container *c, uint32_t weight)
{
	if (c == &root_container)
		return -EINVAL;
	if (weight < SCHED_WEIGHT_MIN || weight > SCHED_WEIGHT_MAX)
		return -ERANGE;
	sched_group_set_weight(&c->sched, weight);
	return 0;
}

int container_set_cpu_max(struct container *c, uint32_t quota_us, uint32_t period_us)
{
	if (c == &root_container)
		return -EINVAL;
	if (period_us < SCHED_PERIOD_MIN_US || period_us > SCHED_PERIOD_MAX_US)
		return -ERANGE;
	if (quota_us != SCHED_NO_QUOTA && quota_us < SCHED_QUOTA_MIN_US)
		return -ERANGE;
	sched_group_set_max(&c->sched, quota_us, period_us);
	return 0;
}
