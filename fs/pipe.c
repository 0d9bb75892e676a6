/*
 * pipe.c — pipes: a one-page ring buffer between a read end and a write end.
 *
 *     buf: [.....XXXXXXXXXX......]    X = unread bytes, nr_bytes of them,
 *                ^read_pos            starting at read_pos, wrapping at PIPE_SIZE
 *
 * Readers sleep on `readable` until there are bytes or no writer is left (then
 * read returns 0: end of file).  Writers sleep on `writable` until there is
 * room; a write of at most PIPE_BUF bytes goes in whole, never interleaved
 * with another writer's.  Writing with no reader left sends SIGPIPE and fails
 * with EPIPE.  O_NONBLOCK turns each sleep into EAGAIN.  poll and select
 * wait on the same two queues (pipe_poll).
 *
 * A pipe belongs to an inode (inode->pipe, fs/pipe.h): pipe(2)'s to an
 * inode of an internal filesystem made for it (so fstat says S_IFIFO), a
 * named pipe's to its FIFO inode on a real filesystem (fs/fifo.c opens it).
 * Each end counts itself as a reader, a writer or (a FIFO opened O_RDWR)
 * both; the last end to go frees the pipe, and a FIFO's next opener makes a
 * new, empty one.
 *
 * Locking: the pipe is touched only by tasks, never by interrupt handlers,
 * and no code sleeps between testing and changing it (the kernel is not
 * preemptive), so it needs no lock of its own.  Read next: fs/fifo.c.
 */
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/poll.h>

#include "pipe.h"

/* Pipes from pipe(2) live in no directory: their inodes belong to this
 * internal super block, and go with their last end. */
static struct super_block pipe_sb = {
	.next_ino = 1,
	.drops_unused_inodes = true,
	.inodes = LIST_HEAD_INIT(pipe_sb.inodes),
	.refcount = 1,
};

static bool end_reads(uint32_t accmode)
{
	return accmode != O_WRONLY;
}

static bool end_writes(uint32_t accmode)
{
	return accmode != O_RDONLY;
}

struct pipe *pipe_get_or_make(struct inode *inode)
{
	if (inode->pipe)
		return inode->pipe;
	struct pipe *pipe = kzalloc(sizeof(*pipe));
	char *buf = pipe ? kmalloc(PIPE_SIZE) : NULL;
	/* Kernel memory: past the maker's page_limit, no pipe (ENOMEM). */
	bool is_charged = buf && !kmem_charge(&pipe->kmem, kmem_current_container(), PIPE_KMEM_BYTES);
	if (!is_charged || inode->pipe) { /* no memory, or a racing opener made one while we slept */
		if (pipe)
			kmem_uncharge(&pipe->kmem);
		kfree(buf);
		kfree(pipe);
		return inode->pipe;
	}
	pipe->buf = buf;
	wait_queue_init(&pipe->readable);
	wait_queue_init(&pipe->writable);
	inode->pipe = pipe;
	return pipe;
}

void pipe_free_if_unused(struct inode *inode)
{
	struct pipe *pipe = inode->pipe;
	if (!pipe || pipe->nr_readers || pipe->nr_writers)
		return;
	inode->pipe = NULL;
	kmem_uncharge(&pipe->kmem);
	kfree(pipe->buf);
	kfree(pipe);
}

void pipe_add_end(struct pipe *pipe, uint32_t accmode)
{
	if (end_reads(accmode)) {
		pipe->nr_readers++;
		pipe->nr_reader_opens++;
		wake_up(&pipe->writable); /* a FIFO writer waiting in open */
	}
	if (end_writes(accmode)) {
		pipe->nr_writers++;
		pipe->nr_writer_opens++;
		wake_up(&pipe->readable); /* a FIFO reader waiting in open */
	}
}

void pipe_drop_end(struct inode *inode, uint32_t accmode)
{
	struct pipe *pipe = inode->pipe;
	if (end_reads(accmode)) {
		pipe->nr_readers--;
		wake_up(&pipe->writable); /* writers must see EPIPE */
	}
	if (end_writes(accmode)) {
		pipe->nr_writers--;
		wake_up(&pipe->readable); /* readers must see end of file */
	}
	pipe_free_if_unused(inode);
}

static size_t pipe_copy_out(struct pipe *pipe, char *buf, size_t len)
{
	size_t n = MIN(len, pipe->nr_bytes);
	size_t first = MIN(n, PIPE_SIZE - pipe->read_pos);
	memcpy(buf, pipe->buf + pipe->read_pos, first);
	memcpy(buf + first, pipe->buf, n - first);
	pipe->read_pos = (pipe->read_pos + n) % PIPE_SIZE;
	pipe->nr_bytes -= n;
	return n;
}

