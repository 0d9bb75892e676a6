/*
 * namei_test.c — path lookup: ".", "..", repeated slashes, relative paths,
 * crossing mounts both ways, and the errors (ENOENT, ENOTDIR, ENAMETOOLONG,
 * EACCES); symbolic links: followed in the middle and at the end, relative
 * and absolute targets, ".." after a link, into a mount, ELOOP for loops and
 * for 41 links, dangling links, and what open does with them (O_NOFOLLOW,
 * O_CREAT, O_EXCL).  Works under /tmp and removes what it makes.
 */
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/printk.h>
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

/* Symbolic links.  NT_SL is the tree they live in:
 *     d/f ("data"), d/e/, rel -> d, abs -> NT_SL/d, deep -> d/e, d/back -> ../d/f */
#define NT_SL "/tmp/nt_sl"

static int nt_make_link_tree(void)
{
	int err = vfs_mkdir(NT_SL, 0755);
	err = err ? err : vfs_mkdir(NT_SL "/d", 0755);
	err = err ? err : vfs_mkdir(NT_SL "/d/e", 0755);
	err = err ? err : fst_write_file(NT_SL "/d/f", "data", 4);
	err = err ? err : vfs_symlink_at(NULL, "d", NT_SL "/rel");
	err = err ? err : vfs_symlink_at(NULL, NT_SL "/d", NT_SL "/abs");
	err = err ? err : vfs_symlink_at(NULL, "d/e", NT_SL "/deep");
	return err ? err : vfs_symlink_at(NULL, "../d/f", NT_SL "/d/back");
}

static void nt_remove_link_tree(struct ktest_ctx *ctx)
{
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/d/back"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/deep"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/abs"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/rel"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/d/f"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(NT_SL "/d/e"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(NT_SL "/d"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(NT_SL), 0);
}

/* Is path, looked up without following a link at its end, a link? */
static bool nt_is_link(const char *path)
{
	struct inode *inode;
	if (vfs_lookup_at(NULL, path, 0, &inode))
		return false;
	bool is_link = S_ISLNK(inode->mode);
	inode_put(inode);
	return is_link;
}

KTEST(namei_symlink_followed_in_the_middle_and_at_the_end)
{
	KT_ASSERT(ctx, nt_make_link_tree() == 0);
	struct inode *d, *f;
	KT_ASSERT(ctx, vfs_lookup(NT_SL "/d", &d) == 0);
	KT_ASSERT(ctx, vfs_lookup(NT_SL "/d/f", &f) == 0);
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/rel/f", f));  /* relative target, in the middle */
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/abs/f", f));  /* absolute target */
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/rel", d));    /* at the end: followed */
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/d/back", f)); /* relative to the link's directory */
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/abs/back", f)); /* a link through a link */
	KT_EXPECT(ctx, nt_is_link(NT_SL "/rel"));         /* not followed when not asked */
	KT_EXPECT(ctx, !nt_is_link(NT_SL "/rel/"));       /* a '/' after it asks */
	struct inode *saved_cwd = current->cwd;
	inode_get(saved_cwd);
	KT_EXPECT_EQ(ctx, vfs_chdir(NT_SL "/rel"), 0);
	KT_EXPECT(ctx, current->cwd == d);
	KT_EXPECT(ctx, fst_lookup_is("back", f)); /* from the cwd the link led to */
	inode_put(current->cwd);
	current->cwd = saved_cwd;
	inode_put(f);
	inode_put(d);
	nt_remove_link_tree(ctx);
}

KTEST(namei_symlink_dotdot_climbs_from_where_the_link_led)
{
	KT_ASSERT(ctx, nt_make_link_tree() == 0);
	struct inode *d, *top;
	KT_ASSERT(ctx, vfs_lookup(NT_SL "/d", &d) == 0);
	KT_ASSERT(ctx, vfs_lookup(NT_SL, &top) == 0);
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/deep/..", d)); /* d/e/.., not NT_SL/.. */
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/deep/../..", top));
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/abs/e/../../d", d));
	inode_put(top);
	inode_put(d);
	nt_remove_link_tree(ctx);
}

KTEST(namei_symlink_loops_and_chains)
{
	KT_ASSERT(ctx, vfs_mkdir(NT_SL, 0755) == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "b", NT_SL "/a") == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "a", NT_SL "/b") == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "self", NT_SL "/self") == 0);
	struct inode *inode;
	KT_EXPECT_EQ(ctx, vfs_lookup(NT_SL "/a", &inode), -ELOOP);
	KT_EXPECT_EQ(ctx, vfs_lookup(NT_SL "/a/x", &inode), -ELOOP);
	KT_EXPECT_EQ(ctx, vfs_lookup(NT_SL "/self", &inode), -ELOOP);
	/* c0 -> "." and cN -> c(N-1): cN takes N + 1 links. */
	static char name[64], target[64];
	for (int i = 0; i <= MAXSYMLINKS; i++) {
		snprintf(name, sizeof(name), NT_SL "/c%d", i);
		snprintf(target, sizeof(target), i ? "c%d" : ".", i - 1);
		KT_ASSERT(ctx, vfs_symlink_at(NULL, target, name) == 0);
	}
	struct inode *top;
	KT_ASSERT(ctx, vfs_lookup(NT_SL, &top) == 0);
	snprintf(name, sizeof(name), NT_SL "/c%d", MAXSYMLINKS - 1);
	KT_EXPECT(ctx, fst_lookup_is(name, top)); /* 40 links: fine */
	snprintf(name, sizeof(name), NT_SL "/c%d", MAXSYMLINKS);
	KT_EXPECT_EQ(ctx, vfs_lookup(name, &inode), -ELOOP); /* 41 */
	inode_put(top);
	for (int i = 0; i <= MAXSYMLINKS; i++) {
		snprintf(name, sizeof(name), NT_SL "/c%d", i);
		KT_EXPECT_EQ(ctx, vfs_unlink(name), 0);
	}
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/self"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/b"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/a"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(NT_SL), 0);
}

