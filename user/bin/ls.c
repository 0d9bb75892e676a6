/*
 * ls.c — list directories: ls [-l] [-a] [-d] [PATH...]
 *
 * One name per line, sorted by name (byte order).  -a includes names starting
 * with '.'; -d lists a directory itself rather than its contents; -l adds, in
 * columns, the mode string, link count, owner, group, size (device files:
 * major, minor) and modification time before each name, and "-> target" after
 * a symbolic link.  Owner and group are names from /etc/passwd and /etc/group,
 * left-aligned as GNU ls prints them, or numbers (right-aligned) for ids
 * without a name; -n is -l with numbers always.  The time reads as Linux's ls prints it in the C locale:
 * "Dec  2 14:22" within the last six months, "Dec  2  2025" otherwise.  File
 * operands are listed first, then each directory, under a "PATH:" heading when
 * there is more than one operand.  Options may follow the paths (ls /bin -l).
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

struct entry {
	char *name; /* as printed */
	char *path; /* for lstat and readlink */
	struct stat st;
};

static const char usage[] = "usage: ls [-l | -n] [-a] [-d] [-1] [PATH...]\n";

static int long_format, numeric_ids, show_all, list_dirs_as_files;

/* A name for an owner or group id, or NULL: the last few are remembered, as
 * most files in a directory share one owner (each miss reads /etc again). */
#define ID_CACHE_SIZE 8
struct id_name {
	unsigned id;
	int has_name;
	char name[32];
};

static const char *id_name(unsigned id, int is_group)
{
	static struct id_name cache[2][ID_CACHE_SIZE];
	static int used[2];
	if (numeric_ids)
		return NULL;
	struct id_name *c = cache[is_group];
	for (int i = 0; i < used[is_group] && i < ID_CACHE_SIZE; i++)
		if (c[i].id == id)
			return c[i].has_name ? c[i].name : NULL;
	struct id_name *slot = &c[used[is_group]++ % ID_CACHE_SIZE];
	const char *name = NULL;
	if (is_group) {
		struct group *gr = getgrgid(id);
		name = gr ? gr->gr_name : NULL;
	} else {
		struct passwd *pw = getpwuid(id);
		name = pw ? pw->pw_name : NULL;
	}
	slot->id = id;
	slot->has_name = name != NULL;
	snprintf(slot->name, sizeof(slot->name), "%s", name ? name : "");
	return name ? slot->name : NULL;
}

/* "name " padded to width on the right, or the number padded on the left. */
static void print_id(unsigned id, int is_group, int width)
{
	const char *name = id_name(id, is_group);
	if (name)
		printf("%-*s ", width, name);
	else
		printf("%*u ", width, id);
}

static void mode_string(mode_t mode, char out[11])
{
	const char *types = "?pc?d?b?-?l?s???";
	out[0] = types[(mode & S_IFMT) >> 12];
	const char *rwx = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
	if (mode & S_ISUID)
		out[3] = (mode & 0100) ? 's' : 'S';
	if (mode & S_ISGID)
		out[6] = (mode & 0010) ? 's' : 'S';
	if (mode & S_ISVTX)
		out[9] = (mode & 0001) ? 't' : 'T';
	out[10] = '\0';
}

/* The size column: bytes, or "major, minor" for a device (Linux's dev_t). */
static void size_string(const struct stat *st, char *out, size_t n)
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		unsigned major = (unsigned)((st->st_rdev >> 8) & 0xfff);
		unsigned minor = (unsigned)((st->st_rdev & 0xff) | ((st->st_rdev >> 12) & 0xfff00));
		snprintf(out, n, "%u, %u", major, minor);
	} else {
		snprintf(out, n, "%lld", st->st_size);
	}
}

/* Six months, as GNU ls counts them: half a year of 365.2425 days. */
#define LS_SIX_MONTHS_SECONDS (31556952 / 2)

