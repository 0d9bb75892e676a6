/*
 * ramfs_test.c — ramfs through the VFS: create, write, read, append,
 * truncate, holes, unlink (and that its pages come back), rename, mkdir and
 * rmdir with their errors, readdir, getcwd, permissions, symbolic links
 * (target, mode, size, readlink, and what unlink, rename, link, rmdir and
 * mkdir do to a link).  Works under /tmp.
 */
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/string.h>

#include "fs_test.h"

static char big_buf[3 * PAGE_SIZE];
static char check_buf[3 * PAGE_SIZE];

static void fill_pattern(char *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(i * 7 + seed);
}

KTEST(ramfs_write_then_read_back)
{
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/rt_rw", O_RDWR | O_CREAT | O_EXCL, 0644, &file) == 0);
	fill_pattern(big_buf, 10000, 3);
	KT_EXPECT_EQ(ctx, file_write(file, big_buf, 10000), 10000);
	KT_EXPECT_EQ(ctx, file->inode->size, 10000);
	KT_EXPECT_EQ(ctx, file->inode->nr_cache_pages, 3);
	KT_EXPECT_EQ(ctx, page_cache_audit_inode(file->inode), 0);
	file->pos = 0;
	memset(check_buf, 0, sizeof(check_buf));
	KT_EXPECT_EQ(ctx, file_read(file, check_buf, sizeof(check_buf)), 10000);
	KT_EXPECT(ctx, memcmp(check_buf, big_buf, 10000) == 0);
	KT_EXPECT_EQ(ctx, file_read(file, check_buf, 10), 0); /* end of file */
	file->pos = 4090;
	KT_EXPECT_EQ(ctx, file_read(file, check_buf, 20), 20); /* across a page edge */
	KT_EXPECT(ctx, memcmp(check_buf, big_buf + 4090, 20) == 0);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_open("/tmp/rt_rw", O_RDWR | O_CREAT | O_EXCL, 0644, &file), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_rw"), 0);
}

KTEST(ramfs_trunc_append_and_holes)
{
	struct file *file;
	KT_ASSERT(ctx, fst_write_file("/tmp/rt_t", "hello", 5) == 0);
	KT_ASSERT(ctx, vfs_open("/tmp/rt_t", O_WRONLY | O_APPEND, 0, &file) == 0);
	KT_EXPECT_EQ(ctx, file_write(file, " world", 6), 6);
	file->pos = 0; /* O_APPEND writes at the end anyway */
	KT_EXPECT_EQ(ctx, file_write(file, "!", 1), 1);
	file_put(file);
	char buf[16] = {0};
	KT_EXPECT_EQ(ctx, fst_read_file("/tmp/rt_t", buf, sizeof(buf)), 12);
	KT_EXPECT_STREQ(ctx, buf, "hello world!");

	KT_ASSERT(ctx, vfs_open("/tmp/rt_t", O_RDWR | O_TRUNC, 0, &file) == 0);
	KT_EXPECT_EQ(ctx, file->inode->size, 0);
	KT_EXPECT_EQ(ctx, file->inode->nr_cache_pages, 0);
	file->pos = 2 * PAGE_SIZE + 10; /* leave a hole of two pages and a bit */
	KT_EXPECT_EQ(ctx, file_write(file, "z", 1), 1);
	KT_EXPECT_EQ(ctx, file->inode->size, 2 * PAGE_SIZE + 11);
	KT_EXPECT_EQ(ctx, file->inode->nr_cache_pages, 1);
	file->pos = 0;
	memset(check_buf, 1, sizeof(check_buf));
	KT_EXPECT_EQ(ctx, file_read(file, check_buf, sizeof(check_buf)), 2 * PAGE_SIZE + 11);
	KT_EXPECT_EQ(ctx, check_buf[0], 0);
	KT_EXPECT_EQ(ctx, check_buf[PAGE_SIZE + 5], 0);
	KT_EXPECT_EQ(ctx, check_buf[2 * PAGE_SIZE + 10], 'z');
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_t"), 0);
}

