/*
 * ktest.h — in-kernel self tests, registered next to the code they test.
 *
 *   KTEST(page_alloc_coalesce)
 *   {
 *           KT_EXPECT_EQ(ctx, nr_free_after, nr_free_before);
 *   }
 *
 * Each KTEST lands in the .ktests section (linker.ld); kernel/ktest.c runs
 * them all when the command line says `selftest` (or from the monitor) and
 * prints KTAP: "KTAP version 1", "1..N", "ok N name" / "not ok N name # reason".
 * A test fails when any expectation fails; KT_ASSERT also stops the test.
 */
#ifndef CORRAL_KTEST_H
#define CORRAL_KTEST_H

#include <corral/types.h>

struct ktest_ctx {
	bool has_failed;
	bool is_skipped;  /* KT_SKIP: reported "ok N name # SKIP reason" */
	char reason[160]; /* the first failed expectation, or why it was skipped */
};

struct ktest {
	const char *name;
	void (*run)(struct ktest_ctx *ctx);
};

#define KTEST(fname)                                                               \
	static void ktest_run_##fname(struct ktest_ctx *ctx);                      \
	static const struct ktest ktest_##fname                                    \
		__attribute__((used, section(".ktests"), aligned(4))) = {          \
			#fname, ktest_run_##fname};                                \
	static void ktest_run_##fname(struct ktest_ctx *ctx)

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line, const char *what);
void ktest_fail_values(struct ktest_ctx *ctx, const char *file, int line, const char *what,
		       long long got, long long want);
void ktest_skip(struct ktest_ctx *ctx, const char *why);
/* Run fn(arg) in a kernel thread to its end and reap it: its wait status
 * (a signal number when it was killed, as a test of a fault wants), or -1. */
int ktest_run_thread(const char *name, void (*fn)(void *), void *arg);

/* The test cannot run here (no disk attached, say): stop it and report a skip. */
#define KT_SKIP(ctx, why)                                                          \
	do {                                                                       \
		ktest_skip(ctx, why);                                              \
		return;                                                            \
	} while (0)

#define KT_EXPECT(ctx, cond)                                                       \
	do {                                                                       \
		if (!(cond))                                                       \
			ktest_fail(ctx, __FILE__, __LINE__, #cond);                \
	} while (0)

#define KT_ASSERT(ctx, cond)                                                       \
	do {                                                                       \
		if (!(cond)) {                                                     \
			ktest_fail(ctx, __FILE__, __LINE__, #cond);                \
			return;                                                    \
		}                                                                  \
	} while (0)

#define KT_EXPECT_EQ(ctx, got, want)                                               \
	do {                                                                       \
		long long ktest_got_ = (long long)(got), ktest_want_ = (long long)(want); \
		if (ktest_got_ != ktest_want_)                                     \
			ktest_fail_values(ctx, __FILE__, __LINE__, #got " == " #want, \
					  ktest_got_, ktest_want_);                \
	} while (0)

#define KT_EXPECT_STREQ(ctx, got, want)                                            \
	do {                                                                       \
		if (strcmp((got), (want)) != 0)                                    \
			ktest_fail(ctx, __FILE__, __LINE__, #got " equals " #want); \
	} while (0)

/* Run the tests whose names start with filter ("" = all); print KTAP.
 * Returns the number of failed tests. */
int ktest_run_all(const char *filter);

#endif
