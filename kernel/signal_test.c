/*
 * signal_test.c — self tests of the signal frames of kernel/signal.c: the
 * old sigframe (handlers without SA_SIGINFO, undone by sigreturn) and the
 * rt_sigframe (SA_SIGINFO, undone by rt_sigreturn), each checked byte for
 * byte against Linux's i386 layout, the frame alignment of Linux's i386 ABI,
 * the round trip through sigreturn, the selector check that kills a task
 * with a forged frame, and sigsuspend's temporary mask.  User programs
 * (glibc, busybox) read these frames directly, so an offset that drifts
 * breaks them silently; usertests only sees a handler that works or not.
 *
 * How: the test task borrows a small address space with a user stack
 * (current->mm, loaded with mm_activate, so copy_to_user reaches it), an FPU
 * state of its own and a fake user trap frame, and calls the real entry
 * points: signal_send + signal_deliver (what trap.c does on the way back to
 * user mode) builds the frame, sys_sigreturn/sys_rt_sigreturn undo it.
 * Everything borrowed is given back by sig_env_leave.  No static function of
 * signal.c is called, so signal.c exposes nothing for these tests; the frame
 * layouts below are written from Linux's headers (not copied from signal.c),
 * so that they are an independent statement of the ABI.
 *
 * A forged frame kills the task that calls sigreturn; that cannot be the
 * test task (pid 0), so those cases run in kernel threads that borrow an
 * address space the same way, as arch/x86/gdt_test.c does for trap_return.
 *
 * Read kernel/signal.c first; usertests' sigreturn_old and sig* tests check
 * the same frames from user space.
 */
#include <corral/fpu.h>
#include <corral/gdt.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/string.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/trap.h>
#include <corral/uaccess.h>
#include <uapi/signal.h>

/* ---- Linux's i386 frames (arch/x86/include/asm/sigframe.h) ---------------- */

struct linux_sigcontext { /* struct sigcontext_32: 88 bytes */
	uint32_t gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss, fpstate, oldmask, cr2;
};

struct linux_sigframe { /* struct sigframe_ia32 */
	uint32_t pretcode;
	int32_t sig;
	struct linux_sigcontext sc;
	uint8_t fpstate_unused[624]; /* struct _fpstate_32 */
	uint32_t extramask;
	uint8_t retcode[8];
};

struct linux_rt_sigframe { /* struct rt_sigframe_ia32 */
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct {
		int32_t si_signo, si_errno, si_code;
		uint8_t rest[116];
	} info; /* siginfo_t: 128 bytes */
	struct {
		uint32_t uc_flags, uc_link;
		uint32_t ss_sp, ss_flags, ss_size;
		struct linux_sigcontext mcontext;
		uint64_t sigmask;
	} uc;
	uint8_t retcode[8];
};

_Static_assert(sizeof(struct linux_sigcontext) == 88, "sigcontext_32");
_Static_assert(offsetof(struct linux_sigframe, sc) == 8, "sigframe.sc");
_Static_assert(offsetof(struct linux_sigframe, extramask) == 720, "sigframe.extramask");
_Static_assert(offsetof(struct linux_sigframe, retcode) == 724, "sigframe.retcode");
_Static_assert(sizeof(struct linux_sigframe) == 732, "sigframe");
_Static_assert(offsetof(struct linux_rt_sigframe, info) == 16, "rt_sigframe.info");
_Static_assert(offsetof(struct linux_rt_sigframe, uc) == 144, "rt_sigframe.uc");
_Static_assert(offsetof(struct linux_rt_sigframe, uc.mcontext) == 164, "uc_mcontext");
_Static_assert(offsetof(struct linux_rt_sigframe, uc.sigmask) == 252, "uc_sigmask");
_Static_assert(offsetof(struct linux_rt_sigframe, retcode) == 260, "rt_sigframe.retcode");
_Static_assert(sizeof(struct linux_rt_sigframe) == 268, "rt_sigframe");

#define FPU_SIGFRAME_SIZE 624 /* Linux's struct _fpstate_32, below the interrupted esp */

/* ---- the borrowed address space, FPU and signal state ---------------------- */

#define STACK_TOP 0xbf000000u
#define STACK_PAGES 4
#define STACK_LO (STACK_TOP - STACK_PAGES * PAGE_SIZE)
#define FILL_BYTE 0xaa /* the stack before a frame: every field read back was written */