static size_t pipe_copy_in(struct pipe *pipe, const char *buf, size_t len)
{
	size_t n = MIN(len, PIPE_SIZE - pipe->nr_bytes);
	uint32_t write_pos = (pipe->read_pos + pipe->nr_bytes) % PIPE_SIZE;
	size_t first = MIN(n, PIPE_SIZE - write_pos);
	memcpy(pipe->buf + write_pos, buf, first);
	memcpy(pipe->buf, buf + first, n - first);
	pipe->nr_bytes += n;
	return n;
}

static ssize_t pipe_read(struct file *file, char *buf, size_t len, uint64_t *pos)
{
	struct pipe *pipe = file->private;
	if (len == 0)
		return 0;
	while (pipe->nr_bytes == 0) {
		if (pipe->nr_writers == 0)
			return 0;
		if (file->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = wait_event_interruptible(&pipe->readable,
						   pipe->nr_bytes > 0 || pipe->nr_writers == 0);
		if (err)
			return err;
	}
	size_t n = pipe_copy_out(pipe, buf, len);
	wake_up(&pipe->writable);
	return (ssize_t)n;
}

/* Room a writer waits for: all of a small write (atomicity), else one byte. */
static bool pipe_has_room(const struct pipe *pipe, size_t remaining, bool is_atomic)
{
	size_t room = PIPE_SIZE - pipe->nr_bytes;
	return is_atomic ? room >= remaining : room > 0;
}

static ssize_t pipe_write(struct file *file, const char *buf, size_t len, uint64_t *pos)
{
	struct pipe *pipe = file->private;
	bool is_atomic = len <= PIPE_BUF;
	size_t done = 0;
	while (done < len) {
		if (pipe->nr_readers == 0) {
			if (done)
				break;
			signal_send(current, SIGPIPE);
			return -EPIPE;
		}
		if (!pipe_has_room(pipe, len - done, is_atomic)) {
			if (file->flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			size_t remaining = len - done;
			int err = wait_event_interruptible(
				&pipe->writable,
				pipe->nr_readers == 0 || pipe_has_room(pipe, remaining, is_atomic));
			if (err)
				return done ? (ssize_t)done : err;
			continue;
		}
		done += pipe_copy_in(pipe, buf + done, len - done);
		wake_up(&pipe->readable);
	}
	return (ssize_t)done;
}

static void pipe_release(struct file *file)
{
	pipe_drop_end(file->inode, file->flags & O_ACCMODE);
}

/* A reading end: readable with bytes, hung up with no writer left.  A
 * writing end: writable with room for a byte, an error with no reader left.
 * An O_RDWR end (a FIFO) is both. */
static unsigned pipe_poll(struct file *file, struct poll_table *pt)
{
	struct pipe *pipe = file->private;
	uint32_t accmode = file->flags & O_ACCMODE;
	unsigned mask = 0;
	if (end_reads(accmode)) {
		poll_wait(pt, &pipe->readable);
		if (pipe->nr_bytes > 0)
			mask |= POLLIN | POLLRDNORM;
		if (pipe->nr_writers == 0)
			mask |= POLLHUP;
	}
	if (end_writes(accmode)) {
		poll_wait(pt, &pipe->writable);
		if (pipe->nr_bytes < PIPE_SIZE)
			mask |= POLLOUT | POLLWRNORM;
		if (pipe->nr_readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.poll = pipe_poll,
};

static struct file *pipe_open_end(struct inode *inode, struct pipe *pipe, uint32_t flags)
{
	struct file *file = file_alloc(inode, flags);
	if (file) {
		file->private = pipe;
		pipe_add_end(pipe, flags & O_ACCMODE);
	}
	return file;
}

int pipe_create(struct file **read_end, struct file **write_end)
{
	struct inode *inode = inode_alloc(&pipe_sb, S_IFIFO | 0600);
	struct pipe *pipe = inode ? pipe_get_or_make(inode) : NULL;
	if (!pipe) {
		inode_put(inode);
		return -ENOMEM;
	}
	inode->fops = &pipe_fops;
	struct file *r = pipe_open_end(inode, pipe, O_RDONLY);
	struct file *w = r ? pipe_open_end(inode, pipe, O_WRONLY) : NULL;
	if (!w)
		file_put(r);
	pipe_free_if_unused(inode); /* neither end was made */
	inode_put(inode); /* the ends hold it now, or it goes */
	if (!w)
		return -ENOMEM;
	*read_end = r;
	*write_end = w;
	return 0;
}
