/*
 * signal.c — POSIX signals: sending, blocking, default actions, handlers.
 *
 * A signal is a bit in the target's pending set (bit sig-1).  It is acted on
 * when the task next returns to user mode (signal_deliver, from trap.c):
 * either the default action (terminate; ignore for SIGCHLD and friends; stop
 * for SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: kernel/job_control.c) or a call to the user's
 * handler.  The handler runs on the user stack above a frame laid out as
 * Linux's i386 frames are, and which one depends on SA_SIGINFO, as on Linux:
 * with it, the rt_sigframe (return address, signal number, siginfo,
 * ucontext with the saved registers), undone by rt_sigreturn (173); without
 * it, the old sigframe (return address, signal number, sigcontext), undone by
 * sigreturn (119) — glibc's restorer for such handlers pops the number and
 * calls that.  Ignored signals are discarded when sent, so a sleeping task
 * is only woken by one that matters.  sigsuspend, ppoll and pselect6 wait
 * under a mask of their own (signal_set_temporary_mask); the task's mask
 * comes back once the signal that ended the wait is delivered, or goes into
 * the handler's frame so that its return restores it, as Linux's
 * saved_sigmask does.
 *
 * Locking: pending and blocked change under tasks_lock: signals are sent from
 * interrupt handlers (^C on the console).
 */
#include <corral/fpu.h>
#include <corral/gdt.h>
#include <corral/job_control.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>
#include <uapi/unistd.h>

#define SIG_BIT(sig) (1ull << ((sig)-1))
#define SIGSET_SIZE 8
#define UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))
#define USER_EFLAGS_MASK 0x00040dd5u /* AC OF DF TF SF ZF AF PF CF: what user space may set */

struct sigcontext {
	uint32_t gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss, fpstate, oldmask, cr2;
};

struct ucontext {
	uint32_t uc_flags, uc_link;
	uint32_t ss_sp, ss_flags, ss_size;
	struct sigcontext mcontext;
	uint64_t sigmask;
};

struct rt_sigframe {
	uint32_t pretcode; /* where the handler returns: the restorer */
	int32_t sig;
	uint32_t pinfo, puc;
	struct {
		int32_t si_signo, si_errno, si_code;
		uint8_t rest[116];
	} info;
	struct ucontext uc;
	uint8_t retcode[8]; /* mov $173, %eax; int $0x80 — when there is no restorer */
};

/* The old frame, for handlers without SA_SIGINFO.  Linux keeps a 624-byte
 * slot where the FPU state used to be (the state itself now goes above the
 * frame, as for rt frames), so that extramask stays where old programs look. */
struct sigframe {
	uint32_t pretcode;
	int32_t sig;
	struct sigcontext sc;        /* sc.oldmask: the low 32 bits of the mask */
	uint8_t fpstate_unused[624];
	uint32_t extramask;          /* the high 32 bits */
	uint8_t retcode[8];          /* popl %eax; movl $119, %eax; int $0x80 */
};

_Static_assert(sizeof(struct fpu_sigframe) == 624, "Linux's _fpstate_32");
_Static_assert(offsetof(struct sigframe, extramask) == 720, "Linux's i386 sigframe");

static bool signal_is_ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

static bool signal_is_ignored(struct task *t, int sig)
{
	void (*h)(int) = t->sigactions[sig - 1].handler;
	return h == SIG_IGN || (h == SIG_DFL && signal_is_ignored_by_default(sig));
}

void signal_send_locked(struct task *t, int sig)
{
	if (t->state == TASK_ZOMBIE)
		return;
	job_signal_sent_locked(t, sig); /* SIGCONT continues even when ignored */
	if (sig != SIGKILL && signal_is_ignored(t, sig) && !(t->signals_blocked & SIG_BIT(sig)))
		return;
	/* init only gets the signals it asked for: it must not die of a stray ^C. */
	if (t->pid == 1 && t->sigactions[sig - 1].handler == SIG_DFL)
		return;
	t->signals_pending |= SIG_BIT(sig);
	if (t->state == TASK_SLEEPING || sig == SIGKILL)
		sched_wake(t);
}

bool signal_is_killed(const struct task *t)
{
	return t->signals_pending & SIG_BIT(SIGKILL);
}

int signal_send(struct task *t, int sig)
{
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	signal_send_locked(t, sig);
	spin_unlock_irqrestore(&tasks_lock, flags);
	return 0;
}