#define HANDLER 0x08049100u
#define RESTORER 0x0804a200u
#define USER_EIP 0x08048abcu
#define SIG_BIT(sig) (1ull << ((sig)-1))
#define USER_EFLAGS 0x00000783u /* IF, TF, DF, SF, CF and the reserved bit 1 */
#define TF 0x100u
#define FCW_TEST 0x027fu    /* the FPU control word the interrupted code had */
#define FCW_DEFAULT 0x037fu /* what a handler starts with */

struct sig_env {
	struct mm *mm, *saved_mm;
	struct fpu_state *fpu, *saved_fpu;
	struct trap_frame *saved_user_frame;
	uint64_t saved_pending, saved_blocked, saved_saved_blocked;
	bool saved_has_saved_blocked;
	int saved_syscall_nr;
	struct k_sigaction saved_actions[NSIG];
};

static struct sig_env env; /* the tests run one at a time */

static int stack_fill(void)
{
	static uint8_t fill[256];
	memset(fill, FILL_BYTE, sizeof(fill));
	for (uintptr_t a = STACK_LO; a < STACK_TOP; a += sizeof(fill))
		if (copy_to_user((void *)a, fill, sizeof(fill)))
			return -1;
	return 0;
}

static void sig_env_leave(void)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	current->signals_pending = env.saved_pending;
	current->signals_blocked = env.saved_blocked;
	current->signals_saved_blocked = env.saved_saved_blocked;
	current->has_saved_blocked = env.saved_has_saved_blocked;
	memcpy(current->sigactions, env.saved_actions, sizeof(env.saved_actions));
	spin_unlock_irqrestore(&tasks_lock, flags);
	current->syscall_nr = env.saved_syscall_nr;
	current->user_frame = env.saved_user_frame;
	current->mm = env.saved_mm;
	mm_activate(env.saved_mm);
	mm_destroy(env.mm);
	current->fpu = env.saved_fpu;
	if (env.saved_fpu)
		fpu_restore(env.saved_fpu);
	fpu_free(env.fpu);
}

/* A mapped, filled user stack, and this task made able to take a signal on
 * it: an FPU state whose control word is FCW_TEST, syscall_nr -1, f as its
 * user frame.  False (and nothing borrowed) if memory ran out. */
static bool sig_env_enter(struct trap_frame *f)
{
	struct mm *mm = mm_create();
	struct fpu_state *fpu = fpu_alloc();
	if (!mm || !fpu || vma_insert(mm, STACK_LO, STACK_TOP, VM_READ | VM_WRITE) ||
	    fault_in_range(mm, STACK_LO, STACK_PAGES * PAGE_SIZE, true)) {
		if (mm)
			mm_destroy(mm);
		fpu_free(fpu);
		return false;
	}
	env.mm = mm, env.fpu = fpu;
	env.saved_mm = current->mm, env.saved_fpu = current->fpu;
	env.saved_user_frame = current->user_frame;
	env.saved_pending = current->signals_pending, env.saved_blocked = current->signals_blocked;
	env.saved_saved_blocked = current->signals_saved_blocked;
	env.saved_has_saved_blocked = current->has_saved_blocked;
	env.saved_syscall_nr = current->syscall_nr;
	memcpy(env.saved_actions, current->sigactions, sizeof(env.saved_actions));

	if (env.saved_fpu)
		fpu_save(env.saved_fpu); /* its live registers, before ours replace them */
	current->fpu = fpu;
	fpu_set_default(fpu);
	uint16_t fcw = FCW_TEST;
	memcpy(fpu->image, &fcw, sizeof(fcw)); /* FXSAVE and FNSAVE both start with FCW */
	fpu_restore(fpu);
	current->mm = mm;
	mm_activate(mm);
	current->user_frame = f; /* a fault during a copy asks it for esp */
	current->signals_pending = 0;
	current->has_saved_blocked = false;
	current->syscall_nr = -1; /* not in a system call: nothing to restart */
	if (stack_fill() == 0)
		return true;
	sig_env_leave();
	return false;
}

/* The registers of a user program interrupted at USER_EIP (by a page fault,
 * so that trapno and err are worth saving), its stack pointer esp. */
