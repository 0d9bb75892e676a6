/*
 * dirent.h — struct linux_dirent64, what getdents64 returns (Linux layout).
 */
#ifndef UAPI_DIRENT_H
#define UAPI_DIRENT_H

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen; /* of this record, 8-byte aligned */
	unsigned char d_type;
	char d_name[]; /* NUL-terminated */
};

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10

#endif
