/*
 * fifo_test.c — named pipes and mknod, driven from the boot task: the open
 * rules that need no second task (O_NONBLOCK readers at once, O_NONBLOCK
 * writers ENXIO without a reader, O_RDWR at once, a blocking open cut short
 * by a pending signal with nothing left behind), one pipe shared by every
 * opener and gone with the last, and mknod's types, errors and device nodes
 * that reach their driver.  Works under /tmp and removes what it makes.
 * The blocking opens with a partner are usertests' (user/bin/usertests/fifo.c).
 */
#include <corral/device.h>
#include <corral/ktest.h>
#include <corral/spinlock.h>
#include <corral/string.h>

#include "fs_test.h"

#define KT_FIFO "/tmp/kt_fifo"

static struct pipe *fifo_pipe_of(const char *path)
{
	struct inode *inode;
	if (vfs_lookup(path, &inode))
		return NULL;
	struct pipe *pipe = inode->pipe;
	inode_put(inode);
	return pipe;
}

KTEST(fifo_openers_share_one_pipe)
{
	KT_ASSERT(ctx, vfs_mknod_at(NULL, KT_FIFO, S_IFIFO | 0644, 0) == 0);
	struct inode *inode;
	KT_ASSERT(ctx, vfs_lookup(KT_FIFO, &inode) == 0);
	KT_EXPECT(ctx, S_ISFIFO(inode->mode));
	KT_EXPECT_EQ(ctx, inode->size, 0);
	inode_put(inode);
	KT_EXPECT(ctx, fifo_pipe_of(KT_FIFO) == NULL); /* none until opened */
	struct file *r = NULL, *w = NULL;
	KT_ASSERT(ctx, vfs_open(KT_FIFO, O_RDONLY | O_NONBLOCK, 0, &r) == 0);
	KT_EXPECT(ctx, fifo_pipe_of(KT_FIFO) != NULL);
	char buf[8] = {0};
	KT_EXPECT_EQ(ctx, file_read(r, buf, 1), 0); /* no writer: end of file */
	KT_ASSERT(ctx, vfs_open(KT_FIFO, O_WRONLY | O_NONBLOCK, 0, &w) == 0);
	KT_EXPECT(ctx, r->private == w->private);
	KT_EXPECT_EQ(ctx, file_read(r, buf, 1), -EAGAIN); /* a writer, no bytes */
	KT_EXPECT_EQ(ctx, file_write(w, "hi", 2), 2);
	KT_EXPECT_EQ(ctx, file_read(r, buf, sizeof(buf)), 2);
	KT_EXPECT_STREQ(ctx, buf, "hi");
	KT_EXPECT_EQ(ctx, file_write(w, "left", 4), 4);
	file_put(w);
	file_put(r);
	KT_EXPECT(ctx, fifo_pipe_of(KT_FIFO) == NULL); /* the last end freed it */
	KT_EXPECT_EQ(ctx, vfs_unlink(KT_FIFO), 0);
}

/* O_RDWR opens at once (its own partner), and a new pipe starts empty: what
 * the last writer left unread went with the last end. */
KTEST(fifo_rdwr_opens_at_once_and_starts_empty)
{
	KT_ASSERT(ctx, vfs_mknod_at(NULL, KT_FIFO, S_IFIFO | 0600, 0) == 0);
	struct file *f = NULL;
	KT_ASSERT(ctx, vfs_open(KT_FIFO, O_RDWR, 0, &f) == 0);
	KT_EXPECT_EQ(ctx, file_write(f, "old", 3), 3);
	file_put(f);
	KT_ASSERT(ctx, vfs_open(KT_FIFO, O_RDWR | O_NONBLOCK, 0, &f) == 0);
	char buf[4];
	KT_EXPECT_EQ(ctx, file_read(f, buf, sizeof(buf)), -EAGAIN);
	KT_EXPECT_EQ(ctx, file_write(f, "new", 3), 3);
	KT_EXPECT_EQ(ctx, file_read(f, buf, sizeof(buf)), 3);
	KT_EXPECT(ctx, memcmp(buf, "new", 3) == 0);
	file_put(f);
	KT_EXPECT_EQ(ctx, vfs_unlink(KT_FIFO), 0);
}

/* And access mode 3 (neither end) is EINVAL. */
KTEST(fifo_nonblocking_writer_without_reader_is_enxio)
{
	KT_ASSERT(ctx, vfs_mknod_at(NULL, KT_FIFO, S_IFIFO | 0600, 0) == 0);
	struct file *w = NULL;
	KT_EXPECT_EQ(ctx, vfs_open(KT_FIFO, O_WRONLY | O_NONBLOCK, 0, &w), -ENXIO);
	KT_EXPECT(ctx, fifo_pipe_of(KT_FIFO) == NULL); /* the pipe made for it went */
	KT_EXPECT_EQ(ctx, vfs_open(KT_FIFO, O_ACCMODE | O_NONBLOCK, 0, &w), -EINVAL);
	KT_EXPECT_EQ(ctx, vfs_unlink(KT_FIFO), 0);
}

/* A blocking open with no partner sleeps; a signal ends the sleep with
 * EINTR, and the end it had counted is taken back (nothing is left). */