static struct trap_frame user_frame_at(uintptr_t esp)
{
	return (struct trap_frame){
	    .gs = 0,
	    .fs = 0,
	    .es = SEL_USER_DATA,
	    .ds = SEL_USER_DATA,
	    .edi = 0x11111111,
	    .esi = 0x22222222,
	    .ebp = 0x33333333,
	    .esp_at_pusha = 0xdead,
	    .ebx = 0x44444444,
	    .edx = 0x55555555,
	    .ecx = 0x66666666,
	    .eax = 0x77777777,
	    .vector = EXC_PAGE_FAULT,
	    .error_code = 6,
	    .eip = USER_EIP,
	    .cs = SEL_USER_CODE,
	    .eflags = USER_EFLAGS,
	    .user_esp = esp,
	    .user_ss = SEL_USER_DATA,
	};
}

/* After sigreturn or rt_sigreturn: the general registers, eip and esp are
 * those of the interrupted program again (user_frame_at(esp)). */
static void expect_user_registers_back(struct ktest_ctx *ctx, const struct trap_frame *f,
				       uintptr_t esp)
{
	struct trap_frame want = user_frame_at(esp);
	KT_EXPECT_EQ(ctx, f->edi, want.edi);
	KT_EXPECT_EQ(ctx, f->esi, want.esi);
	KT_EXPECT_EQ(ctx, f->ebp, want.ebp);
	KT_EXPECT_EQ(ctx, f->ebx, want.ebx);
	KT_EXPECT_EQ(ctx, f->edx, want.edx);
	KT_EXPECT_EQ(ctx, f->ecx, want.ecx);
	KT_EXPECT_EQ(ctx, f->eax, want.eax);
	KT_EXPECT_EQ(ctx, f->eip, USER_EIP);
	KT_EXPECT_EQ(ctx, f->user_esp, esp);
}

static void set_action(int sig, unsigned long flags, uint64_t mask)
{
	current->sigactions[sig - 1] = (struct k_sigaction){
	    .handler = (void (*)(int))HANDLER,
	    .flags = flags,
	    .restorer = (void (*)(void))RESTORER,
	    .mask = mask,
	};
}

/* The handler's registers after its frame was built must not look like the
 * interrupted program's; sigreturn is to bring those back. */
static void clobber_registers(struct trap_frame *f)
{
	f->edi = f->esi = f->ebp = f->ebx = f->edx = f->ecx = f->eax = 0x99999999;
	f->eip = RESTORER + 8;
	f->eflags = 0x202; /* IF: what the handler ran with */
	f->ds = f->es = 0;
	f->fs = f->gs = SEL_USER_DATA;
}

static uint16_t fpu_control_word(void)
{
	uint16_t fcw;
	fpu_save(current->fpu);
	memcpy(&fcw, current->fpu->image, sizeof(fcw));
	return fcw;
}

/* Every register of the interrupted program, as a sigcontext must hold it. */
static void expect_saved_context(struct ktest_ctx *ctx, const struct linux_sigcontext *sc,
				 uintptr_t esp, uint32_t oldmask)
{
	KT_EXPECT_EQ(ctx, sc->gs, 0);
	KT_EXPECT_EQ(ctx, sc->fs, 0);
	KT_EXPECT_EQ(ctx, sc->es, SEL_USER_DATA);
	KT_EXPECT_EQ(ctx, sc->ds, SEL_USER_DATA);
	KT_EXPECT_EQ(ctx, sc->edi, 0x11111111);
	KT_EXPECT_EQ(ctx, sc->esi, 0x22222222);
	KT_EXPECT_EQ(ctx, sc->ebp, 0x33333333);
	KT_EXPECT_EQ(ctx, sc->esp, esp);
	KT_EXPECT_EQ(ctx, sc->ebx, 0x44444444);
	KT_EXPECT_EQ(ctx, sc->edx, 0x55555555);
	KT_EXPECT_EQ(ctx, sc->ecx, 0x66666666);
	KT_EXPECT_EQ(ctx, sc->eax, 0x77777777);
	KT_EXPECT_EQ(ctx, sc->trapno, EXC_PAGE_FAULT);
	KT_EXPECT_EQ(ctx, sc->err, 6);
	KT_EXPECT_EQ(ctx, sc->eip, USER_EIP);
	KT_EXPECT_EQ(ctx, sc->cs, SEL_USER_CODE);
	KT_EXPECT_EQ(ctx, sc->eflags, USER_EFLAGS);
	KT_EXPECT_EQ(ctx, sc->esp_at_signal, esp);
	KT_EXPECT_EQ(ctx, sc->ss, SEL_USER_DATA);
	KT_EXPECT_EQ(ctx, sc->oldmask, oldmask);
}

