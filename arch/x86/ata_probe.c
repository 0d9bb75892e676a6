/*
 * ata_probe.c — finding the disks at boot: IDENTIFY on each drive of the
 * primary channel, and what its answer says.
 *
 * Probing runs once, in kmain, before IRQ 14 has a handler, with the drives'
 * interrupts off (nIEN) and the status polled — the one place the driver
 * waits by polling for long, with a bound on every wait.  What an empty
 * place looks like decides how fast it is found empty:
 *
 *   status 0xff           nothing drives the bus: no channel or no drives
 *   status 0x00           no drive at this position (QEMU without -drive)
 *   LBA1/LBA2 not 0/0     a packet device (ATAPI 14/eb, SATA 3c/c3...):
 *                         a CD-ROM or similar, not ours
 *   ERR after IDENTIFY    not an ATA disk either
 *   BSY for ATA_PROBE_TICKS  a drive that does not answer
 *
 * A disk needs LBA (IDENTIFY word 49); its size is words 60-61 (LBA28) or,
 * when word 83 says it has the 48-bit commands, words 100-103.  Each disk
 * found becomes a block device with its /dev node and one boot line:
 *
 *   ata: hda: 65536 sectors (32 MiB), LBA48, 16 sectors per interrupt, "QEMU HARDDISK"
 *
 * and a channel with none says "ata: no disks".  Read next: arch/x86/ata.c.
 */
#include <corral/ata.h>
#include <corral/device.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/time.h>
#include <corral/x86.h>
#include <uapi/errno.h>

#include "ata_hw.h"

enum ata_probe_result {
	ATA_PROBE_DISK,
	ATA_PROBE_NONE,     /* nobody there */
	ATA_PROBE_PACKET,   /* an ATAPI (or SATA) signature: not a disk */
	ATA_PROBE_TIMEOUT,
	ATA_PROBE_ERROR,    /* IDENTIFY refused */
};

/* Poll until BSY clears and, if want is not 0, one of the bits in want is
 * set; true then, false after ATA_PROBE_TICKS (at boot: the tick runs). */
static bool ata_probe_wait(struct ata_channel *ch, uint8_t want, uint8_t *status)
{
	uint64_t deadline = jiffies_read() + ATA_PROBE_TICKS;
	do {
		*status = ata_alt_status(ch);
		if (!(*status & ATA_SR_BSY) && (!want || (*status & want)))
			return true;
	} while (jiffies_read() < deadline);
	return false;
}

static bool ata_status_is_empty(uint8_t status)
{
	return status == 0x00 || status == 0xff;
}

static enum ata_probe_result ata_identify(struct ata_channel *ch, unsigned unit, uint16_t *id,
					  uint8_t *status)
{
	ata_select(ch, unit, 0);
	*status = ata_alt_status(ch);
	if (ata_status_is_empty(*status))
		return ATA_PROBE_NONE;
	if (!ata_probe_wait(ch, 0, status))
		return ATA_PROBE_TIMEOUT;
	ata_write_reg(ch, ATA_REG_COUNT, 0);
	ata_write_reg(ch, ATA_REG_LBA0, 0);
	ata_write_reg(ch, ATA_REG_LBA1, 0);
	ata_write_reg(ch, ATA_REG_LBA2, 0);
	ata_write_reg(ch, ATA_REG_COMMAND, ATA_CMD_IDENTIFY);
	ata_delay_400ns(ch);
	*status = ata_alt_status(ch);
	if (ata_status_is_empty(*status))
		return ATA_PROBE_NONE;
	if (!ata_probe_wait(ch, 0, status))
		return ATA_PROBE_TIMEOUT;
	/* A packet device refuses IDENTIFY and leaves its signature here. */
	if (ata_read_reg(ch, ATA_REG_LBA1) || ata_read_reg(ch, ATA_REG_LBA2))
		return ATA_PROBE_PACKET;
	if (!ata_probe_wait(ch, ATA_SR_DRQ | ATA_SR_ERR | ATA_SR_DF, status))
		return ATA_PROBE_TIMEOUT;
	if (*status & (ATA_SR_ERR | ATA_SR_DF))
		return ATA_PROBE_ERROR;
	ata_read_sector_data(ch, id);
	*status = ata_read_reg(ch, ATA_REG_STATUS);
	return ATA_PROBE_DISK;
}

/* What the drive can do, and its size; 0 or why it is not for us. */
static int ata_parse_identify(struct ata_drive *d, const uint16_t *id, const char **why)
{
	if (id[ATA_ID_CONFIG] & 0x8000) {
		*why = "not an ATA disk";
		return -ENODEV;
	}
	if (!(id[ATA_ID_CAPABILITIES] & ATA_ID_CAP_LBA)) {
		*why = "no LBA addressing (CHS only)";
		return -ENODEV;
	}
	uint16_t cs2 = id[ATA_ID_COMMAND_SET_2];
	if ((cs2 & 0xc000) != 0x4000)
		cs2 = 0; /* the word is not filled in */
	d->has_lba48 = cs2 & ATA_ID_CS2_LBA48;
	d->has_flush = cs2 & ATA_ID_CS2_FLUSH;
	d->has_flush_ext = d->has_lba48 && (cs2 & ATA_ID_CS2_FLUSH_EXT);
	const uint16_t *w = id + ATA_ID_LBA28_SECTORS;
	uint64_t nr_sectors = w[0] | (uint32_t)w[1] << 16;
	w = id + ATA_ID_LBA48_SECTORS;
	uint64_t nr_sectors48 = w[0] | (uint64_t)w[1] << 16 | (uint64_t)w[2] << 32 |
				(uint64_t)w[3] << 48;
	if (d->has_lba48 && nr_sectors48)
		nr_sectors = nr_sectors48;
	if (!nr_sectors) {
		*why = "size 0";
		return -ENODEV;
	}
	d->bdev.nr_sectors = nr_sectors;
	return 0;
}