KTEST(ramfs_truncate_frees_pages_and_zeroes_the_tail)
{
	struct file *file;
	memset(big_buf, 0xff, sizeof(big_buf));
	KT_ASSERT(ctx, fst_write_file("/tmp/rt_tr", big_buf, sizeof(big_buf)) == 0);
	KT_ASSERT(ctx, vfs_open("/tmp/rt_tr", O_RDWR, 0, &file) == 0);
	struct inode *inode = file->inode;
	KT_EXPECT_EQ(ctx, inode->nr_cache_pages, 3);
	uint32_t free_before = page_alloc_nr_free();
	KT_EXPECT_EQ(ctx, vfs_truncate(inode, 100), 0);
	KT_EXPECT_EQ(ctx, inode->nr_cache_pages, 1);
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), free_before + 2);
	KT_EXPECT_EQ(ctx, vfs_truncate(inode, 5000), 0); /* grows: the old bytes stay gone */
	memset(check_buf, 1, sizeof(check_buf));
	KT_EXPECT_EQ(ctx, file_read(file, check_buf, sizeof(check_buf)), 5000);
	KT_EXPECT_EQ(ctx, (uint8_t)check_buf[99], 0xff);
	KT_EXPECT_EQ(ctx, check_buf[100], 0);
	KT_EXPECT_EQ(ctx, check_buf[4999], 0);
	KT_EXPECT_EQ(ctx, page_cache_audit_inode(inode), 0);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_tr"), 0);
}

KTEST(ramfs_unlink_gives_pages_back)
{
	uint32_t free_before = page_alloc_nr_free();
	uint32_t cached_before = page_cache_nr_pages();
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/rt_u", O_RDWR | O_CREAT, 0644, &file) == 0);
	fill_pattern(big_buf, sizeof(big_buf), 1);
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(ctx, file_write(file, big_buf, sizeof(big_buf)), sizeof(big_buf));
	KT_EXPECT_EQ(ctx, page_cache_nr_pages(), cached_before + 12);
	KT_EXPECT(ctx, page_alloc_nr_free() <= free_before - 12);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_u"), 0);
	KT_EXPECT_EQ(ctx, file->inode->nlink, 0);
	/* Unlinked but open: the data stays readable until the last close. */
	file->pos = PAGE_SIZE;
	KT_EXPECT_EQ(ctx, file_read(file, check_buf, 8), 8);
	KT_EXPECT(ctx, memcmp(check_buf, big_buf + PAGE_SIZE, 8) == 0);
	KT_EXPECT_EQ(ctx, page_cache_nr_pages(), cached_before + 12);
	file_put(file);
	KT_EXPECT_EQ(ctx, page_cache_nr_pages(), cached_before);
	kmalloc_shrink();
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), free_before);
}

KTEST(ramfs_mkdir_rmdir_and_their_errors)
{
	struct inode *tmp, *d;
	KT_ASSERT(ctx, vfs_lookup("/tmp", &tmp) == 0);
	uint32_t tmp_links = tmp->nlink;
	KT_ASSERT(ctx, vfs_mkdir("/tmp/rt_d", 0755) == 0);
	KT_EXPECT_EQ(ctx, tmp->nlink, tmp_links + 1); /* the new ".." */
	KT_EXPECT_EQ(ctx, vfs_mkdir("/tmp/rt_d", 0755), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_mkdir("/tmp/rt_d/.", 0755), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_mkdir("/tmp/rt_none/x", 0755), -ENOENT);
	KT_ASSERT(ctx, vfs_lookup("/tmp/rt_d", &d) == 0);
	KT_EXPECT_EQ(ctx, d->nlink, 2);
	KT_EXPECT_EQ(ctx, d->mode & 07777, 0755 & ~current->umask);
	KT_EXPECT_EQ(ctx, fst_write_file("/tmp/rt_d/f", "x", 1), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_d"), -ENOTEMPTY);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_d/f"), -ENOTDIR);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_d/."), -EINVAL);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_d/.."), -ENOTEMPTY);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_d"), -EISDIR);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/"), -EBUSY);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_d/f/"), -ENOTDIR);
	struct file *file;
	KT_EXPECT_EQ(ctx, vfs_open("/tmp/rt_d/g/", O_CREAT | O_WRONLY, 0644, &file), -EISDIR);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_d/f"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_d/f"), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_d"), 0);
	KT_EXPECT_EQ(ctx, tmp->nlink, tmp_links);
	/* Still referenced: gone from the tree, and takes no new entries. */
	KT_EXPECT_EQ(ctx, d->nlink, 0);
	struct inode *child;
	KT_EXPECT_EQ(ctx, d->iops->create(d, "g", 1, S_IFREG | 0644, 0, &child), -ENOENT);
	KT_EXPECT_EQ(ctx, d->iops->lookup(d, "..", 2, &child), -ENOENT);
	inode_put(d);
	inode_put(tmp);
}

