/*
 * procfs.h — what fs/procfs.c (the directories) and fs/procfs_text.c (the
 * text of each file) share; nothing outside procfs uses it.
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <corral/types.h>

struct task;

/* A file's text, made whole at open (so a read sees one consistent snapshot). */
struct procfs_buf {
	char *data;
	size_t size; /* bytes at data */
	size_t len;  /* bytes of text; the rest of a too-long text is dropped */
};

void procfs_printf(struct procfs_buf *b, const char *fmt, ...) __printf(2, 3);

/* /proc files. */
int procfs_show_meminfo(struct procfs_buf *b);
int procfs_show_vmstat(struct procfs_buf *b);
int procfs_show_mounts(struct procfs_buf *b);
int procfs_show_container_audit(struct procfs_buf *b);
/* /proc/<pid> files; t stays valid: nothing sleeps while they run. */
int procfs_show_status(struct procfs_buf *b, struct task *t);
int procfs_show_cmdline(struct procfs_buf *b, struct task *t);
int procfs_show_maps(struct procfs_buf *b, struct task *t);
int procfs_show_container(struct procfs_buf *b, struct task *t);

#endif
