/*
 * priority.c — nice values: getpriority (96) and setpriority (97).
 *
 * Policy first, as Linux's kernel/sys.c has it:
 *   - a task's nice is -20 (most favoured) .. 19, 0 at boot; fork copies it,
 *     exec keeps it;
 *   - `which` picks the tasks: PRIO_PROCESS (who = a pid, 0 = the caller),
 *     PRIO_PGRP (a process group, 0 = the caller's), PRIO_USER (a real uid,
 *     0 = the caller's); anything else is EINVAL; no match is ESRCH;
 *   - getpriority returns 20 - nice of the most favoured match (1..40, so
 *     that no result looks like an error; glibc turns it back into a nice);
 *   - setpriority clamps the value to -20..19 and sets it on every match.
 *     Changing a task needs root or a match of the caller's euid with the
 *     task's uid or euid (else EPERM); lowering a task's nice needs root
 *     (EACCES: Linux without CAP_SYS_NICE and with RLIMIT_NICE 0).  As in
 *     Linux, a refused task does not stop the others, and the error of the
 *     last refusal is the result.
 *
 * The scheduler weighs the tasks of one container by it (kernel/sched_fair.c:
 * weight 1024 × 1.25^-nice); between containers only cpu_weight counts.
 * /proc/PID/stat shows it (fs/procfs_task.c).
 */
#include <corral/syscalls.h>
#include <corral/task.h>
#include <uapi/errno.h>

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2
#define PRIO_NICE_BIAS 20 /* getpriority's result is 20 - nice: 1..40 */

/* Which tasks a call names: which and who, with who 0 already made the
 * caller's own pid, group or uid. */
struct prio_match {
	int which;
	uint32_t who;
};

static bool prio_task_matches(const struct task *t, const struct prio_match *m)
{
	if (t->pid == 0)
		return false; /* the idle task belongs to no one */
	switch (m->which) {
	case PRIO_PROCESS:
		return (uint32_t)t->pid == m->who;
	case PRIO_PGRP:
		return (uint32_t)t->pgid == m->who;
	default:
		return t->cred.uid == m->who;
	}
}

static int prio_match_init(struct prio_match *m, int which, int who)
{
	const struct cred *c = &current->cred;
	m->which = which;
	switch (which) {
	case PRIO_PROCESS:
		m->who = (uint32_t)(who ? who : current->pid);
		return 0;
	case PRIO_PGRP:
		m->who = (uint32_t)(who ? who : current->pgid);
		return 0;
	case PRIO_USER:
		m->who = who ? (uint32_t)who : c->uid;
		return 0;
	default:
		return -EINVAL;
	}
}

struct prio_request {
	struct prio_match match;
	int nice;    /* setpriority: the clamped value */
	long result; /* -ESRCH until a task matches */
};

static int prio_get_one(struct task *t, void *arg)
{
	struct prio_request *req = arg;
	if (!prio_task_matches(t, &req->match))
		return 0;
	long value = PRIO_NICE_BIAS - t->nice;
	if (value > req->result)
		req->result = value; /* -ESRCH is below every value */
	return 0;
}

long sys_getpriority(int which, int who)
{
	struct prio_request req = {.result = -ESRCH};
	long err = prio_match_init(&req.match, which, who);
	if (err)
		return err;
	task_for_each(prio_get_one, &req);
	return req.result;
}

/* May the caller set t's nice to nice?  0, -EPERM or -EACCES. */
static long prio_may_set(const struct task *t, int nice)
{
	const struct cred *c = &current->cred;
	if (c->euid == 0)
		return 0;
	if (c->euid != t->cred.uid && c->euid != t->cred.euid)
		return -EPERM;
	return nice < t->nice ? -EACCES : 0;
}

static int prio_set_one(struct task *t, void *arg)
{
	struct prio_request *req = arg;
	if (!prio_task_matches(t, &req->match))
		return 0;
	long err = prio_may_set(t, req->nice);
	if (err) {
		req->result = err;
		return 0;
	}
	t->nice = req->nice;
	if (req->result == -ESRCH)
		req->result = 0;
	return 0;
}

long sys_setpriority(int which, int who, int nice)
{
	struct prio_request req = {.result = -ESRCH};
	long err = prio_match_init(&req.match, which, who);
	if (err)
		return err;
	req.nice = MAX(TASK_NICE_MIN, MIN(nice, TASK_NICE_MAX));
	task_for_each(prio_set_one, &req);
	return req.result;
}
