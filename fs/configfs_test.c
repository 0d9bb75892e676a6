/*
 * configfs_test.c — configfs through the VFS, with a test subsystem
 * "ktest_cfs" registered for each test and unregistered after it: listing,
 * mkdir and rmdir calling make_item and drop_item, the errors configfs gives
 * itself, attribute reads and writes with the subsystem's errno passed
 * through, rmdir while an attribute file is open, permissions and delegation
 * by chown, two mounts of one tree, rmdir waiting for a sleeping store.
 * Mounts under /tmp.
 */
#include <corral/configfs.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/time.h>
#include <uapi/wait.h>

#include "fs_test.h"

#define CFT_DIR "/tmp/cft_configfs"
#define CFT_DIR2 "/tmp/cft_configfs2"
#define CFT_SUB CFT_DIR "/ktest_cfs"
#define CFT_MAX_ITEMS 3

/* ---- the test subsystem -------------------------------------------------- */

struct cft_item {
	struct configfs_item item;
	uint32_t number;      /* "number": 0..1000 */
	uint32_t nr_shows;    /* "counter": shows so far */
	uint32_t nr_secrets;  /* "secret" writes */
};

static struct {
	int nr_makes, nr_drops, nr_live;
	bool is_drop_refused; /* drop_item says -EBUSY */
	struct cft_item *last_made;
	uint64_t store_sleep_ticks; /* "number" stores sleep this long first */
	int nr_stores_inside;       /* stores sleeping right now */
	int nr_stores_at_drop;      /* ... when drop_item last ran */
} cft;

static struct cft_item *cft_of(struct configfs_item *item)
{
	return container_of(item, struct cft_item, item);
}

static ssize_t cft_show_counter(struct configfs_item *item, char *buf, size_t size)
{
	return snprintf(buf, size, "%u\n", ++cft_of(item)->nr_shows);
}

static ssize_t cft_show_number(struct configfs_item *item, char *buf, size_t size)
{
	return snprintf(buf, size, "%u\n", cft_of(item)->number);
}

/* A decimal number, perhaps with a newline; EINVAL or ERANGE change nothing. */
static int cft_store_number(struct configfs_item *item, const char *buf, size_t len)
{
	if (cft.store_sleep_ticks) {
		cft.nr_stores_inside++;
		sleep_ticks(cft.store_sleep_ticks);
		cft.nr_stores_inside--;
	}
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len == 0)
		return -EINVAL;
	uint32_t value = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		value = value * 10 + (uint32_t)(buf[i] - '0');
		if (value > 1000)
			return -ERANGE;
	}
	cft_of(item)->number = value;
	return 0;
}

static int cft_store_secret(struct configfs_item *item, const char *buf, size_t len)
{
	cft_of(item)->nr_secrets++;
	return 0;
}

static struct configfs_subsystem cft_sub;

static ssize_t cft_show_description(struct configfs_item *item, char *buf, size_t size)
{
	if (item->private != &cft_sub || strcmp(item->name, "ktest_cfs") != 0)
		return -EINVAL; /* the header's promise for subsystem attributes */
	return snprintf(buf, size, "a test subsystem\n");
}

static const struct configfs_attribute cft_counter = {"counter", 0444, cft_show_counter, NULL};
static const struct configfs_attribute cft_number = {"number", 0644, cft_show_number,
						      cft_store_number};
static const struct configfs_attribute cft_secret = {"secret", 0200, NULL, cft_store_secret};
static const struct configfs_attribute cft_description = {"description", 0444,
							   cft_show_description, NULL};

static const struct configfs_attribute *const cft_item_attrs[] = {&cft_counter, &cft_number,
								  &cft_secret, NULL};
static const struct configfs_attribute *const cft_sub_attrs[] = {&cft_description, NULL};

static int cft_make_item(struct configfs_subsystem *sub, const char *name,
			 struct configfs_item **out)
{
	cft.nr_makes++;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return -EINVAL;
	if (cft.nr_live == CFT_MAX_ITEMS)
		return -ENOSPC;
	struct cft_item *it = kzalloc(sizeof(*it));
	if (!it)
		return -ENOMEM;
	cft.nr_live++;
	cft.last_made = it;
	*out = &it->item;
	return 0;
}

static int cft_drop_item(struct configfs_subsystem *sub, struct configfs_item *item)
{
	cft.nr_drops++;
	cft.nr_stores_at_drop = cft.nr_stores_inside;
	if (cft.is_drop_refused)
		return -EBUSY;
	cft.nr_live--;
	kfree(cft_of(item));
	return 0;
}

