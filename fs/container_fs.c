/*
 * container_fs.c — /configfs/container: the container subsystem's directory
 * (DESIGN.md section 5), the text face of kernel/container.c.
 *
 *     /configfs/container/description       what this is (read-only)
 *     /configfs/container/committed         the hard limits' sum and ceiling (read-only)
 *     /configfs/container/NAME/             mkdir → container_create, rmdir → container_destroy
 *     /configfs/container/NAME/page_limit   ... one file per attribute below
 *
 * This file only translates: it parses what is written, checks who may write
 * it, calls the core, and prints numbers the core keeps.  It sees containers
 * only through include/corral/container.h: setters for the limits, one
 * snapshot (container_get_stat) per read, container_get_pids for showtasks,
 * and moves that take the task or inode it found.  Every write is all
 * or nothing: it is parsed and checked in full before anything changes, and
 * its errno reaches the writer unchanged (`sh: ...: Invalid argument`).
 *
 * Input: numbers are decimal, with whitespace around them allowed (echo adds
 * a newline); a limit may also be `max`.  Bad text → EINVAL, a number that
 * does not fit in 32 bits → ERANGE, nothing but whitespace → EINVAL.
 * Paths (addfile, rmfile) lose the whitespace around them too.
 *
 * Who may move a task or a file (addtask, rmtask, addfile, rmfile) and
 * everything about looking up once: fs/container_fs_move.c.  The parsing
 * rules: fs/container_fs_parse.c.
 *
 * Locking: none of the core's.  configfs runs each show and store of one
 * container under that directory's mutex, so a store never races the
 * container's rmdir (and the container outlives the store).  Read next:
 * kernel/container.c.
 */
#include <corral/configfs.h>
#include <corral/container.h>
#include <corral/container_io.h>
#include <corral/kmalloc.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <uapi/errno.h>

#include "container_fs.h"

static struct container *container_of_item(struct configfs_item *item)
{
	return container_from_item(item);
}

/* ---- showing numbers ---------------------------------------------------- */

static ssize_t show_u32(char *buf, size_t size, uint32_t value)
{
	return snprintf(buf, size, "%u\n", value);
}

static ssize_t show_limit(char *buf, size_t size, uint32_t limit)
{
	if (limit == CONTAINER_NO_LIMIT)
		return snprintf(buf, size, "max\n");
	return show_u32(buf, size, limit);
}

/* One read-only number attribute NAME, printing EXPR of st, a snapshot of
 * the container. */
#define CONTAINER_SHOW(name, expr)                                                                 \
	static ssize_t name##_show(struct configfs_item *item, char *buf, size_t size)             \
	{                                                                                          \
		struct container_stat st;                                                          \
		container_get_stat(container_of_item(item), &st);                                  \
		return show_u32(buf, size, (expr));                                                \
	}

CONTAINER_SHOW(id, (uint32_t)st.id)
CONTAINER_SHOW(num_tasks, st.nr_tasks)
CONTAINER_SHOW(num_files, st.nr_files)
CONTAINER_SHOW(num_anon_pages, st.nr_anon_pages)
CONTAINER_SHOW(num_mapped_pages, st.nr_mapped_pages)
CONTAINER_SHOW(num_file_pages, st.nr_file_pages)
CONTAINER_SHOW(num_kernel_pages, st.nr_kernel_pages)
CONTAINER_SHOW(num_active_pages,
	       st.nr_lru_pages[LRU_ACTIVE_ANON] + st.nr_lru_pages[LRU_ACTIVE_FILE])
CONTAINER_SHOW(page_limit_hits, st.page_limit_hits)
CONTAINER_SHOW(task_limit_hits, st.task_limit_hits)
CONTAINER_SHOW(oom_kills, st.events.oom_kill)
CONTAINER_SHOW(freeing, st.is_freeing ? 1u : 0u)
CONTAINER_SHOW(num_locked_pages, st.nr_locked_pages)

