/*
 * ata_test.c — the disk driver against QEMU's drives, when the self-test VM
 * has them (tests/test_selftest.py boots with both; without, each test says
 * SKIP): what IDENTIFY found, reads across the 256-sector command limit,
 * LBA48 reading what LBA28 reads, a write read back (on hdb, the swap image,
 * in a corner the test restores), merging on real hardware, and recovery from
 * a device error and from a lost interrupt.
 */
#include <corral/ata.h>
#include <corral/block.h>
#include <corral/device.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/string.h>
#include <corral/trap.h>
#include <corral/vfs.h>
#include <corral/x86.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "ata_hw.h"

#define BIG_READ_SECTORS 300 /* two commands: 256 + 44 */

KTEST(ata_identify_found_the_disks)
{
	struct block_device *hda = block_find_by_name("hda");
	if (!hda)
		KT_SKIP(ctx, "no disk attached");
	KT_EXPECT_EQ(ctx, hda->rdev, MKDEV(3, 0));
	KT_EXPECT(ctx, block_find_by_rdev(MKDEV(3, 0)) == hda);
	KT_EXPECT(ctx, hda->nr_sectors >= 2048); /* the test images are MiBs */
	KT_EXPECT_EQ(ctx, hda->max_sectors, ATA_MAX_SECTORS);
	struct block_device *hdb = block_find_by_name("hdb");
	if (hdb)
		KT_EXPECT_EQ(ctx, hdb->rdev, MKDEV(3, 64));
}

/* The ext2 superblock sits at byte 1024 of hda; its magic 0xef53 at 56. */
KTEST(ata_reads_across_the_command_limit)
{
	struct block_device *hda = block_find_by_name("hda");
	if (!hda)
		KT_SKIP(ctx, "no disk attached");
	uint8_t *big = kmalloc(BIG_READ_SECTORS * BLOCK_SECTOR_SIZE);
	uint8_t *one = kmalloc(BLOCK_SECTOR_SIZE);
	KT_ASSERT(ctx, big && one);
	KT_EXPECT_EQ(ctx, block_read(hda, 0, big, BIG_READ_SECTORS), 0);
	KT_EXPECT_EQ(ctx, big[1024 + 56], 0x53);
	KT_EXPECT_EQ(ctx, big[1024 + 57], 0xef);
	static const uint32_t probes[] = {0, 2, 255, 256, 257, BIG_READ_SECTORS - 1};
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		KT_EXPECT_EQ(ctx, block_read(hda, probes[i], one, 1), 0);
		KT_EXPECT(ctx, memcmp(one, big + probes[i] * BLOCK_SECTOR_SIZE,
				      BLOCK_SECTOR_SIZE) == 0);
	}
	kfree(one);
	kfree(big);
}

KTEST(ata_lba48_reads_what_lba28_reads)
{
	struct block_device *hda = block_find_by_name("hda");
	if (!hda)
		KT_SKIP(ctx, "no disk attached");
	struct ata_drive *d = hda->private;
	if (!d->has_lba48)
		KT_SKIP(ctx, "the drive has no LBA48");
	uint8_t *a = kmalloc(8 * BLOCK_SECTOR_SIZE), *b = kmalloc(8 * BLOCK_SECTOR_SIZE);
	KT_ASSERT(ctx, a && b);
	uint64_t sector = hda->nr_sectors - 8;
	KT_EXPECT_EQ(ctx, block_read(hda, sector, a, 8), 0);
	memset(b, 0, 8 * BLOCK_SECTOR_SIZE);
	ata_set_force_lba48(true);
	int err = block_read(hda, sector, b, 8);
	ata_set_force_lba48(false);
	KT_EXPECT_EQ(ctx, err, 0);
	KT_EXPECT(ctx, memcmp(a, b, 8 * BLOCK_SECTOR_SIZE) == 0);
	kfree(a);
	kfree(b);
}

