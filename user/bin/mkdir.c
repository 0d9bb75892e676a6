/*
 * mkdir.c — make directories; -p: make missing parents too, and do not
 * complain about directories that already exist.
 */
#include <err.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <usage.h>

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p: create each prefix of the path in turn, ending at the whole path. */
static int make_parents(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && !(errno == EEXIST && is_directory(path))) {
			warn("%s", path);
			*p = saved;
			return -1;
		}
		*p = saved;
		if (saved == '\0')
			return 0;
		while (p[1] == '/')
			p++;
	}
}

static const char usage[] = "usage: mkdir [-p] DIR...\n";

int main(int argc, char **argv)
{
	int parents = 0, status = 0;
	while (usage_getopt(argc, argv, "p", usage) != -1)
		parents = 1; /* -p */
	if (optind == argc)
		usage_error("missing operand");
	for (int i = optind; i < argc; i++) {
		if (parents) {
			status |= make_parents(argv[i]) < 0;
		} else if (mkdir(argv[i], 0777) < 0) {
			warn("%s", argv[i]);
			status = 1;
		}
	}
	return status;
}