KTEST(namei_symlink_dangling_and_too_long)
{
	KT_ASSERT(ctx, vfs_mkdir(NT_SL, 0755) == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "nowhere", NT_SL "/dangling") == 0);
	struct inode *inode;
	KT_EXPECT_EQ(ctx, vfs_lookup(NT_SL "/dangling", &inode), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_lookup(NT_SL "/dangling/x", &inode), -ENOENT);
	KT_EXPECT(ctx, nt_is_link(NT_SL "/dangling"));
	KT_EXPECT_EQ(ctx, vfs_symlink_at(NULL, "x", NT_SL "/dangling"), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_symlink_at(NULL, "", NT_SL "/empty"), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_symlink_at(NULL, "x", NT_SL "/new/"), -ENOENT);
	/* "/./././...": 1001 bytes of text that lead to the root; the rest of a
	 * path after it may not take the whole past PATH_MAX. */
	char *text = kmalloc(PATH_MAX);
	KT_ASSERT(ctx, text != NULL);
	text[0] = '/';
	for (size_t i = 1; i < 1001; i += 2)
		memcpy(text + i, "./", 2);
	text[1001] = '\0';
	KT_ASSERT(ctx, vfs_symlink_at(NULL, text, NT_SL "/long") == 0);
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/long", vfs_root()));
	KT_EXPECT_EQ(ctx, vfs_lookup(NT_SL "/long/././././././././././././././.", &inode),
		     -ENAMETOOLONG);
	kfree(text);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/long"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/dangling"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(NT_SL), 0);
}

KTEST(namei_symlink_into_a_mount)
{
	KT_ASSERT(ctx, vfs_mkdir(NT_SL, 0755) == 0);
	KT_ASSERT(ctx, vfs_mkdir(NT_SL "/m", 0755) == 0);
	KT_ASSERT(ctx, vfs_mount("none", NT_SL "/m", "ramfs", 0) == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "m", NT_SL "/lm") == 0);
	struct inode *mounted, *top;
	KT_ASSERT(ctx, vfs_lookup(NT_SL "/m", &mounted) == 0);
	KT_ASSERT(ctx, vfs_lookup(NT_SL, &top) == 0);
	KT_EXPECT(ctx, mounted == mounted->sb->root);
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/lm", mounted));
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/lm/..", top)); /* back out through the mount */
	/* A link inside the mounted filesystem, pointing out of it. */
	KT_EXPECT_EQ(ctx, vfs_symlink_at(NULL, "../lm", NT_SL "/m/out"), 0);
	KT_EXPECT(ctx, fst_lookup_is(NT_SL "/m/out", mounted));
	inode_put(top);
	inode_put(mounted);
	KT_EXPECT_EQ(ctx, vfs_umount(NT_SL "/lm"), 0); /* umount follows, as Linux's */
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/lm"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(NT_SL "/m"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(NT_SL), 0);
}

KTEST(namei_symlink_and_open)
{
	KT_ASSERT(ctx, nt_make_link_tree() == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "d/f", NT_SL "/lf") == 0);
	KT_ASSERT(ctx, vfs_symlink_at(NULL, "d/new", NT_SL "/dangling") == 0);
	struct file *file;
	char buf[8] = {0};
	KT_EXPECT_EQ(ctx, fst_read_file(NT_SL "/lf", buf, sizeof(buf) - 1), 4);
	KT_EXPECT_STREQ(ctx, buf, "data");
	KT_EXPECT_EQ(ctx, vfs_open(NT_SL "/lf", O_RDONLY | O_NOFOLLOW, 0, &file), -ELOOP);
	KT_EXPECT_EQ(ctx, vfs_open(NT_SL "/lf", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644, &file),
		     -ELOOP);
	KT_EXPECT_EQ(ctx, vfs_open(NT_SL "/lf", O_WRONLY | O_CREAT | O_EXCL, 0644, &file),
		     -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_open(NT_SL "/rel/", O_RDONLY | O_NOFOLLOW, 0, &file), 0);
	file_put(file); /* a '/' after the link: followed all the same */
	KT_EXPECT_EQ(ctx, vfs_open(NT_SL "/rel", O_WRONLY | O_CREAT, 0644, &file), -EISDIR);
	/* O_CREAT through a dangling link makes what it names. */
	KT_EXPECT_EQ(ctx, fst_write_file(NT_SL "/dangling", "new", 3), 0);
	KT_EXPECT_EQ(ctx, fst_read_file(NT_SL "/d/new", buf, sizeof(buf) - 1), 3);
	KT_EXPECT(ctx, nt_is_link(NT_SL "/dangling"));
	/* unlink removes the link, never its target. */
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/lf"), 0);
	KT_EXPECT_EQ(ctx, fst_read_file(NT_SL "/d/f", buf, sizeof(buf) - 1), 4);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/dangling"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(NT_SL "/d/new"), 0);
	nt_remove_link_tree(ctx);
}
