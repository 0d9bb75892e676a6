/*
 * fail_alloc.c — allocation fault injection: decide which allocations fail.
 *
 * Policy first.  Error paths that never run are error paths that do not work:
 * a fork that fails half-way must give back what it took, an exec must leave
 * the old program intact.  With `fail_alloc=RATE[,SEED]` on the command line
 * (or a write to /proc/sys/debug/fail_alloc) alloc_pages() and kmalloc() ask
 * fail_alloc_should_fail() first, and a seeded random fraction of them return
 * NULL as if memory had run out.  The same seed gives the same sequence of
 * yes and no, so a run that found a bug can be repeated.
 *
 * Only where failing is a fair test (fail_alloc_context_is_fair):
 *
 *   - a user task's own system call or page fault: current has an mm;
 *     kernel threads and the boot (pid 0) never fail, nor do the self tests;
 *   - not init (pid 1): init cannot survive losing its memory, and its death
 *     is a panic by design, not a bug found;
 *   - interrupts on: interrupt handlers run with them off, and so does code
 *     holding a spinlock (kmalloc itself, taking a slab from the buddy
 *     allocator under its lock, so a kmalloc failure is counted once, as one)
 *     and the page fault of a copy_to_user (arch/x86/trap.c keeps them off
 *     there: a page it cannot have becomes EFAULT, as in Linux).
 *
 * A failure must reach the user: as ENOMEM or EAGAIN from the system call, or
 * as the task killed (a page fault with no page: arch/x86/trap.c).  So each
 * task counts the failures injected during its system call, and when the call
 * returns success anyway (fail_alloc_syscall_return) something was lost
 * without a word: that is reported on the console and counted as swallowed.
 * Only read and write may succeed after a failure (a short count is how POSIX
 * reports a failure part-way; the next call returns the error), and brk, whose
 * failure is the old break returned.
 *
 * Mechanism: a xorshift32 generator under fail_alloc_lock; a roll fails when
 * the next number, reduced to 0..99 (or 0..N-1), falls below the rate.  Each
 * injected failure is logged at KERN_DEBUG (the monitor's `log`, or
 * `loglevel=8`) with the allocator's caller.  Tests: mm/fail_alloc_test.c;
 * the scenario in tests/test_fault_injection.py.  Read next: mm/page_alloc.c.
 */
#include <corral/fail_alloc.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/spinlock.h>
#include <corral/string.h>
#include <corral/task.h>
#include <uapi/errno.h>
#include <uapi/unistd.h>

#define FAIL_ALLOC_TEXT_MAX 32 /* "100,4294967295" and room to spare */

static const char *const site_names[FAIL_ALLOC_NR_SITES] = {
    [FAIL_ALLOC_PAGE] = "page",
    [FAIL_ALLOC_KMALLOC] = "kmalloc",
};

/* fail_alloc_lock (interrupts off) guards everything below.  is_on is also
 * read without it, as the allocators' fast path: one aligned word. */
static struct spinlock fail_alloc_lock = SPINLOCK_INIT("fail_alloc");
static bool is_on;
static struct fail_alloc_dice dice;
static uint32_t dice_seed = FAIL_ALLOC_DEFAULT_SEED;
static uint32_t nr_checked;
static uint32_t nr_injected[FAIL_ALLOC_NR_SITES];
static uint32_t nr_swallowed; /* system calls that succeeded over a failure */

/* ---- the dice -------------------------------------------------------------- */

static bool rate_is_off(const struct fail_alloc_rate *rate)
{
	return rate->percent == 0 && rate->one_in == 0;
}

void fail_alloc_dice_init(struct fail_alloc_dice *d, const struct fail_alloc_rate *rate,
			  uint32_t seed)
{
	d->rate = *rate;
	d->state = seed ? seed : 0x9e3779b9u; /* xorshift never leaves 0 */
}

static uint32_t dice_next(struct fail_alloc_dice *d)
{
	uint32_t x = d->state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	d->state = x;
	return x;
}

bool fail_alloc_dice_roll(struct fail_alloc_dice *d)
{
	if (rate_is_off(&d->rate))
		return false;
	uint32_t x = dice_next(d);
	if (d->rate.one_in)
		return x % d->rate.one_in == 0;
	return x % 100 < d->rate.percent;
}

/* ---- where failing is fair --------------------------------------------------- */

bool fail_alloc_task_is_fair(const struct task *t)
{
	return t && t->mm && t->pid > 1;
}

static bool fail_alloc_context_is_fair(void)
{
	return (read_eflags() & EFLAGS_IF) && fail_alloc_task_is_fair(current);
}

/* "function+0xoffset" of an allocator's caller, for the reports. */
static void caller_name(const void *caller, char *buf, size_t size)
{
	char fn[48];
	uintptr_t off;
	const char *found = ksyms_lookup((uintptr_t)caller, &off, fn, sizeof(fn));
	snprintf(buf, size, "%s+0x%x", found ? found : "?", (unsigned)off);
}

