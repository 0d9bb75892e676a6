/*
 * vmscan.c — page reclaim: which pages to take back, and taking them.
 *
 * Every charged page is on one of its container's four LRU lists (mm/lru.c).
 * Reclaim works on one container at a time, in batches of RECLAIM_BATCH
 * pages taken off the cold (tail) end of a list ("isolated": reclaim holds a
 * reference, the page keeps its charge):
 *
 *   active list     anonymous pages go to the inactive list; file pages
 *                   whose accessed bits (page_referenced) or PG_REFERENCED
 *                   say they were used go round again, the others go inactive
 *   inactive list   used again since? back to active (second chance).
 *                   Otherwise: a clean file page leaves the page cache and is
 *                   freed; a dirty one is written first; an anonymous page
 *                   gets a swap slot, is unmapped from every address space
 *                   (try_to_unmap: the PTEs get its swap entry), written, and
 *                   freed.  Pages found locked, under I/O or still held by
 *                   someone else are put back for later.  A page a VM_LOCKED
 *                   VMA maps (mlock, asked through the reverse map:
 *                   page_is_mlocked) is never taken: it goes back to the
 *                   active list, and is looked at again only when the
 *                   active list is aged (Linux parks such pages on an
 *                   unevictable list; here they cost a walk per pass).
 *
 * Each pass scans list_size >> priority pages, priority going from 12 down
 * to 0 (the whole list) until enough are freed; the active lists are aged
 * only as far as the inactive ones need (inactive smaller than active).
 * Scanning one container touches its lists only: its cost does not depend on
 * the other containers or on the size of memory.
 *
 * Who reclaims: kswapd (below the low watermark, until the high one), and
 * an allocation of user memory below the min watermark itself ("direct
 * reclaim", alloc_user_page).  If nothing can be freed, the OOM killer
 * (mm/oom.c) kills one task and the allocation retries.
 *
 * Locking: page locks are only tried (never waited for while isolating) and
 * inode locks not taken at all, so reclaim from inside a filesystem or a
 * fault cannot deadlock on what its caller holds.  Next: mm/oom.c.
 */
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/kmalloc.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/printk.h>
#include <corral/rmap.h>
#include <corral/spinlock.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <corral/wait.h>
#include <uapi/errno.h>

#include "page_cache_internal.h"

#define RECLAIM_BATCH 32      /* pages isolated at once (SWAP_CLUSTER_MAX) */
#define RECLAIM_PRIORITY 12   /* first pass scans 1/4096 of each list */

struct vm_watermarks vm_watermarks;
static struct task *kswapd_task; /* set once at boot */

/* ---- event counters ---------------------------------------------------- */

static struct spinlock vm_events_lock = SPINLOCK_INIT("vm_events");
static uint64_t vm_events[NR_VM_EVENTS]; /* vm_events_lock */

void vm_count_events(enum vm_event event, uint32_t n)
{
	uint32_t flags = spin_lock_irqsave(&vm_events_lock);
	vm_events[event] += n;
	spin_unlock_irqrestore(&vm_events_lock, flags);
}

void vm_count_event(enum vm_event event, struct container *c)
{
	vm_count_events(event, 1);
	if (!c)
		return;
	struct container_events delta = {0};
	if (event == VM_PSWPIN)
		delta.pswpin = 1;
	else if (event == VM_PSWPOUT)
		delta.pswpout = 1;
	else if (event == VM_OOM_KILL)
		delta.oom_kill = 1;
	container_count_reclaim(c, &delta);
}

uint64_t vm_event_count(enum vm_event event)
{
	uint32_t flags = spin_lock_irqsave(&vm_events_lock);
	uint64_t n = vm_events[event];
	spin_unlock_irqrestore(&vm_events_lock, flags);
	return n;
}

/* ---- one scan ------------------------------------------------------------ */

struct scan_control {
	uint32_t nr_to_reclaim;
	uint32_t nr_reclaimed;
	bool is_kswapd;
	bool may_swap;                  /* a swap device with free slots */
	bool file_only;                 /* the page cache only (clean pages first) */
	struct container_events events; /* of the container being scanned */
	struct list_head writing;       /* pages whose write we started */
};

/* Age up to nr pages of an active list: they go inactive unless (file
 * pages) they were used since the last look. */