/* On hdb (the swap image: its signature is in the first page, far from
 * here), write a pattern over 260 sectors near the end, read it back, then
 * put the old contents back. */
KTEST(ata_write_reads_back)
{
	struct block_device *hdb = block_find_by_name("hdb");
	if (!hdb)
		KT_SKIP(ctx, "no second disk attached");
	const uint32_t n = 260;
	size_t bytes = n * BLOCK_SECTOR_SIZE;
	uint8_t *saved = kmalloc(bytes), *data = kmalloc(bytes);
	KT_ASSERT(ctx, saved && data);
	uint64_t sector = hdb->nr_sectors - n - 7;
	KT_ASSERT(ctx, block_read(hdb, sector, saved, n) == 0);
	for (size_t i = 0; i < bytes; i++)
		data[i] = (uint8_t)(i * 13 + i / BLOCK_SECTOR_SIZE);
	ata_set_force_lba48(true); /* the write path in LBA48 too */
	KT_EXPECT_EQ(ctx, block_write(hdb, sector, data, n / 2), 0);
	ata_set_force_lba48(false);
	KT_EXPECT_EQ(ctx, block_write(hdb, sector + n / 2, data + bytes / 2, n / 2), 0);
	KT_EXPECT_EQ(ctx, block_flush(hdb), 0);
	memset(data, 0, bytes);
	KT_EXPECT_EQ(ctx, block_read(hdb, sector, data, n), 0);
	bool is_same = true;
	for (size_t i = 0; i < bytes; i++)
		is_same &= data[i] == (uint8_t)(i * 13 + i / BLOCK_SECTOR_SIZE);
	KT_EXPECT(ctx, is_same);
	KT_EXPECT_EQ(ctx, block_write(hdb, sector, saved, n), 0);
	kfree(saved);
	kfree(data);
}

KTEST(ata_adjacent_requests_merge)
{
	struct block_device *hda = block_find_by_name("hda");
	if (!hda)
		KT_SKIP(ctx, "no disk attached");
	uint8_t *whole = kmalloc(32 * BLOCK_SECTOR_SIZE), *parts = kmalloc(32 * BLOCK_SECTOR_SIZE);
	KT_ASSERT(ctx, whole && parts);
	KT_EXPECT_EQ(ctx, block_read(hda, 64, whole, 32), 0);
	struct block_stats before, after;
	block_get_stats(hda, &before);
	struct block_request r[4];
	/* Interrupts off while submitting, so the first command cannot end
	 * before the others are queued behind it. */
	uint32_t flags = read_eflags();
	cli();
	for (int i = 0; i < 4; i++) {
		block_request_init(&r[i], hda, BLOCK_READ, 64 + 8 * (uint64_t)i, 8,
				   parts + i * 8 * BLOCK_SECTOR_SIZE);
		KT_EXPECT_EQ(ctx, block_submit(&r[i]), 0);
	}
	if (flags & EFLAGS_IF)
		sti();
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(ctx, block_wait(&r[i]), 0);
	block_get_stats(hda, &after);
	/* The first starts alone; the three behind it go as one command. */
	KT_EXPECT_EQ(ctx, after.nr_commands - before.nr_commands, 2);
	KT_EXPECT_EQ(ctx, after.nr_merged_requests - before.nr_merged_requests, 2);
	KT_EXPECT(ctx, memcmp(whole, parts, 32 * BLOCK_SECTOR_SIZE) == 0);
	kfree(whole);
	kfree(parts);
}

/* Past the real end (the block layer is told the disk is larger) the drive
 * answers a read and a write with ERR: -EIO, a console line each, and the
 * next read works. */