static void fail_alloc_report(enum fail_alloc_site site, const void *caller)
{
	char where[64];
	caller_name(caller, where, sizeof(where));
	pr_debug("fail_alloc: %s allocation failed for %s[%d] in %s\n", site_names[site],
		 current->name, current->pid, where);
}

bool fail_alloc_should_fail(enum fail_alloc_site site, const void *caller)
{
	if (!is_on || !fail_alloc_context_is_fair())
		return false;
	uint32_t flags = spin_lock_irqsave(&fail_alloc_lock);
	nr_checked++;
	bool must_fail = fail_alloc_dice_roll(&dice);
	if (must_fail)
		nr_injected[site]++;
	spin_unlock_irqrestore(&fail_alloc_lock, flags);
	if (must_fail) {
		current->nr_failed_allocs++;
		current->failed_alloc_caller = caller;
		fail_alloc_report(site, caller);
	}
	return must_fail;
}

/* Calls whose failures are not negative: a read or write may stop part-way and
 * return the count done; brk fails by returning the break unchanged. */
static bool syscall_fails_without_errno(uint32_t nr)
{
	switch (nr) {
	case __NR_brk:
	case __NR_read:
	case __NR_write:
	case __NR_readv:
	case __NR_writev:
	case __NR_pread64:
	case __NR_pwrite64:
		return true;
	default:
		return false;
	}
}

void fail_alloc_syscall_return(uint32_t nr, long ret)
{
	struct task *t = current;
	uint32_t nr_failed = t->nr_failed_allocs;
	if (nr_failed == 0)
		return;
	t->nr_failed_allocs = 0;
	if (ret < 0 || syscall_fails_without_errno(nr))
		return;
	uint32_t flags = spin_lock_irqsave(&fail_alloc_lock);
	nr_swallowed++;
	spin_unlock_irqrestore(&fail_alloc_lock, flags);
	char where[64];
	caller_name(t->failed_alloc_caller, where, sizeof(where));
	pr_err("fail_alloc: %s[%d]: system call %u returned %ld after %u failed allocation%s "
	       "(the last in %s): a failure was lost\n",
	       t->name, t->pid, nr, ret, nr_failed, nr_failed == 1 ? "" : "s", where);
}

/* ---- switching it on and off ------------------------------------------------- */

void fail_alloc_set(const struct fail_alloc_rate *rate, uint32_t seed)
{
	uint32_t flags = spin_lock_irqsave(&fail_alloc_lock);
	dice_seed = seed;
	fail_alloc_dice_init(&dice, rate, seed);
	is_on = !rate_is_off(rate);
	spin_unlock_irqrestore(&fail_alloc_lock, flags);
}

/* "P", "P%" (0..100) or "1/N" (N >= 1). */
static int fail_alloc_parse_rate(const char *s, struct fail_alloc_rate *rate)
{
	*rate = (struct fail_alloc_rate){0, 0};
	if (strncmp(s, "1/", 2) == 0)
		return str_to_u32(s + 2, &rate->one_in) || rate->one_in == 0 ? -EINVAL : 0;
	char number[FAIL_ALLOC_TEXT_MAX];
	strlcpy(number, s, sizeof(number));
	size_t len = strlen(number);
	if (len && number[len - 1] == '%')
		number[len - 1] = '\0';
	if (str_to_u32(number, &rate->percent) || rate->percent > 100)
		return -EINVAL;
	return 0;
}

int fail_alloc_parse(const char *text, size_t len, struct fail_alloc_rate *rate, uint32_t *seed,
		     bool *has_seed)
{
	char buf[FAIL_ALLOC_TEXT_MAX];
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--; /* what `echo` adds */
	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, text, len);
	buf[len] = '\0';
	char *comma = strchr(buf, ',');
	*has_seed = comma != NULL;
	if (comma) {
		*comma = '\0';
		if (str_to_u32(comma + 1, seed))
			return -EINVAL;
	}
	return fail_alloc_parse_rate(buf, rate);
}

int fail_alloc_set_from_text(const char *text, size_t len)
{
	struct fail_alloc_rate rate;
	uint32_t seed = 0;
	bool has_seed;
	int err = fail_alloc_parse(text, len, &rate, &seed, &has_seed);
	if (err)
		return err;
	fail_alloc_set(&rate, has_seed ? seed : dice_seed); /* one word: read unlocked */
	return 0;
}

void fail_alloc_get_stats(struct fail_alloc_stats *stats)
{
	uint32_t flags = spin_lock_irqsave(&fail_alloc_lock);
	stats->rate = dice.rate;
	stats->seed = dice_seed;
	stats->nr_checked = nr_checked;
	for (int i = 0; i < FAIL_ALLOC_NR_SITES; i++)
		stats->nr_injected[i] = nr_injected[i];
	stats->nr_swallowed = nr_swallowed;
	spin_unlock_irqrestore(&fail_alloc_lock, flags);
}
