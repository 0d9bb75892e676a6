/*
 * sys/swap.h — swapon(2) and swapoff(2).  The flags are Linux's; Corral takes
 * SWAP_FLAG_PREFER with a priority and ignores the discard flags.
 */
#ifndef _SYS_SWAP_H
#define _SYS_SWAP_H

#define SWAP_FLAG_PREFER 0x8000
#define SWAP_FLAG_PRIO_MASK 0x7fff
#define SWAP_FLAG_DISCARD 0x10000

int swapon(const char *path, int flags);
int swapoff(const char *path);

#endif