/* The pids of c's tasks, ascending, one per line (as many as fit in a page). */
static ssize_t showtasks_show(struct configfs_item *item, char *buf, size_t size)
{
	int max_pids = (int)(size / 2); /* every line takes at least two bytes */
	int *pids = kmalloc((size_t)max_pids * sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	int nr_pids = MIN(container_get_pids(container_of_item(item), pids, max_pids), max_pids);
	size_t len = 0;
	for (int i = 0; i < nr_pids && len + 7 <= size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%d\n", pids[i]);
	kfree(pids);
	return (ssize_t)len;
}

/* The disk I/O keys, the last of stat (kernel/container_io.c's snapshot). */
static int stat_show_io(struct configfs_item *item, char *buf, size_t size)
{
	struct container_io_stat io;
	container_io_get_stat(container_of_item(item), &io);
	return snprintf(buf, size, "io_rbytes %llu\nio_wbytes %llu\nio_throttled_usec %llu\n",
			(unsigned long long)io.rbytes, (unsigned long long)io.wbytes,
			(unsigned long long)io.throttled_usec);
}

/* `key value` lines, in the contract's order: the memory and CPU keys from one
 * snapshot, then the I/O keys from the I/O accounting's own. */
static ssize_t stat_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_stat st;
	container_get_stat(container_of_item(item), &st);
	const uint32_t *lru = st.nr_lru_pages;
	const struct container_events *ev = &st.events;
	int len = snprintf(buf, size,
			"anon %u\nfile %u\nkernel %u\nmapped %u\nlocked %u\n"
			"active_anon %u\ninactive_anon %u\nactive_file %u\ninactive_file %u\n"
			"swap %u\npgfault %u\npgmajfault %u\npgscan %u\npgsteal %u\n"
			"pgdeactivate %u\npswpin %u\npswpout %u\nthrottled %u\noom_kill %u\n"
			"cpu_usage_usec %llu\ncpu_user_usec %llu\ncpu_system_usec %llu\n"
			"cpu_nr_throttled %u\ncpu_throttled_usec %llu\n",
			st.nr_anon_pages, st.nr_file_pages, st.nr_kernel_pages, st.nr_mapped_pages,
			st.nr_locked_pages,
			lru[LRU_ACTIVE_ANON], lru[LRU_INACTIVE_ANON], lru[LRU_ACTIVE_FILE],
			lru[LRU_INACTIVE_FILE], st.nr_swap_pages, ev->pgfault, ev->pgmajfault,
			ev->pgscan, ev->pgsteal, ev->pgdeactivate, ev->pswpin, ev->pswpout,
			ev->throttled, ev->oom_kill, st.cpu.usage_usec, st.cpu.user_usec,
			st.cpu.system_usec, st.cpu.nr_throttled, st.cpu.throttled_usec);
	if (len < 0 || (size_t)len >= size)
		return len; /* cut short: there is no room for more */
	return len + stat_show_io(item, buf + len, size - (size_t)len);
}

/* ---- limits ------------------------------------------------------------- */

/* A store is all or nothing: parsed in full, then one call to the core's
 * setter, whose errno the writer gets. */
static ssize_t page_limit_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_stat st;
	container_get_stat(container_of_item(item), &st);
	return show_limit(buf, size, st.page_limit);
}

static int page_limit_store(struct configfs_item *item, const char *buf, size_t len)
{
	uint32_t limit;
	int err = container_fs_parse_limit(buf, len, &limit);
	return err ? err : container_set_page_limit(container_of_item(item), limit);
}

static ssize_t task_limit_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_stat st;
	container_get_stat(container_of_item(item), &st);
	return show_limit(buf, size, st.task_limit);
}

static int task_limit_store(struct configfs_item *item, const char *buf, size_t len)
{
	uint32_t limit;
	int err = container_fs_parse_limit(buf, len, &limit);
	return err ? err : container_set_task_limit(container_of_item(item), limit);
}

static ssize_t mlock_limit_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_stat st;
	container_get_stat(container_of_item(item), &st);
	return show_limit(buf, size, st.mlock_limit);
}

static int mlock_limit_store(struct configfs_item *item, const char *buf, size_t len)
{
	uint32_t limit;
	int err = container_fs_parse_limit(buf, len, &limit);
	return err ? err : container_set_mlock_limit(container_of_item(item), limit);
}

