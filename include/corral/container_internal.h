/*
 * container_internal.h — the inside of a container, private to the container
 * core (kernel/container.c) and to mm/ (container_mm.c charges pages,
 * container_move.c moves them, container_audit.c recounts them, lru.c keeps
 * the lists) and their self tests.  Everyone else uses include/corral/container.h:
 * a reviewer asking "who may touch c->lru or take container_lock?" finds
 * kernel/container.c and mm/.
 *
 * Locking: container_lock (a spinlock, interrupts off: pages are uncharged
 * from free_pages, under the page allocator's zone lock; order zone →
 * container) guards every counter, list, limit and the reference count of
 * every container, and task->container, inode->container, page->container
 * (with the page's PG_ANON, PG_FILE, PG_ACTIVE and PG_MAPPED bits).
 */
#ifndef CORRAL_CONTAINER_INTERNAL_H
#define CORRAL_CONTAINER_INTERNAL_H

#include <corral/block_throttle.h>
#include <corral/configfs.h>
#include <corral/container.h>
#include <corral/list.h>
#include <corral/lru.h>
#include <corral/memlayout.h>
#include <corral/sched_group.h>
#include <corral/spinlock.h>
#include <corral/wait.h>

/* What container_audit counted for one container (mm/container_audit.c). */
struct container_audit_counts {
	uint32_t round; /* the audit that counted these: tells a real container */
	uint32_t tasks, files, anon, file, mapped;
	uint32_t kernel_bytes; /* the kernel memory records on its list */
	uint32_t lru[NR_LRU_LISTS];
};

struct container {
	char name[CONTAINER_NAME_MAX + 1]; /* fixed at creation */
	int id;                            /* fixed; free for reuse once freeing */
	struct configfs_item item;         /* the directory; unused for the root */

	/* Everything below: written under container_lock, except pgfault and
	 * pgmajfault in events (atomic adds, on every fault) and the read of
	 * page_limit and the page counts in container_make_room's lock-free
	 * check (mm/container_limit.c). */
	int refcount;      /* the directory's, forks', walkers', reclaim's */
	bool is_freeing;   /* rmdir has torn it down; it waits for its last put */
	bool is_kept;      /* its last put found it charged: kept on the dying list */
	uint32_t page_limit; /* on container_usage(): anon + file + kernel pages */
	uint32_t task_limit;
	enum container_limit_mode limit_mode;
	uint32_t mlock_limit; /* on the locked pages of its tasks (mm/mlock.c) */

	uint32_t nr_tasks;          /* on tasks, plus nr_reserved_tasks */
	uint32_t nr_reserved_tasks; /* forks between reserve and join */
	uint32_t nr_files;          /* on files */
	uint32_t nr_anon_pages;
	uint32_t nr_file_pages;
	uint32_t nr_mapped_pages;   /* charged file pages mapped by some process */
	uint32_t nr_swap_pages;     /* swapped-out pages */
	uint32_t nr_kernel_bytes;   /* kernel memory charged here (mm/kmem_charge.c) */
	uint32_t page_limit_hits;
	uint32_t task_limit_hits;
	struct container_events events;
	struct lru_lists lru;       /* mm/lru.c */

	struct list_head tasks;     /* struct task.container_node */
	struct list_head files;     /* struct inode.container_node */
	struct list_head kmem_charges; /* struct kmem_charge.node */
	struct list_head dying_node; /* on the list of freeing containers */
	/* The over-limit handler (mm/container_limit.c). */
	bool is_limit_queued;        /* on the handler's queue or being worked on */
	uint64_t over_limit_until;   /* soft: jiffies; went over the limit less than HZ before */
	struct list_head limit_node; /* on the handler's queue */
	struct wait_queue throttle_wait; /* soft mode: tasks far over the limit (its own lock) */
	struct container_audit_counts audit; /* container_audit's scratch */
	/* The CPU controller: its weight, cap and CPU time, under the
	 * scheduler's own lock (kernel/sched.c), not container_lock. */
	struct sched_group sched;
	/* Disk I/O (kernel/container_io.c), under container_lock; all zero
	 * (no limit, nothing counted) in a new container. */
	struct block_throttle io_bucket; /* io_bps_max: its bps_max, 0 = none */
	uint64_t io_rbytes, io_wbytes;   /* charged when submitted */
	uint64_t io_throttled_usec;      /* its tasks' time asleep for the bucket */
};

/* num_kernel_pages: the kernel bytes charged to c, rounded up to pages. */
static inline uint32_t container_kernel_pages(const struct container *c)
{
	return (c->nr_kernel_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* What page_limit caps: the pages c holds now, user and kernel (swapped-out
 * ones are not counted).  Under container_lock, or a racy read as a hint. */
static inline uint32_t container_usage(const struct container *c)
{
	return c->nr_anon_pages + c->nr_file_pages + container_kernel_pages(c);
}

extern struct spinlock container_lock;

/* Call f for every container that exists, the root, the live ones by id and
 * then those being freed; container_lock held by the caller, f must not
 * sleep.  Stops when f returns non-zero and returns that. */
int container_for_each_locked(int (*f)(struct container *c, void *arg), void *arg);
/* How many containers had charges left at their last put (kept, not freed,
 * since something may still point at them).  Under container_lock. */
uint32_t container_nr_kept_charged(void);

/* The pages its tasks have locked (mm/mlock.c): the sum of their
 * mm->nr_locked_pages.  Under container_lock. */
uint32_t container_nr_locked_pages_locked(const struct container *c);
/* Would the hard-mode page limits still fit under the ceiling if c had
 * this limit and mode (kernel/container_commit.c)?  0 or -ENOSPC.  Under
 * container_lock. */
int container_commit_check_locked(const struct container *c, uint32_t page_limit,
				  enum container_limit_mode mode);

/* kernel/container_members.c, for rmdir; under container_lock. */
void container_move_tasks_to_root(struct container *c);
void container_move_files_to_root(struct container *c);

/* mm/kmem_charge.c, under container_lock: hand every kernel memory record
 * charged to from over to `to` (rmdir). */
void container_move_kmem(struct container *from, struct container *to);
/* The sum of every outstanding kernel charge, kept apart from the containers'
 * own counts so the audit can compare them. */
uint32_t kmem_nr_charged_bytes_locked(void);

/* mm/container_move.c, under container_lock. */
/* Move every page on from's LRU lists to to's, one by one, each with its
 * charge (anon or file, mapped).  Pages off the lists stay charged to from. */
void container_move_lru_pages(struct container *from, struct container *to);
/* Recharge inode's cached pages that are on an LRU list to `to` (addfile);
 * inode->lock held too, so the cache does not change under the walk. */
void container_recharge_file_pages(struct inode *inode, struct container *to);
/* Move one page's charge (anon or file, mapped) from its container to `to`,
 * without touching any list: a page reclaim has off the lists. */
void container_move_charge(struct page *page, struct container *to);

#endif