void signal_force(struct task *t, int sig)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	t->signals_blocked &= ~SIG_BIT(sig);
	if (t->sigactions[sig - 1].handler == SIG_IGN)
		t->sigactions[sig - 1].handler = SIG_DFL;
	t->signals_pending |= SIG_BIT(sig);
	spin_unlock_irqrestore(&tasks_lock, flags);
}

static int send_to_group(struct task *t, void *arg)
{
	const int *pgid_sig = arg;
	bool is_member = pgid_sig[0] == SIGNAL_EVERYONE ? t->pid > 1 && t != current
							: t->pgid == pgid_sig[0];
	if (t->pid > 0 && t->mm && is_member) {
		signal_send_locked(t, pgid_sig[1]);
		if (t->is_forking && (t->signals_pending & SIG_BIT(pgid_sig[1])))
			t->signals_during_fork |= SIG_BIT(pgid_sig[1]);
	}
	return 0;
}

void signal_fork_begin(void)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	current->is_forking = true;
	current->signals_during_fork = 0;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

void signal_fork_end(struct task *child)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	if (child)
		child->signals_pending |= current->signals_during_fork;
	current->is_forking = false;
	current->signals_during_fork = 0;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

int signal_send_group(int pgid, int sig)
{
	int pgid_sig[2] = {pgid, sig};
	/* task_for_each holds tasks_lock while it calls us: use the _locked form. */
	return task_for_each(send_to_group, pgid_sig);
}

bool signal_is_pending(void)
{
	return (current->signals_pending & ~current->signals_blocked) != 0;
}

static int signal_take_next(struct task *t)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	uint64_t ready = t->signals_pending & ~t->signals_blocked;
	int sig = 0;
	if (ready) {
		sig = __builtin_ctzll(ready) + 1;
		t->signals_pending &= ~SIG_BIT(sig);
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
	return sig;
}

static void signal_save_context(struct sigcontext *sc, const struct trap_frame *f, uint32_t oldmask)
{
	*sc = (struct sigcontext){
		.gs = f->gs, .fs = f->fs, .es = f->es, .ds = f->ds, .edi = f->edi, .esi = f->esi,
		.ebp = f->ebp, .esp = f->user_esp, .ebx = f->ebx, .edx = f->edx, .ecx = f->ecx,
		.eax = f->eax, .trapno = f->vector, .err = f->error_code, .eip = f->eip,
		.cs = f->cs, .eflags = f->eflags, .esp_at_signal = f->user_esp, .ss = f->user_ss,
		.oldmask = oldmask,
	};
}

/* Save the interrupted FPU/SSE state at fp_addr (above the frame, as Linux
 * lays it out), then give the handler a clean FPU. */
static int signal_save_fpu(uintptr_t fp_addr)
{
	struct fpu_sigframe fp; /* 624 bytes of kernel stack, for a moment */
	fpu_save(current->fpu);
	fpu_to_sigframe(current->fpu, &fp);
	if (copy_to_user((void *)fp_addr, &fp, sizeof(fp)))
		return -EFAULT;
	fpu_set_default(current->fpu);
	fpu_restore(current->fpu);
	return 0;
}

/* Where a frame of frame_size goes below the interrupted esp:
 *
 *   user_esp before the signal
 *   struct fpu_sigframe   (64-byte aligned; sigcontext.fpstate points here)
 *   the frame             (esp + 4 is 16-byte aligned when the handler starts)
 *
 * The FPU state is saved there at once; returns the frame's address, or 0 if
 * the stack cannot take it. */
static uintptr_t signal_place_frame(struct trap_frame *f, size_t frame_size, uintptr_t *fp_addr)
{
	*fp_addr = (f->user_esp - sizeof(struct fpu_sigframe)) & ~63u;
	uintptr_t sp = ((*fp_addr - frame_size + 4) & ~15u) - 4; /* Linux's alignment */
	if (f->user_esp < 2 * sizeof(struct fpu_sigframe) + frame_size || signal_save_fpu(*fp_addr))
		return 0;
	return sp;
}

static void signal_enter_handler(struct trap_frame *f, const struct k_sigaction *act,
				 uintptr_t sp, int sig)
{
	f->user_esp = sp;
	f->eip = (uint32_t)(uintptr_t)act->handler;
	f->eax = (uint32_t)sig;
	f->eflags &= ~0x100u; /* no single-stepping into the handler */
}

/* Where the handler returns: the program's restorer (SA_RESTORER, as C
 * libraries give), else the frame's own retcode. */
static uint32_t signal_pretcode(const struct k_sigaction *act, uintptr_t frame_retcode)
{
	return (act->flags & SA_RESTORER) ? (uint32_t)(uintptr_t)act->restorer : frame_retcode;
}

