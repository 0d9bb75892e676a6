/*
 * redir.c — redirections: < > >> <> N>file N>&M N<&M N>&- .
 *
 * In a child about to exec, redirections are simply made (saved == NULL).  For
 * a builtin or a compound command that runs in the shell itself they must be
 * undone afterwards, so each descriptor about to change is first copied to a
 * close-on-exec descriptor at 10 or above and put back by redirect_undo().
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct saved_fd {
	int fd;	       /* the descriptor that was redirected */
	int copy;      /* where its old file waits, or -1: it was closed */
	char *name;    /* its old name (fd_names) */
	struct saved_fd *next;
};

/* The file each of 0, 1, 2 was last redirected to, for messages about a failed
 * write: "echo 5x > page_limit" must say "sh: page_limit: Invalid argument". */
static char *fd_names[3];

const char *redirect_name(int fd)
{
	return fd >= 0 && fd < 3 ? fd_names[fd] : NULL;
}

static void set_fd_name(int fd, const char *name)
{
	if (fd < 0 || fd >= 3)
		return;
	char *copy = name ? xstrdup(name) : NULL;
	free(fd_names[fd]);
	fd_names[fd] = copy;
}

int fd_move_high(int fd)
{
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (high >= 0)
		close(fd);
	return high;
}

static void save_fd(int fd, struct saved_fd **saved)
{
	for (struct saved_fd *s = *saved; s; s = s->next)
		if (s->fd == fd)
			return; /* the original is saved already */
	struct saved_fd *s = xmalloc(sizeof(*s));
	s->fd = fd;
	s->copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	s->name = fd >= 0 && fd < 3 && fd_names[fd] ? xstrdup(fd_names[fd]) : NULL;
	s->next = *saved;
	*saved = s;
}

/* The descriptor a redirection's target opens (or names, for >& and <&). */
static int redirect_source(struct redir *r, const char *target, int *close_only)
{
	static const int flags[] = {
	    [R_IN] = O_RDONLY,
	    [R_OUT] = O_WRONLY | O_CREAT | O_TRUNC,
	    [R_APPEND] = O_WRONLY | O_CREAT | O_APPEND,
	    [R_RDWR] = O_RDWR | O_CREAT,
	};
	*close_only = 0;
	if (r->type == R_DUP_IN || r->type == R_DUP_OUT) {
		if (strcmp(target, "-") == 0) {
			*close_only = 1;
			return -1;
		}
		char *end;
		long fd = strtol(target, &end, 10);
		if (!*target || *end || fd < 0) {
			sh_error("%s: bad file descriptor number", target);
			return -2;
		}
		if (fcntl((int)fd, F_GETFD) < 0) {
			sh_error("%s: %s", target, strerror(errno));
			return -2;
		}
		return (int)fd;
	}
	int fd = open(target, flags[r->type], 0666);
	if (fd < 0) {
		sh_error("%s: %s", target, strerror(errno));
		return -2;
	}
	return fd;
}

/* Makes one redirection; 0, or -1 after reporting why not. */
static int redirect_one(struct redir *r, struct saved_fd **saved)
{
	char *target = expand_single(r->target);
	if (!target)
		return -1;
	int close_only, fd = redirect_source(r, target, &close_only);
	if (fd == -2) {
		free(target);
		return -1;
	}
	if (saved)
		save_fd(r->fd, saved);
	int is_dup = r->type == R_DUP_IN || r->type == R_DUP_OUT;
	set_fd_name(r->fd, close_only ? NULL : is_dup ? redirect_name(fd) : target);
	free(target);
	if (close_only) {
		close(r->fd);
		return 0;
	}
	if (fd != r->fd) {
		dup2(fd, r->fd);
		if (r->type != R_DUP_IN && r->type != R_DUP_OUT)
			close(fd);
	}
	return 0;
}

int redirect(struct redir *r, struct saved_fd **saved)
{
	for (; r; r = r->next)
		if (redirect_one(r, saved) < 0)
			return -1;
	return 0;
}

/* Puts the saved descriptors back, newest save first. */
void redirect_undo(struct saved_fd *saved)
{
	while (saved) {
		struct saved_fd *next = saved->next;
		if (saved->copy >= 0) {
			dup2(saved->copy, saved->fd);
			close(saved->copy);
		} else {
			close(saved->fd);
		}
		set_fd_name(saved->fd, saved->name);
		free(saved->name);
		free(saved);
		saved = next;
	}
}
