/*
 * fpu.c — x87 and SSE for user programs: turning them on, and saving each
 * task's registers.
 *
 * Policy: eager switching.  Every switch from a user task saves its FPU/SSE
 * registers (FXSAVE, 512 bytes) and every switch to one restores them
 * (FXRSTOR); nothing depends on CR0.TS traps.  Lazy switching (set TS, save
 * only when the next task touches the FPU) saves work when few programs use
 * floating point, but costs a #NM trap per switch-in when they do — and every
 * glibc program does, since its string functions use SSE — and it leaks one
 * task's registers to the next speculatively (CVE-2018-3665), which is why
 * Linux went eager.  The measured cost is in docs/security.md.
 *
 * Mechanism: fpu_init() clears CR0.EM and CR0.TS (no emulation, no traps),
 * sets CR0.MP and CR0.NE (x87 errors raise #MF, which becomes SIGFPE), and,
 * when CPUID says the CPU has them, CR4.OSFXSR (FXSAVE/FXRSTOR and SSE) and
 * CR4.OSXMMEXCPT (SIMD errors raise #XM -> SIGFPE instead of #UD).  It keeps
 * the clean state FNINIT and the default MXCSR give as a template for exec.
 * A CPU without FXSR uses FNSAVE/FRSTOR and the 108-byte image.
 *
 * Signal frames carry the state in Linux's _fpstate layout (struct
 * fpu_sigframe): the classic FNSAVE view first, then the FXSAVE image.
 * Next: kernel/signal.c (frames), kernel/sched.c (the switch).
 */
#include <corral/fpu.h>
#include <corral/kmalloc.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/x86.h>

#define CR0_MP 0x00000002u /* WAIT/FWAIT honour TS */
#define CR0_EM 0x00000004u /* no FPU: every x87 instruction traps */
#define CR0_TS 0x00000008u /* task switched: the next FPU use traps (#NM) */
#define CR0_NE 0x00000020u /* x87 errors as #MF, not the old IRQ 13 */
#define CR4_OSFXSR 0x00000200u
#define CR4_OSXMMEXCPT 0x00000400u

#define CPUID1_EDX_FPU (1u << 0)
#define CPUID1_EDX_FXSR (1u << 24)
#define CPUID1_EDX_SSE (1u << 25)

/* Offsets in the FXSAVE image (Intel SDM vol. 1, table 10-2). */
#define FX_FCW 0
#define FX_FSW 2
#define FX_FTW 4 /* abridged: one bit per register, 1 = not empty */
#define FX_FOP 6
#define FX_FIP 8
#define FX_FCS 12
#define FX_FDP 16
#define FX_FDS 20
#define FX_MXCSR 24
#define FX_MXCSR_MASK 28
#define FX_ST0 32 /* ST(0)..ST(7), 16 bytes apart, 10 used */

/* Set once by fpu_init, read-only afterwards. */
static bool has_fxsr, has_sse;
static uint32_t mxcsr_mask;            /* MXCSR bits the CPU accepts */
static struct fpu_state default_state; /* FNINIT + default MXCSR */

bool fpu_has_fxsr(void)
{
	return has_fxsr;
}

bool fpu_has_sse(void)
{
	return has_sse;
}

