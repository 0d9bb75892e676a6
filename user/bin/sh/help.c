/*
 * help.c — the help builtin: what a new user types first.
 *
 *     help        every builtin with its synopsis and a line on what it does,
 *                 then every program in /bin with a line each
 *     help NAME   a builtin's synopsis, or what `NAME --help` prints
 *
 * The lines for /bin come from /usr/share/corral/programs ("NAME<TAB>what
 * it does"), which the build writes from each program's header comment
 * (scripts/mkprograms.sh); a program it does not name is listed without one.
 */
#include "sh.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRAMS_FILE "/usr/share/corral/programs"
#define PROGRAMS_DIR "/bin"

static void help_builtins(void)
{
	printf("Builtins of Corral's sh (help NAME for one):\n");
	for (size_t i = 0; builtin_at(i); i++) {
		const struct builtin *b = builtin_at(i);
		printf("  %-30s %s\n", b->synopsis, b->summary);
	}
}

/* The line for name in the programs file (text: its whole contents), or "". */
static const char *program_summary(const char *text, const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t line_len = end ? (size_t)(end - line) : strlen(line);
		if (line_len > len && strncmp(line, name, len) == 0 && line[len] == '\t') {
			snprintf(buf, size, "%.*s", (int)(line_len - len - 1), line + len + 1);
			return buf;
		}
		line = end ? end + 1 : NULL;
	}
	return "";
}

static char *read_small_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	struct strbuf b = {NULL, 0, 0};
	char chunk[512];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		sb_add(&b, chunk, (size_t)n);
	close(fd);
	return b.s ? sb_finish(&b) : NULL;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void help_programs(void)
{
	DIR *dir = opendir(PROGRAMS_DIR);
	if (!dir)
		return;
	char **names = NULL;
	size_t nr = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, (nr + 1) * sizeof(*names));
		names[nr++] = xstrdup(e->d_name);
	}
	closedir(dir);
	qsort(names, nr, sizeof(*names), compare_names);
	char *text = read_small_file(PROGRAMS_FILE);
	printf("\nPrograms in %s (NAME --help for one):\n", PROGRAMS_DIR);
	for (size_t i = 0; i < nr; i++) {
		char buf[128];
		printf("  %-14s %s\n", names[i], text ? program_summary(text, names[i], buf, sizeof(buf)) : "");
		free(names[i]);
	}
	printf("\nDebian's busybox applets are in /usr/bin (busybox --list).\n");
	free(names);
	free(text);
}

static int is_plain_name(const char *s)
{
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("._+-[", *s))
			return 0;
	return 1;
}

static int help_one(const char *name)
{
	for (size_t i = 0; builtin_at(i); i++) {
		const struct builtin *b = builtin_at(i);
		if (strcmp(b->name, name) == 0) {
			printf("%s: %s\n    %s\n", b->name, b->synopsis, b->summary);
			return 0;
		}
	}
	if (!*name || !is_plain_name(name)) {
		sh_error("help: %s: no such builtin or program", name);
		return 1;
	}
	char command[300];
	snprintf(command, sizeof(command), "%s --help", name);
	fflush(stdout);
	return run_string(command);
}

int bi_help(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && strcmp(argv[1], "-h") != 0 &&
			 strcmp(argv[1], "--help") != 0)) {
		sh_error("usage: help [NAME]");
		return 2;
	}
	if (argc == 2 && argv[1][0] != '-')
		return help_one(argv[1]);
	help_builtins();
	help_programs();
	return 0;
}
