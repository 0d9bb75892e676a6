/*
 * configfs_node.h — what fs/configfs.c (the tree and its directories) and
 * fs/configfs_file.c (attribute files) share; nothing outside configfs uses
 * it.  The locking rules are in fs/configfs.c's header comment.
 */
#ifndef FS_CONFIGFS_NODE_H
#define FS_CONFIGFS_NODE_H

#include <corral/configfs.h>
#include <corral/list.h>
#include <corral/wait.h>

struct inode;

enum configfs_kind {
	CONFIGFS_ROOT,      /* the root directory: its children are subsystems */
	CONFIGFS_SUBSYSTEM, /* a subsystem's directory: its attributes and items */
	CONFIGFS_ITEM,      /* a directory made by mkdir: its attributes */
	CONFIGFS_ATTR,      /* an attribute file */
};

/* One name in the configfs tree, shown by one inode in each mount. */
struct configfs_node {
	/* Fixed once the node is on a list. */
	enum configfs_kind kind;
	const char *name;                      /* the subsystem's, the attribute's, or item_name */
	uint32_t ino;
	struct configfs_node *parent;          /* referenced; NULL for the root */
	struct configfs_subsystem *sub;        /* SUBSYSTEM and ITEM */
	const struct configfs_attribute *attr; /* ATTR */
	char item_name[CONFIGFS_NAME_MAX + 1]; /* ITEM */

	/* configfs_mutex. */
	struct list_head children; /* struct configfs_node.sibling, in cookie order */
	struct list_head sibling;  /* on parent->children while in the tree */
	uint32_t cookie;           /* readdir position in the parent */
	uint32_t next_cookie;
	uint32_t nr_subdirs;       /* for a directory's nlink */
	bool is_ready;             /* false while mkdir's make_item runs */
	bool is_removed;           /* taken out of the tree: rmdir, unregister */
	uint32_t mode, uid, gid;   /* what its inodes show (setattr writes them back) */
	uint32_t mtime, ctime;

	/* SUBSYSTEM and ITEM directories: lock is held across show, store and
	 * drop_item; item is what they get (NULL once dropped), under lock. */
	struct mutex lock;
	struct configfs_item *item;
	struct configfs_item self_item; /* SUBSYSTEM: its own attributes' item */

	int refcount; /* task context, no sleep between check and change */
};

/* fs/configfs.c */
void configfs_node_put(struct configfs_node *node);
int configfs_setattr(struct inode *inode);

/* fs/configfs_file.c: give a new attribute inode its operations. */
void configfs_file_init(struct inode *inode);

#endif
