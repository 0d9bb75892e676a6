/*
 * container_fs.h — what the three files of /configfs/container share:
 * fs/container_fs.c (the directory and its files), fs/container_fs_parse.c
 * (what a write may say) and fs/container_fs_move.c (addtask, rmtask, addfile,
 * rmfile).  Nobody else includes it.
 */
#ifndef CORRAL_FS_CONTAINER_FS_H
#define CORRAL_FS_CONTAINER_FS_H

#include <corral/types.h>

struct configfs_item;

/* fs/container_fs_parse.c: 0 or -errno; nothing is written on an error. */
bool container_fs_is_space(char c);
void container_fs_trim(const char **buf, size_t *len); /* whitespace off both ends */
bool container_fs_text_is(const char *buf, size_t len, const char *word);
int container_fs_parse_u32(const char *buf, size_t len, uint32_t *out); /* -EINVAL, -ERANGE */
int container_fs_parse_limit(const char *buf, size_t len, uint32_t *out); /* a number or max */
int container_fs_parse_pid(const char *buf, size_t len, int *out); /* 0: the writer */
int container_fs_parse_path(const char *buf, size_t len, char **out); /* kfree *out */

/* fs/container_fs_move.c: the stores of the four moving files. */
int container_fs_addtask_store(struct configfs_item *item, const char *buf, size_t len);
int container_fs_rmtask_store(struct configfs_item *item, const char *buf, size_t len);
int container_fs_addfile_store(struct configfs_item *item, const char *buf, size_t len);
int container_fs_rmfile_store(struct configfs_item *item, const char *buf, size_t len);

#endif
