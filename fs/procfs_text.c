/*
 * procfs_text.c — the text of each /proc file, in Linux's formats.
 *
 * Each function writes one whole file into a procfs_buf at open time; the
 * numbers come from the subsystems' own statistics (page_alloc_get_stats,
 * kmalloc_get_stats, page_cache_nr_pages, the task list, and
 * container_get_totals, the sums over every container, the root included,
 * for the LRU lists, anonymous and mapped pages and faults).  Counters that no subsystem keeps yet (swap,
 * reclaim) print 0 so that programs written for Linux find every line they
 * look for; each says which later piece fills it.  Read next:
 * fs/syscalls_file.c.
 */
#include <corral/container.h>
#include <corral/kmalloc.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/block.h>
#include <corral/page_cache.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>

#include "procfs.h"

#define PAGES_TO_KB(n) ((n) * (PAGE_SIZE / 1024))

void procfs_printf(struct procfs_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = b->size - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += MIN((size_t)n, room ? room - 1 : 0);
}

/* What the task list adds up to: kernel stacks and page tables. */
struct task_totals {
	uint32_t nr_kstack_bytes;
	uint32_t nr_pagetable_pages;
};

static int task_totals_add(struct task *t, void *arg)
{
	struct task_totals *totals = arg;
	if (t->kstack)
		totals->nr_kstack_bytes += TASK_KSTACK_SIZE;
	if (t->mm)
		totals->nr_pagetable_pages += t->mm->nr_pagetable_pages;
	return 0;
}

/* Everything meminfo and vmstat report, gathered once per read. */
struct mem_snapshot {
	struct page_alloc_stats pages;
	struct kmalloc_stats slabs;
	struct task_totals tasks;
	struct container_stat charged; /* sums over all containers: the system's charges */
	struct page_cache_stats cache;
	struct block_stats disks;
	struct swap_totals swap;
};

static void mem_snapshot_take(struct mem_snapshot *m)
{
	page_alloc_get_stats(&m->pages);
	kmalloc_get_stats(&m->slabs);
	m->tasks = (struct task_totals){0, 0};
	task_for_each(task_totals_add, &m->tasks);
	container_get_totals(&m->charged);
	page_cache_get_stats(&m->cache);
	block_get_total_stats(&m->disks);
	swap_get_totals(&m->swap);
}

static void meminfo_line(struct procfs_buf *b, const char *name, uint32_t kb)
{
	char label[24];
	snprintf(label, sizeof(label), "%s:", name);
	procfs_printf(b, "%-15s %8u kB\n", label, kb);
}

int procfs_show_meminfo(struct procfs_buf *b)
{
	struct mem_snapshot m;
	mem_snapshot_take(&m);
	const struct page_alloc_stats *pages = &m.pages;
	const uint32_t *lru = m.charged.nr_lru_pages;

	meminfo_line(b, "MemTotal", PAGES_TO_KB(pages->nr_managed_pages));
	meminfo_line(b, "MemFree", PAGES_TO_KB(pages->nr_free_pages));
	/* What a new program could get without swapping: free memory above the
	 * reserve, plus the page cache reclaim can drop (not ramfs's pages). */
	uint32_t reclaimable = m.cache.nr_pages - m.cache.nr_unevictable;
	uint32_t above_min = pages->nr_free_pages > vm_watermarks.min
				     ? pages->nr_free_pages - vm_watermarks.min : 0;
	meminfo_line(b, "MemAvailable", PAGES_TO_KB(above_min + reclaimable));
	meminfo_line(b, "Buffers", 0);
	meminfo_line(b, "Cached", PAGES_TO_KB(m.cache.nr_pages));
	meminfo_line(b, "SwapCached", PAGES_TO_KB(swap_cache_nr_pages()));
	meminfo_line(b, "Active", PAGES_TO_KB(lru[LRU_ACTIVE_ANON] + lru[LRU_ACTIVE_FILE]));
	meminfo_line(b, "Inactive", PAGES_TO_KB(lru[LRU_INACTIVE_ANON] + lru[LRU_INACTIVE_FILE]));
	meminfo_line(b, "Active(anon)", PAGES_TO_KB(lru[LRU_ACTIVE_ANON]));
	meminfo_line(b, "Inactive(anon)", PAGES_TO_KB(lru[LRU_INACTIVE_ANON]));
	meminfo_line(b, "Active(file)", PAGES_TO_KB(lru[LRU_ACTIVE_FILE]));
	meminfo_line(b, "Inactive(file)", PAGES_TO_KB(lru[LRU_INACTIVE_FILE]));
	meminfo_line(b, "Unevictable", PAGES_TO_KB(m.cache.nr_unevictable));
	meminfo_line(b, "Mlocked", 0);
	meminfo_line(b, "SwapTotal", PAGES_TO_KB(m.swap.nr_pages));
	meminfo_line(b, "SwapFree", PAGES_TO_KB(m.swap.nr_free));
	meminfo_line(b, "Dirty", PAGES_TO_KB(m.cache.nr_dirty));
	meminfo_line(b, "Writeback", PAGES_TO_KB(m.cache.nr_writeback));
	meminfo_line(b, "AnonPages", PAGES_TO_KB(m.charged.nr_anon_pages));
	meminfo_line(b, "Mapped", PAGES_TO_KB(m.charged.nr_mapped_pages));
	meminfo_line(b, "Shmem", 0);
	/* kmalloc's pages: slabs and large blocks alike. */
	meminfo_line(b, "Slab", PAGES_TO_KB(m.slabs.nr_slab_pages + m.slabs.nr_large_pages));
	meminfo_line(b, "SReclaimable", 0); /* kmalloc has no caches it could shrink */
	meminfo_line(b, "SUnreclaim", PAGES_TO_KB(m.slabs.nr_slab_pages + m.slabs.nr_large_pages));
	meminfo_line(b, "KernelStack", m.tasks.nr_kstack_bytes / 1024);
	meminfo_line(b, "PageTables", PAGES_TO_KB(m.tasks.nr_pagetable_pages));
	return 0;
}