static struct configfs_subsystem cft_sub = {
	.name = "ktest_cfs",
	.item_attrs = cft_item_attrs,
	.subsystem_attrs = cft_sub_attrs,
	.make_item = cft_make_item,
	.drop_item = cft_drop_item,
};

/* ---- helpers ------------------------------------------------------------- */

static bool cft_setup(void)
{
	memset(&cft, 0, sizeof(cft));
	configfs_init(); /* normally done at boot; a second call does nothing */
	return configfs_register_subsystem(&cft_sub) == 0 && vfs_mkdir(CFT_DIR, 0755) == 0 &&
	       vfs_mount("none", CFT_DIR, "configfs", 0) == 0;
}

static void cft_teardown(struct ktest_ctx *ctx)
{
	KT_EXPECT_EQ(ctx, vfs_umount(CFT_DIR), 0); /* EBUSY would be a leaked inode */
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_DIR), 0);
	KT_EXPECT_EQ(ctx, configfs_unregister_subsystem(&cft_sub), 0);
	KT_EXPECT_EQ(ctx, cft.nr_live, 0);
}

struct cft_listing {
	struct dir_context ctx;
	char names[128]; /* "a b c", without "." and ".." */
};

static int cft_listing_emit(struct dir_context *ctx, const char *name, size_t len, uint32_t ino,
			    unsigned type)
{
	struct cft_listing *l = container_of(ctx, struct cft_listing, ctx);
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	size_t used = strlen(l->names);
	if (used + len + 2 > sizeof(l->names))
		return 1;
	if (used)
		l->names[used++] = ' ';
	memcpy(l->names + used, name, len);
	l->names[used + len] = '\0';
	return 0;
}

/* The names in directory path, space-separated, in readdir order. */
static const char *cft_list(const char *path)
{
	static struct cft_listing l;
	memset(&l, 0, sizeof(l));
	l.ctx.emit = cft_listing_emit;
	struct file *file;
	if (vfs_open(path, O_RDONLY | O_DIRECTORY, 0, &file))
		return "(cannot open)";
	file->fops->readdir(file, &l.ctx);
	file_put(file);
	return l.names;
}

/* Open path with flags and write text once: file_write's result or -errno. */
static ssize_t cft_write(const char *path, uint32_t flags, const char *text)
{
	struct file *file;
	int err = vfs_open(path, flags, 0, &file);
	if (err)
		return err;
	ssize_t n = file_write(file, text, strlen(text));
	file_put(file);
	return n;
}

/* The whole text of path (NUL-terminated), or "" after an error. */
static const char *cft_read(const char *path)
{
	static char text[64];
	memset(text, 0, sizeof(text));
	if (fst_read_file(path, text, sizeof(text) - 1) < 0)
		text[0] = '\0';
	return text;
}

/* An inode's mode, or -errno. */
static long cft_mode(const char *path)
{
	struct inode *inode;
	int err = vfs_lookup(path, &inode);
	if (err)
		return err;
	long mode = (long)inode->mode;
	inode_put(inode);
	return mode;
}

static long cft_uid(const char *path)
{
	struct inode *inode;
	int err = vfs_lookup(path, &inode);
	if (err)
		return err;
	long uid = (long)inode->uid;
	inode_put(inode);
	return uid;
}

static int cft_chown(const char *path, uint32_t uid)
{
	struct inode *inode;
	int err = vfs_lookup(path, &inode);
	if (!err) {
		err = vfs_chown(inode, uid, uid);
		inode_put(inode);
	}
	return err;
}

/* ---- tests --------------------------------------------------------------- */