/* The blocked set sigreturn puts back: the task's own, also when it is
 * waiting under a temporary one (sigsuspend); the frame now holds it. */
static uint64_t signal_mask_after_handler(void)
{
	if (!current->has_saved_blocked)
		return current->signals_blocked;
	current->has_saved_blocked = false;
	return current->signals_saved_blocked;
}

static int signal_setup_rt_frame(struct trap_frame *f, int sig, const struct k_sigaction *act)
{
	struct rt_sigframe frame;
	memset(&frame, 0, sizeof(frame));
	uintptr_t fp_addr, sp = signal_place_frame(f, sizeof(frame), &fp_addr);
	if (!sp)
		return -EFAULT;
	frame.sig = sig;
	frame.pinfo = sp + offsetof(struct rt_sigframe, info);
	frame.puc = sp + offsetof(struct rt_sigframe, uc);
	frame.info.si_signo = sig;
	uint64_t mask = signal_mask_after_handler();
	signal_save_context(&frame.uc.mcontext, f, (uint32_t)mask);
	frame.uc.mcontext.fpstate = fp_addr;
	frame.uc.sigmask = mask;
	static const uint8_t retcode[8] = {0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0x90};
	memcpy(frame.retcode, retcode, sizeof(retcode));
	frame.pretcode = signal_pretcode(act, sp + offsetof(struct rt_sigframe, retcode));
	if (copy_to_user((void *)sp, &frame, sizeof(frame)))
		return -EFAULT;
	signal_enter_handler(f, act, sp, sig);
	f->edx = frame.pinfo;
	f->ecx = frame.puc;
	return 0;
}

static int signal_setup_old_frame(struct trap_frame *f, int sig, const struct k_sigaction *act)
{
	struct sigframe frame;
	memset(&frame, 0, sizeof(frame));
	uintptr_t fp_addr, sp = signal_place_frame(f, sizeof(frame), &fp_addr);
	if (!sp)
		return -EFAULT;
	frame.sig = sig;
	uint64_t mask = signal_mask_after_handler();
	signal_save_context(&frame.sc, f, (uint32_t)mask);
	frame.sc.fpstate = fp_addr;
	frame.extramask = (uint32_t)(mask >> 32);
	static const uint8_t retcode[8] = {0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80};
	memcpy(frame.retcode, retcode, sizeof(retcode));
	frame.pretcode = signal_pretcode(act, sp + offsetof(struct sigframe, retcode));
	if (copy_to_user((void *)sp, &frame, sizeof(frame)))
		return -EFAULT;
	signal_enter_handler(f, act, sp, sig);
	f->edx = 0;
	f->ecx = 0;
	return 0;
}

static int signal_setup_frame(struct trap_frame *f, int sig, const struct k_sigaction *act)
{
	if (act->flags & SA_SIGINFO)
		return signal_setup_rt_frame(f, sig, act);
	return signal_setup_old_frame(f, sig, act);
}

/* A system call interrupted by this signal starts again after the handler if
 * the handler asked for it (SA_RESTART): back up over `int $0x80` (2 bytes)
 * and put the call's number back.  Sleeps with a deadline are not restarted,
 * nor waits for a signal (pause, sigsuspend), as on Linux. */
static void signal_restart_syscall(struct trap_frame *f, const struct k_sigaction *act)
{
	int nr = current->syscall_nr;
	bool was_interrupted = nr >= 0 && (int32_t)f->eax == -EINTR;
	/* Waits for a signal, and poll and select: EINTR after a handler (Linux
	 * restarts poll with the time left; Corral does not). */
	bool is_restartable = nr != __NR_nanosleep && nr != __NR_pause &&
			      nr != __NR_rt_sigsuspend && nr != __NR_sigsuspend &&
			      nr != __NR_poll && nr != __NR_ppoll && nr != __NR_ppoll_time64 &&
			      nr != __NR_select && nr != __NR__newselect &&
			      nr != __NR_pselect6 && nr != __NR_pselect6_time64;
	if (was_interrupted && is_restartable && (act->flags & SA_RESTART)) {
		f->eax = (uint32_t)nr;
		f->eip -= 2;
	}
	current->syscall_nr = -1;
}