/* The model name: two characters a word, high byte first, space padded. */
static void ata_model_name(const uint16_t *id, char *out, size_t size)
{
	size_t n = 0;
	for (int i = 0; i < ATA_ID_MODEL_WORDS && n + 2 < size; i++) {
		out[n++] = (char)(id[ATA_ID_MODEL + i] >> 8);
		out[n++] = (char)id[ATA_ID_MODEL + i];
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		n--;
	out[n] = '\0';
}

/* READ/WRITE MULTIPLE when the drive has it: one interrupt per block of up
 * to 16 sectors instead of one per sector (a power of two, as the standard
 * asks).  Under QEMU each interrupt is a round trip through its I/O thread,
 * so this is most of the speed of a PIO disk. */
static void ata_choose_block_size(struct ata_drive *d, const uint16_t *id)
{
	uint32_t max = MIN(id[ATA_ID_MAX_MULTIPLE] & 0xffu, ATA_MAX_SECTORS_PER_DRQ);
	uint32_t sectors = 1;
	while (sectors * 2 <= max)
		sectors *= 2;
	d->sectors_per_drq = 1;
	if (sectors > 1 && ata_set_multiple(d->channel, d, sectors))
		d->sectors_per_drq = sectors;
}

static bool ata_add_disk(struct ata_drive *d, const uint16_t *id)
{
	struct block_device *bdev = &d->bdev;
	const char *why = NULL;
	if (ata_parse_identify(d, id, &why)) {
		printk("ata: %s: %s, ignored\n", bdev->name, why);
		return false;
	}
	ata_choose_block_size(d, id);
	bdev->rdev = MKDEV(3, d->unit * 64); /* Linux's numbers for hda, hdb */
	bdev->max_sectors = ATA_MAX_SECTORS;
	bdev->ops = &ata_block_ops;
	bdev->private = d;
	block_device_init(bdev);
	int err = block_register(bdev);
	if (err) {
		pr_err("ata: %s: cannot register: error %d\n", bdev->name, err);
		return false;
	}
	d->is_present = true;
	char model[2 * ATA_ID_MODEL_WORDS + 1];
	ata_model_name(id, model, sizeof(model));
	printk("ata: %s: %llu sectors (%llu MiB), %s, %u sectors per interrupt, \"%s\"\n",
	       bdev->name, (unsigned long long)bdev->nr_sectors,
	       (unsigned long long)(bdev->nr_sectors >> 11), d->has_lba48 ? "LBA48" : "LBA28",
	       d->sectors_per_drq, model);
	return true;
}

static bool ata_probe_drive(struct ata_channel *ch, unsigned unit)
{
	static uint16_t id[256]; /* boot only, one drive at a time */
	struct ata_drive *d = &ch->drives[unit];
	uint8_t status;
	switch (ata_identify(ch, unit, id, &status)) {
	case ATA_PROBE_DISK:
		return ata_add_disk(d, id);
	case ATA_PROBE_NONE:
		return false;
	case ATA_PROBE_PACKET:
		printk("ata: %s: a packet (ATAPI) device, not a disk: ignored\n", d->bdev.name);
		return false;
	case ATA_PROBE_TIMEOUT:
		printk("ata: %s: no answer to IDENTIFY (status 0x%02x), ignored\n", d->bdev.name,
		       status);
		return false;
	case ATA_PROBE_ERROR:
		printk("ata: %s: IDENTIFY refused (status 0x%02x), ignored\n", d->bdev.name,
		       status);
		return false;
	}
	return false;
}

void ata_init(void)
{
	struct ata_channel *ch = &ata_primary;
	for (unsigned unit = 0; unit < 2; unit++) {
		struct ata_drive *d = &ch->drives[unit];
		d->channel = ch;
		d->unit = unit;
		strlcpy(d->bdev.name, unit ? "hdb" : "hda", sizeof(d->bdev.name));
	}
	outb(ch->ctrl_port, ATA_CTL_NIEN); /* the probe polls */
	int nr_disks = 0;
	if (ata_read_reg(ch, ATA_REG_STATUS) != 0xff) { /* 0xff: a floating bus */
		for (unsigned unit = 0; unit < 2; unit++)
			nr_disks += ata_probe_drive(ch, unit);
	}
	if (!nr_disks) {
		printk("ata: no disks\n");
		return;
	}
	ata_enable_irq(ch);
}
