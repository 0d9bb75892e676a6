/*
 * vmscan.h — taking memory back: page reclaim, kswapd, the OOM killer
 * (mm/vmscan.c, mm/oom.c).  docs/life-of-a-page.md tells the story.
 *
 * Free memory is kept between three watermarks (pages, set at boot from the
 * size of memory, as Linux's min_free_kbytes):
 *
 *   free > high     kswapd sleeps
 *   free < low      an allocation wakes kswapd, which reclaims up to high
 *   free < min      user allocations (alloc_user_page) reclaim themselves
 *                   ("direct reclaim"); below min only the kernel allocates
 *   nothing to take the OOM killer kills the task with the largest footprint
 *
 * Reclaim takes pages from the cold ends of containers' inactive lists:
 * clean file pages are dropped, dirty ones written first, anonymous pages
 * written to swap and unmapped (mm/rmap.c); the active lists feed the
 * inactive ones (second chance, with the accessed bits).
 */
#ifndef CORRAL_VMSCAN_H
#define CORRAL_VMSCAN_H

#include <corral/types.h>

struct container;
struct page;

struct vm_watermarks {
	uint32_t min, low, high; /* free pages */
};
extern struct vm_watermarks vm_watermarks;

void vmscan_init(void);       /* watermarks; at boot, before user pages */
int vmscan_set_min_free_kbytes(uint32_t kb); /* /proc/sys/vm: 0 or -EINVAL */
void kswapd_start(void);      /* the kswapd thread */
void kswapd_wake(void);       /* free memory went below low (the caller saw it); any context */

/* A page for user memory (a fault, the page cache, exec, swap-in), zeroed
 * if asked.  When memory is short it reclaims first and, if nothing can be
 * reclaimed, lets the OOM killer make room; it may sleep.  NULL: no memory
 * (the caller is being killed, or nothing could be killed). */
struct page *alloc_user_page(bool zeroed);

/* Reclaim up to nr pages from c's lists (c: NULL = every container, the
 * ones over their limit first).  Returns the pages freed. */
uint32_t reclaim_pages(struct container *c, uint32_t nr);
/* From c's own lists only (the over-limit handler, hard limits); file_only:
 * the page cache alone.  The caller holds a reference on c. */
uint32_t reclaim_container_pages(struct container *c, uint32_t nr, bool file_only);

/* The OOM killer (mm/oom.c): kill the task with the largest footprint
 * (resident + swapped + page tables), in container scope (NULL: anywhere),
 * never pid 1 or a kernel thread.  False if there was none to kill. */
bool oom_kill(struct container *scope, const char *why);
/* A victim is still dying: wait for it rather than kill another. */
bool oom_victim_is_dying(void);

/* Check mapcounts, resident and swap counts against every page table, swap
 * slot counts against the PTEs, the swap cache against its pages, and that
 * no free page is charged (mm/mm_audit.c).  Prints what disagrees; returns
 * the number of problems. */
int mm_audit(void);

/* Event counters of /proc/vmstat (and, for the per-container ones, the
 * container's stat file). */
enum vm_event {
	VM_PGSCAN_KSWAPD,
	VM_PGSCAN_DIRECT,
	VM_PGSTEAL_KSWAPD,
	VM_PGSTEAL_DIRECT,
	VM_PGACTIVATE,
	VM_PGDEACTIVATE,
	VM_PSWPIN,
	VM_PSWPOUT,
	VM_OOM_KILL,
	VM_ALLOCSTALL,
	VM_KSWAPD_WAKEUPS,
	VM_UNEVICTABLE_CULLED, /* pages reclaim left because a locked VMA maps them */
	NR_VM_EVENTS,
};
void vm_count_event(enum vm_event event, struct container *c);
void vm_count_events(enum vm_event event, uint32_t n);
uint64_t vm_event_count(enum vm_event event);

#endif
