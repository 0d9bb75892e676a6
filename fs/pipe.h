/*
 * pipe.h — what fs/pipe.c (the ring and its ends) and fs/fifo.c (named
 * pipes: the open rules) share; nothing else uses it.
 *
 * A pipe hangs off an inode (inode->pipe): an anonymous pipe's inode on
 * pipe.c's internal filesystem, or a FIFO's inode on ramfs or ext2.  Every
 * open end counts itself in nr_readers and/or nr_writers (an O_RDWR end in
 * both); the pipe is freed, and inode->pipe cleared, when the last end goes.
 *
 * Locking: none of its own; tasks only, no sleep between a test and the
 * change it guards (the kernel is not preemptive).
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include <corral/vfs.h>
#include <corral/wait.h>

#define PIPE_SIZE 4096
#define PIPE_KMEM_BYTES ((uint32_t)sizeof(struct pipe) + PIPE_SIZE) /* charged per pipe */

struct pipe {
	char *buf;           /* PIPE_SIZE bytes */
	uint32_t read_pos;   /* first unread byte */
	uint32_t nr_bytes;   /* unread bytes */
	int nr_readers;      /* open read ends (O_RDWR ends too) */
	int nr_writers;      /* open write ends (O_RDWR ends too) */
	/* Ends ever opened: they only grow, so a FIFO opener waiting for its
	 * partner sees one that came and went already (Linux's r_counter). */
	uint32_t nr_reader_opens, nr_writer_opens;
	struct wait_queue readable; /* readers (and FIFO readers in open) wait here */
	struct wait_queue writable; /* writers (and FIFO writers in open) wait here */
	struct kmem_charge kmem;    /* the struct and buf, charged to its maker's container */
};

extern const struct file_operations pipe_fops;

/* inode's pipe, made now if it has none (a FIFO's first opener); NULL: no memory. */
struct pipe *pipe_get_or_make(struct inode *inode);
/* Count an end opened with accmode (O_RDONLY, O_WRONLY or O_RDWR) and wake
 * the other side, so that an opener waiting for a partner sees it. */
void pipe_add_end(struct pipe *pipe, uint32_t accmode);
/* The end goes: wake the other side (EOF, EPIPE); the last end frees the pipe. */
void pipe_drop_end(struct inode *inode, uint32_t accmode);
/* The pipe was made for an open that failed before counting an end. */
void pipe_free_if_unused(struct inode *inode);

#endif
