/*
 * task.c — creating, forking, ending and reaping tasks.
 *
 * Every task is a struct task (kmalloc) plus an 8 KiB kernel stack (two pages),
 * both charged as kernel memory to the container it is born in (t->kmem,
 * mm/kmem_charge.c): a fork that would pass the container's page_limit fails
 * with ENOMEM.
 * The top of each kernel stack holds the task's user registers (struct
 * trap_frame) while it is in the kernel; a new task's stack is built so that
 * its first context_switch "returns" into an entry stub (arch/x86/switch.asm).
 *
 *   fork:  copy the address space (copy on write), the open files, the working
 *          directory, the signal dispositions; the child returns 0.
 *   exit:  release everything but the kernel stack and the struct, hand the
 *          children to init, become a zombie, wake the parent.
 *   wait4: the parent finds a zombie child, takes its status and frees it.
 *
 * Pids count up from 1 and wrap at TASK_MAX_PID, skipping pids in use.  A task
 * is on two lists: all_tasks in pid order (for ps and /proc, which list them)
 * and a bucket of pid_hash (for task_find and the free-pid search), so that
 * fork and kill cost the same with 10 tasks or 10,000.
 * tasks_lock (interrupts off) guards the task list and family links, because
 * ^C on the console signals tasks from an interrupt handler.
 */
#include <corral/container.h>
#include <corral/fpu.h>
#include <corral/futex.h>
#include <corral/job_control.h>
#include <corral/kmalloc.h>
#include <corral/kmem.h>
#include <corral/loadavg.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/uaccess.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/wait.h>

#define KSTACK_ORDER 1
#define KSTACK_CANARY 0x57ac6e11u

struct spinlock tasks_lock = SPINLOCK_INIT("tasks");
/* Under tasks_lock: */
static LIST_HEAD(all_tasks); /* sorted by pid */
static int last_pid = 1; /* pids count up from 2; init is 1 */
static uint64_t nr_forks; /* tasks created since boot (/proc/stat's processes) */
#define PID_HASH_BUCKETS 256 /* a power of two */
static struct list_head pid_hash[PID_HASH_BUCKETS];

static struct task boot_task; /* pid 0: the boot context, later the idle loop */
extern char boot_stack_bottom[];


static struct list_head *pid_bucket(int pid)
{
	return &pid_hash[pid & (PID_HASH_BUCKETS - 1)];
}

/* The task with this pid, or NULL.  Caller holds tasks_lock. */
static struct task *pid_lookup(int pid)
{
	struct list_head *bucket = pid_bucket(pid), *pos;
	list_for_each(pos, bucket) {
		struct task *t = list_entry(pos, struct task, pid_node);
		if (t->pid == pid)
			return t;
	}
	return NULL;
}

/* Put t on all_tasks in pid order.  New pids count up, so the place is
 * nearly always the end: search from there. */
static void all_tasks_insert(struct task *t)
{
	struct list_head *pos = all_tasks.prev;
	while (pos != &all_tasks && list_entry(pos, struct task, all_node)->pid > t->pid)
		pos = pos->prev;
	list_add(&t->all_node, pos);
}

/* Take a task off both lists.  Caller holds tasks_lock. */
static void task_unlink_locked(struct task *t)
{
	list_del(&t->all_node);
	list_del(&t->pid_node);
}

/* Give t a free pid (pid 1 is kept for init) and put it on the task lists. */
static void task_link(struct task *t, bool is_init)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	if (is_init) {
		t->pid = 1;
	} else {
		do
			last_pid = last_pid >= TASK_MAX_PID ? 2 : last_pid + 1;
		while (pid_lookup(last_pid));
		t->pid = last_pid;
	}
	all_tasks_insert(t);
	list_add(&t->pid_node, pid_bucket(t->pid));
	nr_forks++;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

static struct task *task_alloc(const char *name)
{
	struct task *t = kzalloc(sizeof(*t));
	struct page *stack = alloc_pages(KSTACK_ORDER);
	if (!t || !stack) {
		kfree(t);
		if (stack)
			free_pages(stack, KSTACK_ORDER);
		return NULL;
	}
	t->kstack = page_to_virt(stack);
	*(uint32_t *)t->kstack = KSTACK_CANARY;
	t->user_frame = (struct trap_frame *)((char *)t->kstack + TASK_KSTACK_SIZE) - 1;
	t->state = TASK_UNINTERRUPTIBLE; /* until sched_wake */
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->all_node);
	list_init(&t->pid_node);
	list_init(&t->run_node);
	list_init(&t->container_node);
	wait_queue_init(&t->child_exited);
	strlcpy(t->name, name, sizeof(t->name));
	t->umask = 022;
	t->start_jiffies = jiffies_read();
	return t;
}