/* The time column: hour and minute if recent, the year if older or in the future. */
static void time_string(time_t mtime, char out[16])
{
	static time_t now;
	if (!now)
		now = time(NULL);
	struct tm tm;
	gmtime_r(&mtime, &tm);
	int is_recent = mtime > now - LS_SIX_MONTHS_SECONDS && mtime <= now;
	strftime(out, 16, is_recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
}

static int digits(unsigned long long n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* The width an id's column needs: its name's, or its number's digits. */
static int id_width(unsigned id, int is_group)
{
	const char *name = id_name(id, is_group);
	return name ? (int)strlen(name) : digits(id);
}

static void print_long(struct entry *e, int count)
{
	int wl = 1, wu = 1, wg = 1, ws = 1;
	char size[32];
	for (int i = 0; i < count; i++) {
		struct stat *st = &e[i].st;
		size_string(st, size, sizeof(size));
		wl = digits(st->st_nlink) > wl ? digits(st->st_nlink) : wl;
		wu = id_width(st->st_uid, 0) > wu ? id_width(st->st_uid, 0) : wu;
		wg = id_width(st->st_gid, 1) > wg ? id_width(st->st_gid, 1) : wg;
		ws = (int)strlen(size) > ws ? (int)strlen(size) : ws;
	}
	for (int i = 0; i < count; i++) {
		struct stat *st = &e[i].st;
		char mode[11], when[16], target[PATH_MAX];
		mode_string(st->st_mode, mode);
		size_string(st, size, sizeof(size));
		time_string(st->st_mtime, when);
		printf("%s %*u ", mode, wl, st->st_nlink);
		print_id(st->st_uid, 0, wu);
		print_id(st->st_gid, 1, wg);
		printf("%*s %s %s", ws, size, when, e[i].name);
		ssize_t n;
		if (S_ISLNK(st->st_mode) &&
		    (n = readlink(e[i].path, target, sizeof(target) - 1)) >= 0) {
			target[n] = '\0';
			printf(" -> %s", target);
		}
		putchar('\n');
	}
}

static void print_entries(struct entry *e, int count)
{
	if (long_format) {
		print_long(e, count);
		return;
	}
	for (int i = 0; i < count; i++)
		puts(e[i].name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_entries(struct entry *e, int count)
{
	for (int i = 0; i < count; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

/* Lists one directory's contents; returns 0 or -1 (reported). */
static int list_directory(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		warn("%s", dir);
		return -1;
	}
	int count = 0, cap = 32, status = 0;
	struct entry *e = malloc((size_t)cap * sizeof(*e));
	if (!e)
		err(1, "out of memory");
	struct dirent *de;
	/* errno cleared before each readdir: NULL with errno set is an error. */
	while ((errno = 0, de = readdir(d))) {
		if (de->d_name[0] == '.' && !show_all)
			continue;
		if (count == cap) {
			cap *= 2;
			struct entry *grown = realloc(e, (size_t)cap * sizeof(*e));
			if (!grown)
				err(1, "out of memory");
			e = grown;
		}
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		e[count].name = strdup(de->d_name);
		e[count].path = strdup(path);
		if (long_format && lstat(path, &e[count].st) < 0) {
			warn("%s", path);
			status = -1;
			free(e[count].name);
			free(e[count].path);
			continue;
		}
		count++;
	}
	if (errno) {
		warn("%s", dir);
		status = -1;
	}
	closedir(d);
	if (count > 1)
		qsort(e, (size_t)count, sizeof(*e), by_name);
	print_entries(e, count);
	free_entries(e, count);
	return status;
}

int main(int argc, char **argv)
{
	int c;
	while ((c = usage_getopt(argc, argv, "lnad1", usage)) != -1) {
		if (c == 'l' || c == 'n')
			long_format = 1;
		if (c == 'n')
			numeric_ids = 1;
		else if (c == 'a')
			show_all = 1;
		else if (c == 'd')
			list_dirs_as_files = 1;
	}
	char *dot[] = {".", NULL};
	char **paths = optind < argc ? argv + optind : dot;
	int npaths = optind < argc ? argc - optind : 1;
	struct entry *files = calloc((size_t)npaths, sizeof(*files));
	char **dirs = calloc((size_t)npaths, sizeof(*dirs));
	int nfiles = 0, ndirs = 0, status = 0;
	for (int i = 0; i < npaths; i++) {
		struct stat st;
		if (lstat(paths[i], &st) < 0 ||
		    (S_ISLNK(st.st_mode) && !long_format && stat(paths[i], &st) < 0)) {
			warn("%s", paths[i]);
			status = 1;
		} else if (S_ISDIR(st.st_mode) && !list_dirs_as_files) {
			dirs[ndirs++] = paths[i];
		} else {
			files[nfiles].name = strdup(paths[i]);
			files[nfiles].path = strdup(paths[i]);
			files[nfiles++].st = st;
		}
	}
	qsort(files, (size_t)nfiles, sizeof(*files), by_name);
	qsort(dirs, (size_t)ndirs, sizeof(*dirs), by_string);
	print_entries(files, nfiles);
	for (int i = 0; i < ndirs; i++) {
		if (npaths > 1)
			printf("%s%s:\n", (nfiles || i) ? "\n" : "", dirs[i]);
		if (list_directory(dirs[i]) < 0)
			status = 1;
	}
	free_entries(files, nfiles);
	free(dirs);
	return status;
}