/* The FPU area sc.fpstate names: 64-byte aligned between the frame's end
 * and the interrupted esp, holding the interrupted control word; the
 * handler itself starts with a clean FPU. */
static void expect_fpu_area(struct ktest_ctx *ctx, uint32_t fpstate, uintptr_t frame_end,
			    uintptr_t esp)
{
	KT_EXPECT_EQ(ctx, fpstate % 64, 0);
	KT_EXPECT(ctx, fpstate >= frame_end && fpstate - frame_end < 16);
	KT_EXPECT(ctx, fpstate + FPU_SIGFRAME_SIZE <= esp);
	KT_EXPECT(ctx, esp - (fpstate + FPU_SIGFRAME_SIZE) < 64);
	struct fpu_sigframe fp;
	KT_ASSERT(ctx, copy_from_user(&fp, (const void *)(uintptr_t)fpstate, sizeof(fp)) == 0);
	uint16_t cw;
	memcpy(&cw, fp.legacy, sizeof(cw));
	KT_EXPECT_EQ(ctx, cw, FCW_TEST);
	KT_EXPECT_EQ(ctx, fp.magic, fpu_has_fxsr() ? FPU_MAGIC_FXSR : FPU_MAGIC_LEGACY);
	if (fpu_has_fxsr()) {
		memcpy(&cw, fp.fxsave, sizeof(cw));
		KT_EXPECT_EQ(ctx, cw, FCW_TEST);
	}
	KT_EXPECT_EQ(ctx, fpu_control_word(), FCW_DEFAULT);
}

/* Blocked while the test runs: a signal in each half of the 64-bit set. */
#define MASK_A (SIG_BIT(SIGINT) | SIG_BIT(40))

/* (a) A handler without SA_SIGINFO or SA_RESTORER: the old sigframe, its
 * return address the frame's own retcode (popl %eax; movl $119,%eax;
 * int $0x80), and the handler entered with eax = sig, edx = ecx = 0. */
KTEST(signal_old_frame_is_linux_sigframe)
{
	uintptr_t esp = STACK_TOP - 0x123;
	struct trap_frame f = user_frame_at(esp);
	KT_ASSERT(ctx, sig_env_enter(&f));
	set_action(SIGUSR1, 0, SIG_BIT(SIGUSR2) | SIG_BIT(SIGKILL));
	current->signals_blocked = MASK_A;
	KT_EXPECT_EQ(ctx, signal_send(current, SIGUSR1), 0);
	signal_deliver(&f);

	uintptr_t sp = f.user_esp;
	KT_EXPECT_EQ(ctx, f.eip, HANDLER);
	KT_EXPECT_EQ(ctx, f.eax, SIGUSR1);
	KT_EXPECT_EQ(ctx, f.edx, 0);
	KT_EXPECT_EQ(ctx, f.ecx, 0);
	KT_EXPECT_EQ(ctx, f.eflags & TF, 0); /* no single-stepping into the handler */
	KT_EXPECT_EQ(ctx, current->signals_pending, 0);
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_A | SIG_BIT(SIGUSR2) | SIG_BIT(SIGUSR1));

	static struct linux_sigframe fr;
	KT_EXPECT(ctx, copy_from_user(&fr, (const void *)sp, sizeof(fr)) == 0);
	static const uint8_t retcode[8] = {0x58, 0xb8, 0x77, 0, 0, 0, 0xcd, 0x80};
	KT_EXPECT_EQ(ctx, fr.pretcode, sp + offsetof(struct linux_sigframe, retcode));
	KT_EXPECT(ctx, memcmp(fr.retcode, retcode, sizeof(retcode)) == 0);
	KT_EXPECT_EQ(ctx, fr.sig, SIGUSR1);
	expect_saved_context(ctx, &fr.sc, esp, (uint32_t)MASK_A);
	KT_EXPECT_EQ(ctx, fr.extramask, (uint32_t)(MASK_A >> 32));
	expect_fpu_area(ctx, fr.sc.fpstate, sp + sizeof(fr), esp);
	sig_env_leave();
}

/* Linux i386 (align_sigframe): the handler starts with (esp + 4) % 16 == 0,
 * as if called by a call instruction from a 16-byte aligned stack, and the
 * frame sits as high as that allows under the 64-byte aligned FPU area.
 * Every misalignment of the interrupted esp, both kinds of frame. */
