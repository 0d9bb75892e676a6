/*
 * fpu.h — the x87/SSE register state of user tasks (arch/x86/fpu.c).
 *
 * Every user task owns one struct fpu_state: the 512-byte image FXSAVE writes
 * (or the 108-byte FNSAVE image on a CPU without FXSR).  The rule, kept by
 * the scheduler: while a task runs, its registers are live in the CPU and its
 * image is stale; when it is switched out, the image is written.  The kernel
 * itself never touches the FPU (built with -mgeneral-regs-only), so the live
 * registers always belong to the running user task, or to the last one that
 * ran when a kernel thread runs.
 */
#ifndef CORRAL_FPU_H
#define CORRAL_FPU_H

#include <corral/types.h>

#define FPU_STATE_SIZE 512
#define FPU_LEGACY_SIZE 108 /* FNSAVE: 28-byte environment + 8 x 10-byte registers */
#define FPU_MXCSR_DEFAULT 0x1f80u /* all SIMD exceptions masked, round to nearest */
#define FPU_FCW_DEFAULT 0x037fu   /* what FNINIT sets: all x87 exceptions masked */

struct fpu_state {
	uint8_t image[FPU_STATE_SIZE];
} __attribute__((aligned(16)));

/* Linux i386's struct _fpstate in a signal frame: the classic FNSAVE view,
 * then (magic 0) the FXSAVE image.  624 bytes. */
struct fpu_sigframe {
	uint8_t legacy[FPU_LEGACY_SIZE];
	uint16_t status; /* the status word at the time of the signal */
	uint16_t magic;  /* FPU_MAGIC_FXSR, or FPU_MAGIC_LEGACY: no image follows */
	uint8_t fxsave[FPU_STATE_SIZE];
};
#define FPU_MAGIC_FXSR 0x0000
#define FPU_MAGIC_LEGACY 0xffff

void fpu_init(void); /* boot: enable x87 (and SSE when the CPU has it) */
bool fpu_has_fxsr(void);
bool fpu_has_sse(void);

struct fpu_state *fpu_alloc(void); /* a fresh default state; NULL if out of memory */
void fpu_free(struct fpu_state *s);

void fpu_save(struct fpu_state *s);          /* registers -> image; registers unchanged */
void fpu_restore(const struct fpu_state *s); /* image -> registers */
void fpu_set_default(struct fpu_state *s);   /* the state FNINIT + default MXCSR give */

/* Signal frames: fill a Linux _fpstate from an image, and take one back.
 * fpu_from_sigframe cleans what user memory may not put in the registers
 * (reserved MXCSR bits would make FXRSTOR fault in the kernel). */
void fpu_to_sigframe(const struct fpu_state *s, struct fpu_sigframe *frame);
void fpu_from_sigframe(struct fpu_state *s, const struct fpu_sigframe *frame);

#endif