KTEST(configfs_lists_subsystems_items_and_attributes)
{
	KT_ASSERT(ctx, cft_setup());
	KT_EXPECT(ctx, strstr(cft_list(CFT_DIR), "ktest_cfs") != NULL);
	KT_EXPECT_STREQ(ctx, cft_list(CFT_SUB), "description");
	KT_EXPECT_EQ(ctx, cft_mode(CFT_DIR), S_IFDIR | 0755);
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB), S_IFDIR | 0755);
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/description"), S_IFREG | 0444);
	KT_EXPECT_STREQ(ctx, cft_read(CFT_SUB "/description"), "a test subsystem\n");

	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/a", 0700), 0); /* the mode asked for is ignored */
	KT_EXPECT_EQ(ctx, cft.nr_makes, 1);
	KT_EXPECT_STREQ(ctx, cft_list(CFT_SUB), "description a");
	KT_EXPECT_STREQ(ctx, cft_list(CFT_SUB "/a"), "counter number secret");
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/a"), S_IFDIR | 0755);
	KT_EXPECT_EQ(ctx, cft_uid(CFT_SUB "/a"), 0);
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/a/counter"), S_IFREG | 0444);
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/a/number"), S_IFREG | 0644);
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/a/secret"), S_IFREG | 0200);
	KT_EXPECT_STREQ(ctx, cft.last_made->item.name, "a"); /* configfs filled it in */
	struct inode *sub;
	KT_ASSERT(ctx, vfs_lookup(CFT_SUB, &sub) == 0);
	KT_EXPECT_EQ(ctx, sub->nlink, 3); /* ".", its name, and a's ".." */
	KT_EXPECT(ctx, fst_lookup_is(CFT_SUB "/a/..", sub));
	KT_EXPECT(ctx, fst_lookup_is(CFT_SUB "/.", sub)); /* one live inode per node */
	inode_put(sub);

	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), 0); /* holds attribute files: still fine */
	KT_EXPECT_EQ(ctx, cft.nr_drops, 1);
	KT_EXPECT_STREQ(ctx, cft_list(CFT_SUB), "description");
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/a"), -ENOENT);
	cft_teardown(ctx);
}

KTEST(configfs_mkdir_and_rmdir_rules)
{
	KT_ASSERT(ctx, cft_setup());
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/a", 0755), 0);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/a", 0755), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/description", 0755), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/0123456789012345678901234567890x", 0755), -EINVAL);
	struct inode *sub, *child; /* configfs's own check, behind the VFS's */
	KT_ASSERT(ctx, vfs_lookup(CFT_SUB, &sub) == 0);
	KT_EXPECT_EQ(ctx, sub->iops->mkdir(sub, "a", 1, S_IFDIR | 0755, &child), -EEXIST);
	KT_EXPECT_EQ(ctx, sub->iops->mkdir(sub, "description", 11, S_IFDIR | 0755, &child),
		     -EEXIST);
	inode_put(sub);
	KT_EXPECT_EQ(ctx, cft.nr_makes, 1); /* none of these reached make_item */
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/Bad!", 0755), -EINVAL); /* make_item's verdict */
	KT_EXPECT_EQ(ctx, cft.nr_makes, 2);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/0123456789012345678901234567890", 0755), 0);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/c", 0755), 0);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/d", 0755), -ENOSPC);
	KT_EXPECT_STREQ(ctx, cft_list(CFT_SUB), "description a 0123456789012345678901234567890 c");
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/0123456789012345678901234567890"), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/c"), 0);

	/* Where only subsystems or attributes live, nothing is made or removed. */
	struct file *file;
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_DIR "/x", 0755), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/a/x", 0755), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_open(CFT_SUB "/f", O_WRONLY | O_CREAT, 0644, &file), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_open(CFT_SUB "/a/f", O_WRONLY | O_CREAT, 0644, &file), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_unlink(CFT_SUB "/a/number"), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a/number"), -ENOTDIR);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_rename(CFT_SUB "/a", CFT_SUB "/b"), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/nonesuch"), -ENOENT);

	/* Only root: the directories are 0755 root, and the VFS checks. */
	struct cred saved = fst_become_user(1000, 1000);
	int mkdir_err = vfs_mkdir(CFT_SUB "/u", 0755);
	int rmdir_err = vfs_rmdir(CFT_SUB "/a");
	fst_restore_cred(saved);
	KT_EXPECT_EQ(ctx, mkdir_err, -EACCES);
	KT_EXPECT_EQ(ctx, rmdir_err, -EACCES);

	/* A drop_item that fails changes nothing. */
	KT_EXPECT_EQ(ctx, cft_write(CFT_SUB "/a/number", O_WRONLY, "77"), 2);
	cft.is_drop_refused = true;
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), -EBUSY);
	cft.is_drop_refused = false;
	KT_EXPECT_STREQ(ctx, cft_list(CFT_SUB), "description a");
	KT_EXPECT_STREQ(ctx, cft_read(CFT_SUB "/a/number"), "77\n");
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), 0);
	KT_EXPECT_EQ(ctx, cft.nr_drops, 4);
	cft_teardown(ctx);
}