KTEST(signal_frames_are_aligned_as_linux_i386)
{
	struct trap_frame f = user_frame_at(STACK_TOP);
	KT_ASSERT(ctx, sig_env_enter(&f));
	for (int kind = 0; kind < 2; kind++) {
		size_t size =
		    kind ? sizeof(struct linux_rt_sigframe) : sizeof(struct linux_sigframe);
		set_action(SIGUSR1, kind ? SA_SIGINFO | SA_RESTORER : SA_RESTORER, 0);
		for (uintptr_t esp = STACK_TOP - 0x200; esp > STACK_TOP - 0x240; esp--) {
			f = user_frame_at(esp);
			current->signals_blocked = 0;
			signal_send(current, SIGUSR1);
			signal_deliver(&f);
			uintptr_t sp = f.user_esp;
			KT_EXPECT_EQ(ctx, (sp + 4) % 16, 0);
			uint32_t fpstate;
			size_t at = kind ? offsetof(struct linux_rt_sigframe, uc.mcontext.fpstate)
					 : offsetof(struct linux_sigframe, sc.fpstate);
			KT_ASSERT(ctx, copy_from_user(&fpstate, (const void *)(sp + at), 4) == 0);
			KT_EXPECT(ctx, sp + size <= fpstate && fpstate - (sp + size) < 16);
			KT_EXPECT_EQ(ctx, fpstate % 64, 0);
			KT_EXPECT(ctx, fpstate + FPU_SIGFRAME_SIZE <= esp);
			KT_EXPECT(ctx, esp - (fpstate + FPU_SIGFRAME_SIZE) < 64);
			if (ctx->has_failed)
				break;
		}
	}
	sig_env_leave();
}

/* (b) The handler returns to the restorer (SA_RESTORER), which pops the
 * number and calls sigreturn with esp 8 bytes above the frame: every register,
 * the FPU and the blocked set come back from the frame; eflags only in the
 * bits user space may set. */
KTEST(signal_sigreturn_restores_the_old_frame)
{
	uintptr_t esp = STACK_TOP - 0x40;
	struct trap_frame f = user_frame_at(esp);
	KT_ASSERT(ctx, sig_env_enter(&f));
	set_action(SIGUSR1, SA_RESTORER, SIG_BIT(SIGUSR2));
	current->signals_blocked = MASK_A;
	signal_send(current, SIGUSR1);
	signal_deliver(&f);
	uintptr_t sp = f.user_esp;
	uint32_t pretcode, iopl_eflags = USER_EFLAGS | 0x3000; /* IOPL 3: refused */
	KT_EXPECT(ctx, copy_from_user(&pretcode, (const void *)sp, 4) == 0);
	KT_EXPECT_EQ(ctx, pretcode, RESTORER);
	size_t eflags_at = offsetof(struct linux_sigframe, sc.eflags);
	KT_EXPECT(ctx, copy_to_user((void *)(sp + eflags_at), &iopl_eflags, 4) == 0);

	clobber_registers(&f);
	f.user_esp = sp + 8; /* the handler's ret, the restorer's popl %eax */
	KT_EXPECT_EQ(ctx, sys_sigreturn(&f), 0x77777777);
	expect_user_registers_back(ctx, &f, esp);
	KT_EXPECT_EQ(ctx, f.eflags, USER_EFLAGS); /* TF back, IOPL not taken */
	KT_EXPECT_EQ(ctx, f.ds, SEL_USER_DATA);
	KT_EXPECT_EQ(ctx, f.es, SEL_USER_DATA);
	KT_EXPECT_EQ(ctx, f.fs, 0);
	KT_EXPECT_EQ(ctx, f.gs, 0);
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_A); /* oldmask and extramask */
	KT_EXPECT_EQ(ctx, fpu_control_word(), FCW_TEST);
	sig_env_leave();
}

/* ---- forged frames, in kernel threads ------------------------------------ */

struct forged_case {
	int slot; /* the forged selector: 0 gs, 1 fs, 2 es, 3 ds */
	uint32_t sel;
	volatile bool has_reached_sigreturn, has_returned;
};

/* Borrow an address space and an FPU (task_exit frees both), put an old
 * sigframe on the stack whose selector c->slot is c->sel, and sigreturn. */
