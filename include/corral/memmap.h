/*
 * memmap.h — turning the boot memory map into struct pages (mm/memmap.c).
 */
#ifndef CORRAL_MEMMAP_H
#define CORRAL_MEMMAP_H

#include <corral/types.h>

/* After boot_info_parse(): map low memory, build page_array, free all usable
 * frames that are not the kernel, a boot module or the array itself. */
void memmap_init(void);

/* Physical bytes of usable RAM that Corral manages (below the lowmem limit). */
uint64_t memmap_usable_bytes(void);


#endif
