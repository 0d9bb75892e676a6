/*
 * configfs.h — a filesystem in which kernel subsystems are configured with
 * mkdir, rmdir, and reading and writing small text files (fs/configfs.c).
 *
 *   /configfs/                      the configfs root (mount -t configfs none /configfs)
 *   /configfs/container/            a subsystem's directory (configfs_register_subsystem)
 *   /configfs/container/description a subsystem attribute (read-only)
 *   /configfs/container/web/        an item: mkdir calls the subsystem's make_item
 *   /configfs/container/web/page_limit   an item attribute: show/store callbacks
 *
 * An attribute's text is produced by show() on each read from offset 0 (later
 * reads of the same open file continue in that text) and parsed by store() on
 * each write: store may fail with a negative errno, which write() returns
 * unchanged, and must then change nothing.  rmdir calls drop_item; it is
 * refused with -EBUSY only if the subsystem says so.  Permissions are real
 * inode permissions (mode, uid, gid), checked by the VFS, so chown on an item
 * directory or attribute delegates it, as in cgroup v2.
 *
 * Errors configfs itself gives (everything else is the subsystem's errno):
 *   mkdir: -EEXIST for a name in use (item or attribute; make_item is not
 *   called), -EINVAL for a name longer than CONFIGFS_NAME_MAX, -EPERM in the
 *   root or inside an item.  Files cannot be created (-EACCES, as Linux) nor
 *   unlinked, linked or renamed (-EPERM).
 *   open for writing an attribute without store, or for reading one without
 *   show: -EACCES, for root too (as Linux's configfs).
 *   After its item is removed an attribute file still open reads -ENODEV at
 *   offset 0 (later offsets finish the text already read) and writes -ENODEV.
 *
 * Calling context: the callbacks run in task context and may sleep; configfs
 * holds no lock of its tree around them.  show, store and drop_item of one
 * item (or of one subsystem's own attributes) are serialised by a mutex of
 * that item, so drop_item never runs while a show or store of the item does,
 * and none runs after drop_item succeeded.  A callback may look paths up,
 * even in configfs, but must not rmdir its own item.
 *
 * The interface is generic: a second subsystem (a CPU or I/O controller)
 * registers its own directory and attributes without changing configfs.
 */
#ifndef CORRAL_CONFIGFS_H
#define CORRAL_CONFIGFS_H

#include <corral/types.h>

#define CONFIGFS_NAME_MAX 31

struct configfs_item;

struct configfs_attribute {
	const char *name;
	uint32_t mode; /* permission bits: 0444 read-only, 0644 writable, 0200 write-only */
	/* Write the text into buf (size bytes, a page); return its length or -errno. */
	ssize_t (*show)(struct configfs_item *item, char *buf, size_t size);
	/* Parse len bytes of text (not NUL-terminated); return 0 or -errno. */
	int (*store)(struct configfs_item *item, const char *buf, size_t len);
};

/* One directory made by mkdir: the subsystem embeds it in its own object.
 * configfs fills in name once make_item has succeeded.  A subsystem's own
 * attributes get an item that configfs keeps: name is the subsystem's name
 * and private the struct configfs_subsystem. */
struct configfs_item {
	char name[CONFIGFS_NAME_MAX + 1];
	void *private; /* the subsystem's object */
};

struct configfs_subsystem {
	const char *name; /* the directory under /configfs, 1..CONFIGFS_NAME_MAX characters */
	const struct configfs_attribute *const *item_attrs;      /* NULL-terminated */
	const struct configfs_attribute *const *subsystem_attrs; /* NULL-terminated, may be NULL */
	/* mkdir NAME (NUL-terminated, 1..CONFIGFS_NAME_MAX characters): validate
	 * the name and make the object; 0 or -errno (-EINVAL bad name, -ENOSPC no
	 * room, ...).  configfs checks -EEXIST and the length itself. */
	int (*make_item)(struct configfs_subsystem *sub, const char *name,
			 struct configfs_item **out);
	/* rmdir: release the object (after this configfs forgets the item); 0,
	 * or -errno (-EBUSY) and nothing changes. */
	int (*drop_item)(struct configfs_subsystem *sub, struct configfs_item *item);
	void *private;
};

/* Both need a current task (after task_init_boot): they take sleeping locks. */
/* 0, -EEXIST (the name is taken), -EINVAL (bad name), -ENOMEM. */
int configfs_register_subsystem(struct configfs_subsystem *sub);
/* For self tests (and one day modules): 0, -EBUSY while it has items, -ENOENT.
 * Open files of its attributes then read and write -ENODEV. */
int configfs_unregister_subsystem(struct configfs_subsystem *sub);
/* Registers the filesystem type "configfs"; calling it again does nothing. */
void configfs_init(void);

#endif
