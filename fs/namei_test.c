/*
 * namei_test.c — path lookup: ".", "..", repeated slashes, relative paths,
 * crossing mounts both ways, and the errors (ENOENT, ENOTDIR, ENAMETOOLONG,
 * EACCES).  Works under /tmp and removes what it makes.
 */
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/string.h>

#include "fs_test.h"

KTEST(namei_dot_and_dotdot)
{
	struct inode *root = vfs_root(), *tmp;
	KT_ASSERT(ctx, vfs_lookup("/tmp", &tmp) == 0);
	KT_EXPECT(ctx, fst_lookup_is("/", root));
	KT_EXPECT(ctx, fst_lookup_is("/.", root));
	KT_EXPECT(ctx, fst_lookup_is("/..", root)); /* the root is its own parent */
	KT_EXPECT(ctx, fst_lookup_is("/../../..", root));
	KT_EXPECT(ctx, fst_lookup_is("/tmp/..", root));
	KT_EXPECT(ctx, fst_lookup_is("/tmp/.", tmp));
	KT_EXPECT(ctx, fst_lookup_is("/tmp/./../tmp", tmp));
	inode_put(tmp);
}

KTEST(namei_repeated_and_trailing_slashes)
{
	KT_ASSERT(ctx, vfs_mkdir("/tmp/nt_a", 0755) == 0);
	KT_ASSERT(ctx, vfs_mkdir("/tmp/nt_a/b", 0755) == 0);
	struct inode *b;
	KT_ASSERT(ctx, vfs_lookup("/tmp/nt_a/b", &b) == 0);
	KT_EXPECT(ctx, fst_lookup_is("//tmp///nt_a////b", b));
	KT_EXPECT(ctx, fst_lookup_is("/tmp/nt_a/b/", b));
	KT_EXPECT(ctx, fst_lookup_is("/tmp/nt_a/b//.//", b));
	inode_put(b);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/nt_a/b"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/nt_a"), 0);
}

KTEST(namei_relative_to_cwd)
{
	KT_ASSERT(ctx, vfs_mkdir("/tmp/nt_rel", 0755) == 0);
	KT_ASSERT(ctx, vfs_mkdir("/tmp/nt_rel/b", 0755) == 0);
	struct inode *saved_cwd = current->cwd, *b;
	inode_get(saved_cwd);
	KT_ASSERT(ctx, vfs_lookup("/tmp/nt_rel/b", &b) == 0);
	KT_EXPECT_EQ(ctx, vfs_chdir("/tmp/nt_rel"), 0);
	KT_EXPECT(ctx, fst_lookup_is("b", b));
	KT_EXPECT(ctx, fst_lookup_is("./b/", b));
	KT_EXPECT(ctx, fst_lookup_is("../nt_rel/b", b));
	KT_EXPECT(ctx, fst_lookup_is("b/../b", b));
	inode_put(b);
	inode_put(current->cwd);
	current->cwd = saved_cwd;
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/nt_rel/b"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/nt_rel"), 0);
}

KTEST(namei_errors)
{
	struct inode *inode;
	static char long_name[NAME_MAX + 8];
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/nt_missing", &inode), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/nt_missing/x", &inode), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_lookup("", &inode), -ENOENT);
	KT_ASSERT(ctx, fst_write_file("/tmp/nt_file", "x", 1) == 0);
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/nt_file/x", &inode), -ENOTDIR);
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/nt_file/", &inode), -ENOTDIR);
	KT_EXPECT_EQ(ctx, vfs_mkdir("/tmp/nt_file/d", 0755), -ENOTDIR);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[0] = '/';
	KT_EXPECT_EQ(ctx, vfs_lookup(long_name, &inode), -ENAMETOOLONG);
	char *long_path = kmalloc(PATH_MAX + 1);
	KT_ASSERT(ctx, long_path != NULL);
	for (size_t i = 0; i < PATH_MAX; i += 2)
		memcpy(long_path + i, "/.", 2);
	long_path[PATH_MAX] = '\0';
	KT_EXPECT_EQ(ctx, vfs_lookup(long_path, &inode), -ENAMETOOLONG);
	long_path[PATH_MAX - 2] = '\0'; /* "/./././..." just fits */
	KT_EXPECT(ctx, fst_lookup_is(long_path, vfs_root()));
	kfree(long_path);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/nt_file"), 0);
}

