/*
 * oom.c — the out-of-memory killer: when reclaim can free nothing and an
 * allocation must still succeed, one task dies so the others can go on.
 *
 * The victim is the task with the largest footprint: resident pages, pages
 * swapped out and page tables (what its death gives back), the way Linux's
 * oom_badness counts.  Never pid 1 (the system would go with it), never a
 * kernel thread, never a task already dying.  The killer prints one console
 * line saying why, who and how big, counts oom_kill (globally and in the
 * victim's container), sends SIGKILL and lets the allocation retry; until the
 * victim has exited it kills no one else (oom_victim_is_dying).
 * A container's own OOM killer (hard limits, the next issue) calls oom_kill
 * with itself as scope: only its tasks are candidates.
 */
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/mm.h>
#include <corral/printk.h>
#include <corral/task.h>
#include <corral/vmscan.h>
#include <uapi/signal.h>

#define KSTACK_PAGES 2 /* a task's kernel stack, also given back */

static int oom_victim_pid; /* 0: none dying */

bool oom_victim_is_dying(void)
{
	if (!oom_victim_pid)
		return false;
	struct task *t = task_find(oom_victim_pid);
	if (t && t->state != TASK_ZOMBIE && t->mm)
		return true;
	oom_victim_pid = 0;
	return false;
}

static uint32_t oom_footprint(const struct task *t)
{
	const struct mm *mm = t->mm;
	return mm->nr_resident_pages + mm->nr_swap_entries + mm->nr_pagetable_pages + 1 +
	       KSTACK_PAGES;
}

struct oom_choice {
	struct container *scope;
	struct task *victim;
	uint32_t footprint;
};

static int oom_consider(struct task *t, void *arg)
{
	struct oom_choice *choice = arg;
	bool is_candidate = t->mm && t->pid != 1 && t->state != TASK_ZOMBIE && !signal_is_killed(t) &&
			    (!choice->scope || t->container == choice->scope);
	if (!is_candidate)
		return 0;
	uint32_t footprint = oom_footprint(t);
	if (footprint > choice->footprint) {
		choice->victim = t;
		choice->footprint = footprint;
	}
	return 0;
}

bool oom_kill(struct container *scope, const char *why)
{
	struct oom_choice choice = {scope, NULL, 0};
	task_for_each(oom_consider, &choice);
	struct task *t = choice.victim;
	if (!t) {
		pr_err("%s, and no task to kill%s%s\n", why, scope ? " in container " : "",
		       scope ? scope->name : "");
		return false;
	}
	const struct mm *mm = t->mm;
	struct container *c = t->container;
	pr_err("%s: killed process %d (%s) in container %s: rss %u kB, swap %u kB, "
	       "page tables %u kB\n",
	       why, t->pid, t->name, c ? c->name : "/", mm->nr_resident_pages * 4,
	       mm->nr_swap_entries * 4, mm->nr_pagetable_pages * 4);
	oom_victim_pid = t->pid;
	vm_count_event(VM_OOM_KILL, c);
	signal_send(t, SIGKILL);
	return true;
}