KTEST(configfs_attribute_read_and_write)
{
	KT_ASSERT(ctx, cft_setup());
	KT_ASSERT(ctx, vfs_mkdir(CFT_SUB "/a", 0755) == 0);
	struct cft_item *it = cft.last_made;
	KT_EXPECT_STREQ(ctx, cft_read(CFT_SUB "/a/number"), "0\n");
	KT_EXPECT_EQ(ctx, cft_write(CFT_SUB "/a/number", O_WRONLY | O_TRUNC, "42\n"), 3);
	KT_EXPECT_STREQ(ctx, cft_read(CFT_SUB "/a/number"), "42\n");
	/* store's errno, unchanged, and nothing changed. */
	KT_EXPECT_EQ(ctx, cft_write(CFT_SUB "/a/number", O_WRONLY, "abc"), -EINVAL);
	KT_EXPECT_EQ(ctx, cft_write(CFT_SUB "/a/number", O_WRONLY, "5000"), -ERANGE);
	KT_EXPECT_EQ(ctx, cft_write(CFT_SUB "/a/number", O_WRONLY, ""), -EINVAL);
	KT_EXPECT_STREQ(ctx, cft_read(CFT_SUB "/a/number"), "42\n");

	/* Each write is one store. */
	struct file *file;
	KT_ASSERT(ctx, vfs_open(CFT_SUB "/a/number", O_RDWR, 0, &file) == 0);
	KT_EXPECT_EQ(ctx, file_write(file, "7", 1), 1);
	KT_EXPECT_EQ(ctx, it->number, 7);
	KT_EXPECT_EQ(ctx, file_write(file, "8", 1), 1);
	KT_EXPECT_EQ(ctx, it->number, 8);
	char buf[8] = {0};
	KT_EXPECT_EQ(ctx, file_pread(file, buf, sizeof(buf) - 1, 0), 2);
	KT_EXPECT_STREQ(ctx, buf, "8\n");
	file_put(file);

	/* Reads after offset 0 continue in the text of that read. */
	KT_ASSERT(ctx, vfs_open(CFT_SUB "/a/counter", O_RDONLY, 0, &file) == 0);
	memset(buf, 0, sizeof(buf));
	KT_EXPECT_EQ(ctx, file_read(file, buf, 1), 1);
	KT_EXPECT_EQ(ctx, file_read(file, buf + 1, 5), 1);
	KT_EXPECT_EQ(ctx, file_read(file, buf + 2, 5), 0);
	KT_EXPECT_STREQ(ctx, buf, "1\n");
	KT_EXPECT_EQ(ctx, it->nr_shows, 1);
	file->pos = 0;
	KT_EXPECT_EQ(ctx, file_read(file, buf, 5), 2);
	KT_EXPECT_EQ(ctx, it->nr_shows, 2);
	file_put(file);

	/* Without store or show: EACCES, for root too. */
	KT_EXPECT_EQ(ctx, vfs_open(CFT_SUB "/a/counter", O_WRONLY, 0, &file), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_open(CFT_SUB "/a/counter", O_RDWR, 0, &file), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_open(CFT_SUB "/description", O_WRONLY | O_TRUNC, 0, &file), -EACCES);
	KT_EXPECT_EQ(ctx, vfs_open(CFT_SUB "/a/secret", O_RDONLY, 0, &file), -EACCES);
	KT_EXPECT_EQ(ctx, cft_write(CFT_SUB "/a/secret", O_WRONLY, "x"), 1);
	KT_EXPECT_EQ(ctx, it->nr_secrets, 1);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), 0);
	cft_teardown(ctx);
}

