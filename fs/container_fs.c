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
 * Permissions.  The VFS checks the mode bits of the file being written (root
 * made them 0644 and 0444; chown delegates them).  Moving a task or a file
 * needs more, because it also takes something out of another container
 * (cgroup v2's rule that the mover needs write access to the common ancestor,
 * flattened to Corral's one level):
 *
 *   - root may move anything;
 *   - anyone else must own what they move (a task whose real or effective uid
 *     is their effective uid, as kill(2); a file whose owner they are), and,
 *     when it sits in a named container other than the destination, be able
 *     to write that container's `rmtask` (`rmfile`) -- i.e. be its delegate
 *     too.  Leaving the root container needs no such right: the root has no
 *     limits to escape from.  Otherwise: EACCES.
 *
 * So a delegate can put their own tasks into the container root gave them and
 * take them out again, but cannot pull a task out of a container that confines
 * it, nor move other users' tasks.
 *
 * Other choices where the contract is silent (each as Linux's cgroup does, or
 * the nearest errno): writing pid 0 to addtask or rmtask means the writer
 * itself; kernel threads stay in the root (EINVAL); a zombie is no task
 * (ESRCH); rmtask of a task that is not in this container → ESRCH, rmfile of
 * a file not charged here → EINVAL; a container being freed refuses addtask
 * with the core's errno (ENOENT).  addtask, rmtask, addfile and rmfile are
 * rw-r--r-- like every writable attribute, and cannot be read (configfs gives
 * EACCES: they have no show).
 *
 * Look up once.  A path written to addfile or rmfile is looked up once; the
 * permission check and the move are both about that inode, so a rename in
 * between changes nothing.  The check may sleep (it looks up another
 * container's rmtask or rmfile): the container it was made against is held
 * and compared again before the move, and a move that finds the task or file
 * gone elsewhere meanwhile is checked again.
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
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

/* Where /etc/rc mounts configfs: the delegation check looks up the rmtask
 * and rmfile files of other containers there. */
#define CONTAINER_FS_DIR "/configfs/container"

static struct container *container_of_item(struct configfs_item *item)
{
	return container_from_item(item);
}

/* ---- parsing what is written -------------------------------------------- */

static bool char_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The written text without the whitespace around it. */
static void text_trim(const char **buf, size_t *len)
{
	while (*len > 0 && char_is_space((*buf)[0]))
		(*buf)++, (*len)--;
	while (*len > 0 && char_is_space((*buf)[*len - 1]))
		(*len)--;
}

static bool text_is(const char *buf, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(buf, word, len) == 0;
}

/* A decimal number: 0, -EINVAL (not one: checked first, over the whole text)
 * or -ERANGE (more than 32 bits). */
static int parse_u32(const char *buf, size_t len, uint32_t *out)
{
	text_trim(&buf, &len);
	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
	uint32_t value = 0;
	for (size_t i = 0; i < len; i++) {
		uint32_t digit = (uint32_t)(buf[i] - '0');
		if (value > (UINT32_MAX - digit) / 10)
			return -ERANGE;
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

/* A limit: a number, or `max` (CONTAINER_NO_LIMIT). */
static int parse_limit(const char *buf, size_t len, uint32_t *out)
{
	const char *word = buf;
	size_t word_len = len;
	text_trim(&word, &word_len);
	if (text_is(word, word_len, "max")) {
		*out = CONTAINER_NO_LIMIT;
		return 0;
	}
	return parse_u32(buf, len, out);
}

/* A pid: 0 is the writer itself (as cgroup.procs); beyond the largest pid
 * there is no such task. */
static int parse_pid(const char *buf, size_t len, int *out)
{
	uint32_t value;
	int err = parse_u32(buf, len, &value);
	if (err)
		return err;
	if (value > TASK_MAX_PID)
		return -ESRCH;
	*out = value == 0 ? current->pid : (int)value;
	return 0;
}

/* A path, NUL-terminated in a new buffer (kfree it); -EINVAL for nothing or
 * a NUL inside, -ENAMETOOLONG. */
static int parse_path(const char *buf, size_t len, char **out)
{
	text_trim(&buf, &len);
	if (len == 0 || memchr(buf, '\0', len))
		return -EINVAL;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	char *path = kmalloc(len + 1);
	if (!path)
		return -ENOMEM;
	memcpy(path, buf, len);
	path[len] = '\0';
	*out = path;
	return 0;
}

/* ---- who may move what --------------------------------------------------- */

static bool current_is_root(void)
{
	return current->cred.euid == 0;
}

/* May the writer write attribute attr of container c (its file's own mode
 * and owner, as the VFS would check them)?  0, -EACCES, or -ENOMEM when the
 * lookup could not be made (no memory is not a no). */
static int may_write_attr(struct container *c, const char *attr)
{
	char path[sizeof(CONTAINER_FS_DIR) + CONTAINER_NAME_MAX + 16];
	snprintf(path, sizeof(path), CONTAINER_FS_DIR "/%s/%s", container_name(c), attr);
	struct inode *inode;
	int err = vfs_lookup(path, &inode);
	if (err) /* not mounted where the contract says: cannot tell; or no memory */
		return err == -ENOMEM ? err : -EACCES;
	err = inode_permission(inode, W_OK);
	inode_put(inode);
	return err;
}

/* A task that can be moved: a live user process.  NULL and *err if not.
 * (An exiting task leaves its container a little before it becomes a
 * zombie; the core refuses it then.) */
static struct task *movable_task(int pid, int *err)
{
	struct task *t = task_find(pid);
	*err = 0;
	if (!t || t->pid == 0 || t->state == TASK_ZOMBIE)
		*err = -ESRCH;
	else if (!t->mm)
		*err = -EINVAL; /* kernel threads work for everyone: they stay in the root */
	return *err ? NULL : t;
}

static bool current_owns_task(const struct task *t)
{
	uint32_t euid = current->cred.euid;
	return euid == 0 || euid == t->cred.uid || euid == t->cred.euid;
}

/* Is t in c now? */
static bool task_is_in(struct task *t, struct container *c)
{
	struct container *now = container_get_by_task(t);
	container_put(now);
	return now == c;
}

/* May the writer take t out of from (the rule in the header comment)? */
static int may_take_task_from(struct container *to, struct container *from)
{
	if (from == &root_container || from == to)
		return 0;
	return may_write_attr(from, "rmtask");
}

/* The rule in the header comment, for moving task pid to container to: the
 * task, found once more after the last sleep, so the caller can move it at
 * once; NULL and *err if it may not be moved. */
static struct task *may_move_task(struct container *to, int pid, int *err)
{
	struct task *t = movable_task(pid, err);
	if (!t || current_is_root())
		return t;
	if (!current_owns_task(t)) {
		*err = -EACCES;
		return NULL;
	}
	/* The lookup in may_write_attr may sleep, and the task may move or exit
	 * meanwhile: check again until the container it was checked in is still
	 * its own.  (from is held, so it cannot be freed and its address reused.) */
	for (;;) {
		struct container *from = container_get_by_task(t);
		if (!from) {
			*err = -ESRCH;
			return NULL;
		}
		*err = may_take_task_from(to, from);
		t = *err ? NULL : movable_task(pid, err);
		bool is_checked = t && task_is_in(t, from);
		container_put(from);
		if (!t || is_checked)
			return t;
	}
}

/* The same rule for a file (its page cache), by inode, which the writer
 * must own; from is the container it is charged to. */
static int may_move_file(struct container *to, struct inode *inode, struct container *from)
{
	if (current_is_root())
		return 0;
	if (!inode_is_owner_or_root(inode))
		return -EACCES;
	if (from == &root_container || from == to)
		return 0;
	return may_write_attr(from, "rmfile");
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
	int err = parse_limit(buf, len, &limit);
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
	int err = parse_limit(buf, len, &limit);
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
	int err = parse_limit(buf, len, &limit);
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
	text_trim(&buf, &len);
	if (text_is(buf, len, "soft"))
		return container_set_limit_mode(c, CONTAINER_LIMIT_SOFT);
	if (text_is(buf, len, "hard"))
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
	int err = parse_u32(buf, len, &weight);
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
	text_trim(&buf, &len);
	size_t quota_len = 0;
	while (quota_len < len && !char_is_space(buf[quota_len]))
		quota_len++;
	struct container_stat st;
	container_get_stat(c, &st);
	uint32_t quota = SCHED_NO_QUOTA, period = st.cpu.period_us;
	int err = 0;
	if (!text_is(buf, quota_len, "max")) {
		err = parse_u32(buf, quota_len, &quota);
		if (!err && quota == SCHED_NO_QUOTA)
			err = -ERANGE; /* 0: below the smallest quota */
	}
	if (!err && quota_len < len)
		err = parse_u32(buf + quota_len, len - quota_len, &period);
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
	int err = parse_limit(buf, len, &limit);
	return err ? err : container_set_io_bps_max(container_of_item(item), limit);
}

/* ---- moving tasks and files --------------------------------------------- */

static int addtask_store(struct configfs_item *item, const char *buf, size_t len)
{
	struct container *to = container_of_item(item);
	int pid;
	int err = parse_pid(buf, len, &pid);
	if (err)
		return err;
	struct task *t = may_move_task(to, pid, &err);
	return t ? container_move_task(to, t) : err; /* -ENOSPC: task_limit (a hit) */
}

static int rmtask_store(struct configfs_item *item, const char *buf, size_t len)
{
	struct container *c = container_of_item(item);
	int pid, err = parse_pid(buf, len, &pid);
	if (err)
		return err;
	struct task *t = movable_task(pid, &err);
	if (!t)
		return err;
	if (!task_is_in(t, c))
		return -ESRCH; /* no such task here */
	if (!current_owns_task(t))
		return -EACCES; /* this file's mode was checked by the VFS */
	return container_move_task(&root_container, t);
}

/* Move inode's page cache to container to; from, if not NULL, is where it
 * must be now (rmfile).  The permission check and the move are about the
 * same owner: if the file moved while the check slept, check again. */
static int move_inode(struct container *to, struct container *from, struct inode *inode)
{
	if (!S_ISREG(inode->mode))
		return -EINVAL; /* no page cache to move */
	int err;
	do {
		struct container *owner = container_get_by_file(inode);
		if (from && owner != from)
			err = -EINVAL; /* not charged here */
		else
			err = may_move_file(to, inode, owner);
		if (!err)
			err = container_move_file(to, inode, owner);
		container_put(owner);
	} while (err == -EAGAIN);
	return err;
}

/* The path is looked up once: the inode checked is the inode moved, whatever
 * renames happen meanwhile. */
static int move_file(struct container *to, struct container *from, const char *buf, size_t len)
{
	char *path;
	int err = parse_path(buf, len, &path);
	if (err)
		return err;
	struct inode *inode;
	err = vfs_lookup(path, &inode);
	kfree(path);
	if (err)
		return err;
	err = move_inode(to, from, inode);
	inode_put(inode);
	return err;
}

static int addfile_store(struct configfs_item *item, const char *buf, size_t len)
{
	return move_file(container_of_item(item), NULL, buf, len);
}

static int rmfile_store(struct configfs_item *item, const char *buf, size_t len)
{
	return move_file(&root_container, container_of_item(item), buf, len);
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