static void thread_forged_sigreturn(void *arg)
{
	struct forged_case *c = arg;
	struct mm *mm = mm_create();
	if (!mm)
		return;
	current->mm = mm; /* from here on task_exit destroys it */
	mm_activate(mm);
	current->fpu = fpu_alloc();
	if (!current->fpu || vma_insert(mm, STACK_LO, STACK_TOP, VM_READ | VM_WRITE) ||
	    fault_in_range(mm, STACK_LO, STACK_PAGES * PAGE_SIZE, true))
		return;
	static struct linux_sigframe fr; /* threads run one at a time */
	memset(&fr, 0, sizeof(fr));
	fr.sig = SIGUSR1;
	fr.sc = (struct linux_sigcontext){.es = SEL_USER_DATA,
					  .ds = SEL_USER_DATA,
					  .eip = USER_EIP,
					  .cs = SEL_USER_CODE,
					  .eflags = 0x202,
					  .esp = STACK_TOP - 16,
					  .ss = SEL_USER_DATA};
	uint32_t *slots[] = {&fr.sc.gs, &fr.sc.fs, &fr.sc.es, &fr.sc.ds};
	*slots[c->slot] = c->sel;
	uintptr_t sp = STACK_TOP - 0x800;
	if (copy_to_user((void *)sp, &fr, sizeof(fr)))
		return;
	struct trap_frame f = user_frame_at(sp + 8);
	c->has_reached_sigreturn = true;
	sys_sigreturn(&f);
	c->has_returned = true;
}

static int run_forged(struct forged_case *c)
{
	return ktest_run_thread("ktest-sigret", thread_forged_sigreturn, c);
}

/* A frame naming 0x13 (the kernel's data segment with RPL 3) in any of its
 * four data selectors kills the task with SIGSEGV before anything is
 * restored (trap_return would load it in ring 0); the same frame with the
 * user data selector there returns normally. */
KTEST(signal_sigreturn_with_bad_selector_kills)
{
	static struct forged_case c;
	for (int slot = 0; slot < 4; slot++) {
		c = (struct forged_case){.slot = slot, .sel = 0x13};
		KT_EXPECT_EQ(ctx, run_forged(&c), SIGSEGV); /* wait status: killed by it */
		KT_EXPECT(ctx, c.has_reached_sigreturn);
		KT_EXPECT(ctx, !c.has_returned);
	}
	c = (struct forged_case){.slot = 3, .sel = SEL_USER_DATA};
	KT_EXPECT_EQ(ctx, run_forged(&c), 0);
	KT_EXPECT(ctx, c.has_reached_sigreturn && c.has_returned);
}

/* (c) SA_SIGINFO: the rt_sigframe with siginfo and ucontext, pinfo and puc
 * pointing into it and passed in edx and ecx; without SA_RESTORER the return
 * goes to its retcode (movl $173,%eax; int $0x80).  rt_sigreturn, esp 4
 * bytes above the frame, takes the registers and uc_sigmask back (less the
 * signals nobody may block). */
