/*
 * fifo.c — named pipes: a FIFO inode on a real filesystem (made by mknod or
 * mkfifo) whose openers all share one pipe (fs/pipe.c), hung off the inode.
 *
 * The policy is POSIX's open rules (fifo(7)), with Linux's choice for O_RDWR:
 *
 *   O_RDONLY              waits until some writer has opened (EINTR if a signal comes)
 *   O_RDONLY|O_NONBLOCK   at once; reads say end of file while no writer is there
 *   O_WRONLY              waits until some reader has opened (EINTR if a signal comes)
 *   O_WRONLY|O_NONBLOCK   at once if a reader is there, else ENXIO
 *   O_RDWR                at once: the end is its own partner
 *   access mode 3         EINVAL
 *
 * The mechanism: the first opener makes the pipe; an end counts itself
 * before it waits (so the partner it waits for sees it and wakes), and a
 * waiter watches the partner side's open counter, not its open count, so a
 * partner that opened and closed again while the waiter slept still lets it
 * through (as Linux's wait_for_partner).  After open, the file's operations
 * are the pipe's: reads, writes, poll, SIGPIPE and release as for pipe(2).
 *
 * Locking: none; see fs/pipe.h.  Read next: fs/poll.c.
 */
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "pipe.h"

/* Sleep until the partner side's open counter moves past *seen. */
static int fifo_wait_for_partner(struct wait_queue *wq, const uint32_t *counter)
{
	uint32_t seen = *counter;
	return wait_event_interruptible(wq, *counter != seen);
}

static int fifo_open(struct inode *inode, struct file *file)
{
	uint32_t accmode = file->flags & O_ACCMODE;
	bool is_nonblocking = file->flags & O_NONBLOCK;
	if (accmode != O_RDONLY && accmode != O_WRONLY && accmode != O_RDWR)
		return -EINVAL; /* access mode 3: neither end (Linux says so too) */
	struct pipe *pipe = pipe_get_or_make(inode);
	if (!pipe)
		return -ENOMEM;
	if (accmode == O_WRONLY && is_nonblocking && pipe->nr_readers == 0) {
		pipe_free_if_unused(inode);
		return -ENXIO;
	}
	file->private = pipe;
	file->fops = &pipe_fops;
	pipe_add_end(pipe, accmode);
	int err = 0;
	if (accmode == O_RDONLY && !is_nonblocking && pipe->nr_writers == 0)
		err = fifo_wait_for_partner(&pipe->readable, &pipe->nr_writer_opens);
	else if (accmode == O_WRONLY && pipe->nr_readers == 0)
		err = fifo_wait_for_partner(&pipe->writable, &pipe->nr_reader_opens);
	if (err)
		pipe_drop_end(inode, accmode); /* the caller will not release it */
	return err;
}

const struct file_operations fifo_fops = {
	.open = fifo_open,
};