static void shrink_active(struct container *c, enum lru_list_kind kind, uint32_t nr,
			  struct scan_control *sc)
{
	LIST_HEAD(pages);
	container_lru_isolate(c, kind, nr, &pages);
	while (!list_is_empty(&pages)) {
		struct page *page = list_first_entry(&pages, struct page, list);
		list_del(&page->list);
		/* Anonymous pages always go: their second chance is on the
		 * inactive list, where their accessed bits are looked at. */
		bool is_used = false;
		if (kind == LRU_ACTIVE_FILE) {
			bool was_referenced = page_flag_is_set(page, PG_REFERENCED);
			page_flag_clear(page, PG_REFERENCED);
			is_used = page_referenced(page) > 0 || was_referenced;
		}
		if (!is_used) {
			page_flag_clear(page, PG_ACTIVE); /* atomic: I/O completion changes others */
			sc->events.pgdeactivate++;
		}
		container_lru_putback(page);
	}
}

enum page_verdict {
	PAGE_KEEP,      /* back on the inactive list */
	PAGE_ACTIVATE,  /* used: back on the active list */
	PAGE_WRITING,   /* its write started: look again when it is done */
	PAGE_FREED,     /* gone (our reference was the last) */
};

/* Free a locked, isolated, clean and unmapped page if nobody but its cache
 * and we hold it.  Unlocks it; drops our reference when it frees. */
static enum page_verdict reclaim_clean_page(struct page *page)
{
	if (page_is_mapped(page) || page_flag_is_set(page, PG_DIRTY) ||
	    page_flag_is_set(page, PG_WRITEBACK) || page->refcount != 2) {
		page_unlock(page);
		return PAGE_KEEP;
	}
	if (page->flags & PG_ANON) {
		if (!page_flag_is_set(page, PG_SWAPCACHE)) {
			page_unlock(page);
			return PAGE_KEEP;
		}
		swap_cache_delete(page); /* the slot keeps the data */
	} else {
		/* Without inode->lock: its holder may be the very reader that
		 * needs this memory.  Locked, clean, unmapped and held by nobody
		 * but the cache and us, the page can leave without it
		 * (include/corral/page_cache.h, Locking). */
		if (!page->mapping) {
			page_unlock(page);
			return PAGE_KEEP;
		}
		page_cache_remove(page->mapping, page);
	}
	page_unlock(page);
	put_page(page); /* the last reference: freed and uncharged */
	return PAGE_FREED;
}

/* Should a page from the inactive list stay in memory?  A page some process
 * touched through its mapping since the last look goes back to the active
 * list.  An unmapped cache page does not: read() promotes a page it uses
 * twice itself (mark_page_accessed), so one found here was read once and is
 * the first to go (a big file read once must not push out what is in use). */
static bool page_was_used(struct page *page)
{
	uint32_t nr_ptes = page_referenced(page);
	page_flag_clear(page, PG_REFERENCED);
	return nr_ptes > 0;
}

/* Give an anonymous page a swap slot and put it in the swap cache. */
static bool add_to_swap(struct page *page, struct scan_control *sc)
{
	struct container *owner = page->container;
	if (owner->is_freeing) /* rmdir moved the rest to the root already */
		owner = &root_container;
	swp_entry_t e = swap_slot_alloc(owner);
	if (!e.val) {
		sc->may_swap = false; /* swap is full: stop trying this time */
		return false;
	}
	page_flag_set(page, PG_UPTODATE);
	if (swap_cache_add(page, e)) {
		swap_slot_put(e); /* count 0, not cached: free again */
		return false;
	}
	swap_slot_put(e); /* the count is for PTEs: try_to_unmap adds them */
	page_flag_set(page, PG_DIRTY); /* the slot holds nothing yet */
	return true;
}

static enum page_verdict shrink_anon_page(struct page *page, struct scan_control *sc)
{
	if (!page_flag_is_set(page, PG_SWAPCACHE)) {
		if (!sc->may_swap || !add_to_swap(page, sc))
			return PAGE_ACTIVATE;
	} else if (swap_slot_count((swp_entry_t){page->private}) == 0 && !page_is_mapped(page)) {
		page_flag_clear(page, PG_DIRTY); /* nobody will read it back: nothing to write */
	}
	if (page_is_mapped(page) && !try_to_unmap(page))
		return PAGE_ACTIVATE;
	if (page_flag_is_set(page, PG_DIRTY)) {
		page_flag_clear(page, PG_DIRTY);
		page_flag_set(page, PG_WRITEBACK);
		if (swap_write_page(page, (swp_entry_t){page->private})) {
			page_flag_clear(page, PG_WRITEBACK);
			page_flag_set(page, PG_DIRTY);
			return PAGE_ACTIVATE;
		}
		sc->events.pswpout++;
		return PAGE_WRITING;
	}
	return PAGE_FREED; /* clean: the caller tries to free it */
}

