/*
 * syscalls_limits.c — what a process may ask about its limits and its
 * machine, answered with Corral's fixed facts:
 *
 *     getrlimit (76), ugetrlimit (191), prlimit64 (340)   resource limits
 *     sched_getaffinity (242)                              the CPUs it may run on
 *     getrandom (355)                                      random bytes
 *
 * The limits are the kernel's own, not settable (no setrlimit yet):
 * RLIMIT_NOFILE is the fd table's size, RLIMIT_STACK the most the stack
 * grows, RLIMIT_MEMLOCK 8 MiB (what a task that is not root may lock: mm/mlock.c),
 * RLIMIT_NICE 0 (Linux's default: only root may lower a nice value),
 * everything else unlimited.  prlimit64 reads them for the caller
 * (pid 0 or its own) and refuses a new limit with EPERM.  One CPU: the
 * affinity mask is CPU 0.  getrandom's bytes come from a xorshift generator
 * stirred with the time stamp counter at each call: unpredictable enough for
 * hash seeds and temporary names, *not* for keys (Corral has no entropy pool);
 * docs/syscalls.md says so.
 */
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/string.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <corral/x86.h>
#include <uapi/errno.h>

#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_NICE 13
#define RLIM_NLIMITS 16
#define RLIM64_INFINITY (~0ull)
#define RLIM_INFINITY (~0ul)

struct rlimit64 {
	uint64_t cur, max;
};

static uint64_t limit_of(unsigned resource)
{
	switch (resource) {
	case RLIMIT_NOFILE:
		return FILES_MAX;
	case RLIMIT_STACK:
		return USER_STACK_MAX;
	case RLIMIT_MEMLOCK:
		return (uint64_t)MLOCK_RLIMIT_PAGES * PAGE_SIZE; /* root passes it (mm/mlock.c) */
	case RLIMIT_NICE:
		return 0; /* only root lowers a nice value (kernel/priority.c) */
	default:
		return RLIM64_INFINITY;
	}
}

long sys_getrlimit(unsigned resource, unsigned long *ulim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	uint64_t v = limit_of(resource);
	unsigned long lim[2];
	lim[0] = lim[1] = v == RLIM64_INFINITY ? RLIM_INFINITY : (unsigned long)v;
	return copy_to_user(ulim, lim, sizeof(lim)) ? -EFAULT : 0;
}

long sys_prlimit64(int pid, unsigned resource, const struct rlimit64 *unew,
		   struct rlimit64 *uold)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid != 0 && pid != current->pid)
		return task_find(pid) ? -EPERM : -ESRCH;
	if (unew)
		return -EPERM; /* the limits are the kernel's own */
	struct rlimit64 lim = {limit_of(resource), limit_of(resource)};
	return uold && copy_to_user(uold, &lim, sizeof(lim)) ? -EFAULT : 0;
}

long sys_sched_getaffinity(int pid, unsigned len, unsigned long *umask)
{
	if (pid != 0 && !task_find(pid))
		return -ESRCH;
	if (len < sizeof(unsigned long) || len % sizeof(unsigned long))
		return -EINVAL;
	unsigned long mask = 1; /* CPU 0, the only one */
	if (copy_to_user(umask, &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask); /* the bytes of the kernel's mask, as Linux returns */
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#define GETRANDOM_CHUNK 256

static uint64_t random_state = 0x9e3779b97f4a7c15ull;

static uint64_t random_next(void)
{
	uint64_t x = random_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	random_state = x;
	return x;
}

long sys_getrandom(uint8_t *ubuf, size_t len, unsigned flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	random_state ^= rdtsc(); /* stir: the time of the call */
	uint8_t chunk[GETRANDOM_CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));
		for (size_t i = 0; i < n; i += sizeof(uint64_t)) {
			uint64_t r = random_next();
			memcpy(chunk + i, &r, MIN(sizeof(r), n - i));
		}
		if (copy_to_user(ubuf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
