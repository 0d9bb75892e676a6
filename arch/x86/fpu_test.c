/*
 * fpu_test.c — self tests of FPU/SSE state switching and of signal-frame
 * conversion (arch/x86/fpu.c).
 *
 * The kernel never uses the FPU, so the switching test plays two user tasks:
 * two kernel threads that each take an FPU state (as exec gives a user task),
 * load their own values into x87 ST(0), the control word and (with SSE) XMM0
 * and MXCSR, give up the CPU to each other many times and check after every
 * switch that their values are still there.  Without the save/restore in the
 * scheduler they read each other's values.
 */
#include <corral/fpu.h>
#include <corral/ktest.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/x86.h>

#define ROUNDS 20

struct fpu_player {
	uint32_t value;     /* loaded into ST(0) and XMM0 */
	uint16_t fcw;       /* x87 control word: rounding bits differ per player */
	uint32_t mxcsr;
	int nr_mismatches;
	bool is_done;
};

static void fpu_load_values(const struct fpu_player *p)
{
	uint32_t v = p->value;
	__asm__ volatile("fninit\n\tfldcw %1\n\tfildl %0" ::"m"(v), "m"(p->fcw));
	if (fpu_has_sse())
		__asm__ volatile("ldmxcsr %1\n\tmovd %0, %%xmm0" ::"r"(v), "m"(p->mxcsr));
}

static bool fpu_values_are_intact(const struct fpu_player *p)
{
	uint32_t st0 = 0, xmm0 = p->value, mxcsr = p->mxcsr;
	uint16_t fcw = 0;
	/* fist keeps ST(0): the value stays loaded for the next round. */
	__asm__ volatile("fistl %0\n\tfnstcw %1" : "=m"(st0), "=m"(fcw));
	if (fpu_has_sse())
		__asm__ volatile("movd %%xmm0, %0\n\tstmxcsr %1" : "=r"(xmm0), "=m"(mxcsr));
	return st0 == p->value && fcw == p->fcw && xmm0 == p->value && mxcsr == p->mxcsr;
}

static void fpu_play(void *arg)
{
	struct fpu_player *p = arg;
	current->fpu = fpu_alloc(); /* freed with the task */
	if (!current->fpu) {
		p->nr_mismatches = -1;
		p->is_done = true;
		return;
	}
	fpu_load_values(p);
	for (int i = 0; i < ROUNDS; i++) {
		schedule(); /* still runnable: the other player runs first */
		if (!fpu_values_are_intact(p))
			p->nr_mismatches++;
	}
	p->is_done = true;
}

KTEST(fpu_state_survives_switches)
{
	static struct fpu_player a = {.value = 1111, .fcw = 0x037f, .mxcsr = 0x1f80};
	static struct fpu_player b = {.value = 2222, .fcw = 0x0f7f, .mxcsr = 0x7f80};
	a.nr_mismatches = b.nr_mismatches = 0;
	a.is_done = b.is_done = false;
	struct task *ta = kthread_create("ktest-fpa", fpu_play, &a);
	struct task *tb = kthread_create("ktest-fpb", fpu_play, &b);
	KT_ASSERT(ctx, ta && tb);
	int pids[2] = {ta->pid, tb->pid};
	for (int i = 0; i < 2; i++) {
		int status, got;
		KT_EXPECT_EQ(ctx, task_wait(pids[i], &status, 0, &got), 0);
	}
	KT_EXPECT(ctx, a.is_done && b.is_done);
	KT_EXPECT_EQ(ctx, a.nr_mismatches, 0);
	KT_EXPECT_EQ(ctx, b.nr_mismatches, 0);
}

KTEST(fpu_new_state_is_the_default)
{
	struct fpu_state *s = fpu_alloc();
	KT_ASSERT(ctx, s != NULL);
	KT_EXPECT_EQ(ctx, ((uintptr_t)s) & 15, 0);
	uint16_t fcw;
	memcpy(&fcw, s->image, 2);
	KT_EXPECT_EQ(ctx, fcw, FPU_FCW_DEFAULT);
	if (fpu_has_sse()) {
		uint32_t mxcsr;
		memcpy(&mxcsr, s->image + 24, 4);
		KT_EXPECT_EQ(ctx, mxcsr, FPU_MXCSR_DEFAULT);
	}
	fpu_free(s);
}

/* A signal frame from user memory may carry any bytes: MXCSR's reserved bits
 * must be gone before FXRSTOR sees them, and the legacy view must describe
 * the same registers. */
KTEST(fpu_sigframe_round_trip_is_clean)
{
	if (!fpu_has_fxsr())
		return;
	static struct fpu_sigframe frame;
	struct fpu_state *s = fpu_alloc();
	KT_ASSERT(ctx, s != NULL);
	fpu_to_sigframe(s, &frame);
	KT_EXPECT_EQ(ctx, frame.magic, FPU_MAGIC_FXSR);
	uint32_t legacy_cw, legacy_tag;
	memcpy(&legacy_cw, frame.legacy, 4);
	memcpy(&legacy_tag, frame.legacy + 8, 4);
	KT_EXPECT_EQ(ctx, legacy_cw & 0xffff, FPU_FCW_DEFAULT);
	KT_EXPECT_EQ(ctx, legacy_tag & 0xffff, 0xffff); /* all eight registers empty */

	memset(frame.fxsave + 24, 0xff, 4); /* MXCSR: every bit, reserved ones too */
	fpu_from_sigframe(s, &frame);
	uint32_t mxcsr;
	memcpy(&mxcsr, s->image + 24, 4);
	KT_EXPECT(ctx, mxcsr != 0xffffffffu);
	KT_EXPECT_EQ(ctx, mxcsr & 0xffff0000u, 0); /* reserved on every CPU so far */
	fpu_free(s);
}

/* Not a pass/fail test (timing is never asserted): a KTAP diagnostic line
 * with the cost of one switch's FPU work, the figure docs/security.md quotes
 * when it weighs eager against lazy switching. */
KTEST(fpu_switch_cost_is_reported)
{
	struct fpu_state *s = fpu_alloc();
	KT_ASSERT(ctx, s != NULL);
	const int rounds = 1000;
	uint64_t start = rdtsc();
	for (int i = 0; i < rounds; i++) {
		fpu_save(s);
		fpu_restore(s);
	}
	uint64_t cycles = (rdtsc() - start) / rounds;
	printk("# fpu: one save + restore: %u cycles\n", (unsigned)cycles);
	fpu_free(s);
}