static enum page_verdict shrink_file_page(struct page *page)
{
	struct inode *inode = page->mapping;
	if (!inode)
		return PAGE_KEEP; /* truncated away: its last holder frees it */
	if (!inode->cache_ops || !inode->cache_ops->read_page)
		return PAGE_ACTIVATE; /* ramfs: the page is the file */
	if (page_is_mapped(page) && !try_to_unmap(page))
		return PAGE_ACTIVATE;
	if (page_flag_is_set(page, PG_DIRTY)) {
		if (!inode->cache_ops->write_page)
			return PAGE_ACTIVATE;
		page_cache_start_writeback(inode, page);
		return PAGE_WRITING;
	}
	return PAGE_FREED;
}

/* Decide about one isolated page (ours, locked). */
static enum page_verdict shrink_page(struct page *page, struct scan_control *sc)
{
	if (page_flag_is_set(page, PG_WRITEBACK))
		return PAGE_KEEP;
	if (page_is_mlocked(page)) { /* never reclaimed while a locked VMA maps it */
		vm_count_events(VM_UNEVICTABLE_CULLED, 1);
		return PAGE_ACTIVATE;
	}
	if (page_was_used(page))
		return PAGE_ACTIVATE;
	enum page_verdict v = (page->flags & PG_ANON) ? shrink_anon_page(page, sc)
						      : shrink_file_page(page);
	return v;
}

/* What became of a page we looked at: back on a list, or freed. */
static void page_settle(struct page *page, enum page_verdict v, struct scan_control *sc)
{
	if (v == PAGE_FREED) {
		v = reclaim_clean_page(page); /* unlocks */
		if (v == PAGE_FREED) {
			sc->nr_reclaimed++;
			sc->events.pgsteal++;
			return;
		}
	} else if (v == PAGE_WRITING) {
		page_unlock(page);
		list_add_tail(&page->list, &sc->writing);
		return;
	} else {
		page_unlock(page);
	}
	if (v == PAGE_ACTIVATE) {
		page_flag_set(page, PG_ACTIVE);
		sc->events.pgactivate++;
	}
	container_lru_putback(page);
}

/* The pages we wrote: wait for the writes (they were queued together, so
 * the disk merged them), then free those still clean and unused. */
static void finish_writing(struct scan_control *sc)
{
	while (!list_is_empty(&sc->writing)) {
		struct page *page = list_first_entry(&sc->writing, struct page, list);
		list_del(&page->list);
		page_wait_writeback(page);
		page_lock(page);
		enum page_verdict v = PAGE_FREED;
		if ((page->flags & PG_ANON) && page_flag_is_set(page, PG_ERROR)) {
			/* The slot did not take it: the page is the only copy. */
			page_flag_clear(page, PG_ERROR);
			page_flag_set(page, PG_DIRTY);
			v = PAGE_ACTIVATE;
		} else if (page_flag_is_set(page, PG_ERROR)) {
			v = PAGE_ACTIVATE; /* fsync reports it; keep the page a while */
		}
		if (v == PAGE_ACTIVATE)
			page_unlock(page);
		page_settle(page, v, sc);
	}
}

static void shrink_inactive(struct container *c, enum lru_list_kind kind, uint32_t nr,
			    struct scan_control *sc)
{
	LIST_HEAD(pages);
	uint32_t nr_taken = container_lru_isolate(c, kind, nr, &pages);
	sc->events.pgscan += nr_taken;
	while (!list_is_empty(&pages)) {
		struct page *page = list_first_entry(&pages, struct page, list);
		list_del(&page->list);
		if (!page_trylock(page)) {
			container_lru_putback(page);
			continue;
		}
		page_settle(page, shrink_page(page, sc), sc);
	}
	finish_writing(sc);
}

