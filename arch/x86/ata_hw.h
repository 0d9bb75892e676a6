/*
 * ata_hw.h — private to the ATA driver (ata.c, ata_probe.c, ata_test.c): the
 * ports, bits and commands of an IDE channel, and the driver's structures.
 * The hardware facts are from the ATA/ATAPI standards (ATA-6 onwards for the
 * 48-bit commands and the IDENTIFY words used here).
 */
#ifndef ARCH_X86_ATA_HW_H
#define ARCH_X86_ATA_HW_H

#include <corral/block.h>
#include <corral/spinlock.h>
#include <corral/types.h>

#define ATA_PRIMARY_IO 0x1f0
#define ATA_PRIMARY_CTRL 0x3f6
#define ATA_PRIMARY_IRQ 14

/* Task-file registers, offsets from the I/O base. */
#define ATA_REG_DATA 0
#define ATA_REG_ERROR 1   /* read; "features" when written */
#define ATA_REG_COUNT 2
#define ATA_REG_LBA0 3
#define ATA_REG_LBA1 4    /* also the signature's first byte after a reset */
#define ATA_REG_LBA2 5    /* and its second */
#define ATA_REG_DEVICE 6
#define ATA_REG_STATUS 7  /* read; acknowledges the interrupt */
#define ATA_REG_COMMAND 7 /* written */

/* Status. */
#define ATA_SR_BSY 0x80   /* busy: the other bits mean nothing yet */
#define ATA_SR_DRDY 0x40
#define ATA_SR_DF 0x20    /* device fault */
#define ATA_SR_DRQ 0x08   /* data request: a sector may move */
#define ATA_SR_ERR 0x01   /* see the error register */

/* Device control (written to the control port). */
#define ATA_CTL_NIEN 0x02 /* interrupts off */
#define ATA_CTL_SRST 0x04 /* software reset of both drives */

/* Device register: bits 7 and 5 were always one on old drives; bit 4 picks
 * the drive; bit 6 means the address is an LBA. */
#define ATA_DEV_ALWAYS 0xa0
#define ATA_DEV_LBA 0x40

#define ATA_CMD_READ 0x20       /* READ SECTORS, LBA28 */
#define ATA_CMD_READ_EXT 0x24   /* READ SECTORS EXT, LBA48 */
#define ATA_CMD_WRITE 0x30
#define ATA_CMD_WRITE_EXT 0x34
#define ATA_CMD_READ_MULTIPLE 0xc4 /* one interrupt per block of sectors */
#define ATA_CMD_READ_MULTIPLE_EXT 0x29
#define ATA_CMD_WRITE_MULTIPLE 0xc5
#define ATA_CMD_WRITE_MULTIPLE_EXT 0x39
#define ATA_CMD_SET_MULTIPLE 0xc6  /* the block size, in the count register */
#define ATA_CMD_FLUSH 0xe7      /* FLUSH CACHE */
#define ATA_CMD_FLUSH_EXT 0xea
#define ATA_CMD_IDENTIFY 0xec

/* IDENTIFY DEVICE: 256 words. */
#define ATA_ID_CONFIG 0          /* bit 15 set: not an ATA device */
#define ATA_ID_MODEL 27          /* 20 words, two characters each, high byte first */
#define ATA_ID_MODEL_WORDS 20
#define ATA_ID_MAX_MULTIPLE 47   /* low byte: the largest block READ MULTIPLE takes */
#define ATA_ID_CAPABILITIES 49   /* bit 9: LBA */
#define ATA_ID_LBA28_SECTORS 60  /* two words, low first */
#define ATA_ID_COMMAND_SET_2 83  /* valid when bits 15:14 are 01 */
#define ATA_ID_LBA48_SECTORS 100 /* four words, low first */
#define ATA_ID_CAP_LBA (1u << 9)
#define ATA_ID_CS2_LBA48 (1u << 10)
#define ATA_ID_CS2_FLUSH (1u << 12)
#define ATA_ID_CS2_FLUSH_EXT (1u << 13)

#define ATA_LBA28_LIMIT (1u << 28) /* sectors an LBA28 command can reach */
#define ATA_MAX_SECTORS 256        /* per command: an LBA28 count of 0 */
#define ATA_MAX_SECTORS_PER_DRQ 16 /* the block size asked for (QEMU's largest) */

/* Bounds on the few polls (see ata.c and ata_probe.c for where and why). */
#define ATA_RESET_TICKS (3 * HZ)  /* after a reset, sleeping */
#define ATA_RESET_SPINS 200000u   /* after a reset, in an interrupt: about 0.2 s */
#define ATA_DRQ_SPINS 100000u     /* a write's first DRQ */
#define ATA_PROBE_TICKS (HZ / 2)  /* IDENTIFY at boot */

#define ATA_ISSUE_DONE 1

struct ata_channel;

struct ata_drive {
	struct block_device bdev; /* hda or hdb; bdev.private points back here */
	struct ata_channel *channel;
	unsigned unit;            /* 0: master (hda), 1: slave (hdb) */
	bool is_present;
	bool has_lba48, has_flush, has_flush_ext; /* from IDENTIFY */
	/* 1, or the READ/WRITE MULTIPLE block size: set at probe; a reset that
	 * cannot restore it sets 1 (channel lock, or is_resetting). */
	uint32_t sectors_per_drq;
	struct block_command *pending; /* parked until the channel is free: channel lock */
};

/* A finished command, on its way out of the lock to the block layer. */
struct ata_result {
	struct ata_drive *drive; /* NULL: nothing finished */
	uint32_t nr_done;
	int err;
	const char *what;        /* for the console line: "error", "timeout", ... */
	enum block_op op;
	uint64_t sector;         /* where it failed */
	uint8_t status, error;
};

struct ata_channel {
	uint16_t io_base, ctrl_port;
	struct spinlock lock; /* the registers, every field below, drives' pending */
	struct ata_drive drives[2];
	/* The command on the wire. */
	struct ata_drive *active;       /* NULL: the channel is free */
	struct block_command *cmd;
	uint32_t nr_sectors_moved;      /* through the data port so far */
	uint32_t last_block_sectors;    /* in the last DRQ block moved */
	uint64_t started_at;            /* jiffies */
	uint8_t failed_status, failed_error; /* registers when it failed */
	struct ata_result finished;     /* a command over, not yet handed back */
	bool is_running;                /* someone is in ata_channel_run() */
	bool is_resetting;              /* ata_abort is resetting: start nothing */
	unsigned next_unit;             /* whose parked command goes first */
	int selected_unit;              /* last written to the device register, -1 unknown */
	uint32_t nr_spurious_irqs;      /* stale or early interrupts ignored */
};

extern struct ata_channel ata_primary;
extern const struct block_device_ops ata_block_ops;

uint8_t ata_read_reg(struct ata_channel *ch, unsigned reg);
void ata_write_reg(struct ata_channel *ch, unsigned reg, uint8_t value);
uint8_t ata_alt_status(struct ata_channel *ch);
void ata_read_sector_data(struct ata_channel *ch, void *buf);
void ata_delay_400ns(struct ata_channel *ch);
void ata_select(struct ata_channel *ch, unsigned unit, uint8_t low_bits);
bool ata_reset(struct ata_channel *ch, bool may_sleep);
bool ata_set_multiple(struct ata_channel *ch, struct ata_drive *d, uint32_t sectors);
void ata_enable_irq(struct ata_channel *ch);

#endif