/* What a task costs the kernel, charged for its life (to its zombie's reaping). */
#define TASK_KMEM_BYTES ((uint32_t)sizeof(struct task) + TASK_KSTACK_SIZE)

static void task_free(struct task *t)
{
	kmem_uncharge(&t->kmem); /* to the container it was charged to, wherever t went */
	path_name_put(t->exe);
	fpu_free(t->fpu);
	free_pages(virt_to_page(t->kstack), KSTACK_ORDER);
	kfree(t);
}

/* Push the registers context_switch pops, returning into entry. */
static void task_prepare_stack(struct task *t, void (*entry)(void), uint32_t ebx, uint32_t esi)
{
	uint32_t *sp = (uint32_t *)t->user_frame;
	*--sp = (uint32_t)(uintptr_t)entry;
	*--sp = 0;   /* ebp: ends backtraces */
	*--sp = ebx;
	*--sp = esi;
	*--sp = 0;   /* edi */
	t->saved_esp = (uintptr_t)sp;
}

static void task_adopt(struct task *parent, struct task *child)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	child->parent = parent;
	list_add_tail(&child->sibling, &parent->children);
	spin_unlock_irqrestore(&tasks_lock, flags);
}

void task_init_boot(void)
{
	struct task *t = &boot_task;
	for (int i = 0; i < PID_HASH_BUCKETS; i++)
		list_init(&pid_hash[i]);
	strlcpy(t->name, "idle", sizeof(t->name));
	t->state = TASK_RUNNABLE;
	t->kstack = boot_stack_bottom;
	*(uint32_t *)t->kstack = KSTACK_CANARY;
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->run_node);
	wait_queue_init(&t->child_exited);
	list_add(&t->all_node, &all_tasks);
	list_add(&t->pid_node, pid_bucket(t->pid));
	container_task_join(&root_container, t);
	sched_init(t);
}

void kthread_run(void (*fn)(void *), void *arg)
{
	sti();
	fn(arg);
	task_exit(0);
}

static struct task *kthread_make(const char *name, void (*fn)(void *), void *arg, bool is_init)
{
	struct task *t = task_alloc(name);
	if (!t)
		return NULL;
	kmem_charge_force(&t->kmem, kmem_current_container(), TASK_KMEM_BYTES);
	task_prepare_stack(t, task_entry_kthread, (uint32_t)(uintptr_t)fn, (uint32_t)(uintptr_t)arg);
	t->cwd = current->cwd;
	t->root = current->root;
	if (t->cwd)
		inode_get(t->cwd);
	if (t->root)
		inode_get(t->root);
	container_task_join(current->container, t);
	task_link(t, is_init);
	task_adopt(current, t);
	sched_wake(t);
	return t;
}

struct task *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	return kthread_make(name, fn, arg, false);
}

struct task *kthread_create_init(void (*fn)(void *), void *arg)
{
	if (task_find(1))
		return NULL;
	return kthread_make("init", fn, arg, true);
}

/* The child's FPU registers are the parent's as they are now: the parent is
 * running, so its live registers are saved first. */
static int task_copy_fpu(struct task *child, struct task *parent)
{
	child->fpu = fpu_alloc();
	if (!child->fpu)
		return -ENOMEM;
	if (parent->fpu) {
		fpu_save(parent->fpu);
		memcpy(child->fpu, parent->fpu, sizeof(*child->fpu));
	}
	return 0;
}

static int task_copy_resources(struct task *child, struct task *parent)
{
	if (task_copy_fpu(child, parent))
		return -ENOMEM;
	child->mm = mm_copy(parent->mm);
	if (!child->mm)
		return -ENOMEM;
	child->files = files_copy(parent->files);
	if (!child->files) {
		mm_destroy(child->mm);
		child->mm = NULL;
		return -ENOMEM;
	}
	child->cwd = parent->cwd;
	child->root = parent->root;
	inode_get(child->cwd);
	inode_get(child->root);
	return 0;
}

