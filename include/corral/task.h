/*
 * task.h — struct task: one process or kernel thread, and the scheduler's API.
 *
 * Every task has a kernel stack (TASK_KSTACK_SIZE, the struct task itself is a
 * separate kmalloc object) and, for user processes, an address space (mm),
 * open files, a working directory and signal state.  Kernel threads have
 * mm == NULL and run only in the kernel half.
 *
 * Lifecycle:  task_create/fork → RUNNABLE ⇄ SLEEPING → ZOMBIE (exited, waiting
 * for its parent's wait4) → freed.  Orphans are handed to init (pid 1).  A
 * stop signal takes a user task from RUNNABLE to STOPPED on its way back to
 * user mode, SIGCONT (or SIGKILL) back (kernel/job_control.c).
 *
 * Locking: the task list, parent/child links and states change only in task
 * context with interrupts off (tasks_lock), since the timer interrupt and
 * wake_up() from interrupt handlers read states and the run queue.
 */
#ifndef CORRAL_TASK_H
#define CORRAL_TASK_H

#include <corral/itimer.h>
#include <corral/kmem.h>
#include <corral/list.h>
#include <corral/trap.h>
#include <corral/types.h>
#include <corral/wait.h>
#include <uapi/signal.h>

#define TASK_KSTACK_SIZE 8192
#define TASK_NAME_MAX 16
#define TASK_CMDLINE_MAX 128
#define TASK_MAX_PID 32767
#define TASK_NICE_MIN (-20) /* the most favoured */
#define TASK_NICE_MAX 19

enum task_state {
	TASK_RUNNABLE,        /* on the run queue, or running */
	TASK_SLEEPING,        /* interruptible: a signal wakes it */
	TASK_UNINTERRUPTIBLE, /* only the awaited event wakes it */
	TASK_ZOMBIE,          /* exited; exit status kept for wait4 */
	TASK_STOPPED,         /* job control: only SIGCONT or SIGKILL wakes it */
};

/* How restart_syscall (0) resumes a wait that a stop interrupted (as
 * Linux's restart_block): the deadline stays what the first call computed,
 * so `sleep 10`, ^Z, fg sleeps what was left (kernel/syscalls_time.c), and a
 * poll waits what its timeout had left (fs/poll.c). */
struct restart_block {
	long (*fn)(struct restart_block *rb); /* NULL: nothing to resume */
	int clock;         /* nanosleep: the deadline's clock */
	int64_t deadline_ns; /* nanosleep: ns on that clock; poll: jiffies */
	void *uptr;        /* nanosleep: where the time left goes; poll: the pollfds */
	uint32_t n;        /* nanosleep: its enum timespec_layout; poll: nfds */
};

/* Linux's NGROUPS_MAX is 65536; a small fixed array keeps struct task simple
 * and is more than su, login and id ever set (setgroups: EINVAL past it). */
#define CRED_NGROUPS_MAX 32

/* A task's identity.  Changed only by the task itself (set*id, setgroups) and
 * copied whole at fork; exec keeps it.  Others read it without a lock (kill,
 * /proc): the kernel is not preemptive, so a reader never sees half a change. */
struct cred {
	uint32_t uid, gid;   /* real */
	uint32_t euid, egid; /* effective: permission checks use these */
	uint32_t nr_groups;  /* supplementary groups, sorted (as Linux keeps them) */
	uint32_t groups[CRED_NGROUPS_MAX];
};

/* Is gid the effective gid or one of the supplementary groups? (kernel/cred.c) */
bool cred_is_in_group(const struct cred *c, uint32_t gid);

struct mm;
struct files;
struct inode;
struct container;
struct sched_group;
struct fpu_state;
struct path_name;

struct task {
	int pid;
	char name[TASK_NAME_MAX];          /* the program's base name */
	char cmdline[TASK_CMDLINE_MAX];    /* argv, NUL-separated (/proc/N/cmdline) */
	size_t cmdline_len;
	enum task_state state;             /* tasks_lock */
	int exit_status;                   /* wait4 encoding, valid when ZOMBIE */

	/* Family, under tasks_lock. */
	struct task *parent;
	struct list_head children;         /* struct task.sibling */
	struct list_head sibling;
	struct list_head all_node;         /* on the list of all tasks */
	struct list_head pid_node;         /* in its pid_hash bucket (kernel/task.c) */
	struct wait_queue child_exited;    /* wait4 sleeps here */
	int pgid, sid;
	int pdeath_signal;                 /* sent when the parent exits (prctl); 0: none */

	/* Job control (kernel/job_control.c), under tasks_lock: what wait4
	 * has still to hear about — the signal that stopped the task (WUNTRACED)
	 * or that SIGCONT resumed it (WCONTINUED); each is reported once. */
	int stop_signal_unreported;        /* 0: none */
	bool is_continued_unreported;
	bool has_execed;                   /* since fork: setpgid on it is EACCES */

