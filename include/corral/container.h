/*
 * container.h — containers: named groups of tasks that the kernel charges for
 * pages and task slots (DESIGN.md section 5).
 *
 * Every task and every charged page belongs to exactly one container.  Tasks in
 * no named container, and pages they fault in, belong to root_container, which
 * has no limits and no directory.  Policy first:
 *
 *   - a child is born in its parent's container; fork beyond task_limit fails
 *     with EAGAIN and counts a task-limit hit;
 *   - an anonymous page is charged to the container of the task that faults it
 *     in (or copies it on write); a page-cache page to the container that owns
 *     the file (inode->container: the creator's, or the one named by addfile);
 *   - a page is uncharged when it is freed (later also when it is swapped out);
 *   - page_limit is stored and reported; a charge that finds the container at or
 *     over it counts a page-limit hit (the over-limit handler that enforces it
 *     comes with reclaim);
 *   - rmdir moves the container's tasks, files and charged pages to the root.
 *
 * Mechanism: kernel/container.c (lifetime, tasks, files), mm/container_mm.c
 * (charging pages), mm/lru.c (each container's LRU lists), fs/container_fs.c
 * (the configfs directory).  Locking: container_lock (a spinlock: page charges
 * come from any context that frees pages) guards every counter, list and the
 * task membership of all containers; configfs's per-directory lock serialises
 * mkdir, rmdir and attribute writes of one container.
 */
#ifndef CORRAL_CONTAINER_H
#define CORRAL_CONTAINER_H

#include <corral/configfs.h>
#include <corral/list.h>
#include <corral/lru.h>
#include <corral/types.h>
#include <corral/wait.h>

#define CONTAINER_NAME_MAX 31
#define CONTAINER_MAX_ID 127          /* ids 1..127; the root container is id 0 */
#define CONTAINER_NO_LIMIT UINT32_MAX /* "max" */
#define CONTAINER_DEFAULT_TASK_LIMIT 100

enum container_limit_mode { CONTAINER_LIMIT_SOFT, CONTAINER_LIMIT_HARD };

/* Event counters reported in `stat` (pages or events). */
struct container_events {
	uint32_t pgfault, pgmajfault, pgscan, pgsteal, pgdeactivate, pgactivate;
	uint32_t pswpin, pswpout, throttled, oom_kill;
};

struct task;
struct inode;
struct page;

struct container {
	char name[CONTAINER_NAME_MAX + 1];
	int id;
	struct configfs_item item; /* the directory; NULL-named for the root */

	/* Limits: written by attribute stores (configfs's directory lock), read anywhere. */
	uint32_t page_limit; /* on nr_anon_pages + nr_file_pages */
	uint32_t task_limit;
	enum container_limit_mode limit_mode;

	/* Usage, under container_lock. */
	uint32_t nr_tasks;
	uint32_t nr_files;          /* inodes whose page cache is charged here */
	uint32_t nr_anon_pages;
	uint32_t nr_file_pages;
	uint32_t nr_mapped_pages;   /* charged file pages mapped by some process */
	uint32_t nr_swap_pages;     /* swapped-out pages (issue: swap) */
	uint32_t page_limit_hits;
	uint32_t task_limit_hits;
	struct container_events events;
	struct lru_lists lru;       /* mm/lru.c */

	struct list_head tasks;     /* struct task.container_node, under container_lock */
	struct list_head files;     /* struct inode.container_node, under container_lock */
	struct list_head node;      /* on the list of all containers */
	bool is_freeing;            /* rmdir is tearing it down */
};

extern struct container root_container;
extern struct spinlock container_lock;

/* Lifetime (kernel/container.c).  0 or -errno. */
void container_init(void);
void container_fs_init(void); /* fs/container_fs.c: /configfs/container (after configfs_init) */
int container_create(const char *name, struct container **out); /* -EINVAL, -ENOSPC */
int container_destroy(struct container *c);                     /* moves all to root */
struct container *container_find(const char *name);
/* Hold c across a sleep (reclaim); the last put frees a removed container. */
void container_get(struct container *c);
void container_put(struct container *c);
bool container_name_is_valid(const char *name);
/* Call f for every container, root first; stops when f returns non-zero.
 * f may sleep; a container removed meanwhile is skipped. */
int container_for_each(int (*f)(struct container *c, void *arg), void *arg);
/* The same with container_lock held by the caller: f must not sleep. */
int container_for_each_locked(int (*f)(struct container *c, void *arg), void *arg);

/* Tasks (kernel/container.c). */
int container_fork_reserve(struct container *c); /* 0 (a slot held), or -EAGAIN (a hit) */
void container_fork_unreserve(struct container *c); /* the fork failed after all */
void container_task_join_reserved(struct container *c, struct task *t); /* the child */
void container_task_join(struct container *c, struct task *t); /* kernel threads, boot */
void container_task_leave(struct task *t);        /* at exit */
int container_move_task(struct container *to, int pid); /* addtask/rmtask */

/* Files (kernel/container.c). */
void container_file_attach(struct inode *inode, struct container *c); /* creation */
void container_file_detach(struct inode *inode);  /* the inode is going away */
int container_move_file(struct container *to, const char *path); /* addfile/rmfile */

/* Pages (mm/container_mm.c): the one call at each place a page is born or dies. */
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

/* Check every counter against a fresh count; print what disagrees; return the
 * number of problems (0 = sound). */
int container_audit(void);

#endif
