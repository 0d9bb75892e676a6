/*
 * procfs_sys.c — /proc/sys: the kernel's switches, files that root may write.
 *
 *     /proc/sys/debug/fail_alloc   allocation fault injection (mm/fail_alloc.c):
 *                                  reads its rate, seed and counts; a write of
 *                                  "RATE[,SEED]" sets it ("0" stops it)
 *     /proc/sys/vm/drop_caches     write 1 (or 3): drop clean page-cache pages
 *                                  (mm/page_cache.c); write-only, as on Linux
 *     /proc/sys/vm/min_free_kbytes the min watermark in KiB (mm/vmscan.c); low
 *                                  and high follow it (+25%, +50%)
 *
 * A fixed tree: the directories are a table in which each names its parent,
 * the files a table of procfs_entries (fs/procfs.h) with the directory they
 * are in.  Inode numbers: PROCFS_SYS_INO + i for the i-th directory (so
 * /proc/sys itself is PROCFS_SYS_INO), PROCFS_SYS_FILE_INO + i for the i-th
 * file.  fs/procfs.c makes the inodes and turns reads and writes into the
 * entries' show and store; only the shape of the tree is here, and each
 * switch's text.  A new switch is one line in sys_files (and a directory,
 * if it needs one, in sys_dirs).  Read next: mm/fail_alloc.c.
 */
#include <corral/fail_alloc.h>
#include <corral/memlayout.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>

#include "procfs.h"

#define PROCFS_SYS_FILE_INO (PROCFS_SYS_INO + 0x100)
#define SYS_DIR_PROC (-1) /* the parent of /proc/sys: /proc itself */

enum { SYS_DIR_SYS, SYS_DIR_DEBUG, SYS_DIR_VM, NR_SYS_DIRS };

static const struct sys_dir {
	const char *name;
	int parent; /* index in sys_dirs, or SYS_DIR_PROC */
} sys_dirs[NR_SYS_DIRS] = {
	[SYS_DIR_SYS] = {"sys", SYS_DIR_PROC},
	[SYS_DIR_DEBUG] = {"debug", SYS_DIR_SYS},
	[SYS_DIR_VM] = {"vm", SYS_DIR_SYS},
};

/* ---- the switches' text ----------------------------------------------------- */

static int sys_show_fail_alloc(struct procfs_buf *b)
{
	struct fail_alloc_stats st;
	fail_alloc_get_stats(&st);
	if (st.rate.one_in)
		procfs_printf(b, "rate 1/%u\n", st.rate.one_in);
	else
		procfs_printf(b, "rate %u%%\n", st.rate.percent);
	procfs_printf(b, "seed %u\n", st.seed);
	procfs_printf(b, "checked %u\n", st.nr_checked);
	procfs_printf(b, "failed_pages %u\n", st.nr_injected[FAIL_ALLOC_PAGE]);
	procfs_printf(b, "failed_kmallocs %u\n", st.nr_injected[FAIL_ALLOC_KMALLOC]);
	procfs_printf(b, "swallowed %u\n", st.nr_swallowed);
	return 0;
}

static int sys_store_fail_alloc(const char *text, size_t len)
{
	return fail_alloc_set_from_text(text, len);
}

/* Linux's values: 1 page cache, 2 slab objects (dentries and inodes: we have
 * no such caches, so there is nothing to drop), 3 both. */
/* A written number, with the newline echo adds: 0, or -EINVAL. */
static int sys_parse_u32(const char *text, size_t len, uint32_t *value)
{
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	char word[12];
	if (len == 0 || len >= sizeof(word))
		return -EINVAL;
	memcpy(word, text, len);
	word[len] = '\0';
	return str_to_u32(word, value) ? -EINVAL : 0;
}

static int sys_store_drop_caches(const char *text, size_t len)
{
	uint32_t what;
	if (sys_parse_u32(text, len, &what) || what < 1 || what > 3)
		return -EINVAL;
	if (what & 1)
		page_cache_drop_clean();
	return 0;
}

