/*
 * ramfs.h — what fs/ramfs.c (directories) and fs/ramfs_file.c (file data)
 * share; nothing outside ramfs uses it.
 */
#ifndef FS_RAMFS_H
#define FS_RAMFS_H

struct inode;

/* Give a new regular-file inode ramfs's file operations (fs/ramfs_file.c). */
void ramfs_file_init(struct inode *inode);

#endif