static void signal_run_handler(struct trap_frame *f, int sig)
{
	struct k_sigaction *act = &current->sigactions[sig - 1];
	signal_restart_syscall(f, act);
	if (signal_setup_frame(f, sig, act)) {
		/* No room on the user stack: the process cannot go on. */
		task_exit(SIGSEGV);
	}
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	current->signals_blocked |= act->mask & ~UNBLOCKABLE;
	if (!(act->flags & SA_NODEFER))
		current->signals_blocked |= SIG_BIT(sig) & ~UNBLOCKABLE;
	if (act->flags & SA_RESETHAND)
		act->handler = SIG_DFL;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

void signal_set_temporary_mask(uint64_t mask)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	if (!current->has_saved_blocked) {
		current->signals_saved_blocked = current->signals_blocked;
		current->has_saved_blocked = true;
	}
	current->signals_blocked = mask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

void signal_restore_saved_mask(void)
{
	if (!current->has_saved_blocked)
		return;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	current->signals_blocked = current->signals_saved_blocked;
	current->has_saved_blocked = false;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

/* No handler ran, but the system call was interrupted (a stop and SIGCONT,
 * or a signal whose default is to be ignored reaching sigsuspend): it starts
 * again, as Linux's -ERESTARTSYS does, so nobody sees EINTR for a ^Z and fg.
 * A sleep or a poll resumes through restart_syscall with the deadline it
 * had; select, pselect6 and ppoll wrote the time left into their timeout, so
 * they simply start again with it. */
static void signal_restart_without_handler(struct trap_frame *f)
{
	int nr = current->syscall_nr;
	current->syscall_nr = -1;
	/* sigreturn's eax is the interrupted code's, not a result of its own. */
	if (nr < 0 || (int32_t)f->eax != -EINTR || nr == __NR_sigreturn || nr == __NR_rt_sigreturn)
		return;
	bool has_deadline = nr == __NR_nanosleep || nr == __NR_clock_nanosleep ||
			    nr == __NR_clock_nanosleep_time64 || nr == __NR_poll ||
			    nr == __NR_restart_syscall;
	if (has_deadline && !current->restart.fn)
		return; /* nothing to resume it with: EINTR */
	f->eax = has_deadline ? (uint32_t)__NR_restart_syscall : (uint32_t)nr;
	f->eip -= 2; /* back over int $0x80 */
}

void signal_deliver(struct trap_frame *frame)
{
	int sig;
	while ((sig = signal_take_next(current)) != 0) {
		void (*h)(int) = current->sigactions[sig - 1].handler;
		if (sig == SIGKILL || h == SIG_DFL) {
			if (sig != SIGKILL && job_is_stop_signal(sig)) {
				job_stop_current(sig); /* back here once continued */
				continue;
			}
			if (signal_is_ignored_by_default(sig) && sig != SIGKILL)
				continue;
			task_exit(sig); /* wait status: terminated by sig */
		}
		if (h == SIG_IGN)
			continue;
		signal_run_handler(frame, sig);
		return; /* one handler at a time; the rest wait for its return */
	}
	signal_restore_saved_mask(); /* no handler ran: the call's mask ends here */
	if ((int32_t)frame->eax == -EINTR) /* the common return pays one compare */
		signal_restart_without_handler(frame);
}

/* The frame's data selectors come from user memory and trap_return loads
 * them in ring 0: only null, the user data segment or a live TLS slot may pass
 * (an RPL-3 alias of the kernel's data segment, 0x13, would fault there). */
static bool signal_selectors_are_ok(const struct sigcontext *sc)
{
	return gdt_selector_is_user_data((uint16_t)sc->ds) &&
	       gdt_selector_is_user_data((uint16_t)sc->es) &&
	       gdt_selector_is_user_data((uint16_t)sc->fs) &&
	       gdt_selector_is_user_data((uint16_t)sc->gs);
}

/* The FPU state the frame names goes back into the registers; a frame with no
 * FPU state (fpstate 0) gets a clean FPU, as on Linux. */
static int signal_restore_fpu(uintptr_t fp_addr)
{
	struct fpu_sigframe fp;
	if (!fp_addr) {
		fpu_set_default(current->fpu);
	} else {
		if (copy_from_user(&fp, (const void *)fp_addr, sizeof(fp)))
			return -EFAULT;
		fpu_from_sigframe(current->fpu, &fp);
	}
	fpu_restore(current->fpu);
	return 0;
}

/* Put the registers of sc back in f; SIGSEGV (no return) for a frame that
 * names a selector user space may not have, or FPU state it cannot read. */
static void signal_restore_context(struct trap_frame *f, const struct sigcontext *sc)
{
	if (!signal_selectors_are_ok(sc)) {
		printk(KERN_ERR "%s[%d]: bad segment selector in sigreturn frame: killed by "
				"signal %d\n", current->name, current->pid, SIGSEGV);
		task_exit(SIGSEGV);
	}
	f->edi = sc->edi, f->esi = sc->esi, f->ebp = sc->ebp, f->ebx = sc->ebx;
	f->edx = sc->edx, f->ecx = sc->ecx, f->eax = sc->eax;
	f->eip = sc->eip;
	f->user_esp = sc->esp;
	f->eflags = (f->eflags & ~USER_EFLAGS_MASK) | (sc->eflags & USER_EFLAGS_MASK);
	if (signal_restore_fpu(sc->fpstate))
		task_exit(SIGSEGV);
	/* Selectors are 16 bits; the upper half of each slot is padding (Linux). */
	f->ds = (uint16_t)sc->ds, f->es = (uint16_t)sc->es;
	f->fs = (uint16_t)sc->fs, f->gs = (uint16_t)sc->gs;
}

static void signal_set_blocked(uint64_t mask)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	current->signals_blocked = mask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

long sys_rt_sigreturn(struct trap_frame *f)
{
	struct ucontext uc;
	uintptr_t frame_addr = f->user_esp - 4; /* the handler's ret popped pretcode */
	if (copy_from_user(&uc, (void *)(frame_addr + offsetof(struct rt_sigframe, uc)), sizeof(uc)))
		task_exit(SIGSEGV);
	signal_restore_context(f, &uc.mcontext);
	signal_set_blocked(uc.sigmask);
	return (long)f->eax;
}

long sys_sigreturn(struct trap_frame *f)
{
	struct sigframe frame;
	/* The handler's ret popped pretcode, the restorer's popl the number. */
	uintptr_t frame_addr = f->user_esp - 8;
	if (copy_from_user(&frame, (void *)frame_addr, sizeof(frame)))
		task_exit(SIGSEGV);
	signal_restore_context(f, &frame.sc);
	signal_set_blocked(frame.sc.oldmask | (uint64_t)frame.extramask << 32);
	return (long)f->eax;
}

long sys_rt_sigaction(int sig, const void *uact, void *uoldact, size_t sigsetsize)
{
	if (sigsetsize != SIGSET_SIZE || sig < 1 || sig > NSIG)
		return -EINVAL;
	struct k_sigaction act, *slot = &current->sigactions[sig - 1];
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uoldact && copy_to_user(uoldact, slot, sizeof(*slot)))
		return -EFAULT;
	if (uact) {
		uint32_t flags = spin_lock_irqsave(&tasks_lock);
		*slot = act;
		if (signal_is_ignored(current, sig)) /* POSIX: pending ones are dropped */
			current->signals_pending &= ~SIG_BIT(sig);
		spin_unlock_irqrestore(&tasks_lock, flags);
	}
	return 0;
}

long sys_rt_sigprocmask(int how, const void *uset, void *uoldset, size_t sigsetsize)
{
	uint64_t set, old = current->signals_blocked;
	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (uset && copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if (uset) {
		uint64_t blocked;
		if (how == SIG_BLOCK)
			blocked = old | set;
		else if (how == SIG_UNBLOCK)
			blocked = old & ~set;
		else if (how == SIG_SETMASK)
			blocked = set;
		else
			return -EINVAL;
		current->signals_blocked = blocked & ~UNBLOCKABLE;
	}
	if (uoldset && copy_to_user(uoldset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* rt_sigsuspend (179): wait for a signal with mask blocked instead of the
 * task's set, which comes back once the handler returns (its frame keeps
 * it) or at once for a signal with no handler.  Always -EINTR. */
long sys_rt_sigsuspend(const void *umask, size_t sigsetsize)
{
	uint64_t mask;
	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	signal_set_temporary_mask(mask);
	struct wait_queue never = WAIT_QUEUE_INIT(never);
	return wait_event_interruptible(&never, false);
}

/* sigsuspend (72), the old form: the mask is the low 32 signals, by value. */
long sys_sigsuspend(int unused1, int unused2, uint32_t mask)
{
	(void)unused1, (void)unused2;
	signal_set_temporary_mask((current->signals_blocked & ~0xffffffffull) | mask);
	struct wait_queue never = WAIT_QUEUE_INIT(never);
	return wait_event_interruptible(&never, false);
}

long sys_pause(void)
{
	struct wait_queue never = WAIT_QUEUE_INIT(never);
	return wait_event_interruptible(&never, false);
}

/* exec: caught signals go back to their default; ignored ones stay ignored. */
void signal_reset_on_exec(struct task *t)
{
	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *a = &t->sigactions[i];
		if (a->handler != SIG_IGN) {
			memset(a, 0, sizeof(*a));
		}
	}
}