KTEST(ata_device_error_is_eio_then_recovers)
{
	struct block_device *hda = block_find_by_name("hda");
	if (!hda)
		KT_SKIP(ctx, "no disk attached");
	uint8_t *buf = kmalloc(BLOCK_SECTOR_SIZE);
	KT_ASSERT(ctx, buf);
	uint64_t real_size = hda->nr_sectors;
	hda->nr_sectors += 16;
	int err = block_read(hda, real_size + 2, buf, 1);
	int write_err = block_write(hda, real_size + 4, buf, 1); /* writes nothing */
	hda->nr_sectors = real_size;
	KT_EXPECT_EQ(ctx, err, -EIO);
	KT_EXPECT_EQ(ctx, write_err, -EIO);
	KT_EXPECT_EQ(ctx, block_read(hda, 2, buf, 1), 0);
	KT_EXPECT_EQ(ctx, buf[56], 0x53);
	kfree(buf);
}

/* With IRQ 14 masked the drive's answer never arrives: the block layer's
 * timeout aborts the command, the driver resets the channel, -EIO; with
 * the interrupt back, reads work again. */
KTEST(ata_lost_interrupt_times_out_then_recovers)
{
	struct block_device *hda = block_find_by_name("hda");
	if (!hda)
		KT_SKIP(ctx, "no disk attached");
	uint8_t *buf = kmalloc(BLOCK_SECTOR_SIZE);
	KT_ASSERT(ctx, buf);
	uint32_t timeout = hda->timeout_ticks;
	hda->timeout_ticks = HZ / 2;
	pic_mask(ATA_PRIMARY_IRQ);
	uint64_t start = jiffies_read();
	int err = block_read(hda, 2, buf, 1);
	uint64_t waited = jiffies_read() - start;
	pic_unmask(ATA_PRIMARY_IRQ);
	hda->timeout_ticks = timeout;
	KT_EXPECT_EQ(ctx, err, -EIO);
	KT_EXPECT(ctx, waited >= HZ / 2);
	memset(buf, 0, BLOCK_SECTOR_SIZE);
	KT_EXPECT_EQ(ctx, block_read(hda, 2, buf, 1), 0);
	KT_EXPECT_EQ(ctx, buf[56], 0x53);
	kfree(buf);
}

/* /dev/hdb as a file (fs/blockdev.c): bytes at an odd offset across sector
 * boundaries, the end of the disk, and lseek's idea of the size. */
KTEST(ata_device_file_reads_and_writes_bytes)
{
	struct block_device *hdb = block_find_by_name("hdb");
	if (!hdb)
		KT_SKIP(ctx, "no second disk attached");
	static char saved[1500], text[1500], back[1500];
	struct file *file;
	KT_ASSERT(ctx, vfs_open("/dev/hdb", O_RDWR, 0, &file) == 0);
	uint64_t size = hdb->nr_sectors * BLOCK_SECTOR_SIZE;
	KT_EXPECT_EQ(ctx, file->inode->size, size);
	uint64_t at = size - 4096 - 700; /* 700 bytes into a sector */
	KT_EXPECT_EQ(ctx, file_pread(file, saved, sizeof(saved), at), sizeof(saved));
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	KT_EXPECT_EQ(ctx, file_pwrite(file, text, sizeof(text), at), sizeof(text));
	KT_EXPECT_EQ(ctx, file_pread(file, back, sizeof(back), at), sizeof(back));
	KT_EXPECT(ctx, memcmp(back, text, sizeof(text)) == 0);
	KT_EXPECT_EQ(ctx, file_pwrite(file, saved, sizeof(saved), at), sizeof(saved));
	char tail[4];
	KT_EXPECT_EQ(ctx, file_pread(file, back, 10, size), 0);    /* end of file */
	KT_EXPECT_EQ(ctx, file_pread(file, tail, 10, size - 4), 4); /* cut short */
	KT_EXPECT_EQ(ctx, file_pwrite(file, text, 1, size), -ENOSPC);
	KT_EXPECT_EQ(ctx, file_pwrite(file, text, 4, size - 2), 2); /* cut short */
	KT_EXPECT_EQ(ctx, file_pwrite(file, tail, 4, size - 4), 4);
	file_put(file);
}
