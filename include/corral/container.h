/*
 * container.h — containers: named groups of tasks that the kernel charges for
 * pages and task slots (DESIGN.md section 5).  This is the interface everyone
 * outside the container core and mm/ uses; struct container itself, its lock
 * and its lists are private (include/corral/container_internal.h).
 *
 * Every task and every charged page belongs to exactly one container.  Tasks in
 * no named container, and pages they fault in, belong to root_container, which
 * has no limits and no directory.  Policy first:
 *
 *   - a child is born in its parent's container; fork beyond task_limit fails
 *     with EAGAIN and counts a task-limit hit;
 *   - an anonymous page is charged to the container of the task that faults it
 *     in (or copies it on write); a page-cache page to the container that owns
 *     the file (the creator's, or the one named by addfile);
 *   - a page is uncharged when it is freed (and, with swap, when swapped out);
 *   - page_limit: a charge that finds the container at or over it counts a
 *     page-limit hit; the over-limit handler that reclaims comes with reclaim
 *     (issue 9), and container_set_page_limit will reclaim down to a lowered
 *     limit then;
 *   - rmdir moves the container's tasks, files and the pages on its LRU lists
 *     to the root, one by one, each with its charge.
 *
 * Lifetime: containers are reference counted.  The configfs directory holds
 * one reference (container_create gives it, container_destroy drops it); so
 * does anyone who must sleep while holding a container: a fork between its
 * reservation and the child joining, a walker's callback, reclaim while it
 * has pages of the container off the LRU lists.  container_destroy marks the
 * container freeing, hands what it can to the root and drops the directory's
 * reference; the struct is freed at the last container_put, by then charged
 * for nothing.  A task's container (task->container) and a file's
 * (inode->container) are never freeing: rmdir moves them first.
 *
 * Mechanism: kernel/container.c (lifetime, tasks, files, limits, snapshots),
 * mm/container_mm.c (charging pages), mm/container_move.c (moving charged
 * pages between containers), mm/lru.c (each container's LRU lists),
 * mm/container_audit.c (recounting everything), fs/container_fs.c (the
 * configfs directory: a binding that only parses, checks permission and
 * calls what is declared here).
 */
#ifndef CORRAL_CONTAINER_H
#define CORRAL_CONTAINER_H

#include <corral/lru.h>
#include <corral/sched_group.h>
#include <corral/types.h>

#define CONTAINER_NAME_MAX 31
#define CONTAINER_MAX_ID 512          /* ids 1..512; the root container is id 0 */
#define CONTAINER_NO_LIMIT UINT32_MAX /* "max" */
#define CONTAINER_DEFAULT_TASK_LIMIT 100

enum container_limit_mode { CONTAINER_LIMIT_SOFT, CONTAINER_LIMIT_HARD };

/* Event counters reported in `stat` (pages or events). */
struct container_events {
	uint32_t pgfault, pgmajfault, pgscan, pgsteal, pgdeactivate, pgactivate;
	uint32_t pswpin, pswpout, throttled, oom_kill;
};

/* Every counter of one container, copied at one moment under the core's
 * lock, so that they agree with each other (container_get_stat). */
struct container_stat {
	char name[CONTAINER_NAME_MAX + 1]; /* "/" for the root */
	int id;
	bool is_freeing;
	uint32_t page_limit, task_limit; /* CONTAINER_NO_LIMIT = max */
	enum container_limit_mode limit_mode;
	uint32_t mlock_limit;     /* CONTAINER_NO_LIMIT = max */
	uint32_t nr_locked_pages; /* pages of its tasks' locked VMAs (mm/mlock.c) */
	uint32_t nr_tasks;       /* tasks, and forks that reserved a slot */
	uint32_t nr_files;       /* inodes whose page cache is charged here */
	uint32_t nr_anon_pages;
	uint32_t nr_file_pages;
	uint32_t nr_mapped_pages; /* charged file pages mapped by some process */
	uint32_t nr_swap_pages;
	uint32_t nr_kernel_pages; /* kernel memory charged here, in pages (rounded up) */
	uint32_t nr_lru_pages[NR_LRU_LISTS]; /* by enum lru_list_kind */
	uint32_t page_limit_hits;
	uint32_t task_limit_hits;
	struct container_events events;
	struct sched_group_stat cpu; /* the CPU controller's settings and counters */
};

struct configfs_item;
struct container;
struct inode;
struct page;
struct task;