	/* Scheduling, under the run-queue lock (interrupts off). */
	struct sched_group *sched_group;   /* its container's (NULL: the root's) */
	bool is_queued;                    /* run_node is on sched_group's queue */
	uint64_t sched_pass;               /* its pass inside its group (kernel/sched_fair.c) */
	struct list_head run_node;         /* on that queue, the sleep list, or none */
	uint32_t time_slice_ticks;
	uint64_t wake_at_jiffies;          /* for timed sleeps; 0 = none */
	uint64_t nr_ticks;                 /* CPU time, in ticks */
	uint64_t nr_user_ticks;            /* the part of nr_ticks spent in user mode */
	/* The nice value, TASK_NICE_MIN..TASK_NICE_MAX (kernel/priority.c):
	 * inherited by fork, kept by exec, changed by setpriority from any task,
	 * in task context (a plain int: the kernel is not preemptive).  Shown in
	 * /proc/PID/stat; the scheduler weighs a task's turns in its container
	 * by it (kernel/sched_fair.c). */
	int nice;

	/* CPU state: the kernel stack and the saved stack pointer of a switched-out task. */
	void *kstack;                      /* lowest address; TASK_KSTACK_SIZE bytes */
	struct kmem_charge kmem;           /* the struct and kstack, charged (kernel/task.c) */
	uintptr_t saved_esp;
	struct trap_frame *user_frame;     /* the user-mode registers, top of kstack */
	uint64_t tls[3];                   /* GDT_TLS_FIRST.. descriptors (arch/x86/tls.c) */
	int *set_child_tid;                /* user word for the child's tid (clone), once */
	int *clear_child_tid;              /* user word cleared and woken at exit (futex.c) */
	void *robust_list;                 /* user robust_list_head walked at exit (futex.c);
					    * not inherited by fork, cleared by exec */
	struct fpu_state *fpu;             /* x87/SSE registers; NULL for kernel threads
					    * (include/corral/fpu.h: live while running) */

	/* Resources (owned by the task, changed only by itself or at fork/exit). */
	struct mm *mm;                     /* NULL for kernel threads */
	struct files *files;               /* open file table */
	struct inode *cwd, *root;
	uint32_t umask;
	struct cred cred;

	/* Signals: pending and blocked are bit (sig - 1); under tasks_lock. */
	uint64_t signals_pending;
	uint64_t signals_blocked;
	/* sigsuspend, ppoll, pselect6 wait under a temporary mask; the task's own
	 * goes back when the call returns to user mode, after a handler's frame
	 * recorded it (signal_set_temporary_mask, kernel/signal.c). */
	uint64_t signals_saved_blocked;
	bool has_saved_blocked;
	/* While the task forks, the signals sent to its process group are noted
	 * here too: the child, not yet on the task list, gets them when it is
	 * put there, so a ^C typed during a fork reaches both (as Linux does). */
	bool is_forking;
	uint64_t signals_during_fork;
	/* alarm/setitimer (kernel/itimer.c), under itimer_lock; itimer_node is on
	 * the real-timer list while itimers[ITIMER_REAL].value is not 0. */
	struct itimer itimers[ITIMER_COUNT];
	struct list_head itimer_node;
	struct k_sigaction sigactions[NSIG];
	int syscall_nr; /* the system call being handled, or -1 (for SA_RESTART) */
	struct restart_block restart;      /* set by an interrupted sleep or poll; itself only */
	/* Fault injection (mm/fail_alloc.c): allocations failed on purpose during
	 * the system call being handled, and who asked for the last of them. */
	uint32_t nr_failed_allocs;
	const void *failed_alloc_caller;
	/* alloc_user_page fails rather than call the OOM killer (swapoff: it
	 * would rather give up than kill for room); changed only by itself. */
	bool is_oom_exempt;

	/* Accounting for /proc/PID/stat (fs/procfs_task.c): written by the task
	 * itself, by the tick (its own times) or at wait (the children's); read
	 * without a lock, a torn 64-bit read showing at most a tick's error. */
	uint64_t start_jiffies;            /* when it was forked */
	uint64_t nr_children_ticks;        /* waited-for children's nr_ticks, theirs included */
	uint64_t nr_children_user_ticks;
	uint32_t nr_faults, nr_major_faults; /* page faults; major ones waited for I/O */
	uint32_t nr_children_faults, nr_children_major_faults;
	struct path_name *exe;             /* the program exec'd (fork shares it), or NULL */

	/* Containers: the container charged for this task (container_lock). */
	struct container *container;
	struct list_head container_node; /* on container->tasks */
};

/* The running task (kernel/sched.c). */
extern struct task *current;

