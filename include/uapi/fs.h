/*
 * fs.h — the block-device ioctls /dev/hda and /dev/hdb answer (Linux i386
 * numbers, from linux/fs.h; fs/blockdev.c).  Arguments point at: an
 * unsigned long (BLKGETSIZE: 512-byte sectors), a 64-bit byte count
 * (BLKGETSIZE64, though its number says size_t, as on Linux), an int
 * (BLKSSZGET, BLKBSZGET, BLKROGET); BLKFLSBUF takes none.
 */
#ifndef UAPI_FS_H
#define UAPI_FS_H

#define BLKROGET 0x125e         /* is the device read-only?  0 */
#define BLKGETSIZE 0x1260       /* size in 512-byte sectors */
#define BLKFLSBUF 0x1261        /* write back and drop cached data (root only) */
#define BLKSSZGET 0x1268        /* logical sector size: 512 */
#define BLKBSZGET 0x80041270    /* block size the kernel uses on it */
#define BLKGETSIZE64 0x80041272 /* size in bytes */

#endif
