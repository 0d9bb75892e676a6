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
 * Both ends are struct files on one inode of an internal filesystem (so fstat
 * says S_IFIFO); each end's release drops its side's count, and the inode's
 * evict frees the pipe when both ends are gone.
 *
 * Locking: the pipe is touched only by tasks, never by interrupt handlers,
 * and no code sleeps between testing and changing it (the kernel is not
 * preemptive), so it needs no lock of its own.  Read next: fs/ramfs.c.
 */
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/poll.h>

#define PIPE_SIZE 4096

struct pipe {
	char *buf;           /* PIPE_SIZE bytes */
	uint32_t read_pos;   /* first unread byte */
	uint32_t nr_bytes;   /* unread bytes */
	int nr_readers;      /* open read ends */
	int nr_writers;      /* open write ends */
	struct wait_queue readable; /* readers wait here for bytes or EOF */
	struct wait_queue writable; /* writers wait here for room */
};

static void pipe_evict(struct inode *inode);

static const struct super_operations pipe_super_ops = {.evict = pipe_evict};

/* Pipes live in no directory: their inodes belong to this internal super block. */
static struct super_block pipe_sb = {
	.ops = &pipe_super_ops,
	.next_ino = 1,
	.drops_unused_inodes = true,
	.inodes = LIST_HEAD_INIT(pipe_sb.inodes),
	.refcount = 1,
};

static void pipe_evict(struct inode *inode)
{
	struct pipe *pipe = inode->private;
	if (!pipe)
		return;
	kfree(pipe->buf);
	kfree(pipe);
	inode->private = NULL;
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
	struct pipe *pipe = file->private;
	if ((file->flags & O_ACCMODE) == O_RDONLY) {
		pipe->nr_readers--;
		wake_up(&pipe->writable); /* writers must see EPIPE */
	} else {
		pipe->nr_writers--;
		wake_up(&pipe->readable); /* readers must see end of file */
	}
}

/* The read end: readable with bytes, hung up with no writer left.  The write
 * end: writable with room for a byte, an error with no reader left. */
static unsigned pipe_poll(struct file *file, struct poll_table *pt)
{
	struct pipe *pipe = file->private;
	unsigned mask = 0;
	if ((file->flags & O_ACCMODE) == O_RDONLY) {
		poll_wait(pt, &pipe->readable);
		if (pipe->nr_bytes > 0)
			mask |= POLLIN | POLLRDNORM;
		if (pipe->nr_writers == 0)
			mask |= POLLHUP;
	} else {
		poll_wait(pt, &pipe->writable);
		if (pipe->nr_bytes < PIPE_SIZE)
			mask |= POLLOUT | POLLWRNORM;
		if (pipe->nr_readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.poll = pipe_poll,
};

static struct file *pipe_open_end(struct inode *inode, struct pipe *pipe, uint32_t flags)
{
	struct file *file = file_alloc(inode, flags);
	if (file)
		file->private = pipe;
	return file;
}

int pipe_create(struct file **read_end, struct file **write_end)
{
	struct pipe *pipe = kzalloc(sizeof(*pipe));
	char *buf = kmalloc(PIPE_SIZE);
	struct inode *inode = pipe && buf ? inode_alloc(&pipe_sb, S_IFIFO | 0600) : NULL;
	if (!inode) {
		kfree(buf);
		kfree(pipe);
		return -ENOMEM;
	}
	pipe->buf = buf;
	pipe->nr_readers = pipe->nr_writers = 1;
	wait_queue_init(&pipe->readable);
	wait_queue_init(&pipe->writable);
	inode->private = pipe;
	inode->fops = &pipe_fops;
	struct file *r = pipe_open_end(inode, pipe, O_RDONLY);
	struct file *w = r ? pipe_open_end(inode, pipe, O_WRONLY) : NULL;
	if (!w && r)
		file_put(r);
	inode_put(inode); /* the ends hold it now, or it goes */
	if (!w)
		return -ENOMEM;
	*read_end = r;
	*write_end = w;
	return 0;
}