int procfs_show_vmstat(struct procfs_buf *b)
{
	struct mem_snapshot m;
	mem_snapshot_take(&m);
	const uint32_t *lru = m.charged.nr_lru_pages;

	procfs_printf(b, "nr_free_pages %u\n", m.pages.nr_free_pages);
	procfs_printf(b, "nr_inactive_anon %u\nnr_active_anon %u\n", lru[LRU_INACTIVE_ANON],
		      lru[LRU_ACTIVE_ANON]);
	procfs_printf(b, "nr_inactive_file %u\nnr_active_file %u\nnr_unevictable 0\n",
		      lru[LRU_INACTIVE_FILE], lru[LRU_ACTIVE_FILE]);
	procfs_printf(b, "nr_slab_unreclaimable %u\n",
		      m.slabs.nr_slab_pages + m.slabs.nr_large_pages);
	procfs_printf(b, "nr_anon_pages %u\nnr_mapped %u\n", m.charged.nr_anon_pages,
		      m.charged.nr_mapped_pages);
	procfs_printf(b, "nr_file_pages %u\n", m.cache.nr_pages);
	procfs_printf(b, "nr_dirty %u\nnr_writeback %u\n", m.cache.nr_dirty, m.cache.nr_writeback);
	procfs_printf(b, "nr_kernel_stack %u\n", m.tasks.nr_kstack_bytes / 1024);
	procfs_printf(b, "nr_page_table_pages %u\n", m.tasks.nr_pagetable_pages);
	/* Linux counts pgpgin/pgpgout in KiB moved to and from block devices. */
	procfs_printf(b, "pgpgin %llu\npgpgout %llu\n", m.disks.nr_read_sectors / 2,
		      m.disks.nr_write_sectors / 2);
	procfs_printf(b, "pgfault %u\npgmajfault %u\n", m.charged.events.pgfault,
		      m.charged.events.pgmajfault);
	/* Pages the swap devices read and wrote (counted when the I/O is done). */
	procfs_printf(b, "pswpin %llu\npswpout %llu\n", m.swap.nr_pages_in, m.swap.nr_pages_out);
	uint64_t scan_k = vm_event_count(VM_PGSCAN_KSWAPD), scan_d = vm_event_count(VM_PGSCAN_DIRECT);
	uint64_t steal_k = vm_event_count(VM_PGSTEAL_KSWAPD);
	uint64_t steal_d = vm_event_count(VM_PGSTEAL_DIRECT);
	procfs_printf(b, "pgscan %llu\npgscan_kswapd %llu\npgscan_direct %llu\n", scan_k + scan_d,
		      scan_k, scan_d);
	procfs_printf(b, "pgsteal %llu\npgsteal_kswapd %llu\npgsteal_direct %llu\n",
		      steal_k + steal_d, steal_k, steal_d);
	procfs_printf(b, "pgactivate %llu\npgdeactivate %llu\n", vm_event_count(VM_PGACTIVATE),
		      vm_event_count(VM_PGDEACTIVATE));
	procfs_printf(b, "allocstall %llu\nkswapd_wakeups %llu\noom_kill %llu\n",
		      vm_event_count(VM_ALLOCSTALL), vm_event_count(VM_KSWAPD_WAKEUPS),
		      vm_event_count(VM_OOM_KILL));
	/* The over-limit handler: pages it freed, time it worked (for its pages/s). */
	uint64_t handler_pages, handler_ms;
	container_limit_handler_stats(&handler_pages, &handler_ms);
	procfs_printf(b, "pgsteal_kcontainerd %llu\nkcontainerd_busy_ms %llu\n", handler_pages,
		      handler_ms);
	return 0;
}

/* /proc/swaps, as Linux prints it: the name padded to 40 columns, sizes in KiB. */
static void swaps_line(const struct swap_device_info *info, void *arg)
{
	uint32_t size_kb = PAGES_TO_KB(info->nr_pages), used_kb = PAGES_TO_KB(info->nr_used);
	size_t len = strlen(info->path);
	procfs_printf(arg, "%s%*s%s\t%u\t%s%u\t%s%d\n", info->path, len < 40 ? (int)(40 - len) : 1,
		      " ", "partition", size_kb, size_kb < 10000000 ? "\t" : "", used_kb,
		      used_kb < 10000000 ? "\t" : "", info->priority);
}