static int sys_show_min_free_kbytes(struct procfs_buf *b)
{
	procfs_printf(b, "%u\n", vm_watermarks.min * (PAGE_SIZE / 1024));
	return 0;
}

static int sys_store_min_free_kbytes(const char *text, size_t len)
{
	uint32_t kb;
	if (sys_parse_u32(text, len, &kb))
		return -EINVAL;
	return vmscan_set_min_free_kbytes(kb);
}

static const struct sys_file {
	int dir; /* index in sys_dirs */
	struct procfs_entry entry;
} sys_files[] = {
	{SYS_DIR_DEBUG, {"fail_alloc", sys_show_fail_alloc, NULL, sys_store_fail_alloc, NULL}},
	{SYS_DIR_VM, {"drop_caches", NULL, NULL, sys_store_drop_caches, NULL}},
	{SYS_DIR_VM, {"min_free_kbytes", sys_show_min_free_kbytes, NULL, sys_store_min_free_kbytes, NULL}},
};

/* ---- the tree ---------------------------------------------------------------- */

static bool name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

bool procfs_is_sys_dir(const struct inode *dir)
{
	return dir->ino >= PROCFS_SYS_INO && dir->ino < PROCFS_SYS_INO + NR_SYS_DIRS;
}

/* Which sys_dirs entry dir is, or SYS_DIR_PROC for /proc. */
static int sys_dir_index(const struct inode *dir)
{
	return procfs_is_sys_dir(dir) ? (int)(dir->ino - PROCFS_SYS_INO) : SYS_DIR_PROC;
}

static int sys_make_dir(struct inode *from, int index, struct inode **out)
{
	if (index == SYS_DIR_PROC) {
		inode_get(from->sb->root);
		*out = from->sb->root;
		return 0;
	}
	return procfs_found(procfs_make_dir(from->sb, PROCFS_SYS_INO + (uint32_t)index, NULL), out);
}

int procfs_sys_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int here = sys_dir_index(dir);
	if (name_is(name, len, ".."))
		return sys_make_dir(
		    dir, here == SYS_DIR_PROC ? SYS_DIR_PROC : sys_dirs[here].parent, out);
	for (int i = 0; i < NR_SYS_DIRS; i++)
		if (sys_dirs[i].parent == here && name_is(name, len, sys_dirs[i].name))
			return sys_make_dir(dir, i, out);
	for (size_t i = 0; i < ARRAY_SIZE(sys_files); i++)
		if (sys_files[i].dir == here && name_is(name, len, sys_files[i].entry.name))
			return procfs_found(procfs_make_file(dir->sb, PROCFS_SYS_FILE_INO + i,
							     &sys_files[i].entry, NULL),
					    out);
	return -ENOENT;
}

/* Positions: 0 ".", 1 "..", then 2 + i for directory i, and 2 + NR_SYS_DIRS + i
 * for file i (only those inside dir are emitted). */
int procfs_sys_readdir(struct inode *dir, struct dir_context *ctx)
{
	int here = sys_dir_index(dir);
	int parent = sys_dirs[here].parent;
	uint32_t parent_ino =
	    parent == SYS_DIR_PROC ? dir->sb->root->ino : PROCFS_SYS_INO + (uint32_t)parent;
	if (dir_emit_at(ctx, 0, ".", dir->ino, DT_DIR) ||
	    dir_emit_at(ctx, 1, "..", parent_ino, DT_DIR))
		return 0;
	for (int i = 0; i < NR_SYS_DIRS; i++)
		if (sys_dirs[i].parent == here &&
		    dir_emit_at(ctx, 2 + (uint64_t)i, sys_dirs[i].name,
				PROCFS_SYS_INO + (uint32_t)i, DT_DIR))
			return 0;
	for (size_t i = 0; i < ARRAY_SIZE(sys_files); i++)
		if (sys_files[i].dir == here &&
		    dir_emit_at(ctx, 2 + NR_SYS_DIRS + i, sys_files[i].entry.name,
				PROCFS_SYS_FILE_INO + i, DT_REG))
			return 0;
	return 0;
}