KTEST(ramfs_rename_files_and_directories)
{
	char buf[8] = {0};
	KT_ASSERT(ctx, fst_write_file("/tmp/rt_a", "aaa", 3) == 0);
	KT_ASSERT(ctx, fst_write_file("/tmp/rt_b", "bb", 2) == 0);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_a", "/tmp/rt_b"), 0); /* replaces rt_b */
	KT_EXPECT_EQ(ctx, fst_read_file("/tmp/rt_b", buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(ctx, buf, "aaa");
	struct inode *inode;
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/rt_a", &inode), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_a", "/tmp/rt_c"), -ENOENT);

	KT_ASSERT(ctx, vfs_mkdir("/tmp/rt_dir", 0755) == 0);
	KT_ASSERT(ctx, vfs_mkdir("/tmp/rt_dir/sub", 0755) == 0);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_dir", "/tmp/rt_dir/sub/x"), -EINVAL);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_dir", "/tmp/rt_dir/x"), -EINVAL);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_b", "/tmp/rt_dir"), -EISDIR);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_dir", "/tmp/rt_b"), -ENOTDIR);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_b", "/dev/rt_b"), -EXDEV);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_b", "/tmp/rt_dir/sub/moved"), 0);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_dir/sub", "/tmp/rt_sub2"), 0); /* a dir moves up */
	KT_EXPECT_EQ(ctx, fst_read_file("/tmp/rt_sub2/moved", buf, sizeof(buf)), 3);
	struct inode *dir;
	KT_ASSERT(ctx, vfs_lookup("/tmp/rt_dir", &dir) == 0);
	KT_EXPECT_EQ(ctx, dir->nlink, 2); /* lost its subdirectory */
	inode_put(dir);
	KT_ASSERT(ctx, vfs_lookup("/tmp", &dir) == 0);
	KT_EXPECT(ctx, fst_lookup_is("/tmp/rt_sub2/..", dir)); /* its ".." follows the move */
	inode_put(dir);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_dir", "/tmp/rt_sub2"), -ENOTEMPTY);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_sub2/moved"), 0);
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_dir", "/tmp/rt_sub2"), 0); /* over an empty dir */
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_sub2"), 0);
}

struct name_list {
	struct dir_context ctx;
	char names[8][16];
	int count;
	int limit; /* stop after this many (a small buffer) */
};

static int name_list_emit(struct dir_context *ctx, const char *name, size_t len, uint32_t ino,
			  unsigned type)
{
	struct name_list *l = container_of(ctx, struct name_list, ctx);
	if (l->count == l->limit || len >= sizeof(l->names[0]))
		return 1;
	memcpy(l->names[l->count], name, len);
	l->names[l->count][len] = '\0';
	l->count++;
	return 0;
}