int task_fork(struct trap_frame *frame, const struct fork_tids *tids)
{
	struct container *c = current->container;
	int err = container_fork_reserve(c); /* EAGAIN past task_limit */
	if (err)
		return err;
	signal_fork_begin(); /* a ^C from now on reaches the child too */
	struct task *child = task_alloc(current->name);
	err = child ? kmem_charge(&child->kmem, c, TASK_KMEM_BYTES) : -ENOMEM;
	if (!err)
		err = task_copy_resources(child, current);
	if (err) {
		signal_fork_end(NULL);
		if (child)
			task_free(child);
		container_fork_unreserve(c);
		return err;
	}
	memcpy(child->cmdline, current->cmdline, sizeof(child->cmdline));
	child->cmdline_len = current->cmdline_len;
	child->cred = current->cred;
	child->nice = current->nice;
	memcpy(child->tls, current->tls, sizeof(child->tls));
	if (tids && tids->set_child_tid)
		child->set_child_tid = tids->child_tid; /* written when it first runs */
	if (tids && tids->clear_child_tid)
		child->clear_child_tid = tids->child_tid;
	child->umask = current->umask;
	child->exe = path_name_get(current->exe);
	child->pgid = current->pgid;
	child->sid = current->sid;
	child->signals_blocked = current->signals_blocked;
	memcpy(child->sigactions, current->sigactions, sizeof(child->sigactions));
	*child->user_frame = *frame;
	child->user_frame->eax = 0; /* fork returns 0 in the child */
	task_prepare_stack(child, task_entry_fork, 0, 0);
	container_task_join_reserved(c, child);
	task_link(child, false);
	signal_fork_end(child); /* after the link: no group signal falls between */
	task_adopt(current, child);
	int pid = child->pid;
	if (tids && tids->parent_tid)
		(void)copy_to_user(tids->parent_tid, &pid, sizeof(pid)); /* ignored if bad: Linux */
	sched_wake_new(child);
	return pid;
}

/* Hand every child of dying to init (pid 1), or to the idle task when the
 * dying task is init's parent-less kind (kernel threads). */