/* One pass over c's lists at a priority. */
static void shrink_container_lists(struct container *c, int priority, struct scan_control *sc)
{
	static const enum lru_list_kind inactive_of[2] = {LRU_INACTIVE_FILE, LRU_INACTIVE_ANON};
	for (int i = 0; i < 2; i++) {
		enum lru_list_kind inactive = inactive_of[i], active = inactive - 1;
		if (inactive == LRU_INACTIVE_ANON && (!sc->may_swap || sc->file_only))
			continue; /* anonymous pages cannot go anywhere (or are not asked for) */
		uint32_t nr_inactive = container_lru_size(c, inactive);
		uint32_t nr_active = container_lru_size(c, active);
		uint32_t scan = (nr_inactive + nr_active) >> priority;
		if (scan < RECLAIM_BATCH)
			scan = priority ? MIN(RECLAIM_BATCH, nr_inactive + nr_active) : nr_inactive + nr_active;
		if (nr_inactive < nr_active || nr_inactive < RECLAIM_BATCH)
			shrink_active(c, active, MIN(scan, nr_active), sc);
		while (scan && sc->nr_reclaimed < sc->nr_to_reclaim) {
			uint32_t batch = MIN(scan, RECLAIM_BATCH);
			if (container_lru_size(c, inactive) == 0)
				break;
			shrink_inactive(c, inactive, batch, sc);
			scan -= batch;
		}
	}
}

static void scan_control_flush(struct container *c, struct scan_control *sc)
{
	container_count_reclaim(c, &sc->events);
	vm_count_events(sc->is_kswapd ? VM_PGSCAN_KSWAPD : VM_PGSCAN_DIRECT, sc->events.pgscan);
	vm_count_events(sc->is_kswapd ? VM_PGSTEAL_KSWAPD : VM_PGSTEAL_DIRECT, sc->events.pgsteal);
	vm_count_events(VM_PGACTIVATE, sc->events.pgactivate);
	vm_count_events(VM_PGDEACTIVATE, sc->events.pgdeactivate);
	vm_count_events(VM_PSWPOUT, sc->events.pswpout);
	sc->events = (struct container_events){0};
}

static bool swap_has_room(void)
{
	struct swap_totals totals;
	swap_get_totals(&totals);
	return totals.nr_free > 0;
}

static void scan_control_init(struct scan_control *sc, uint32_t nr)
{
	*sc = (struct scan_control){0};
	sc->nr_to_reclaim = nr;
	sc->is_kswapd = current && current == kswapd_task;
	sc->may_swap = swap_has_room();
	list_init(&sc->writing);
}

static uint32_t reclaim_one_container(struct container *c, uint32_t nr, bool file_only)
{
	struct scan_control sc;
	scan_control_init(&sc, nr);
	sc.file_only = file_only;
	for (int prio = RECLAIM_PRIORITY; prio >= 0 && sc.nr_reclaimed < nr; prio--) {
		shrink_container_lists(c, prio, &sc);
		scan_control_flush(c, &sc);
	}
	return sc.nr_reclaimed;
}

/* Global reclaim, in two rounds: first each container over its page_limit
 * gives back up to its excess (its lists alone, every priority: it is over,
 * so its pages go before anyone's); then, for what is still missing, every
 * container at each priority, so each gives in proportion to its size. */
struct global_scan {
	struct scan_control sc;
	int priority;
};

static uint32_t container_excess(const struct container *c)
{
	uint32_t usage = container_usage(c); /* a racy read: a hint */
	bool is_over = c->page_limit != CONTAINER_NO_LIMIT && usage > c->page_limit;
	return is_over ? usage - c->page_limit : 0;
}

static int global_scan_over_limit(struct container *c, void *arg)
{
	struct global_scan *g = arg;
	uint32_t excess = container_excess(c);
	if (!excess)
		return 0;
	uint32_t goal = g->sc.nr_to_reclaim;
	g->sc.nr_to_reclaim = MIN(goal, g->sc.nr_reclaimed + excess);
	for (int prio = RECLAIM_PRIORITY; prio >= 0 && g->sc.nr_reclaimed < g->sc.nr_to_reclaim;
	     prio--)
		shrink_container_lists(c, prio, &g->sc);
	scan_control_flush(c, &g->sc);
	g->sc.nr_to_reclaim = goal;
	return g->sc.nr_reclaimed >= goal;
}

static int global_scan_one(struct container *c, void *arg)
{
	struct global_scan *g = arg;
	shrink_container_lists(c, g->priority, &g->sc); /* container_for_each holds c */
	scan_control_flush(c, &g->sc);
	return g->sc.nr_reclaimed >= g->sc.nr_to_reclaim;
}

