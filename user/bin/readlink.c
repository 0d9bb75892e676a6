/*
 * readlink.c — where symbolic links point:  readlink [-f] PATH...
 *
 * Without -f, each PATH's link text as stored (a relative target stays
 * relative); a PATH that is not a link prints nothing and makes the status 1,
 * as GNU readlink (that is an answer, not an error: no message).
 * With -f, the canonical absolute path: "." and ".." resolved, repeated
 * slashes gone, and every link on the way followed, a relative one from its
 * own directory, the way the kernel's lookup does it (fs/namei.c); every
 * component but the last must exist.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <usage.h>

#define USAGE "usage: readlink [-f] PATH..."
#define MAX_LINKS 40 /* the kernel's MAXSYMLINKS */

static int only_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

/* The walk of canonicalize(): out is the resolved part ("" is the root),
 * todo what is left; a link's text replaces the link's name in todo. */
struct canon {
	char out[PATH_MAX];
	char todo[PATH_MAX];
	const char *pos; /* in todo */
	int nr_links;
};

/* Append "/name" to out. */
static int canon_append(struct canon *c, const char *name, size_t len)
{
	size_t olen = strlen(c->out);
	if (olen + 1 + len >= sizeof(c->out)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	c->out[olen] = '/';
	memcpy(c->out + olen + 1, name, len);
	c->out[olen + 1 + len] = '\0';
	return 0;
}

/* out ends with a link: take its name off, and walk its text next. */
static int canon_follow(struct canon *c)
{
	char text[PATH_MAX], joined[PATH_MAX];
	if (++c->nr_links > MAX_LINKS) {
		errno = ELOOP;
		return -1;
	}
	ssize_t n = readlink(c->out, text, sizeof(text) - 1);
	if (n < 0)
		return -1;
	text[n] = '\0';
	*strrchr(c->out, '/') = '\0';
	if (text[0] == '/')
		c->out[0] = '\0';
	if ((size_t)snprintf(joined, sizeof(joined), "%s%s", text, c->pos) >= sizeof(joined)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(c->todo, joined);
	c->pos = c->todo;
	return 0;
}

/* One name of todo; 1 when the walk is over. */
static int canon_step(struct canon *c)
{
	while (*c->pos == '/')
		c->pos++;
	if (!*c->pos)
		return 1;
	const char *name = c->pos;
	while (*c->pos && *c->pos != '/')
		c->pos++;
	size_t len = (size_t)(c->pos - name);
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		char *slash = strrchr(c->out, '/');
		if (slash)
			*slash = '\0';
		return 0;
	}
	if (canon_append(c, name, len) < 0)
		return -1;
	struct stat st;
	if (lstat(c->out, &st) < 0) /* the last name may be missing */
		return errno == ENOENT && only_slashes(c->pos) ? 1 : -1;
	if (S_ISLNK(st.st_mode))
		return canon_follow(c);
	if (!S_ISDIR(st.st_mode) && !only_slashes(c->pos)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

static int canonicalize(const char *path, struct canon *c)
{
	c->out[0] = '\0';
	c->nr_links = 0;
	if (path[0] != '/' && !getcwd(c->out, sizeof(c->out)))
		return -1;
	if (strcmp(c->out, "/") == 0)
		c->out[0] = '\0';
	if (strlen(path) >= sizeof(c->todo)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(c->todo, path);
	c->pos = c->todo;
	int done;
	while ((done = canon_step(c)) == 0)
		continue;
	if (done < 0)
		return -1;
	if (!c->out[0])
		strcpy(c->out, "/");
	return 0;
}

static int print_link(const char *path)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		if (errno != EINVAL) /* EINVAL: not a link, which is an answer */
			warn("%s", path);
		return -1;
	}
	target[n] = '\0';
	puts(target);
	return 0;
}

static int print_canonical(const char *path)
{
	static struct canon c;
	if (canonicalize(path, &c) < 0) {
		warn("%s", path);
		return -1;
	}
	puts(c.out);
	return 0;
}

int main(int argc, char **argv)
{
	int canonical = 0;
	while (usage_getopt(argc, argv, "f", USAGE) != -1)
		canonical = 1; /* -f */
	if (optind == argc)
		usage_error("missing operand");
	int status = 0;
	for (int i = optind; i < argc; i++)
		status |= (canonical ? print_canonical(argv[i]) : print_link(argv[i])) < 0;
	return status;
}