KTEST(fifo_blocked_open_is_interrupted)
{
	KT_ASSERT(ctx, vfs_mknod_at(NULL, KT_FIFO, S_IFIFO | 0600, 0) == 0);
	uint64_t sigusr1 = 1ull << (SIGUSR1 - 1);
	uint32_t accmodes[2] = {O_RDONLY, O_WRONLY};
	for (int i = 0; i < 2; i++) {
		uint32_t flags = spin_lock_irqsave(&tasks_lock);
		current->signals_pending |= sigusr1;
		spin_unlock_irqrestore(&tasks_lock, flags);
		struct file *f = NULL;
		KT_EXPECT_EQ(ctx, vfs_open(KT_FIFO, accmodes[i], 0, &f), -EINTR);
		flags = spin_lock_irqsave(&tasks_lock);
		current->signals_pending &= ~sigusr1; /* the boot task must not keep it */
		spin_unlock_irqrestore(&tasks_lock, flags);
		KT_EXPECT(ctx, fifo_pipe_of(KT_FIFO) == NULL);
	}
	KT_EXPECT_EQ(ctx, vfs_unlink(KT_FIFO), 0);
}

/* An unlinked FIFO still works for those who have it open. */
KTEST(fifo_unlinked_while_open)
{
	KT_ASSERT(ctx, vfs_mknod_at(NULL, KT_FIFO, S_IFIFO | 0600, 0) == 0);
	struct file *f = NULL;
	KT_ASSERT(ctx, vfs_open(KT_FIFO, O_RDWR | O_NONBLOCK, 0, &f) == 0);
	KT_EXPECT_EQ(ctx, vfs_unlink(KT_FIFO), 0);
	char c = 0;
	KT_EXPECT_EQ(ctx, file_write(f, "z", 1), 1);
	KT_EXPECT_EQ(ctx, file_read(f, &c, 1), 1);
	KT_EXPECT_EQ(ctx, c, 'z');
	file_put(f);
}

KTEST(mknod_types_and_errors)
{
	struct inode *inode;
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/tmp/kt_reg", 0644, 0), 0); /* type 0: a file */
	KT_ASSERT(ctx, vfs_lookup("/tmp/kt_reg", &inode) == 0);
	KT_EXPECT(ctx, S_ISREG(inode->mode));
	KT_EXPECT_EQ(ctx, inode->mode & 07777, 0644 & ~current->umask);
	inode_put(inode);
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/tmp/kt_reg", S_IFIFO | 0644, 0), -EEXIST);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/kt_reg"), 0);
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/tmp/kt_d", S_IFDIR | 0755, 0), -EPERM);
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/tmp/kt_x", 0170000 | 0644, 0), -EINVAL);
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/tmp/nope/kt_f", S_IFIFO, 0), -ENOENT);
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/tmp/kt_f/", S_IFIFO, 0), -ENOENT);
	/* devfs makes no files */
	KT_EXPECT_EQ(ctx, vfs_mknod_at(NULL, "/dev/kt_f", S_IFIFO, 0), -EPERM);
	struct cred saved = fst_become_user(1000, 1000);
	int err = vfs_mknod_at(NULL, "/tmp/kt_null", S_IFCHR | 0666, MKDEV(1, 3));
	int err_fifo = vfs_mknod_at(NULL, "/tmp/kt_ufifo", S_IFIFO | 0644, 0);
	int err_root = vfs_mknod_at(NULL, "/kt_ufifo", S_IFIFO | 0644, 0);
	fst_restore_cred(saved);
	KT_EXPECT_EQ(ctx, err, -EPERM);
	KT_EXPECT_EQ(ctx, err_fifo, 0); /* FIFOs are for everyone */
	KT_EXPECT_EQ(ctx, err_root, -EACCES);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/kt_ufifo"), 0);
}

/* A device node made on ramfs reaches the driver its number names. */
KTEST(mknod_device_node_reaches_its_driver)
{
	KT_ASSERT(ctx, vfs_mknod_at(NULL, "/tmp/kt_zero", S_IFCHR | 0666, MKDEV(1, 5)) == 0);
	KT_ASSERT(ctx, vfs_mknod_at(NULL, "/tmp/kt_none", S_IFCHR | 0666, MKDEV(99, 1)) == 0);
	struct inode *inode;
	KT_ASSERT(ctx, vfs_lookup("/tmp/kt_zero", &inode) == 0);
	KT_EXPECT(ctx, S_ISCHR(inode->mode));
	KT_EXPECT_EQ(ctx, inode->rdev, MKDEV(1, 5));
	inode_put(inode);
	char buf[4] = {1, 2, 3, 4};
	KT_EXPECT_EQ(ctx, fst_read_file("/tmp/kt_zero", buf, sizeof(buf)), 4);
	KT_EXPECT(ctx, buf[0] == 0 && buf[3] == 0);
	struct file *f = NULL;
	KT_EXPECT_EQ(ctx, vfs_open("/tmp/kt_none", O_RDONLY, 0, &f), -ENXIO);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/kt_zero"), 0);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/kt_none"), 0);
}