static ssize_t limit_mode_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_stat st;
	container_get_stat(container_of_item(item), &st);
	return snprintf(buf, size, "%s\n", st.limit_mode == CONTAINER_LIMIT_HARD ? "hard" : "soft");
}

static int limit_mode_store(struct configfs_item *item, const char *buf, size_t len)
{
	struct container *c = container_of_item(item);
	container_fs_trim(&buf, &len);
	if (container_fs_text_is(buf, len, "soft"))
		return container_set_limit_mode(c, CONTAINER_LIMIT_SOFT);
	if (container_fs_text_is(buf, len, "hard"))
		return container_set_limit_mode(c, CONTAINER_LIMIT_HARD);
	return -EINVAL;
}

/* ---- the CPU controller (kernel/container_cpu.c) ------------------------- */

static ssize_t cpu_weight_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_stat st;
	container_get_stat(container_of_item(item), &st);
	return show_u32(buf, size, st.cpu.weight);
}

static int cpu_weight_store(struct configfs_item *item, const char *buf, size_t len)
{
	uint32_t weight;
	int err = container_fs_parse_u32(buf, len, &weight);
	return err ? err : container_set_cpu_weight(container_of_item(item), weight);
}

/* "max 100000" reads back as the contract's "max"; a quota as "QUOTA PERIOD". */
static ssize_t cpu_max_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_stat st;
	container_get_stat(container_of_item(item), &st);
	if (st.cpu.quota_us == SCHED_NO_QUOTA)
		return snprintf(buf, size, "max\n");
	return snprintf(buf, size, "%u %u\n", st.cpu.quota_us, st.cpu.period_us);
}

/* cgroup v2's cpu.max: "QUOTA PERIOD", "max PERIOD", or the quota alone
 * ("20000", "max"), which keeps the period. */
static int cpu_max_store(struct configfs_item *item, const char *buf, size_t len)
{
	struct container *c = container_of_item(item);
	container_fs_trim(&buf, &len);
	size_t quota_len = 0;
	while (quota_len < len && !container_fs_is_space(buf[quota_len]))
		quota_len++;
	struct container_stat st;
	container_get_stat(c, &st);
	uint32_t quota = SCHED_NO_QUOTA, period = st.cpu.period_us;
	int err = 0;
	if (!container_fs_text_is(buf, quota_len, "max")) {
		err = container_fs_parse_u32(buf, quota_len, &quota);
		if (!err && quota == SCHED_NO_QUOTA)
			err = -ERANGE; /* 0: below the smallest quota */
	}
	if (!err && quota_len < len)
		err = container_fs_parse_u32(buf + quota_len, len - quota_len, &period);
	return err ? err : container_set_cpu_max(c, quota, period);
}

/* io_bps_max: bytes per second, or `max`; 0 is refused (EINVAL), as it
 * would stop the container's disk I/O for good. */
static ssize_t io_bps_max_show(struct configfs_item *item, char *buf, size_t size)
{
	struct container_io_stat io;
	container_io_get_stat(container_of_item(item), &io);
	return show_limit(buf, size, io.bps_max);
}

static int io_bps_max_store(struct configfs_item *item, const char *buf, size_t len)
{
	uint32_t limit;
	int err = container_fs_parse_limit(buf, len, &limit);
	return err ? err : container_set_io_bps_max(container_of_item(item), limit);
}

/* ---- the attribute tables ----------------------------------------------- */

#define CONTAINER_ATTR_RO(n)                                                                       \
	static const struct configfs_attribute n##_attr = {#n, 0444, n##_show, NULL}
#define CONTAINER_ATTR_RW(n)                                                                       \
	static const struct configfs_attribute n##_attr = {#n, 0644, n##_show, n##_store}
#define CONTAINER_ATTR_WO(n)                                                                       \
	static const struct configfs_attribute n##_attr = {#n, 0644, NULL, n##_store}