KTEST(signal_rt_frame_round_trip)
{
	uintptr_t esp = STACK_TOP - 0x301;
	struct trap_frame f = user_frame_at(esp);
	KT_ASSERT(ctx, sig_env_enter(&f));
	set_action(SIGUSR2, SA_SIGINFO, SIG_BIT(SIGTERM));
	current->signals_blocked = MASK_A;
	signal_send(current, SIGUSR2);
	signal_deliver(&f);
	uintptr_t sp = f.user_esp;
	KT_EXPECT_EQ(ctx, f.eip, HANDLER);
	KT_EXPECT_EQ(ctx, f.eax, SIGUSR2);
	KT_EXPECT_EQ(ctx, f.edx, sp + offsetof(struct linux_rt_sigframe, info));
	KT_EXPECT_EQ(ctx, f.ecx, sp + offsetof(struct linux_rt_sigframe, uc));
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_A | SIG_BIT(SIGTERM) | SIG_BIT(SIGUSR2));

	static struct linux_rt_sigframe fr;
	KT_ASSERT(ctx, copy_from_user(&fr, (const void *)sp, sizeof(fr)) == 0);
	static const uint8_t retcode[7] = {0xb8, 173, 0, 0, 0, 0xcd, 0x80};
	KT_EXPECT_EQ(ctx, fr.pretcode, sp + offsetof(struct linux_rt_sigframe, retcode));
	KT_EXPECT(ctx, memcmp(fr.retcode, retcode, sizeof(retcode)) == 0);
	KT_EXPECT_EQ(ctx, fr.sig, SIGUSR2);
	KT_EXPECT_EQ(ctx, fr.pinfo, f.edx);
	KT_EXPECT_EQ(ctx, fr.puc, f.ecx);
	KT_EXPECT_EQ(ctx, fr.info.si_signo, SIGUSR2);
	KT_EXPECT_EQ(ctx, fr.info.si_errno, 0);
	KT_EXPECT_EQ(ctx, fr.uc.uc_flags, 0);
	KT_EXPECT_EQ(ctx, fr.uc.uc_link, 0);
	KT_EXPECT_EQ(ctx, fr.uc.sigmask, MASK_A);
	expect_saved_context(ctx, &fr.uc.mcontext, esp, (uint32_t)MASK_A);
	expect_fpu_area(ctx, fr.uc.mcontext.fpstate, sp + sizeof(fr), esp);

	/* The handler changed its saved mask (as a program may): that one wins. */
	uint64_t new_mask = SIG_BIT(SIGHUP) | SIG_BIT(SIGKILL) | SIG_BIT(63);
	size_t mask_at = offsetof(struct linux_rt_sigframe, uc.sigmask);
	KT_EXPECT(ctx, copy_to_user((void *)(sp + mask_at), &new_mask, sizeof(new_mask)) == 0);
	clobber_registers(&f);
	f.user_esp = sp + 4; /* the handler's ret popped pretcode */
	KT_EXPECT_EQ(ctx, sys_rt_sigreturn(&f), 0x77777777);
	expect_user_registers_back(ctx, &f, esp);
	KT_EXPECT_EQ(ctx, f.eflags, USER_EFLAGS);
	KT_EXPECT_EQ(ctx, f.ds, SEL_USER_DATA);
	KT_EXPECT_EQ(ctx, f.gs, 0);
	KT_EXPECT_EQ(ctx, current->signals_blocked, new_mask & ~SIG_BIT(SIGKILL));
	KT_EXPECT_EQ(ctx, fpu_control_word(), FCW_TEST);
	sig_env_leave();
}

/* ---- sigsuspend's temporary mask ------------------------------------------ */

/* Blocked by the task's own mask A but not by the temporary mask B, a
 * signal is delivered: the frame records A (what sigreturn must put back),
 * and the handler runs under B | its sa_mask | the signal. */
#define MASK_B (SIG_BIT(SIGHUP) | SIG_BIT(50))

static void expect_temporary_mask_in_frame(struct ktest_ctx *ctx, bool is_rt)
{
	uintptr_t esp = STACK_TOP - 0x80;
	struct trap_frame f = user_frame_at(esp);
	KT_ASSERT(ctx, sig_env_enter(&f));
	uint64_t mask_a = MASK_A | SIG_BIT(SIGUSR1);
	set_action(SIGUSR1, is_rt ? SA_SIGINFO | SA_RESTORER : SA_RESTORER, SIG_BIT(SIGALRM));
	current->signals_blocked = mask_a;
	signal_set_temporary_mask(MASK_B | SIG_BIT(SIGKILL));
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_B); /* SIGKILL cannot be blocked */
	signal_send(current, SIGUSR1);
	signal_deliver(&f);
	KT_EXPECT_EQ(ctx, f.eip, HANDLER);
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_B | SIG_BIT(SIGALRM) | SIG_BIT(SIGUSR1));
	KT_EXPECT(ctx, !current->has_saved_blocked); /* the frame holds it now */

	uintptr_t sp = f.user_esp;
	if (is_rt) {
		static struct linux_rt_sigframe fr;
		KT_ASSERT(ctx, copy_from_user(&fr, (const void *)sp, sizeof(fr)) == 0);
		KT_EXPECT_EQ(ctx, fr.uc.sigmask, mask_a);
		f.user_esp = sp + 4;
		sys_rt_sigreturn(&f);
	} else {
		static struct linux_sigframe fr;
		KT_ASSERT(ctx, copy_from_user(&fr, (const void *)sp, sizeof(fr)) == 0);
		KT_EXPECT_EQ(ctx, fr.sc.oldmask, (uint32_t)mask_a);
		KT_EXPECT_EQ(ctx, fr.extramask, (uint32_t)(mask_a >> 32));
		f.user_esp = sp + 8;
		sys_sigreturn(&f);
	}
	KT_EXPECT_EQ(ctx, current->signals_blocked, mask_a);
	sig_env_leave();
}

KTEST(signal_temporary_mask_goes_into_old_frame)
{
	expect_temporary_mask_in_frame(ctx, false);
}