KTEST(configfs_rmdir_while_an_attribute_is_open)
{
	KT_ASSERT(ctx, cft_setup());
	KT_ASSERT(ctx, vfs_mkdir(CFT_SUB "/a", 0755) == 0);
	struct file *number, *counter, *description;
	struct inode *dir;
	KT_ASSERT(ctx, vfs_open(CFT_SUB "/a/number", O_RDWR, 0, &number) == 0);
	KT_ASSERT(ctx, vfs_open(CFT_SUB "/a/counter", O_RDONLY, 0, &counter) == 0);
	KT_ASSERT(ctx, vfs_lookup(CFT_SUB "/a", &dir) == 0);
	char buf[8] = {0};
	KT_EXPECT_EQ(ctx, file_read(number, buf, 1), 1);

	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), 0); /* drop_item frees the object */
	KT_EXPECT_EQ(ctx, cft.nr_drops, 1);
	KT_EXPECT_EQ(ctx, file_read(number, buf + 1, 4), 1); /* the rest of the text read */
	KT_EXPECT_STREQ(ctx, buf, "0\n");
	number->pos = 0;
	KT_EXPECT_EQ(ctx, file_read(number, buf, 4), -ENODEV);
	KT_EXPECT_EQ(ctx, file_write(number, "5", 1), -ENODEV);
	KT_EXPECT_EQ(ctx, file_read(counter, buf, 4), -ENODEV);
	struct inode *child;
	KT_EXPECT_EQ(ctx, dir->iops->lookup(dir, "number", 6, &child), -ENOENT);
	KT_EXPECT_EQ(ctx, dir->iops->mkdir(dir, "x", 1, S_IFDIR | 0755, &child), -EPERM);

	/* The name is free again; the old files stay dead. */
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/a", 0755), 0);
	KT_EXPECT_EQ(ctx, file_write(number, "5", 1), -ENODEV);
	KT_EXPECT_EQ(ctx, cft_write(CFT_SUB "/a/number", O_WRONLY, "5"), 1);
	KT_EXPECT_EQ(ctx, vfs_umount(CFT_DIR), -EBUSY); /* open files */
	file_put(number);
	file_put(counter);
	inode_put(dir);

	/* A subsystem goes only without items; its open attributes then die too. */
	KT_ASSERT(ctx, vfs_open(CFT_SUB "/description", O_RDONLY, 0, &description) == 0);
	KT_EXPECT_EQ(ctx, configfs_unregister_subsystem(&cft_sub), -EBUSY);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), 0);
	KT_EXPECT_EQ(ctx, configfs_unregister_subsystem(&cft_sub), 0);
	KT_EXPECT_EQ(ctx, file_read(description, buf, 4), -ENODEV);
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB), -ENOENT);
	file_put(description);
	KT_EXPECT_EQ(ctx, configfs_register_subsystem(&cft_sub), 0);
	cft_teardown(ctx);
}

KTEST(configfs_register_rules)
{
	KT_ASSERT(ctx, cft_setup());
	KT_EXPECT_EQ(ctx, configfs_register_subsystem(&cft_sub), -EEXIST);
	struct configfs_subsystem bad = cft_sub;
	bad.name = "";
	KT_EXPECT_EQ(ctx, configfs_register_subsystem(&bad), -EINVAL);
	bad.name = "a/b";
	KT_EXPECT_EQ(ctx, configfs_register_subsystem(&bad), -EINVAL);
	bad.name = "..";
	KT_EXPECT_EQ(ctx, configfs_register_subsystem(&bad), -EINVAL);
	KT_EXPECT_EQ(ctx, configfs_unregister_subsystem(&bad), -ENOENT);
	/* A second subsystem appears at once in a mounted tree. */
	bad.name = "ktest_cfs2";
	bad.subsystem_attrs = NULL;
	KT_EXPECT_EQ(ctx, configfs_register_subsystem(&bad), 0);
	KT_EXPECT_STREQ(ctx, cft_list(CFT_DIR "/ktest_cfs2"), "");
	KT_EXPECT_EQ(ctx, configfs_unregister_subsystem(&bad), 0);
	cft_teardown(ctx);
}