CONTAINER_ATTR_RO(id);
CONTAINER_ATTR_RO(num_tasks);
CONTAINER_ATTR_RO(num_files);
CONTAINER_ATTR_RO(num_anon_pages);
CONTAINER_ATTR_RO(num_mapped_pages);
CONTAINER_ATTR_RO(num_file_pages);
CONTAINER_ATTR_RO(num_active_pages);
CONTAINER_ATTR_RW(page_limit);
CONTAINER_ATTR_RW(task_limit);
CONTAINER_ATTR_RW(limit_mode);
CONTAINER_ATTR_RO(page_limit_hits);
CONTAINER_ATTR_RO(task_limit_hits);
CONTAINER_ATTR_RO(oom_kills);
CONTAINER_ATTR_RO(freeing);
#define addtask_store container_fs_addtask_store /* fs/container_fs_move.c */
#define rmtask_store container_fs_rmtask_store
#define addfile_store container_fs_addfile_store
#define rmfile_store container_fs_rmfile_store
CONTAINER_ATTR_WO(addtask);
CONTAINER_ATTR_WO(rmtask);
CONTAINER_ATTR_RO(showtasks);
CONTAINER_ATTR_RO(stat);
CONTAINER_ATTR_WO(addfile);
CONTAINER_ATTR_WO(rmfile);
CONTAINER_ATTR_RO(num_kernel_pages);
CONTAINER_ATTR_RW(mlock_limit);
CONTAINER_ATTR_RO(num_locked_pages);
CONTAINER_ATTR_RW(cpu_weight);
CONTAINER_ATTR_RW(cpu_max);
CONTAINER_ATTR_RW(io_bps_max);

/* In the contract's order (a directory lists them so). */
static const struct configfs_attribute *const container_item_attrs[] = {
    &id_attr,
    &num_tasks_attr,
    &num_files_attr,
    &num_anon_pages_attr,
    &num_mapped_pages_attr,
    &num_file_pages_attr,
    &num_active_pages_attr,
    &page_limit_attr,
    &task_limit_attr,
    &limit_mode_attr,
    &page_limit_hits_attr,
    &task_limit_hits_attr,
    &oom_kills_attr,
    &freeing_attr,
    &addtask_attr,
    &rmtask_attr,
    &showtasks_attr,
    &stat_attr,
    &addfile_attr,
    &rmfile_attr,
    &num_kernel_pages_attr,
    &mlock_limit_attr,
    &num_locked_pages_attr,
    &cpu_weight_attr,
    &cpu_max_attr,
    &io_bps_max_attr,
    NULL,
};

static ssize_t description_show(struct configfs_item *item, char *buf, size_t size)
{
	return snprintf(buf, size,
			"containers: groups of tasks charged for their pages and task slots "
			"(mkdir NAME to make one, rmdir to free it)\n");
}

CONTAINER_ATTR_RO(description);

/* The hard limits' sum and the ceiling it may not pass (kernel/container_commit.c). */
static ssize_t committed_show(struct configfs_item *item, char *buf, size_t size)
{
	uint32_t nr_hard, nr_ceiling;
	container_get_committed(&nr_hard, &nr_ceiling);
	return snprintf(buf, size, "hard_limits %u\nceiling %u\n", nr_hard, nr_ceiling);
}

CONTAINER_ATTR_RO(committed);

static const struct configfs_attribute *const container_subsystem_attrs[] = {
    &description_attr,
    &committed_attr,
    NULL,
};

/* ---- mkdir and rmdir ------------------------------------------------------ */

static int container_fs_make_item(struct configfs_subsystem *sub, const char *name,
				  struct configfs_item **out)
{
	struct container *c;
	int err = container_create(name, &c); /* -EINVAL bad name, -ENOSPC no id */
	if (err)
		return err;
	*out = container_item(c);
	return 0;
}

/* Tasks, files and charges go to the root; the directory goes even if the
 * container still has tasks. */
static int container_fs_drop_item(struct configfs_subsystem *sub, struct configfs_item *item)
{
	return container_destroy(container_of_item(item));
}

static struct configfs_subsystem container_subsystem = {
    .name = "container",
    .item_attrs = container_item_attrs,
    .subsystem_attrs = container_subsystem_attrs,
    .make_item = container_fs_make_item,
    .drop_item = container_fs_drop_item,
};

void container_fs_init(void)
{
	int err = configfs_register_subsystem(&container_subsystem);
	if (err)
		panic("container: cannot register /configfs/container (error %d)", err);
}
