/*
 * mm_audit.c — check that what the page structures say about mappings is
 * what the page tables say.  Part of the container audit
 * (/proc/container_audit, `containers -a`) and of the reclaim tests.
 *
 * One walk over every address space counts, for every page frame, the PTEs
 * that map it and, for every swap slot, the PTEs that hold its entry; then:
 *
 *   - each page's mapcount equals the PTEs that map it;
 *   - each address space's resident and swapped counts equal its PTEs;
 *   - each swap slot's count equals the PTEs holding its entry, and every
 *     swap entry in a PTE names a slot in use;
 *   - each page in the swap cache says so (PG_SWAPCACHE, its entry);
 *   - no free page is charged to a container.
 *
 * It runs with interrupts off for the PTE walk (task_for_each holds
 * tasks_lock), so nothing changes under it.  Slow: for tests and the curious.
 */
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/paging.h>
#include <corral/printk.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/vmscan.h>

#define MAX_REPORTS 8 /* lines per kind of fault: one broken count repeats */

struct mm_audit {
	uint16_t *nr_ptes;  /* per pfn: PTEs seen mapping it */
	int problems;
	int nr_reports;
};

static void audit_problem(struct mm_audit *a)
{
	a->problems++;
	a->nr_reports++;
}

static bool audit_may_print(struct mm_audit *a)
{
	return a->nr_reports < MAX_REPORTS;
}

/* Count one address space's PTEs; check its own counters. */
static int audit_count_mm(struct task *t, void *arg)
{
	struct mm_audit *a = arg;
	struct mm *mm = t->mm;
	if (!mm || t->state == TASK_ZOMBIE)
		return 0;
	uint32_t nr_present = 0, nr_swapped = 0;
	for (unsigned pde = 0; pde < KERNEL_PDE_FIRST; pde++) {
		if (!(mm->pgdir[pde] & PTE_PRESENT))
			continue;
		const uint32_t *table = phys_to_virt(mm->pgdir[pde] & ~0xfffu);
		for (unsigned i = 0; i < 1024; i++) {
			uint32_t pte = table[i];
			if (pte & PTE_PRESENT) {
				nr_present++;
				uint32_t pfn = pte >> PAGE_SHIFT;
				if (pfn < max_pfn)
					a->nr_ptes[pfn]++;
			} else if (pte_is_swap(pte)) {
				nr_swapped++;
				swap_audit_note_pte(pte_to_swp_entry(pte));
			}
		}
	}
	if (nr_present != mm->nr_resident_pages || nr_swapped != mm->nr_swap_entries) {
		if (audit_may_print(a))
			printk(KERN_ERR "audit: pid %d maps %u pages and %u swap entries, "
			       "counts %u and %u\n", t->pid, nr_present, nr_swapped,
			       mm->nr_resident_pages, mm->nr_swap_entries);
		audit_problem(a);
	}
	uint32_t nr_locked = mlock_count_vma_pages(mm); /* mm/mlock.c's charge */
	if (nr_locked != mm->nr_locked_pages) {
		if (audit_may_print(a))
			printk(KERN_ERR "audit: pid %d has %u locked pages, counts %u\n", t->pid,
			       nr_locked, mm->nr_locked_pages);
		audit_problem(a);
	}
	return 0;
}

static void audit_check_page(struct mm_audit *a, uint32_t pfn)
{
	const struct page *p = pfn_to_page(pfn);
	if (p->flags & PG_RESERVED)
		return;
	bool is_free = (p->flags & PG_BUDDY) || p->refcount == 0;
	if (is_free && (p->container || p->mapcount)) {
		if (audit_may_print(a))
			printk(KERN_ERR "audit: free page pfn %u is charged or mapped (mapcount %d)\n",
			       pfn, p->mapcount);
		audit_problem(a);
	}
	if (!is_free && p->mapcount != (int32_t)a->nr_ptes[pfn]) {
		if (audit_may_print(a))
			printk(KERN_ERR "audit: page pfn %u has mapcount %d, %u PTEs map it\n", pfn,
			       p->mapcount, a->nr_ptes[pfn]);
		audit_problem(a);
	}
	bool is_swapcache = p->flags & PG_SWAPCACHE;
	if (!is_free && is_swapcache && swap_cache_find_noref((swp_entry_t){p->private}) != p) {
		if (audit_may_print(a))
			printk(KERN_ERR "audit: page pfn %u says it caches swap entry %x, the swap "
			       "cache disagrees\n", pfn, (unsigned)p->private);
		audit_problem(a);
	}
}

int mm_audit(void)
{
	struct mm_audit a = {0};
	unsigned order = 0;
	while ((PAGE_SIZE << order) < max_pfn * sizeof(uint16_t))
		order++;
	struct page *map = alloc_pages(order);
	if (!map) {
		printk(KERN_ERR "audit: no memory for the map-count walk\n");
		return 1;
	}
	a.nr_ptes = page_to_virt(map);
	for (uint32_t i = 0; i < max_pfn; i++)
		a.nr_ptes[i] = 0;
	swap_audit_begin();
	task_for_each(audit_count_mm, &a);
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++)
		audit_check_page(&a, pfn);
	a.problems += swap_audit_end();
	a.problems += swap_audit(); /* each device's map against its own counters */
	free_pages(map, order);
	return a.problems;
}
