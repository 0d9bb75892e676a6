/*
 * fail_alloc.h — allocation fault injection: make a seeded random fraction of
 * page and kmalloc allocations fail, to test the error paths behind them.
 *
 * Switched on by the boot option `fail_alloc=RATE[,SEED]` or by writing
 * /proc/sys/debug/fail_alloc; RATE is a percentage (0..100, 0 = off) or `1/N`
 * (on average one allocation in N).  Failures are injected only where failing
 * is a fair test (fail_alloc_context_is_fair): a system call or page fault of
 * a user task other than init.  See mm/fail_alloc.c and docs/testing.md.
 */
#ifndef CORRAL_FAIL_ALLOC_H
#define CORRAL_FAIL_ALLOC_H

#include <corral/types.h>

struct task;

/* Which allocator asks: each has its own count of injected failures. */
enum fail_alloc_site {
	FAIL_ALLOC_PAGE,    /* alloc_pages() */
	FAIL_ALLOC_KMALLOC, /* kmalloc() and kzalloc() */
	FAIL_ALLOC_NR_SITES,
};

/* How often to fail: percent (0..100) or one in one_in; both 0 means off. */
struct fail_alloc_rate {
	uint32_t percent;
	uint32_t one_in;
};

#define FAIL_ALLOC_DEFAULT_SEED 1

/* The allocators' question: should this allocation fail?  Rolls the dice only
 * when injection is on and the context is fair; counts and logs what it
 * injects, naming caller (the allocator's caller: __builtin_return_address(0)). */
bool fail_alloc_should_fail(enum fail_alloc_site site, const void *caller);

/* Called by syscall_dispatch as each system call returns ret: reports (and
 * counts) a call that succeeded although an allocation under it was failed. */
void fail_alloc_syscall_return(uint32_t nr, long ret);

/* Parse "RATE[,SEED]" (RATE: "P", "P%" or "1/N"; a trailing newline is allowed).
 * *has_seed tells whether a seed was given.  0 or -EINVAL. */
int fail_alloc_parse(const char *text, size_t len, struct fail_alloc_rate *rate, uint32_t *seed,
		     bool *has_seed);
/* Turn injection on (or off: a zero rate) and restart the random sequence. */
void fail_alloc_set(const struct fail_alloc_rate *rate, uint32_t seed);
/* The same, from text: the boot option and the /proc file.  0 or -EINVAL;
 * without a seed the current one is kept (and the sequence restarts). */
int fail_alloc_set_from_text(const char *text, size_t len);

struct fail_alloc_stats {
	struct fail_alloc_rate rate;
	uint32_t seed;
	uint32_t nr_checked;			   /* allocations that rolled the dice */
	uint32_t nr_injected[FAIL_ALLOC_NR_SITES]; /* failures injected, per site */
	uint32_t nr_swallowed; /* system calls that succeeded over an injected failure */
};
void fail_alloc_get_stats(struct fail_alloc_stats *stats);

/* The pieces, exposed for the self tests (mm/fail_alloc_test.c). */
bool fail_alloc_task_is_fair(const struct task *t); /* a user task, not init */
struct fail_alloc_dice {
	struct fail_alloc_rate rate;
	uint32_t state; /* xorshift32; never 0 */
};
void fail_alloc_dice_init(struct fail_alloc_dice *dice, const struct fail_alloc_rate *rate,
			  uint32_t seed);
bool fail_alloc_dice_roll(struct fail_alloc_dice *dice); /* true: fail this one */

#endif
