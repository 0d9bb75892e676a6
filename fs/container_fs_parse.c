/*
 * container_fs_parse.c — what a write to /configfs/container may say.
 *
 * Numbers are decimal, with whitespace around them allowed (echo adds a
 * newline); a limit may also be `max`.  Bad text → EINVAL, a number that does
 * not fit in 32 bits → ERANGE, nothing but whitespace → EINVAL.  Paths
 * (addfile, rmfile) lose the whitespace around them too.  A pid of 0 is the
 * writer itself (as cgroup.procs).  Each parser looks at the whole text
 * before it answers, so a write is refused before anything changes.
 *
 * Read next: fs/container_fs.c (the files), fs/container_fs_move.c.
 */
#include <corral/container.h>
#include <corral/kmalloc.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

#include "container_fs.h"

bool container_fs_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The written text without the whitespace around it. */
void container_fs_trim(const char **buf, size_t *len)
{
	while (*len > 0 && container_fs_is_space((*buf)[0]))
		(*buf)++, (*len)--;
	while (*len > 0 && container_fs_is_space((*buf)[*len - 1]))
		(*len)--;
}

bool container_fs_text_is(const char *buf, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(buf, word, len) == 0;
}

/* A decimal number: 0, -EINVAL (not one: checked first, over the whole text)
 * or -ERANGE (more than 32 bits). */
int container_fs_parse_u32(const char *buf, size_t len, uint32_t *out)
{
	container_fs_trim(&buf, &len);
	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
	uint32_t value = 0;
	for (size_t i = 0; i < len; i++) {
		uint32_t digit = (uint32_t)(buf[i] - '0');
		if (value > (UINT32_MAX - digit) / 10)
			return -ERANGE;
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

/* A limit: a number, or `max` (CONTAINER_NO_LIMIT). */
int container_fs_parse_limit(const char *buf, size_t len, uint32_t *out)
{
	const char *word = buf;
	size_t word_len = len;
	container_fs_trim(&word, &word_len);
	if (container_fs_text_is(word, word_len, "max")) {
		*out = CONTAINER_NO_LIMIT;
		return 0;
	}
	return container_fs_parse_u32(buf, len, out);
}

/* A pid: 0 is the writer itself (as cgroup.procs); beyond the largest pid
 * there is no such task. */
int container_fs_parse_pid(const char *buf, size_t len, int *out)
{
	uint32_t value;
	int err = container_fs_parse_u32(buf, len, &value);
	if (err)
		return err;
	if (value > TASK_MAX_PID)
		return -ESRCH;
	*out = value == 0 ? current->pid : (int)value;
	return 0;
}

/* A path, NUL-terminated in a new buffer (kfree it); -EINVAL for nothing or
 * a NUL inside, -ENAMETOOLONG. */
int container_fs_parse_path(const char *buf, size_t len, char **out)
{
	container_fs_trim(&buf, &len);
	if (len == 0 || memchr(buf, '\0', len))
		return -EINVAL;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	char *path = kmalloc(len + 1);
	if (!path)
		return -ENOMEM;
	memcpy(path, buf, len);
	path[len] = '\0';
	*out = path;
	return 0;
}