extern struct container root_container;

/* ---- lifetime (kernel/container.c) --------------------------------------- */

void container_init(void);
void container_fs_init(void); /* fs/container_fs.c: /configfs/container (after configfs_init) */
bool container_name_is_valid(const char *name);
/* A new container, holding one reference (the directory's): 0, -EINVAL (bad
 * name), -EEXIST, -ENOSPC (no free id; the lowest free id is taken), -ENOMEM. */
int container_create(const char *name, struct container **out);
/* rmdir: mark it freeing, move its tasks, files and listed pages to the root,
 * free its id and name, drop the directory's reference.  0, -EBUSY (the root),
 * -ENOENT (destroyed already). */
int container_destroy(struct container *c);
/* References: container_get on a container the caller knows to be alive
 * (it holds a reference, or the container holds it).  container_put may free
 * the container: call it in task context without spinlocks; NULL is fine. */
void container_get(struct container *c);
void container_put(struct container *c);
/* The container named name, with a reference; NULL if there is none. */
struct container *container_get_by_name(const char *name);
/* Call f for the root, then every live container by id, each held by a
 * reference while f runs (f may sleep); stops when f returns non-zero and
 * returns that.  A container made or removed meanwhile may or may not be seen. */
int container_for_each(int (*f)(struct container *c, void *arg), void *arg);

/* ---- looking at one (kernel/container.c) --------------------------------- */

void container_get_stat(struct container *c, struct container_stat *out);
/* The sums over every container (the root, the named ones and those being
 * freed): the system's charged pages, LRU lists and events (those of freed
 * containers too, so they never go back).  Only the counters and events are
 * filled; name is "", limits are CONTAINER_NO_LIMIT. */
void container_get_totals(struct container_stat *out);
/* The pids of c's tasks in ascending order: the smallest min(n, max) stored
 * in pids, where n, the number of tasks c has, is returned. */
int container_get_pids(struct container *c, int *pids, int max);
/* The name, which never changes; valid while the caller holds c. */
const char *container_name(const struct container *c);
/* t's container's name ("/" for the root, also for a task that has left its
 * container at exit) copied into buf. */
void container_name_of_task(struct task *t, char *buf, size_t size);
/* The configfs item embedded in each container, and back. */
struct configfs_item *container_item(struct container *c);
struct container *container_from_item(struct configfs_item *item);

/* ---- limits (kernel/container.c): 0 or -errno ---------------------------- */

/* -EINVAL for the root, which has no limits.  A limit below the current usage
 * is allowed (nothing is taken away, new charges or tasks are refused). */
int container_set_page_limit(struct container *c, uint32_t nr_pages);
int container_set_task_limit(struct container *c, uint32_t nr_tasks);
int container_set_limit_mode(struct container *c, enum container_limit_mode mode);
/* The CPU controller (kernel/container_cpu.c): -EINVAL for the root, -ERANGE
 * for a weight outside 1..10000 or a quota/period outside cgroup v2's bounds
 * (quota >= 1000 µs, period 1000..1000000 µs); quota SCHED_NO_QUOTA is "max". */
int container_set_cpu_weight(struct container *c, uint32_t weight);
int container_set_cpu_max(struct container *c, uint32_t quota_us, uint32_t period_us);

/* mm/mlock.c: -EINVAL for the root.  Below the current count is allowed. */
int container_set_mlock_limit(struct container *c, uint32_t nr_pages);

/* The hard limits' commitment (kernel/container_commit.c): the sum of
 * page_limit over hard-mode containers (`max` counts 0) may not pass the
 * ceiling, the pages the kernel can give to user memory: the pages free
 * when the first user process starts, minus the high watermark.
 * container_set_page_limit and container_set_limit_mode refuse with -ENOSPC
 * a change that would pass it. */
void container_commit_init(void); /* at boot, just before init starts */
void container_get_committed(uint32_t *nr_hard_pages, uint32_t *nr_ceiling_pages);
uint32_t container_commit_ceiling(void);

/* ---- tasks (kernel/container.c) ------------------------------------------ */

/* fork: reserve a slot in c, the parent's container (alive: the parent is in
 * it and nothing slept since it was read), and hold a reference to c until
 * the child joins or the fork gives up.  0, or -EAGAIN (a task-limit hit). */
