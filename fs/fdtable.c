/*
 * fdtable.c — file descriptor tables: small integers to open files.
 *
 *     current->files->fd:  [0] ─> file (console)   [1] ─┐   [2] ─┘ the same file
 *                          [3] ─> NULL              cloexec bit 3 ...
 *
 * A new descriptor is the lowest free slot at or above a minimum (Unix's
 * rule, which makes "close(1); dup(fd)" redirect standard output).  The table
 * owns one reference on each file in it.  fork copies the table (the files
 * are shared, each gets one more reference); exec closes the descriptors
 * marked close-on-exec.
 *
 * Locking: a table belongs to one task (tables are never shared between
 * running tasks today; the refcount is there for vfork-like sharing) and
 * changes in that task's context only.  Read next: fs/pipe.c.
 */
#include <corral/kmalloc.h>
#include <corral/panic.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

struct files *files_alloc(void)
{
	struct files *files = kzalloc(sizeof(*files));
	if (!files)
		return NULL;
	/* Kernel memory, charged to the maker: past its page_limit, no table. */
	if (kmem_charge(&files->kmem, kmem_current_container(), sizeof(*files))) {
		kfree(files);
		return NULL;
	}
	files->refcount = 1;
	return files;
}

struct files *files_copy(struct files *files)
{
	struct files *copy = files_alloc();
	if (!copy || !files)
		return copy;
	for (int fd = 0; fd < FILES_MAX; fd++) {
		copy->fd[fd] = files->fd[fd];
		if (copy->fd[fd])
			file_get(copy->fd[fd]);
	}
	copy->cloexec = files->cloexec;
	return copy;
}

void files_put(struct files *files)
{
	if (!files)
		return;
	assert(files->refcount > 0);
	if (--files->refcount > 0)
		return;
	for (int fd = 0; fd < FILES_MAX; fd++)
		file_put(files->fd[fd]);
	kmem_uncharge(&files->kmem);
	kfree(files);
}

/* Empty slot fd of files, closing what it held. */
static void files_clear_slot(struct files *files, int fd)
{
	struct file *file = files->fd[fd];
	files->fd[fd] = NULL;
	files->cloexec &= ~(1ull << fd);
	file_put(file); /* may sleep (a release); the slot is already free */
}

void files_close_on_exec(struct files *files)
{
	for (int fd = 0; fd < FILES_MAX; fd++)
		if (files->fd[fd] && (files->cloexec & (1ull << fd)))
			files_clear_slot(files, fd);
}

static void files_set_slot(struct files *files, int fd, struct file *file, bool is_cloexec)
{
	files->fd[fd] = file;
	if (is_cloexec)
		files->cloexec |= 1ull << fd;
	else
		files->cloexec &= ~(1ull << fd);
}

int fd_install(struct file *file, int min_fd, bool is_cloexec)
{
	struct files *files = current->files;
	if (!files || min_fd < 0)
		return -EINVAL;
	for (int fd = min_fd; fd < FILES_MAX; fd++) {
		if (!files->fd[fd]) {
			files_set_slot(files, fd, file, is_cloexec);
			return fd;
		}
	}
	return -EMFILE;
}

int fd_install_at(struct file *file, int fd, bool is_cloexec)
{
	struct files *files = current->files;
	if (!files || fd < 0 || fd >= FILES_MAX)
		return -EBADF;
	struct file *old = files->fd[fd];
	files_set_slot(files, fd, file, is_cloexec);
	file_put(old);
	return fd;
}

struct file *fd_get(int fd)
{
	struct files *files = current->files;
	if (!files || fd < 0 || fd >= FILES_MAX)
		return NULL;
	return files->fd[fd];
}

int fd_close(int fd)
{
	if (!fd_get(fd))
		return -EBADF;
	files_clear_slot(current->files, fd);
	return 0;
}

bool fd_is_cloexec(int fd)
{
	return fd_get(fd) && (current->files->cloexec & (1ull << fd));
}

void fd_set_cloexec(int fd, bool is_cloexec)
{
	if (fd_get(fd))
		files_set_slot(current->files, fd, current->files->fd[fd], is_cloexec);
}
