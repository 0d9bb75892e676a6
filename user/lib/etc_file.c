/*
 * etc_file.c — the line reader behind getpwent and getgrent (etc_file.h):
 * a line of /etc/passwd or /etc/group is cut at its colons in place, so the
 * entry's strings live in the reader's line buffer until the next line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "etc_file.h"

/* Cut line at ':' into exactly n fields; the newline goes. */
static int etc_split(char *line, char **fields, int n)
{
	line[strcspn(line, "\n")] = '\0';
	int count = 0;
	for (char *p = line;; p++) {
		if (count == n)
			return -1; /* more fields than the format has */
		fields[count++] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p = '\0';
	}
	return count == n ? 0 : -1;
}

int etc_file_next(struct etc_file *ef, char **fields, int nr_fields)
{
	if (!ef->f && !(ef->f = fopen(ef->path, "r")))
		return -1;
	while (getline(&ef->line, &ef->cap, ef->f) >= 0)
		if (ef->line[0] != '#' && etc_split(ef->line, fields, nr_fields) == 0)
			return 0;
	return -1;
}

void etc_file_rewind(struct etc_file *ef)
{
	if (ef->f)
		rewind(ef->f);
}

void etc_file_close(struct etc_file *ef)
{
	if (ef->f)
		fclose(ef->f);
	ef->f = NULL;
}

int etc_parse_id(const char *s, unsigned int *id)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (end == s || *end || errno || v > 0xffffffffUL)
		return -1;
	*id = (unsigned int)v;
	return 0;
}