uint32_t reclaim_container_pages(struct container *c, uint32_t nr, bool file_only)
{
	return reclaim_one_container(c, nr, file_only);
}

uint32_t reclaim_pages(struct container *c, uint32_t nr)
{
	if (c)
		return reclaim_one_container(c, nr, false);
	struct global_scan g;
	scan_control_init(&g.sc, nr);
	container_for_each(global_scan_over_limit, &g);
	for (int prio = RECLAIM_PRIORITY; prio >= 0 && g.sc.nr_reclaimed < nr; prio--) {
		g.priority = prio;
		container_for_each(global_scan_one, &g);
	}
	return g.sc.nr_reclaimed;
}

/* ---- kswapd ---------------------------------------------------------------- */

static struct wait_queue kswapd_wait = WAIT_QUEUE_INIT(kswapd_wait);

void kswapd_wake(void)
{
	if (kswapd_task)
		wake_up(&kswapd_wait); /* it looks at the watermarks itself */
}

static void kswapd(void *arg)
{
	(void)arg;
	for (;;) {
		wait_event(&kswapd_wait, page_alloc_nr_free() < vm_watermarks.low);
		vm_count_events(VM_KSWAPD_WAKEUPS, 1);
		while (page_alloc_nr_free() < vm_watermarks.high) {
			if (reclaim_pages(NULL, RECLAIM_BATCH) == 0) {
				sleep_ticks(HZ / 10); /* nothing to take now: let tasks run */
				break;
			}
			sched_yield_if_needed();
		}
	}
}

void kswapd_start(void)
{
	kswapd_task = kthread_create("kswapd", kswapd, NULL);
}

/* ---- watermarks and user allocations --------------------------------------- */

static uint32_t isqrt(uint32_t n)
{
	uint32_t r = 0;
	while ((r + 1) * (r + 1) <= n)
		r++;
	return r;
}

static void vmscan_set_watermarks(uint32_t min)
{
	vm_watermarks.min = min;
	vm_watermarks.low = min + min / 4;
	vm_watermarks.high = min + min / 2;
	page_alloc_set_user_reserve(min);
}

void vmscan_init(void)
{
	struct page_alloc_stats stats;
	page_alloc_get_stats(&stats);
	/* Linux's min_free_kbytes = sqrt(16 * lowmem in KiB), in pages. */
	uint32_t min = isqrt(stats.nr_managed_pages * 4 * 16) / 4;
	vmscan_set_watermarks(MAX(32u, MIN(min, 1024u)));
}

int vmscan_set_min_free_kbytes(uint32_t kb)
{
	struct page_alloc_stats stats;
	page_alloc_get_stats(&stats);
	uint32_t min = kb / 4;
	if (min < 16 || min > stats.nr_managed_pages / 4)
		return -EINVAL; /* at most a quarter of memory held back */
	vmscan_set_watermarks(min);
	kswapd_wake();
	return 0;
}

struct page *alloc_user_page(bool zeroed)
{
	for (int attempt = 0;; attempt++) {
		uint32_t nr_injected = current ? current->nr_failed_allocs : 0;
		struct page *page = alloc_page_user();
		if (page) {
			if (zeroed)
				memset(page_to_virt(page), 0, PAGE_SIZE);
			return page;
		}
		if (current && current->nr_failed_allocs != nr_injected)
			return NULL; /* fault injection (mm/fail_alloc.c) tests our caller */
		kswapd_wake();
		if (!current || !current->mm || signal_is_killed(current)) {
			/* kswapd, kernel threads and tasks being killed may use the
			 * reserve: they free memory, or are about to. */
			page = alloc_page();
			if (page && zeroed)
				memset(page_to_virt(page), 0, PAGE_SIZE);
			return page;
		}
		vm_count_events(VM_ALLOCSTALL, 1);
		if (reclaim_pages(NULL, RECLAIM_BATCH))
			continue;
		if (attempt < 4) {
			sleep_ticks(1); /* writes in flight may free pages: let them land */
			continue;
		}
		if (current->is_oom_exempt)
			return NULL;
		if (!oom_victim_is_dying() && !oom_kill(NULL, "Out of memory"))
			return NULL;
		sleep_ticks(HZ / 50); /* the victim frees its memory as it exits */
		attempt = 0;
	}
}
