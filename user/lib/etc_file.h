/*
 * etc_file.h — reading the colon-separated databases in /etc (passwd, group)
 * a line at a time, for lib/pwd.c and lib/grp.c.  Internal to the C library.
 */
#ifndef ETC_FILE_H
#define ETC_FILE_H

#include <stdio.h>

struct etc_file {
	const char *path;
	FILE *f;     /* opened by the first etc_file_next */
	char *line;  /* getline's buffer: the fields point into it */
	size_t cap;
};

/* The next line with exactly nr_fields fields (others are skipped): 0, and
 * fields[] pointing into the line; -1 at the end or when there is no file. */
int etc_file_next(struct etc_file *ef, char **fields, int nr_fields);
void etc_file_rewind(struct etc_file *ef);
void etc_file_close(struct etc_file *ef);

/* A decimal id: 0, or -1 if s is not one. */
int etc_parse_id(const char *s, unsigned int *id);

#endif
