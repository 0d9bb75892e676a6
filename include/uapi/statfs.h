/*
 * uapi/statfs.h — what statfs64(2) and fstatfs64(2) fill: Linux's i386
 * struct statfs64 (84 bytes, 4-byte aligned: the i386 ABI packs it).
 */
#ifndef UAPI_STATFS_H
#define UAPI_STATFS_H

struct statfs64 {
	unsigned int f_type;
	unsigned int f_bsize;
	unsigned long long f_blocks;
	unsigned long long f_bfree;
	unsigned long long f_bavail; /* free to users other than root */
	unsigned long long f_files;
	unsigned long long f_ffree;
	int f_fsid[2];
	unsigned int f_namelen;
	unsigned int f_frsize;
	unsigned int f_flags;
	unsigned int f_spare[4];
} __attribute__((packed, aligned(4)));

#endif