KTEST(namei_search_permission)
{
	KT_ASSERT(ctx, vfs_mkdir("/tmp/nt_priv", 0700) == 0);
	KT_ASSERT(ctx, fst_write_file("/tmp/nt_priv/f", "x", 1) == 0);
	struct inode *inode;
	struct cred saved = fst_become_user(1000, 1000);
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/nt_priv/f", &inode), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/nt_priv/..", &inode), -EACCES);
	KT_ASSERT(ctx, vfs_lookup("/tmp/nt_priv", &inode) == 0); /* the last name needs no x */
	inode_put(inode);
	fst_restore_cred(saved);
	KT_EXPECT_EQ(ctx, vfs_lookup("/tmp/nt_priv/f", &inode), 0); /* root may */
	inode_put(inode);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/nt_priv/f"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/nt_priv"), 0);
}

KTEST(namei_crosses_mounts_both_ways)
{
	struct inode *tmp, *under, *mounted;
	KT_ASSERT(ctx, vfs_mkdir("/tmp/nt_mnt", 0755) == 0);
	KT_ASSERT(ctx, vfs_lookup("/tmp", &tmp) == 0);
	KT_ASSERT(ctx, vfs_lookup("/tmp/nt_mnt", &under) == 0);
	KT_ASSERT(ctx, vfs_mount("none", "/tmp/nt_mnt", "ramfs", 0) == 0);
	KT_ASSERT(ctx, vfs_lookup("/tmp/nt_mnt", &mounted) == 0);
	KT_EXPECT(ctx, mounted != under);
	KT_EXPECT(ctx, mounted->sb != tmp->sb);
	KT_EXPECT(ctx, mounted == mounted->sb->root);
	KT_EXPECT(ctx, fst_lookup_is("/tmp/nt_mnt/..", tmp));
	KT_EXPECT(ctx, fst_lookup_is("/tmp/nt_mnt/./../nt_mnt/", mounted));
	inode_put(mounted);
	KT_EXPECT_EQ(ctx, fst_write_file("/tmp/nt_mnt/inside", "x", 1), 0);

	struct file *file;
	KT_EXPECT_EQ(ctx, vfs_open("/tmp/nt_mnt/inside", O_RDONLY, 0, &file), 0);
	KT_EXPECT_EQ(ctx, vfs_umount("/tmp/nt_mnt"), -EBUSY);  /* an open file */
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/nt_mnt"), -EBUSY);   /* a mount point */
	KT_EXPECT_EQ(ctx, vfs_rename("/tmp/nt_mnt/inside", "/tmp/nt_x"), -EXDEV);
	KT_EXPECT_EQ(ctx, vfs_mkdir("/tmp/nt_mnt/sub", 0755), 0);
	KT_EXPECT_EQ(ctx, vfs_mount("none", "/tmp/nt_mnt/sub", "ramfs", 0), 0);
	KT_EXPECT_EQ(ctx, vfs_umount("/tmp/nt_mnt"), -EBUSY);  /* a mount below */
	KT_EXPECT_EQ(ctx, vfs_umount("/tmp/nt_mnt/sub"), 0);
	KT_EXPECT_EQ(ctx, vfs_umount("/tmp/nt_mnt"), 0);      /* files go with it */
	KT_EXPECT_EQ(ctx, vfs_umount("/tmp/nt_mnt"), -EINVAL); /* not a mount any more */
	KT_EXPECT(ctx, fst_lookup_is("/tmp/nt_mnt", under));
	KT_EXPECT_EQ(ctx, vfs_umount("/"), -EBUSY);
	inode_put(under);
	inode_put(tmp);
	KT_EXPECT_EQ(ctx, vfs_rmdir("/tmp/nt_mnt"), 0);
}
