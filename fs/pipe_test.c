/*
 * pipe_test.c — pipes: bytes come out in order (across the ring's wrap),
 * end of file when the writers are gone, EPIPE and SIGPIPE when the readers
 * are, EAGAIN with O_NONBLOCK, and every page back afterwards.
 */
#include <corral/ktest.h>
#include <corral/spinlock.h>
#include <corral/string.h>

#include "fs_test.h"

static char out_buf[3000], in_buf[3000];

KTEST(pipe_write_then_read_in_order)
{
	struct file *r, *w;
	KT_ASSERT(ctx, pipe_create(&r, &w) == 0);
	KT_EXPECT(ctx, S_ISFIFO(r->inode->mode));
	KT_EXPECT(ctx, r->inode == w->inode);
	KT_EXPECT_EQ(ctx, file_write(w, "hello", 5), 5);
	char buf[8] = {0};
	KT_EXPECT_EQ(ctx, file_read(r, buf, 3), 3);
	KT_EXPECT_EQ(ctx, file_read(r, buf + 3, sizeof(buf) - 4), 2);
	KT_EXPECT_STREQ(ctx, buf, "hello");
	for (int round = 0; round < 3; round++) { /* 9000 bytes through a 4096-byte ring */
		for (size_t i = 0; i < sizeof(out_buf); i++)
			out_buf[i] = (char)(i + (size_t)round * 13);
		KT_EXPECT_EQ(ctx, file_write(w, out_buf, sizeof(out_buf)), sizeof(out_buf));
		KT_EXPECT_EQ(ctx, file_read(r, in_buf, sizeof(in_buf)), sizeof(in_buf));
		KT_EXPECT(ctx, memcmp(in_buf, out_buf, sizeof(in_buf)) == 0);
	}
	KT_EXPECT_EQ(ctx, file_read(w, buf, 1), -EBADF);  /* wrong ends */
	KT_EXPECT_EQ(ctx, file_write(r, buf, 1), -EBADF);
	file_put(r);
	file_put(w);
}

KTEST(pipe_eof_when_writers_are_gone)
{
	struct file *r, *w;
	KT_ASSERT(ctx, pipe_create(&r, &w) == 0);
	KT_EXPECT_EQ(ctx, file_write(w, "x", 1), 1);
	file_put(w);
	char c = 0;
	KT_EXPECT_EQ(ctx, file_read(r, &c, 1), 1); /* what was written still comes out */
	KT_EXPECT_EQ(ctx, c, 'x');
	KT_EXPECT_EQ(ctx, file_read(r, &c, 1), 0);
	file_put(r);
}

KTEST(pipe_epipe_and_sigpipe_when_readers_are_gone)
{
	struct file *r, *w;
	KT_ASSERT(ctx, pipe_create(&r, &w) == 0);
	file_put(r);
	uint64_t sigpipe = 1ull << (SIGPIPE - 1);
	KT_EXPECT_EQ(ctx, file_write(w, "x", 1), -EPIPE);
	uint32_t flags = spin_lock_irqsave(&tasks_lock);
	bool was_sent = current->signals_pending & sigpipe;
	current->signals_pending &= ~sigpipe; /* the boot task must not keep it */
	spin_unlock_irqrestore(&tasks_lock, flags);
	KT_EXPECT(ctx, was_sent);
	file_put(w);
}

KTEST(pipe_nonblocking_ends_say_eagain)
{
	static char fill[PIPE_BUF];
	struct file *r, *w;
	KT_ASSERT(ctx, pipe_create(&r, &w) == 0);
	r->flags |= O_NONBLOCK;
	w->flags |= O_NONBLOCK;
	char c;
	KT_EXPECT_EQ(ctx, file_read(r, &c, 1), -EAGAIN);
	KT_EXPECT_EQ(ctx, file_write(w, fill, 100), 100);
	KT_EXPECT_EQ(ctx, file_write(w, fill, PIPE_BUF), -EAGAIN); /* all or nothing */
	KT_EXPECT_EQ(ctx, file_write(w, fill, PIPE_BUF - 100), PIPE_BUF - 100);
	KT_EXPECT_EQ(ctx, file_write(w, "x", 1), -EAGAIN);
	KT_EXPECT_EQ(ctx, file_read(r, fill, PIPE_BUF), PIPE_BUF);
	file_put(w);
	KT_EXPECT_EQ(ctx, file_read(r, &c, 1), 0);
	file_put(r);
}
