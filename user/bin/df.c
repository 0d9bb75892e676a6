/*
 * df.c — free space of mounted filesystems:  df [FILE...]
 *
 * One line per filesystem, in 1 KiB blocks, as GNU df prints them:
 *
 *   Filesystem     1K-blocks  Used Available Use% Mounted on
 *   /dev/hda           63461  6213     54048  11% /mnt
 *
 * Without FILE every mount of /proc/mounts that has blocks (ext2; not the
 * memory filesystems, which report none); with FILE the filesystem holding
 * each.  The numbers come from statfs(2).  (-h is help here, as for every
 * Corral program, not GNU's "human-readable".)
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: df [FILE...]\n";

static int df_line(const char *source, const char *dir, int show_empty)
{
	struct statfs64 st;
	if (statfs(dir, &st) < 0) {
		warn("%s", dir);
		return 1;
	}
	if (st.f_blocks == 0 && !show_empty)
		return 0;
	unsigned long long k = st.f_bsize / 1024 ? st.f_bsize / 1024 : 1;
	unsigned long long total = st.f_blocks * k, avail = st.f_bavail * k;
	unsigned long long used = (st.f_blocks - st.f_bfree) * k;
	unsigned long long base = used + avail;
	unsigned long long percent = base ? (used * 100 + base - 1) / base : 0;
	if (base)
		printf("%-14s %9llu %9llu %9llu %3llu%% %s\n", source, total, used, avail, percent, dir);
	else
		printf("%-14s %9llu %9llu %9llu    - %s\n", source, total, used, avail, dir);
	return 0;
}

/* Copy the next space-separated word of *p into out (size bytes); 0 if none. */
static int next_word(char **p, char *out, size_t size)
{
	char *s = *p;
	while (*s == ' ')
		s++;
	size_t n = strcspn(s, " ");
	if (n == 0 || n >= size)
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	*p = s + n;
	return 1;
}

/* Each line of /proc/mounts: "SOURCE DIR TYPE OPTIONS 0 0".  With only
 * NULL, a line for each that has blocks; else the source mounted at only
 * (a mount point named on the command line), or "-". */
static int df_mounts(const char *only)
{
	int fd = open("/proc/mounts", O_RDONLY);
	if (fd < 0)
		err(1, "/proc/mounts");
	static char text[4096];
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		err(1, "/proc/mounts");
	text[n] = '\0';
	int status = 0;
	for (char *line = text; *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		char source[64], dir[256];
		char *p = line;
		if (next_word(&p, source, sizeof(source)) && next_word(&p, dir, sizeof(dir))) {
			if (!only)
				status |= df_line(source, dir, 0);
			else if (strcmp(only, dir) == 0)
				return df_line(source, dir, 1);
		}
		line = end ? end + 1 : line + strlen(line);
	}
	return only ? df_line("-", only, 1) : status;
}

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	printf("Filesystem     1K-blocks      Used Available Use%% Mounted on\n");
	if (optind == argc)
		return df_mounts(NULL);
	int status = 0;
	for (int i = optind; i < argc; i++)
		status |= df_mounts(argv[i]);
	return status;
}
