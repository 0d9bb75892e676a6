/*
 * ata.h — the ATA PIO disk driver (arch/x86/ata.c): hda and hdb, the two
 * drives of the primary IDE channel.  Everything else reaches the disks
 * through the block layer (include/corral/block.h).
 */
#ifndef CORRAL_ATA_H
#define CORRAL_ATA_H

#include <corral/types.h>

/* Probe the primary channel, register the drives found as block devices
 * (hda 3:0, hdb 3:64) and take IRQ 14.  Prints one line per drive, or
 * "ata: no disks".  Once, at boot, after devices_init(). */
void ata_init(void);

/* For the self tests (arch/x86/ata_test.c): use the 48-bit commands even
 * where the 28-bit ones would do, so the LBA48 path runs on a small disk. */
void ata_set_force_lba48(bool is_forced);

#endif