/* Tasks (kernel/task.c). */
struct task *task_find(int pid);          /* NULL if none (zombies are found) */
struct task *kthread_create(const char *name, void (*fn)(void *), void *arg);
struct task *kthread_create_init(void (*fn)(void *), void *arg); /* pid 1, once */
void task_exit(int status) __noreturn;    /* status in wait4 encoding */
/* The thread-id words of clone(2) (kernel/futex.c); NULL: none. */
struct fork_tids {
	int *parent_tid; /* CLONE_PARENT_SETTID: the child's tid, in the parent */
	int *child_tid;  /* CLONE_CHILD_SETTID / _CLEARTID: in the child */
	bool set_child_tid, clear_child_tid;
};
/* Returns the child's pid or -errno; tids may be NULL (fork, vfork). */
int task_fork(struct trap_frame *frame, const struct fork_tids *tids);
int task_wait(int pid, int *status, int options, int *out_pid);
/* The same, and the CPU time and faults of an exited child (its own waited
 * for children's included) for wait4's rusage; zeros for other news. */
struct wait_usage {
	uint64_t nr_ticks, nr_user_ticks;
	uint32_t nr_faults, nr_major_faults;
};
int task_wait_usage(int pid, int *status, int options, int *out_pid, struct wait_usage *usage);
void task_set_name(struct task *t, const char *path);
/* Call f for every task, in pid order; stops early when f returns non-zero. */
int task_for_each(int (*f)(struct task *t, void *arg), void *arg);
int task_for_each_locked(int (*f)(struct task *t, void *arg), void *arg); /* tasks_lock held */
extern struct spinlock tasks_lock;

/* Boot (kernel/task.c, kernel/init.c). */
void task_init_boot(void); /* the boot context becomes the idle task, pid 0 */
void task_reap_idle_children(void); /* the idle loop frees zombies given to it */
void init_start(void);     /* create pid 1, which execs /bin/init */

/* Scheduler (kernel/sched.c). */
void sched_init(struct task *boot_task); /* the boot context becomes idle */
void schedule(void);                      /* give up the CPU; returns when chosen again */
void sched_wake(struct task *t);          /* make runnable; safe in interrupts */
void sched_wake_stopped(struct task *t);  /* a TASK_STOPPED one (kernel/job_control.c) */
void sched_wake_new(struct task *t);      /* a forked child: runnable, the parent goes on */
void sched_tick(bool is_user);            /* from the timer interrupt; is_user: it came from user mode */
/* Where the CPU's ticks went since boot, and how often it switched tasks. */
struct sched_stats {
	uint64_t nr_user_ticks, nr_system_ticks, nr_idle_ticks;
	uint64_t nr_switches;
};
void sched_get_stats(struct sched_stats *out);
void sched_yield_if_needed(void);         /* a preemption point for long kernel loops */
void sched_yield_current(void);           /* sched_yield(2): behind the others of its container */
bool sched_need_resched(void);
void sleep_ticks(uint64_t ticks);         /* uninterruptible timed sleep */
int sleep_ticks_interruptible(uint64_t ticks); /* 0 or -EINTR */

/* Signals (kernel/signal.c). */
int signal_send(struct task *t, int sig);          /* 0 or -errno */
void signal_send_locked(struct task *t, int sig);  /* the same, tasks_lock held */
void signal_force(struct task *t, int sig);        /* a fault: cannot be ignored or blocked */
#define SIGNAL_EVERYONE (-1) /* as a pgid: every user task but init and current */
int signal_send_group(int pgid, int sig);
void signal_deliver(struct trap_frame *frame);     /* on the way back to user mode */
bool signal_is_pending(void);
/* Block mask instead of the task's set until the system call returns to user
 * mode (sigsuspend, ppoll, pselect6); restore it early if the call ends
 * without being interrupted. */
void signal_set_temporary_mask(uint64_t mask);
void signal_restore_saved_mask(void);
/* Around fork: begin notes the group signals the parent gets; end (child or
 * NULL on failure) hands them to the child, which is on the task list by then. */
void signal_fork_begin(void);
void signal_fork_end(struct task *child);
bool signal_is_killed(const struct task *t);      /* SIGKILL pending: it is dying */
void signal_reset_on_exec(struct task *t); /* caught signals back to their default */

/* Switching kernel stacks (arch/x86/switch.asm), for the scheduler and task
 * creation only: context_switch saves the callee-saved registers on the
 * current stack and resumes next's; a new task's first switch "returns" into
 * one of the entry stubs. */
void context_switch(uintptr_t *prev_esp, uintptr_t next_esp);
void task_entry_fork(void);    /* a forked child: pops its trap frame to user mode */
void task_entry_kthread(void); /* a kernel thread: calls its function */
/* ... and what the stubs call: */
void sched_finish_switch(void); /* releases the lock schedule() held */
void kthread_run(void (*fn)(void *), void *arg) __noreturn;

#endif