KTEST(ramfs_readdir_survives_removal)
{
	KT_ASSERT(ctx, vfs_mkdir("/tmp/rt_ls", 0755) == 0);
	const char *files[] = {"/tmp/rt_ls/one", "/tmp/rt_ls/two", "/tmp/rt_ls/three"};
	for (int i = 0; i < 3; i++)
		KT_ASSERT(ctx, fst_write_file(files[i], "", 0) == 0);
	struct file *dir;
	KT_ASSERT(ctx, vfs_open("/tmp/rt_ls", O_RDONLY | O_DIRECTORY, 0, &dir) == 0);
	struct name_list l = {{name_list_emit, 0}, {{0}}, 0, 3};
	KT_EXPECT_EQ(ctx, dir->fops->readdir(dir, &l.ctx), 0);
	KT_ASSERT(ctx, l.count == 3);
	KT_EXPECT_STREQ(ctx, l.names[0], ".");
	KT_EXPECT_STREQ(ctx, l.names[1], "..");
	KT_EXPECT_STREQ(ctx, l.names[2], "one");
	KT_EXPECT_EQ(ctx, vfs_unlink(files[0]), 0); /* removing what was read skips nothing */
	l.count = 0;
	KT_EXPECT_EQ(ctx, dir->fops->readdir(dir, &l.ctx), 0);
	KT_EXPECT_EQ(ctx, l.count, 2);
	KT_EXPECT_STREQ(ctx, l.names[0], "two");
	KT_EXPECT_STREQ(ctx, l.names[1], "three");
	file_put(dir);
	KT_EXPECT_EQ(ctx, vfs_open("/tmp/rt_ls", O_WRONLY, 0, &dir), -EISDIR);
	KT_EXPECT_EQ(ctx, vfs_open(files[1], O_RDONLY | O_DIRECTORY, 0, &dir), -ENOTDIR);
	KT_EXPECT_EQ(ctx, vfs_unlink(files[1]), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(files[2]), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_ls"), 0);
}

KTEST(ramfs_getcwd_walks_up_through_mounts)
{
	static char buf[PATH_MAX];
	struct inode *saved_cwd = current->cwd;
	inode_get(saved_cwd);
	KT_ASSERT(ctx, vfs_mkdir("/tmp/rt_cwd", 0755) == 0);
	KT_ASSERT(ctx, vfs_mkdir("/tmp/rt_cwd/sub", 0755) == 0);
	KT_EXPECT_EQ(ctx, vfs_chdir("/tmp/rt_cwd/sub"), 0);
	KT_EXPECT_EQ(ctx, vfs_getcwd(buf, sizeof(buf)), 0);
	KT_EXPECT_STREQ(ctx, buf, "/tmp/rt_cwd/sub");
	KT_EXPECT_EQ(ctx, vfs_getcwd(buf, 8), -ERANGE);
	KT_EXPECT_EQ(ctx, vfs_chdir("/"), 0);
	KT_EXPECT_EQ(ctx, vfs_getcwd(buf, sizeof(buf)), 0);
	KT_EXPECT_STREQ(ctx, buf, "/");

	KT_ASSERT(ctx, vfs_mount("none", "/tmp/rt_cwd/sub", "ramfs", 0) == 0);
	KT_EXPECT_EQ(ctx, vfs_mkdir("/tmp/rt_cwd/sub/deeper", 0755), 0);
	KT_EXPECT_EQ(ctx, vfs_chdir("/tmp/rt_cwd/sub/deeper"), 0);
	KT_EXPECT_EQ(ctx, vfs_getcwd(buf, sizeof(buf)), 0);
	KT_EXPECT_STREQ(ctx, buf, "/tmp/rt_cwd/sub/deeper");
	KT_EXPECT_EQ(ctx, vfs_chdir("/tmp/rt_cwd/sub/deeper/x"), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_umount("/tmp/rt_cwd/sub"), -EBUSY); /* our cwd is in it */
	KT_EXPECT_EQ(ctx, vfs_chdir("../.."), 0);
	KT_EXPECT_EQ(ctx, vfs_getcwd(buf, sizeof(buf)), 0);
	KT_EXPECT_STREQ(ctx, buf, "/tmp/rt_cwd");
	KT_EXPECT_EQ(ctx, vfs_umount("/tmp/rt_cwd/sub"), 0);

	inode_put(current->cwd);
	current->cwd = saved_cwd;
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_cwd/sub"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_cwd"), 0);
}

KTEST(ramfs_permissions_umask_and_sticky_tmp)
{
	uint32_t saved_umask = current->umask;
	current->umask = 022;
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/tmp/rt_p", O_RDWR | O_CREAT, 0666, &file) == 0);
	struct inode *inode = file->inode;
	KT_EXPECT_EQ(ctx, inode->mode, S_IFREG | 0644);
	file_put(file);
	current->umask = saved_umask;
	KT_EXPECT_EQ(ctx, vfs_chmod(inode, 0600), 0);

	struct cred saved = fst_become_user(1000, 1000);
	KT_EXPECT_EQ(ctx, vfs_open("/tmp/rt_p", O_RDONLY, 0, &file), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_chmod(inode, 0666), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_chown(inode, 1000, 1000), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_p"), -EPERM); /* /tmp is sticky */
	KT_EXPECT_EQ(ctx, fst_write_file("/tmp/rt_mine", "x", 1), 0);
	KT_EXPECT_EQ(ctx, vfs_mkdir("/etc/rt_no", 0755), -EACCES);
	fst_restore_cred(saved);

	KT_EXPECT_EQ(ctx, vfs_chown(inode, 1000, 1000), 0);
	saved = fst_become_user(1000, 1000);
	KT_EXPECT_EQ(ctx, vfs_chmod(inode, 0640), 0); /* the owner now */
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_p"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_mine"), 0);
	fst_restore_cred(saved);
}