KTEST(configfs_permissions_and_delegation)
{
	KT_ASSERT(ctx, cft_setup());
	KT_ASSERT(ctx, vfs_mkdir(CFT_SUB "/a", 0755) == 0);
	struct cred saved = fst_become_user(1000, 1000);
	ssize_t denied = cft_write(CFT_SUB "/a/number", O_WRONLY, "3");
	bool can_read = strcmp(cft_read(CFT_SUB "/a/number"), "0\n") == 0;
	fst_restore_cred(saved);
	KT_EXPECT_EQ(ctx, denied, -EACCES);
	KT_EXPECT(ctx, can_read);

	/* chown delegates; chmod and chown stick when the inodes are gone. */
	KT_EXPECT_EQ(ctx, cft_chown(CFT_SUB "/a/number", 1000), 0);
	saved = fst_become_user(1000, 1000);
	ssize_t allowed = cft_write(CFT_SUB "/a/number", O_WRONLY, "3");
	fst_restore_cred(saved);
	KT_EXPECT_EQ(ctx, allowed, 1);
	KT_EXPECT_STREQ(ctx, cft_read(CFT_SUB "/a/number"), "3\n");
	struct inode *inode;
	KT_ASSERT(ctx, vfs_lookup(CFT_SUB "/a/number", &inode) == 0);
	KT_EXPECT_EQ(ctx, vfs_chmod(inode, 0600), 0);
	inode_put(inode); /* the inode goes; the node keeps mode and owner */
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/a/number"), S_IFREG | 0600);
	KT_EXPECT_EQ(ctx, cft_uid(CFT_SUB "/a/number"), 1000);
	saved = fst_become_user(1001, 1001);
	denied = cft_write(CFT_SUB "/a/number", O_WRONLY, "4");
	can_read = cft_read(CFT_SUB "/a/number")[0] != '\0';
	fst_restore_cred(saved);
	KT_EXPECT_EQ(ctx, denied, -EACCES);
	KT_EXPECT(ctx, !can_read);

	/* A delegated subsystem directory: its owner makes and removes items,
	 * which are still created owned by root. */
	KT_EXPECT_EQ(ctx, cft_chown(CFT_SUB, 1000), 0);
	saved = fst_become_user(1000, 1000);
	int mkdir_err = vfs_mkdir(CFT_SUB "/b", 0755);
	long b_uid = cft_uid(CFT_SUB "/b");
	int rmdir_err = vfs_rmdir(CFT_SUB "/b");
	fst_restore_cred(saved);
	KT_EXPECT_EQ(ctx, mkdir_err, 0);
	KT_EXPECT_EQ(ctx, b_uid, 0);
	KT_EXPECT_EQ(ctx, rmdir_err, 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), 0);
	cft_teardown(ctx);
}

KTEST(configfs_two_mounts_show_one_tree)
{
	KT_ASSERT(ctx, cft_setup());
	KT_ASSERT(ctx, vfs_mkdir(CFT_DIR2, 0755) == 0);
	KT_ASSERT(ctx, vfs_mount("none", CFT_DIR2, "configfs", 0) == 0);
	KT_EXPECT_EQ(ctx, vfs_mkdir(CFT_SUB "/a", 0755), 0);
	KT_EXPECT_STREQ(ctx, cft_list(CFT_DIR2 "/ktest_cfs"), "description a");
	KT_EXPECT_EQ(ctx, cft_write(CFT_DIR2 "/ktest_cfs/a/number", O_WRONLY, "9"), 1);
	KT_EXPECT_STREQ(ctx, cft_read(CFT_SUB "/a/number"), "9\n");
	KT_EXPECT_EQ(ctx, cft_chown(CFT_DIR2 "/ktest_cfs/a", 1000), 0);
	KT_EXPECT_EQ(ctx, cft_uid(CFT_SUB "/a"), 1000);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_DIR2 "/ktest_cfs/a"), 0);
	KT_EXPECT_EQ(ctx, cft_mode(CFT_SUB "/a"), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_umount(CFT_DIR2), 0);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_DIR2), 0);
	cft_teardown(ctx);
}

struct cft_writer {
	struct wait_queue done;
	bool is_done;
	ssize_t result;
};

static void cft_writer_run(void *arg)
{
	struct cft_writer *w = arg;
	w->result = cft_write(CFT_SUB "/a/number", O_WRONLY, "5");
	w->is_done = true;
	wake_up(&w->done);
}

/* A store that sleeps (as one taking the subsystem's mutex may) holds off
 * rmdir: drop_item runs only after the store has returned. */
KTEST(configfs_rmdir_waits_for_a_running_store)
{
	KT_ASSERT(ctx, cft_setup());
	KT_ASSERT(ctx, vfs_mkdir(CFT_SUB "/a", 0755) == 0);
	static struct cft_writer w;
	wait_queue_init(&w.done);
	w.is_done = false;
	cft.store_sleep_ticks = 5;
	struct task *t = kthread_create("ktest-cfs", cft_writer_run, &w);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid;
	while (cft.nr_stores_inside == 0 && !w.is_done)
		sleep_ticks(1);
	KT_EXPECT_EQ(ctx, cft.nr_stores_inside, 1);
	KT_EXPECT_EQ(ctx, vfs_rmdir(CFT_SUB "/a"), 0);
	KT_EXPECT_EQ(ctx, cft.nr_stores_at_drop, 0);
	wait_event(&w.done, w.is_done);
	KT_EXPECT_EQ(ctx, w.result, 1);
	int status = -1, got = 0;
	KT_EXPECT_EQ(ctx, task_wait(pid, &status, 0, &got), 0);
	KT_EXPECT_EQ(ctx, got, pid);
	cft.store_sleep_ticks = 0;
	cft_teardown(ctx);
}