static void task_reparent_children(struct task *dying)
{
	struct task *init = task_find(1);
	if (!init || init == dying)
		init = &boot_task;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	bool has_zombie = false;
	while (!list_is_empty(&dying->children)) {
		struct task *c = list_first_entry(&dying->children, struct task, sibling);
		list_del(&c->sibling);
		c->parent = init;
		list_add_tail(&c->sibling, &init->children);
		if (c->pdeath_signal) /* prctl(PR_SET_PDEATHSIG): it asked to follow us */
			signal_send_locked(c, c->pdeath_signal);
		has_zombie |= c->state == TASK_ZOMBIE;
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
	if (has_zombie)
		wake_up(&init->child_exited);
}

static void task_release_resources(struct task *t)
{
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	if (t->cwd)
		inode_put(t->cwd);
	if (t->root)
		inode_put(t->root);
	t->cwd = t->root = NULL;
	if (t->mm) {
		struct mm *mm = t->mm;
		t->mm = NULL;
		mm_activate(NULL);
		mm_destroy(mm);
	}
}

void task_exit(int status)
{
	struct task *t = current;
	if (t->pid == 1)
		panic("init (pid 1) exited with status 0x%x", status);
	if (t == &boot_task)
		panic("the idle task cannot exit");
	/* The groups t keeps from being orphaned, while t still counts as a
	 * member of its own (it has its mm). */
	struct job_exit_groups groups;
	job_note_exit_groups(t, &groups);
	futex_exit_release(t); /* while the address space is still there */
	itimer_exit(t);
	task_release_resources(t);
	container_task_leave(t);
	task_reparent_children(t);
	job_task_exited(t, &groups);

	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	t->exit_status = status;
	t->state = TASK_ZOMBIE;
	struct task *parent = t->parent;
	const struct k_sigaction *chld = &parent->sigactions[SIGCHLD - 1];
	bool is_autoreaped = chld->handler == SIG_IGN || (chld->flags & SA_NOCLDWAIT);
	if (is_autoreaped) { /* POSIX: the parent will not wait; the idle task reaps */
		list_del(&t->sibling);
		t->parent = &boot_task;
		list_add_tail(&t->sibling, &boot_task.children);
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
	if (!is_autoreaped)
		signal_send(parent, SIGCHLD);
	wake_up(&parent->child_exited);
	schedule();
	panic("zombie pid %d was scheduled", t->pid);
}

static bool wait_matches(const struct task *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == current->pgid;
	return c->pgid == -pid;
}

/* What wait4 may report about child c under options, without taking it. */
static bool wait_has_news(const struct task *c, int options)
{
	return c->state == TASK_ZOMBIE ||
	       ((options & WUNTRACED) && c->stop_signal_unreported) ||
	       ((options & WCONTINUED) && c->is_continued_unreported);
}

/* Take the news of child c (tasks_lock held): an exited child leaves the
 * family (*zombie, to be freed); a stop or continue is reported once. */
static void wait_take_news(struct task *c, int options, int *status, struct task **zombie)
{
	if (c->state == TASK_ZOMBIE) {
		list_del(&c->sibling);
		task_unlink_locked(c);
		*zombie = c;
		*status = c->exit_status;
	} else if ((options & WUNTRACED) && c->stop_signal_unreported) {
		*status = (c->stop_signal_unreported << 8) | 0x7f; /* WIFSTOPPED */
		c->stop_signal_unreported = 0;
	} else {
		*status = 0xffff; /* WIFCONTINUED */
		c->is_continued_unreported = false;
	}
}

/* Look through current's children: 1 and *pid, *status set when a matching
 * one had news (and *zombie if it had exited), 0 if some match but none had,
 * -ECHILD if none match. */
static int wait_scan_children(int pid, int options, int *out_pid, int *status,
			      struct task **zombie)
{
	int found = -ECHILD;
	struct list_head *pos;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	list_for_each(pos, &current->children) {
		struct task *c = list_entry(pos, struct task, sibling);
		if (!wait_matches(c, pid))
			continue;
		found = 0;
		if (wait_has_news(c, options)) {
			*out_pid = c->pid;
			wait_take_news(c, options, status, zombie);
			found = 1;
			break;
		}
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
	return found;
}

/* Has a matching child news (or are there no matching children left)? */
static bool wait_is_worth_looking(int pid, int options)
{
	bool is_worth = true;
	struct list_head *pos;
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	list_for_each(pos, &current->children) {
		struct task *c = list_entry(pos, struct task, sibling);
		if (wait_matches(c, pid)) {
			is_worth = false;
			if (wait_has_news(c, options)) {
				is_worth = true;
				break;
			}
		}
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
	return is_worth;
}

/* A reaped child's CPU time and faults, its own children's included, become
 * its parent's cutime, cstime, cminflt and cmajflt (only at wait, as in
 * Linux: children nobody waits for are not counted). */
static void task_add_child_times(struct task *parent, const struct task *child)
{
	parent->nr_children_ticks += child->nr_ticks + child->nr_children_ticks;
	parent->nr_children_user_ticks += child->nr_user_ticks + child->nr_children_user_ticks;
	parent->nr_children_faults += child->nr_faults + child->nr_children_faults;
	parent->nr_children_major_faults +=
		child->nr_major_faults + child->nr_children_major_faults;
}

static void wait_usage_of(const struct task *c, struct wait_usage *usage)
{
	usage->nr_ticks = c->nr_ticks + c->nr_children_ticks;
	usage->nr_user_ticks = c->nr_user_ticks + c->nr_children_user_ticks;
	usage->nr_faults = c->nr_faults + c->nr_children_faults;
	usage->nr_major_faults = c->nr_major_faults + c->nr_children_major_faults;
}

int task_wait_usage(int pid, int *status, int options, int *out_pid, struct wait_usage *usage)
{
	if (usage)
		*usage = (struct wait_usage){0};
	for (;;) {
		struct task *zombie = NULL;
		int found = wait_scan_children(pid, options, out_pid, status, &zombie);
		if (found < 0)
			return found;
		if (found == 1) {
			if (zombie) {
				task_add_child_times(current, zombie);
				if (usage)
					wait_usage_of(zombie, usage);
				task_free(zombie);
			}
			return 0;
		}
		if (options & WNOHANG) {
			*out_pid = 0;
			return 0;
		}
		int err = wait_event_interruptible(&current->child_exited,
						   wait_is_worth_looking(pid, options));
		if (err)
			return err;
	}
}

int task_wait(int pid, int *status, int options, int *out_pid)
{
	return task_wait_usage(pid, status, options, out_pid, NULL);
}

/* The idle task's loop: free its exited children (kernel threads, and the
 * zombies of parents that ignore SIGCHLD). */
void task_reap_idle_children(void)
{
	struct task *zombie;
	int pid, status;
	while (current == &boot_task &&
	       (zombie = NULL, wait_scan_children(-1, 0, &pid, &status, &zombie) == 1))
		task_free(zombie);
}

struct task *task_find(int pid)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	struct task *found = pid_lookup(pid);
	spin_unlock_irqrestore(&tasks_lock, flags);
	return found;
}

static int task_count_one(struct task *t, void *arg)
{
	struct task_counts *counts = arg;
	if (t == &boot_task)
		return 0;
	counts->nr_tasks++;
	if (t->state == TASK_RUNNABLE)
		counts->nr_running++;
	else if (t->state == TASK_UNINTERRUPTIBLE && t->mm)
		counts->nr_blocked++;
	return 0;
}

/* Also from the timer interrupt (the load average): tasks_lock is taken
 * with interrupts off everywhere, so the tick never finds it held. */
void task_get_counts(struct task_counts *out)
{
	*out = (struct task_counts){0};
	task_for_each(task_count_one, out);
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	out->last_pid = last_pid;
	out->nr_forks = nr_forks;
	spin_unlock_irqrestore(&tasks_lock, flags);
}

int task_for_each_locked(int (*f)(struct task *t, void *arg), void *arg)
{
	int ret = 0;
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		ret = f(list_entry(pos, struct task, all_node), arg);
		if (ret)
			break;
	}
	return ret;
}

int task_for_each(int (*f)(struct task *t, void *arg), void *arg)
{
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	int ret = task_for_each_locked(f, arg);
	spin_unlock_irqrestore(&tasks_lock, flags);
	return ret;
}

void task_set_name(struct task *t, const char *path)
{
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(t->name, base, sizeof(t->name));
}
