/*
 * configfs_file.c — configfs attribute files: reading runs the attribute's
 * show, writing runs its store.
 *
 * A read at offset 0 asks show for the whole text, into a page of its own
 * kept in file->private; reads at later offsets continue in that text, so
 * `cat` sees one consistent snapshot however small its reads.  Each write
 * hands its bytes to store as they are, and returns their number or store's
 * errno unchanged (so `echo abc > page_limit` says "Invalid argument").
 * Nothing is cached between writes: there is no partial-write buffering.
 *
 * Both run on the item that the attribute's directory holds, under that
 * directory's lock; rmdir empties the pointer under the same lock, so a file
 * left open on a removed item gets -ENODEV instead of a freed object.
 *
 * Locking: file->private is replaced with no sleep between taking the old
 * text out and putting the new one in, so two tasks sharing one open file
 * (after fork) never see half a text.  Read next: fs/configfs_test.c.
 */
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "configfs_node.h"

#define CONFIGFS_TEXT_SIZE PAGE_SIZE

struct configfs_text {
	char *data; /* CONFIGFS_TEXT_SIZE bytes */
	size_t len;
};

static void configfs_text_free(struct configfs_text *text)
{
	if (text)
		kfree(text->data);
	kfree(text);
}

/* Linux's rule: an attribute without show cannot be opened for reading, one
 * without store not for writing, whatever the mode bits (root included). */
static int configfs_attr_open(struct inode *inode, struct file *file)
{
	const struct configfs_node *node = inode->private;
	uint32_t accmode = file->flags & O_ACCMODE;
	if (accmode != O_WRONLY && !node->attr->show)
		return -EACCES;
	if (accmode != O_RDONLY && !node->attr->store)
		return -EACCES;
	file->private = NULL; /* no text until the first read */
	return 0;
}

/* show into a new page: its length, or -errno. */
static ssize_t configfs_attr_show(struct configfs_node *node, char *data)
{
	struct configfs_node *dir = node->parent;
	if (!node->attr->show)
		return -EACCES;
	mutex_lock(&dir->lock);
	ssize_t n = dir->item ? node->attr->show(dir->item, data, CONFIGFS_TEXT_SIZE) : -ENODEV;
	mutex_unlock(&dir->lock);
	return n < 0 ? n : (ssize_t)MIN((size_t)n, CONFIGFS_TEXT_SIZE);
}

/* Replace the file's text with a fresh one from show. */
static int configfs_text_refill(struct file *file)
{
	struct configfs_text *text = kmalloc(sizeof(*text));
	char *data = kmalloc(CONFIGFS_TEXT_SIZE);
	ssize_t n = text && data ? configfs_attr_show(file->inode->private, data) : -ENOMEM;
	if (n < 0) {
		kfree(data);
		kfree(text);
		return (int)n;
	}
	text->data = data;
	text->len = (size_t)n;
	struct configfs_text *old = file->private;
	file->private = text;
	configfs_text_free(old);
	return 0;
}

static ssize_t configfs_attr_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	if (*pos == 0 || !file->private) {
		int err = configfs_text_refill(file);
		if (err)
			return err;
	}
	const struct configfs_text *text = file->private;
	if (*pos >= text->len)
		return 0;
	size_t n = MIN(len, text->len - (size_t)*pos);
	memcpy(buf, text->data + *pos, n);
	*pos += n;
	return (ssize_t)n;
}

static ssize_t configfs_attr_write(struct file *file, const char *buf, size_t len,
				   uint64_t *pos)
{
	struct configfs_node *node = file->inode->private;
	struct configfs_node *dir = node->parent;
	if (!node->attr->store)
		return -EACCES;
	mutex_lock(&dir->lock);
	int err = dir->item ? node->attr->store(dir->item, buf, len) : -ENODEV;
	mutex_unlock(&dir->lock);
	if (err < 0)
		return err;
	*pos += len;
	return (ssize_t)len;
}

static void configfs_attr_release(struct file *file)
{
	configfs_text_free(file->private);
	file->private = NULL;
}

/* O_TRUNC (the shell's `>`) truncates first: an attribute has nothing to cut. */
static int configfs_attr_truncate(struct inode *inode, uint64_t size)
{
	return 0;
}

static const struct inode_operations configfs_attr_iops = {
	.setattr = configfs_setattr,
	.truncate = configfs_attr_truncate,
};

static const struct file_operations configfs_attr_fops = {
	.open = configfs_attr_open,
	.read = configfs_attr_read,
	.write = configfs_attr_write,
	.release = configfs_attr_release,
};

void configfs_file_init(struct inode *inode)
{
	inode->iops = &configfs_attr_iops;
	inode->fops = &configfs_attr_fops;
	inode->size = CONFIGFS_TEXT_SIZE; /* as Linux: what a read can give at most */
}
