/*
 * rusage.c — what a process and its children have used: times (43),
 * getrusage (77), and the rusage wait4 fills for a reaped child.
 *
 * CPU time is sampled by the tick (kernel/sched.c: a tick is charged to the
 * task it interrupted, as user or system time by the mode it came from), so
 * it is exact to 10 ms on average, not per call.  A child's times become its
 * parent's "children" times only when the parent waits for it (task.c).
 * ru_maxrss is the resident size now, not the peak (Corral keeps no
 * high-water mark); the counters Corral does not keep are 0, as Linux's
 * unused ones are.
 */
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>

#define USER_HZ 100 /* clock_t's unit, for every Linux program (sysconf(_SC_CLK_TCK)) */
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

_Static_assert(HZ == USER_HZ, "times() hands out ticks as they are");

struct tms {
	int32_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

struct rusage {
	struct { int32_t tv_sec, tv_usec; } ru_utime, ru_stime;
	int32_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	int32_t ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

_Static_assert(sizeof(struct rusage) == 72, "Linux's i386 struct rusage");

long sys_times(void *ubuf)
{
	const struct task *t = current;
	if (ubuf) {
		struct tms tms = {
			.tms_utime = (int32_t)t->nr_user_ticks,
			.tms_stime = (int32_t)(t->nr_ticks - t->nr_user_ticks),
			.tms_cutime = (int32_t)t->nr_children_user_ticks,
			.tms_cstime = (int32_t)(t->nr_children_ticks - t->nr_children_user_ticks),
		};
		if (copy_to_user(ubuf, &tms, sizeof(tms)))
			return -EFAULT;
	}
	return (long)(uint32_t)jiffies_read(); /* clock ticks since boot, as Linux's do wrap */
}

static void ticks_to_timeval(uint64_t ticks, int32_t *sec, int32_t *usec)
{
	*sec = (int32_t)(ticks / HZ);
	*usec = (int32_t)(ticks % HZ * (1000000 / HZ));
}

static int rusage_to_user(void *urusage, const struct wait_usage *u, uint32_t maxrss_kb)
{
	struct rusage ru = {0};
	ticks_to_timeval(u->nr_user_ticks, &ru.ru_utime.tv_sec, &ru.ru_utime.tv_usec);
	ticks_to_timeval(u->nr_ticks - u->nr_user_ticks, &ru.ru_stime.tv_sec,
			 &ru.ru_stime.tv_usec);
	ru.ru_minflt = (int32_t)(u->nr_faults - u->nr_major_faults);
	ru.ru_majflt = (int32_t)u->nr_major_faults;
	ru.ru_maxrss = (int32_t)maxrss_kb;
	return copy_to_user(urusage, &ru, sizeof(ru)) ? -EFAULT : 0;
}

int rusage_copy_child(void *urusage, const struct wait_usage *usage)
{
	return rusage_to_user(urusage, usage, 0);
}

long sys_getrusage(int who, void *urusage)
{
	const struct task *t = current;
	struct wait_usage u;
	uint32_t maxrss_kb = 0;
	if (who == RUSAGE_SELF || who == RUSAGE_THREAD) {
		u = (struct wait_usage){t->nr_ticks, t->nr_user_ticks, t->nr_faults,
					t->nr_major_faults};
		maxrss_kb = t->mm ? t->mm->nr_resident_pages * (PAGE_SIZE / 1024) : 0;
	} else if (who == RUSAGE_CHILDREN) {
		u = (struct wait_usage){t->nr_children_ticks, t->nr_children_user_ticks,
					t->nr_children_faults, t->nr_children_major_faults};
	} else {
		return -EINVAL;
	}
	return rusage_to_user(urusage, &u, maxrss_kb);
}