int procfs_show_swaps(struct procfs_buf *b)
{
	procfs_printf(b, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	swap_for_each_device(swaps_line, b);
	return 0;
}

static void mounts_line(struct mount *m, void *arg)
{
	procfs_printf(arg, "%s %s %s rw 0 0\n", m->source, m->path, m->sb->type->name);
}

int procfs_show_mounts(struct procfs_buf *b)
{
	vfs_for_each_mount(mounts_line, b);
	return 0;
}

void procfs_task_state(const struct task *t, char *letter, const char **word)
{
	switch (t->state) {
	case TASK_RUNNABLE:
		*letter = 'R', *word = "running";
		break;
	case TASK_SLEEPING:
		*letter = 'S', *word = "sleeping";
		break;
	case TASK_UNINTERRUPTIBLE:
		/* A kernel thread waiting for work is idle (Linux's TASK_IDLE),
		 * not blocked on a disk: it is not in the load average either. */
		if (!t->mm)
			*letter = 'I', *word = "idle";
		else
			*letter = 'D', *word = "disk sleep";
		break;
	case TASK_STOPPED:
		*letter = 'T', *word = "stopped";
		break;
	default:
		*letter = 'Z', *word = "zombie";
		break;
	}
}

int procfs_show_status(struct procfs_buf *b, struct task *t)
{
	char letter;
	const char *word;
	procfs_task_state(t, &letter, &word);
	const struct cred *c = &t->cred;
	procfs_printf(b, "Name:\t%s\nState:\t%c (%s)\n", t->name, letter, word);
	procfs_printf(b, "Tgid:\t%d\nPid:\t%d\nPPid:\t%d\n", t->pid, t->pid,
		      t->parent ? t->parent->pid : 0);
	procfs_printf(b, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->euid, c->euid);
	procfs_printf(b, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->egid, c->egid);
	/* Linux's format, trailing space included (its array.c keeps it for
	 * the programs that expect it). */
	procfs_printf(b, "Groups:\t");
	for (uint32_t i = 0; i < c->nr_groups; i++)
		procfs_printf(b, i ? " %u" : "%u", c->groups[i]);
	procfs_printf(b, " \n");
	if (t->mm) { /* kernel threads have no memory of their own (Linux omits the lines) */
		procfs_printf(b, "VmLck:\t%8u kB\n", PAGES_TO_KB(t->mm->nr_locked_pages));
		procfs_printf(b, "VmRSS:\t%8u kB\n", PAGES_TO_KB(t->mm->nr_resident_pages));
		procfs_printf(b, "VmSwap:\t%8u kB\n", PAGES_TO_KB(t->mm->nr_swap_entries));
	}
	return 0;
}

int procfs_show_cmdline(struct procfs_buf *b, struct task *t)
{
	size_t len = MIN(t->cmdline_len, MIN(sizeof(t->cmdline), b->size));
	for (size_t i = 0; i < len; i++)
		b->data[i] = t->cmdline[i];
	b->len = len;
	return 0;
}

int procfs_show_maps(struct procfs_buf *b, struct task *t)
{
	if (t->mm)
		b->len = MIN(mm_format_maps(t->mm, b->data, b->size), b->size);
	return 0;
}

int procfs_show_container(struct procfs_buf *b, struct task *t)
{
	char name[CONTAINER_NAME_MAX + 1];
	container_name_of_task(t, name, sizeof(name)); /* a zombie's: the root's */
	procfs_printf(b, "%s\n", name);
	return 0;
}

/* /proc/container_audit: recount every container's tasks and pages
 * (container_audit, which prints each disagreement in the kernel log). */
int procfs_show_container_audit(struct procfs_buf *b)
{
	int nr_problems = container_audit();
	if (nr_problems == 0)
		procfs_printf(b, "audit: ok\n");
	else
		procfs_printf(b, "audit: %d problem%s (see the kernel log)\n", nr_problems,
			      nr_problems == 1 ? "" : "s");
	return 0;
}

/* /proc/kmalloc_audit: cross-check every slab against kmalloc's counters
 * (kmalloc_audit, which prints the first disagreement in the kernel log),
 * then the counters themselves, so a test can compare them before and after. */
int procfs_show_kmalloc_audit(struct procfs_buf *b)
{
	uint32_t nr_problems = kmalloc_audit();
	struct kmalloc_stats ks;
	kmalloc_get_stats(&ks);
	if (nr_problems == 0)
		procfs_printf(b, "audit: ok\n");
	else
		procfs_printf(b, "audit: %u problem%s (see the kernel log)\n", nr_problems,
			      nr_problems == 1 ? "" : "s");
	procfs_printf(b, "objects_in_use %u\nslab_pages %u\nlarge_pages %u\n",
		      ks.nr_objects_inuse, ks.nr_slab_pages, ks.nr_large_pages);
	procfs_printf(b, "bad_frees %u\npoison_errors %u\n", ks.nr_bad_frees, ks.nr_poison_errors);
	return 0;
}