KTEST(signal_temporary_mask_goes_into_rt_frame)
{
	expect_temporary_mask_in_frame(ctx, true);
}

/* No handler runs (nothing pending, or only an ignored signal): the task's
 * own mask comes back on the way to user mode, and no frame is built. */
KTEST(signal_temporary_mask_restored_without_handler)
{
	uintptr_t esp = STACK_TOP - 0x80;
	struct trap_frame f = user_frame_at(esp);
	KT_ASSERT(ctx, sig_env_enter(&f));
	current->signals_blocked = MASK_A;
	signal_set_temporary_mask(MASK_B);
	signal_set_temporary_mask(SIG_BIT(SIGHUP)); /* a second one keeps the first saved */
	KT_EXPECT_EQ(ctx, current->signals_blocked, SIG_BIT(SIGHUP));
	signal_restore_saved_mask();
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_A);
	KT_EXPECT(ctx, !current->has_saved_blocked);
	signal_restore_saved_mask(); /* nothing saved: nothing changes */
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_A);

	current->sigactions[SIGUSR1 - 1].handler = SIG_IGN;
	signal_set_temporary_mask(MASK_B);
	current->signals_pending = SIG_BIT(SIGUSR1); /* ignored once it was already pending */
	signal_deliver(&f);
	KT_EXPECT_EQ(ctx, current->signals_blocked, MASK_A);
	KT_EXPECT(ctx, !current->has_saved_blocked);
	KT_EXPECT_EQ(ctx, current->signals_pending, 0);
	struct trap_frame want = user_frame_at(esp);
	KT_EXPECT(ctx, memcmp(&f, &want, sizeof(f)) == 0); /* no frame, no handler */
	sig_env_leave();
}

/* ---- a group signal during fork ------------------------------------------- */

#define FORK_TEST_PGID 77777 /* a process group nobody else is in */

/* A kernel thread playing a shell in the middle of fork(): a user task (it
 * borrows an address space) in its own group, with SIGUSR1 blocked, between
 * signal_fork_begin and signal_fork_end while the test sends to the group. */
struct fork_probe {
	struct mm *mm;
	struct task *child;        /* not on the task list: what fork is making */
	volatile bool is_forking;  /* the thread is between begin and end */
	volatile bool was_sent;    /* the test has sent the group signal */
	struct wait_queue sent;    /* the thread sleeps here until then: a spinning
				    * kernel thread would never let the test run */
	uint64_t pending_after;    /* the thread's own pending set at the end */
};

static void thread_in_fork(void *arg)
{
	struct fork_probe *p = arg;
	current->mm = p->mm;
	current->pgid = FORK_TEST_PGID;
	current->signals_blocked = SIG_BIT(SIGUSR1);
	signal_fork_begin();
	p->is_forking = true;
	wait_event(&p->sent, p->was_sent);
	signal_fork_end(p->child);
	p->pending_after = current->signals_pending;
	current->signals_pending = 0;
	current->mm = NULL; /* the test's to free */
}

/* A ^C that lands while the shell forks reaches the shell (where it waits,
 * blocked) and the child the fork is making, which was on no list when the
 * signal went out; a signal sent after the fork ended is not handed on. */
KTEST(signal_group_signal_during_fork_reaches_the_child)
{
	static struct fork_probe p;
	p = (struct fork_probe){.mm = mm_create(), .child = kzalloc(sizeof(struct task))};
	wait_queue_init(&p.sent);
	KT_ASSERT(ctx, p.mm && p.child);
	struct task *t = kthread_create("ktest-fork", thread_in_fork, &p);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid;
	while (!p.is_forking)
		schedule();
	KT_EXPECT_EQ(ctx, signal_send_group(FORK_TEST_PGID, SIGUSR1), 0);
	p.was_sent = true;
	wake_up(&p.sent);
	while (t->state != TASK_ZOMBIE)
		schedule();
	KT_EXPECT(ctx, p.pending_after & SIG_BIT(SIGUSR1));
	KT_EXPECT_EQ(ctx, p.child->signals_pending, SIG_BIT(SIGUSR1));
	KT_EXPECT(ctx, !t->is_forking);
	int status, got;
	task_wait(pid, &status, 0, &got);
	/* Outside a fork, nothing is noted for a child. */
	struct task *self = current;
	KT_EXPECT(ctx, !self->is_forking && self->signals_during_fork == 0);
	kfree(p.child);
	mm_destroy(p.mm);
}
