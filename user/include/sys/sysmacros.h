/*
 * sys/sysmacros.h — device numbers as glibc encodes them in a dev_t: the
 * minor's low byte in bits 0-7, the major in bits 8-19, the minor's other
 * bits from bit 20 (the low 32 bits are Linux's new_encode_dev, what
 * mknod(2) takes and stat(2) gives).
 */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#include <sys/types.h>

#define makedev(ma, mi)                                                                            \
	((dev_t)((((unsigned)(mi)) & 0xffu) | ((((unsigned)(ma)) & 0xfffu) << 8) |                \
		 ((((unsigned)(mi)) & ~0xffu) << 12)))
#define major(dev) ((unsigned)(((dev) >> 8) & 0xfffu))
#define minor(dev) ((unsigned)(((dev)&0xffu) | (((dev) >> 12) & 0xfff00u)))

#endif