static uint32_t cpuid1_edx(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

void fpu_save(struct fpu_state *s)
{
	if (has_fxsr) {
		__asm__ volatile("fxsave %0" : "=m"(*s));
	} else {
		/* FNSAVE also resets the FPU: put the registers back. */
		__asm__ volatile("fnsave %0\n\tfrstor %0" : "+m"(*s));
	}
}

void fpu_restore(const struct fpu_state *s)
{
	if (has_fxsr)
		__asm__ volatile("fxrstor %0" ::"m"(*s));
	else
		__asm__ volatile("frstor %0" ::"m"(*s));
}

void fpu_set_default(struct fpu_state *s)
{
	memcpy(s, &default_state, sizeof(*s));
}

void fpu_init(void)
{
	uint32_t features = cpuid1_edx();
	uint32_t cr0 = read_cr0() & ~(CR0_EM | CR0_TS);
	if (!(features & CPUID1_EDX_FPU)) {
		/* No x87 at all: every FPU instruction traps (#NM) and kills the
		 * program; there is no emulator. */
		write_cr0(cr0 | CR0_EM);
		pr_warn("fpu: no x87 on this CPU: floating point kills the program\n");
		return;
	}
	write_cr0(cr0 | CR0_MP | CR0_NE);
	has_fxsr = features & CPUID1_EDX_FXSR;
	has_sse = has_fxsr && (features & CPUID1_EDX_SSE);
	if (has_fxsr)
		write_cr4(read_cr4() | CR4_OSFXSR | (has_sse ? CR4_OSXMMEXCPT : 0));
	__asm__ volatile("fninit");
	if (has_sse) {
		uint32_t mxcsr = FPU_MXCSR_DEFAULT;
		__asm__ volatile("ldmxcsr %0" ::"m"(mxcsr));
	}
	fpu_save(&default_state);
	if (has_fxsr) {
		memcpy(&mxcsr_mask, default_state.image + FX_MXCSR_MASK, 4);
		if (mxcsr_mask == 0)
			mxcsr_mask = 0xffbf; /* the SDM's value for CPUs that store none */
		if (!has_sse)
			mxcsr_mask = 0;
	}
	pr_info("fpu: x87%s%s, saved eagerly on every switch\n", has_fxsr ? " + FXSR" : "",
		has_sse ? " + SSE" : "");
}

struct fpu_state *fpu_alloc(void)
{
	struct fpu_state *s = kmalloc(sizeof(*s));
	if (!s)
		return NULL;
	assert(((uintptr_t)s & 15) == 0); /* FXSAVE faults on a misaligned image */
	fpu_set_default(s);
	return s;
}

void fpu_free(struct fpu_state *s)
{
	kfree(s);
}

/* The full x87 tag of one register from its value: 0 valid, 1 zero, 2 special. */
static uint32_t fpu_tag_of(const uint8_t *reg)
{
	uint16_t exponent;
	uint32_t mant_lo, mant_hi;
	memcpy(&mant_lo, reg, 4);
	memcpy(&mant_hi, reg + 4, 4);
	memcpy(&exponent, reg + 8, 2);
	exponent &= 0x7fff;
	if (exponent == 0x7fff)
		return 2;
	if (exponent == 0)
		return (mant_lo | mant_hi) ? 2 : 1;
	return (mant_hi & 0x80000000u) ? 0 : 2; /* no integer bit: unnormal */
}

/* FXSAVE keeps one "not empty" bit per physical register; FNSAVE's tag word
 * has two bits each.  ST(i) is physical register (TOP + i) mod 8. */
static uint32_t fpu_full_tag_word(const uint8_t *fx)
{
	uint16_t fsw;
	memcpy(&fsw, fx + FX_FSW, 2);
	unsigned top = (fsw >> 11) & 7;
	uint32_t tags = 0;
	for (unsigned phys = 0; phys < 8; phys++) {
		unsigned st = (phys - top) & 7;
		uint32_t tag = (fx[FX_FTW] & (1u << phys)) ? fpu_tag_of(fx + FX_ST0 + 16 * st) : 3;
		tags |= tag << (2 * phys);
	}
	return tags | 0xffff0000u;
}

/* The classic 32-bit protected-mode FNSAVE image, built from an FXSAVE one. */
static void fpu_fxsave_to_legacy(const uint8_t *fx, uint8_t *legacy)
{
	uint32_t env[7] = {0};
	uint16_t w16;
	memcpy(&w16, fx + FX_FCW, 2), env[0] = w16 | 0xffff0000u;
	memcpy(&w16, fx + FX_FSW, 2), env[1] = w16 | 0xffff0000u;
	env[2] = fpu_full_tag_word(fx);
	memcpy(&env[3], fx + FX_FIP, 4);
	memcpy(&w16, fx + FX_FCS, 2), env[4] = w16;
	memcpy(&w16, fx + FX_FOP, 2), env[4] |= (uint32_t)w16 << 16;
	memcpy(&env[5], fx + FX_FDP, 4);
	memcpy(&w16, fx + FX_FDS, 2), env[6] = w16 | 0xffff0000u;
	memcpy(legacy, env, sizeof(env));
	for (unsigned i = 0; i < 8; i++)
		memcpy(legacy + 28 + 10 * i, fx + FX_ST0 + 16 * i, 10);
}

void fpu_to_sigframe(const struct fpu_state *s, struct fpu_sigframe *frame)
{
	memset(frame, 0, sizeof(*frame));
	if (has_fxsr) {
		fpu_fxsave_to_legacy(s->image, frame->legacy);
		memcpy(&frame->status, s->image + FX_FSW, 2);
		frame->magic = FPU_MAGIC_FXSR;
		memcpy(frame->fxsave, s->image, FPU_STATE_SIZE);
	} else {
		memcpy(frame->legacy, s->image, FPU_LEGACY_SIZE);
		memcpy(&frame->status, s->image + 4, 2);
		frame->magic = FPU_MAGIC_LEGACY;
	}
}

/* With FXSR the FXSAVE image is what comes back (the legacy view is for
 * reading only); MXCSR loses the bits the CPU would refuse with #GP. */
void fpu_from_sigframe(struct fpu_state *s, const struct fpu_sigframe *frame)
{
	if (has_fxsr) {
		memcpy(s->image, frame->fxsave, FPU_STATE_SIZE);
		uint32_t mxcsr;
		memcpy(&mxcsr, s->image + FX_MXCSR, 4);
		mxcsr &= mxcsr_mask;
		memcpy(s->image + FX_MXCSR, &mxcsr, 4);
	} else {
		memcpy(s->image, frame->legacy, FPU_LEGACY_SIZE);
	}
}