int container_fork_reserve(struct container *c);
void container_fork_unreserve(struct container *c); /* the fork failed after all */
void container_task_join_reserved(struct container *c, struct task *t); /* the child */
void container_task_join(struct container *c, struct task *t); /* kernel threads, boot */
void container_task_leave(struct task *t);                     /* at exit */
/* addtask/rmtask: move t (found by the caller, no sleep since) to `to`.
 * 0, -ESRCH (exiting or a zombie), -EINVAL (a kernel thread), -ENOENT (to is
 * being freed), -ENOSPC (to is at its task_limit: a hit). */
int container_move_task(struct container *to, struct task *t);
/* t's container with a reference, or NULL when t has left it (exiting). */
struct container *container_get_by_task(struct task *t);

/* ---- files (kernel/container.c, the pages in mm/container_move.c) -------- */

void container_file_attach(struct inode *inode, struct container *c); /* creation */
void container_file_detach(struct inode *inode); /* the inode is going away */
/* The container that owns inode's page cache (the root if none has yet),
 * with a reference. */
struct container *container_get_by_file(struct inode *inode);
/* addfile/rmfile: charge inode's page cache to `to`, its pages with it.  The
 * caller looked the file up once and checked its permission against from,
 * the owner it found (container_get_by_file); if the file has moved since,
 * nothing happens and -EAGAIN says so.  0, -EINVAL (not a regular file),
 * -ENOENT (to is being freed), -EAGAIN. */
int container_move_file(struct container *to, struct inode *inode, struct container *from);

/* ---- pages (mm/container_mm.c): the one call where a page is born or dies - */

/* make bench's A/B measurement of what charging costs a page fault builds a
 * second kernel with -DCORRAL_BENCH_NO_CHARGE (docs/bench.md): there the
 * fault path's container work — finding room, charging the new anonymous
 * page, counting the fault — is compiled out, and nothing else changes.
 * Such a kernel is for that one measurement: its anonymous pages are on no
 * LRU list, so reclaim cannot take them. */
#ifdef CORRAL_BENCH_NO_CHARGE
#define CONTAINER_FAULT_CHARGING 0
#else
#define CONTAINER_FAULT_CHARGING 1
#endif

void container_charge_anon(struct page *page, struct container *c);
void container_charge_file(struct page *page, struct inode *inode);
void container_uncharge(struct page *page); /* from the page's last free */
void container_page_mapped(struct page *page);   /* a file page gains a mapping */
void container_page_unmapped(struct page *page); /* ... loses its last one */
void container_count_fault(struct container *c, bool is_major);
void container_count_major_fault(struct container *c); /* a fault already counted read the disk */

/* Reclaim (mm/container_mm.c, for mm/vmscan.c).  Isolate: up to nr pages
 * from the cold end of c's list kind, each referenced and off its list
 * (still charged), linked on out through page->list; returns how many.
 * Putback: an isolated page returns to the list its flags name (PG_ACTIVE),
 * of its container (or the root, if rmdir removed it meanwhile), and the
 * reference is dropped. */
uint32_t container_lru_isolate(struct container *c, enum lru_list_kind kind, uint32_t nr,
			       struct list_head *out);
void container_lru_putback(struct page *page);
uint32_t container_lru_size(struct container *c, enum lru_list_kind kind);
void mark_page_accessed(struct page *page);
void container_count_reclaim(struct container *c, const struct container_events *delta);

/* The limit (mm/container_limit.c).  Called just before a user page is
 * charged to c (nothing may sleep between the two): soft mode queues the
 * over-limit handler and throttles a task far over the limit; hard mode
 * reclaims from c, or OOM-kills in c, until the page fits.  May sleep.  0, or
 * -ENOMEM (hard: the caller is being killed, or nothing could make room). */
int container_make_room(struct container *c);
int container_make_room_for_file(struct inode *inode); /* the file's container */
/* page_limit or limit_mode changed: soft queues the handler, hard reclaims
 * down to the limit (OOM-killing in c if it must) before returning. */
void container_limit_changed(struct container *c);
void container_limit_kick(struct container *c); /* queue the handler's work for c */
void container_limit_start(void);               /* the handler thread, at boot */
/* Pages the handler has freed, and the time it spent working (jiffies' resolution). */
void container_limit_handler_stats(uint64_t *nr_pages, uint64_t *busy_ms);

/* Check every counter against a fresh count (mm/container_audit.c); print what
 * disagrees; return the number of problems (0 = sound). */
int container_audit(void);

#endif