KTEST(ramfs_root_execute_needs_some_x_bit)
{
	struct inode *inode;
	KT_ASSERT(ctx, fst_write_file("/tmp/rt_x", "x", 1) == 0);
	KT_ASSERT(ctx, vfs_lookup("/tmp/rt_x", &inode) == 0);
	KT_EXPECT_EQ(ctx, vfs_chmod(inode, 0644), 0);
	KT_EXPECT_EQ(ctx, inode_permission(inode, X_OK), -EACCES);
	KT_EXPECT_EQ(ctx, inode_permission(inode, R_OK | W_OK), 0);
	KT_EXPECT_EQ(ctx, vfs_chmod(inode, 0010), 0);
	KT_EXPECT_EQ(ctx, inode_permission(inode, X_OK | R_OK), 0);
	inode_put(inode);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_x"), 0);
}

/* Look path up without following a link at its end. */
static struct inode *rt_lookup_link(const char *path)
{
	struct inode *inode;
	return vfs_lookup_at(NULL, path, 0, &inode) ? NULL : inode;
}

KTEST(ramfs_symlink_keeps_its_target)
{
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "rt_target", "/tmp/rt_l") == 0);
	struct inode *link = rt_lookup_link("/tmp/rt_l");
	KT_ASSERT(ctx, link != NULL);
	KT_EXPECT_EQ(ctx, link->mode, S_IFLNK | 0777); /* no umask, as Linux */
	KT_EXPECT_EQ(ctx, link->size, 9);              /* the target's length */
	KT_EXPECT_EQ(ctx, link->nlink, 1);
	KT_EXPECT_EQ(ctx, vfs_dtype(link->mode), DT_LNK);
	char buf[16] = {0};
	KT_EXPECT_EQ(ctx, vfs_readlink(link, buf, sizeof(buf)), 9);
	KT_EXPECT_STREQ(ctx, buf, "rt_target");
	memset(buf, 0, sizeof(buf));
	KT_EXPECT_EQ(ctx, vfs_readlink(link, buf, 3), 3); /* cut short, no NUL */
	KT_EXPECT_STREQ(ctx, buf, "rt_");
	KT_EXPECT_EQ(ctx, vfs_readlink(vfs_root(), buf, sizeof(buf)), -EINVAL);
	struct inode *inode;
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/rt_l", &inode), -ENOENT); /* dangling */
	KT_ASSERT(ctx, fst_write_file("/tmp/rt_target", "t", 1) == 0);
	KT_ASSERT(ctx, vfs_lookup("/tmp/rt_l", &inode) == 0);
	KT_EXPECT(ctx, S_ISREG(inode->mode));
	inode_put(inode);
	inode_put(link);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_l"), 0);
	KT_EXPECT(ctx, rt_lookup_link("/tmp/rt_l") == NULL);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_target"), 0);
}

KTEST(ramfs_symlink_is_a_name_like_others)
{
	KT_ASSERT(ctx, vfs_mkdir("/tmp/rt_sd", 0755) == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "rt_sd", "/tmp/rt_l") == 0);
	KT_EXPECT_EQ(ctx, vfs_symlink_at(NULL, "x", "/tmp/rt_l"), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_mkdir("/tmp/rt_l", 0755), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_l"), -ENOTDIR); /* a link, even to a directory */
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_l/"), -ENOTDIR); /* as Linux */
	/* link(2) names the link itself a second time. */
	KT_EXPECT_EQ(ctx, vfs_link("/tmp/rt_l", "/tmp/rt_l2"), 0);
	struct inode *link = rt_lookup_link("/tmp/rt_l2");
	KT_ASSERT(ctx, link != NULL);
	KT_EXPECT(ctx, S_ISLNK(link->mode));
	KT_EXPECT_EQ(ctx, link->nlink, 2);
	/* rename moves the link, not its target. */
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/rt_l2", "/tmp/rt_l3"), 0);
	KT_EXPECT(ctx, rt_lookup_link("/tmp/rt_l2") == NULL);
	struct inode *moved = rt_lookup_link("/tmp/rt_l3");
	KT_EXPECT(ctx, moved == link);
	inode_put(moved);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_l3"), 0);
	KT_EXPECT_EQ(ctx, link->nlink, 1);
	inode_put(link);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/rt_l"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/rt_sd"), 0); /* still there, and empty */
}
