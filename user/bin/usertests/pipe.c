/*
 * pipe.c — pipes between processes: data arrives whole and in order however
 * it is chunked, end of file comes only when every writer is gone, writing
 * with no reader left gives SIGPIPE (or EPIPE when it is ignored), and writes
 * of at most PIPE_BUF bytes from several writers never interleave.
 * Next: file.c.
 */
#include "usertests.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PIPE_TOTAL (64 * 1024)
#define MULTI_WRITERS 4
#define MULTI_RECORDS 500
#define RECORD_BYTES 32

static char pattern_byte(size_t i)
{
	return (char)(i % 251);
}

/* The child reads PIPE_TOTAL bytes in its own chunk sizes, then sees EOF. */
static _Noreturn void pipe_reader(int fd)
{
	static char buf[3000];
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != pattern_byte(got + (size_t)i))
				ut_fail("byte %u of the stream is wrong",
					(unsigned)(got + (size_t)i));
		got += (size_t)n;
	}
	if (n < 0)
		ut_fail("read: %s", ut_errno_name(errno));
	if (got != PIPE_TOTAL)
		ut_fail("read %u bytes before EOF, wanted %u", (unsigned)got, PIPE_TOTAL);
	_exit(0);
}

static void test_pipe(void)
{
	static const size_t chunks[] = {1, 7, 100, 512, 4096, 5000, 8192, 17};
	static char data[PIPE_TOTAL];
	for (size_t i = 0; i < PIPE_TOTAL; i++)
		data[i] = pattern_byte(i);
	int fds[2];
	ut_pipe(fds);
	pid_t pid = ut_fork();
	if (pid == 0) {
		close(fds[1]);
		pipe_reader(fds[0]);
	}
	close(fds[0]);
	size_t sent = 0;
	for (int c = 0; sent < PIPE_TOTAL; c = (c + 1) % 8) {
		size_t n = chunks[c] < PIPE_TOTAL - sent ? chunks[c] : PIPE_TOTAL - sent;
		ut_write_all(fds[1], data + sent, n);
		sent += n;
	}
	close(fds[1]);
	ut_expect_exit(pid, 0);
}

/* EOF only after the last writer closes; data written before that is kept. */
static void test_pipeeof(void)
{
	int data[2], go[2];
	ut_pipe(data);
	ut_pipe(go);
	UT_CHECK_ERRNO(write(data[0], "x", 1), EBADF);
	UT_CHECK_ERRNO(read(data[1], &go, 1), EBADF);
	UT_CHECK_ERRNO(lseek(data[0], 0, SEEK_SET), ESPIPE);
	pid_t pid = ut_fork();
	if (pid == 0) {
		char c;
		close(data[0]);
		close(go[1]);
		ut_write_all(data[1], "a", 1);
		ut_read_all(go[0], &c, 1);
		ut_write_all(data[1], "b", 1);
		_exit(0); /* the last write end closes here */
	}
	close(data[1]);
	close(go[0]);
	char c = 0;
	UT_CHECK(read(data[0], &c, 1) == 1 && c == 'a');
	ut_write_all(go[1], "g", 1);
	ut_expect_exit(pid, 0);
	UT_CHECK(read(data[0], &c, 1) == 1 && c == 'b');
	UT_CHECK(read(data[0], &c, 1) == 0);
	UT_CHECK(read(data[0], &c, 1) == 0);
}

static void write_to_readerless_pipe(void *arg)
{
	(void)arg;
	int fds[2];
	ut_pipe(fds);
	close(fds[0]);
	write(fds[1], "x", 1);
}

/* A writer blocked on a full pipe wakes with EPIPE when the reader goes. */
static _Noreturn void blocked_writer(int fd)
{
	static char chunk[4096];
	for (int i = 0; i < 256; i++) {
		ssize_t n = write(fd, chunk, sizeof(chunk));
		if (n < 0)
			_exit(errno == EPIPE ? 0 : 2);
	}
	_exit(1); /* 1 MiB went into a pipe nobody read */
}

static void test_pipeepipe(void)
{
	signal(SIGPIPE, SIG_DFL);
	ut_expect_crash(write_to_readerless_pipe, NULL, SIGPIPE, "write with no reader");

	signal(SIGPIPE, SIG_IGN);
	int fds[2];
	ut_pipe(fds);
	close(fds[0]);
	UT_CHECK_ERRNO(write(fds[1], "x", 1), EPIPE);
	close(fds[1]);

	ut_pipe(fds);
	pid_t pid = ut_fork();
	if (pid == 0) {
		close(fds[0]);
		blocked_writer(fds[1]);
	}
	close(fds[1]);
	char buf[10];
	ut_read_all(fds[0], buf, sizeof(buf));
	ut_sleep_ms(50); /* let the writer fill the pipe and block */
	close(fds[0]);
	ut_expect_exit(pid, 0);
}

static _Noreturn void multi_writer(int fd, int id)
{
	char record[RECORD_BYTES];
	for (int seq = 0; seq < MULTI_RECORDS; seq++) {
		memset(record, 'A' + id, sizeof(record));
		memcpy(record + 1, &seq, sizeof(seq));
		if (write(fd, record, sizeof(record)) != (ssize_t)sizeof(record))
			_exit(1);
	}
	_exit(0);
}

/* Records of 32 bytes from four writers arrive whole and, per writer, in order. */
static void test_pipemulti(void)
{
	int fds[2];
	ut_pipe(fds);
	pid_t pids[MULTI_WRITERS];
	for (int w = 0; w < MULTI_WRITERS; w++) {
		pids[w] = ut_fork();
		if (pids[w] == 0) {
			close(fds[0]);
			multi_writer(fds[1], w);
		}
	}
	close(fds[1]);
	int next_seq[MULTI_WRITERS] = {0};
	char record[RECORD_BYTES];
	for (int r = 0; r < MULTI_WRITERS * MULTI_RECORDS; r++) {
		ut_read_all(fds[0], record, sizeof(record));
		int w = record[0] - 'A', seq;
		memcpy(&seq, record + 1, sizeof(seq));
		if (w < 0 || w >= MULTI_WRITERS)
			ut_fail("record %d does not start with a writer's mark", r);
		for (int i = 1 + (int)sizeof(seq); i < RECORD_BYTES; i++)
			if (record[i] != record[0])
				ut_fail("record %d is torn at byte %d: writes interleaved", r, i);
		if (seq != next_seq[w]++)
			ut_fail("writer %d: record %d arrived where %d was due", w, seq,
				next_seq[w] - 1);
	}
	UT_CHECK(read(fds[0], record, 1) == 0);
	for (int w = 0; w < MULTI_WRITERS; w++)
		ut_expect_exit(pids[w], 0);
}

const struct ut_test ut_pipe_tests[] = {
    {"pipe", test_pipe},
    {"pipeeof", test_pipeeof},
    {"pipeepipe", test_pipeepipe},
    {"pipemulti", test_pipemulti},
    {NULL, NULL},
};
