/*
 * ata.c — the disk driver: ATA PIO on the primary IDE channel, for hda and hdb.
 *
 * The channel is eight I/O ports at 0x1F0 (the "task file": data, error,
 * sector count, three LBA bytes, device select, status/command), a control
 * port at 0x3F6 (device control: interrupt enable, software reset; reading
 * it gives the status without acknowledging an interrupt) and IRQ 14.  Two
 * drives share all of it, so the channel runs one command at a time for
 * either drive; each drive keeps at most one command parked meanwhile.
 *
 * A command, as the block layer (fs/block.c) hands it over, is at most 256
 * sectors of one direction.  PIO moves the data through the data port by
 * the CPU, one block per "data request" (DRQ) and interrupt.  A block is one
 * sector with READ/WRITE SECTORS, or up to 16 with READ/WRITE MULTIPLE on a
 * drive that has them (ata_probe.c sets the size; the drive's
 * sectors_per_drq):
 *
 *   read:   command --> [IRQ, DRQ] take block 1 --> [IRQ, DRQ] take 2 ... --> done
 *   write:  command --> poll DRQ, give block 1 --> [IRQ, DRQ] give 2 ... --> [IRQ] done
 *   flush:  command --> [IRQ] done
 *
 * The interrupt handler moves the sectors (block_command_next_sector() says
 * into or out of which buffer), so the task that asked sleeps in block_wait()
 * until the whole command is over.  The one poll on this path is the first
 * DRQ of a write, which comes without an interrupt a few microseconds after
 * the command.  The handler trusts the status, not the count of interrupts:
 * it moves data only when DRQ asks for it, so a stale interrupt (one left
 * pending across a reset, say) cannot move a block twice.  Which command
 * form: LBA28 while the command ends below sector 2^28, LBA48 (the EXT
 * forms) past that, on drives whose IDENTIFY says they have it.
 *
 * Errors: a status with ERR or DF ends the command with -EIO and a console
 * line naming the drive, the sector and the error register; a command that
 * never ends is aborted by the block layer after its timeout (ata_abort):
 * a console line, a software reset of the channel, -EIO.  Later commands
 * work again.  Probing is in ata_probe.c.
 *
 * Locking: channel->lock (a spinlock, interrupts off) covers the channel's
 * registers and every field of struct ata_channel and the drives' `pending`:
 * tasks start commands, the interrupt handler ends them.  It is never held
 * while calling into the block layer, which calls back into ata_start().
 * Read next: arch/x86/ata_probe.c, then fs/block.c.
 */
#include <corral/block.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/trap.h>
#include <uapi/errno.h>

#include "ata_hw.h"

struct ata_channel ata_primary = {
	.io_base = ATA_PRIMARY_IO,
	.ctrl_port = ATA_PRIMARY_CTRL,
	.lock = SPINLOCK_INIT("ata"),
	.selected_unit = -1,
};

static bool ata_force_lba48; /* self tests only */

void ata_set_force_lba48(bool is_forced)
{
	ata_force_lba48 = is_forced;
}

/* Port helpers.  The data port is 16 bits wide, but PCI IDE controllers
 * (the PIIX that QEMU emulates) take 32-bit accesses and split each into two
 * words: half the port accesses, and under emulation every access is a trip
 * into QEMU, so a sector moves about twice as fast.  (An ISA-era controller
 * would need rep insw/outsw here.) */

uint8_t ata_read_reg(struct ata_channel *ch, unsigned reg)
{
	return inb((uint16_t)(ch->io_base + reg));
}

void ata_write_reg(struct ata_channel *ch, unsigned reg, uint8_t value)
{
	outb((uint16_t)(ch->io_base + reg), value);
}

uint8_t ata_alt_status(struct ata_channel *ch)
{
	return inb(ch->ctrl_port); /* does not acknowledge an interrupt */
}

void ata_read_sector_data(struct ata_channel *ch, void *buf)
{
	uint32_t dwords = BLOCK_SECTOR_SIZE / 4;
	__asm__ volatile("cld; rep insl"
			 : "+D"(buf), "+c"(dwords)
			 : "d"((uint16_t)(ch->io_base + ATA_REG_DATA))
			 : "memory");
}

static void ata_write_sector_data(struct ata_channel *ch, const void *buf)
{
	uint32_t dwords = BLOCK_SECTOR_SIZE / 4;
	__asm__ volatile("cld; rep outsl"
			 : "+S"(buf), "+c"(dwords)
			 : "d"((uint16_t)(ch->io_base + ATA_REG_DATA))
			 : "memory");
}

/* One DRQ block: the next sectors_per_drq sectors of the command (fewer at
 * its end), each into or out of its own request's buffer. */
static void ata_move_block(struct ata_channel *ch, bool is_write)
{
	uint32_t left = ch->cmd->nr_sectors - ch->nr_sectors_moved;
	uint32_t n = MIN(ch->active->sectors_per_drq, left);
	for (uint32_t i = 0; i < n; i++) {
		void *data = block_command_next_sector(ch->cmd);
		if (is_write)
			ata_write_sector_data(ch, data);
		else
			ata_read_sector_data(ch, data);
	}
	ch->nr_sectors_moved += n;
	ch->last_block_sectors = n;
}

/* A drive needs 400 ns after a select before its status means anything:
 * four reads of the alternate status, about 100 ns each on real hardware. */
void ata_delay_400ns(struct ata_channel *ch)
{
	for (int i = 0; i < 4; i++)
		ata_alt_status(ch);
}

void ata_select(struct ata_channel *ch, unsigned unit, uint8_t low_bits)
{
	ata_write_reg(ch, ATA_REG_DEVICE, (uint8_t)(ATA_DEV_ALWAYS | (unit << 4) | low_bits));
	if (ch->selected_unit != (int)unit)
		ata_delay_400ns(ch);
	ch->selected_unit = (int)unit;
}

/* SET MULTIPLE MODE: how many sectors each DRQ block (each interrupt) of
 * READ/WRITE MULTIPLE moves.  Polled, with the drives' interrupt off: at
 * probe time, and after a reset, which may have forgotten it. */
bool ata_set_multiple(struct ata_channel *ch, struct ata_drive *d, uint32_t sectors)
{
	ata_select(ch, d->unit, 0);
	ata_write_reg(ch, ATA_REG_COUNT, (uint8_t)sectors);
	ata_write_reg(ch, ATA_REG_COMMAND, ATA_CMD_SET_MULTIPLE);
	ata_delay_400ns(ch);
	for (uint32_t i = 0; i < ATA_DRQ_SPINS && (ata_alt_status(ch) & ATA_SR_BSY); i++)
		;
	uint8_t status = ata_read_reg(ch, ATA_REG_STATUS);
	return !(status & (ATA_SR_BSY | ATA_SR_ERR | ATA_SR_DF));
}

/* Software reset of both drives (SRST is per channel), then their multiple
 * mode again.  The bounded wait for BSY to clear sleeps a tick at a time in
 * a task (may_sleep) and spins on the status otherwise (a command about to
 * be issued found the drive stuck; rare).  true when the drives came back. */
bool ata_reset(struct ata_channel *ch, bool may_sleep)
{
	outb(ch->ctrl_port, ATA_CTL_SRST | ATA_CTL_NIEN);
	for (int i = 0; i < 10; i++)
		io_wait(); /* SRST must stay up at least 5 µs */
	outb(ch->ctrl_port, ATA_CTL_NIEN); /* interrupts stay off until the end */
	ch->selected_unit = -1;
	if (may_sleep) {
		uint64_t deadline = jiffies_read() + ATA_RESET_TICKS;
		sleep_ticks(1); /* BSY is not valid for 2 ms */
		while ((ata_alt_status(ch) & ATA_SR_BSY) && jiffies_read() < deadline)
			sleep_ticks(1);
	} else {
		for (uint32_t i = 0; i < ATA_RESET_SPINS && (ata_alt_status(ch) & ATA_SR_BSY); i++)
			io_wait();
	}
	bool is_back = !(ata_alt_status(ch) & ATA_SR_BSY);
	for (unsigned unit = 0; unit < 2 && is_back; unit++) {
		struct ata_drive *d = &ch->drives[unit];
		if (d->is_present && d->sectors_per_drq > 1 &&
		    !ata_set_multiple(ch, d, d->sectors_per_drq))
			d->sectors_per_drq = 1; /* plain READ/WRITE SECTORS from now on */
	}
	outb(ch->ctrl_port, 0);
	return is_back;
}

/* Commands. */

static bool ata_command_needs_lba48(const struct block_command *cmd)
{
	return ata_force_lba48 || cmd->sector + cmd->nr_sectors > ATA_LBA28_LIMIT;
}

static void ata_set_task_file(struct ata_channel *ch, const struct ata_drive *d,
			      const struct block_command *cmd, bool is_lba48)
{
	uint64_t lba = cmd->sector;
	if (is_lba48) { /* the high bytes first: each register keeps the last two */
		ata_select(ch, d->unit, ATA_DEV_LBA);
		ata_write_reg(ch, ATA_REG_COUNT, (uint8_t)(cmd->nr_sectors >> 8));
		ata_write_reg(ch, ATA_REG_LBA0, (uint8_t)(lba >> 24));
		ata_write_reg(ch, ATA_REG_LBA1, (uint8_t)(lba >> 32));
		ata_write_reg(ch, ATA_REG_LBA2, (uint8_t)(lba >> 40));
	} else { /* LBA bits 24-27 go in the device register */
		ata_select(ch, d->unit, (uint8_t)(ATA_DEV_LBA | ((lba >> 24) & 0x0f)));
	}
	ata_write_reg(ch, ATA_REG_COUNT, (uint8_t)cmd->nr_sectors); /* 256 is 0 */
	ata_write_reg(ch, ATA_REG_LBA0, (uint8_t)lba);
	ata_write_reg(ch, ATA_REG_LBA1, (uint8_t)(lba >> 8));
	ata_write_reg(ch, ATA_REG_LBA2, (uint8_t)(lba >> 16));
}

static uint8_t ata_opcode(const struct ata_drive *d, enum block_op op, bool is_lba48)
{
	bool is_multiple = d->sectors_per_drq > 1;
	if (op == BLOCK_READ && is_multiple)
		return is_lba48 ? ATA_CMD_READ_MULTIPLE_EXT : ATA_CMD_READ_MULTIPLE;
	if (op == BLOCK_READ)
		return is_lba48 ? ATA_CMD_READ_EXT : ATA_CMD_READ;
	if (op == BLOCK_WRITE && is_multiple)
		return is_lba48 ? ATA_CMD_WRITE_MULTIPLE_EXT : ATA_CMD_WRITE_MULTIPLE;
	if (op == BLOCK_WRITE)
		return is_lba48 ? ATA_CMD_WRITE_EXT : ATA_CMD_WRITE;
	return d->has_flush_ext ? ATA_CMD_FLUSH_EXT : ATA_CMD_FLUSH;
}

/* A write's first block: the drive asks for it with DRQ (no interrupt)
 * within microseconds of the command.  A bounded poll; the status it ends
 * on, with DRQ set when the block went out. */
static uint8_t ata_write_first_block(struct ata_channel *ch)
{
	uint8_t status = 0;
	ata_delay_400ns(ch); /* before that, the status may not show BSY yet */
	for (uint32_t i = 0; i < ATA_DRQ_SPINS; i++) {
		status = ata_alt_status(ch);
		if (!(status & ATA_SR_BSY) && (status & (ATA_SR_DRQ | ATA_SR_ERR | ATA_SR_DF)))
			break;
	}
	if ((status & ATA_SR_BSY) || !(status & ATA_SR_DRQ) || (status & (ATA_SR_ERR | ATA_SR_DF)))
		return status;
	ata_move_block(ch, true);
	return status;
}

/* Put ch->cmd on the wire; under ch->lock.  0 when it is under way,
 * ATA_ISSUE_DONE when there was nothing to do (a flush on a drive without a
 * write cache), -EIO when the drive would not take it. */
static int ata_issue(struct ata_channel *ch, struct ata_drive *d)
{
	struct block_command *cmd = ch->cmd;
	if (cmd->op == BLOCK_FLUSH && !d->has_flush)
		return ATA_ISSUE_DONE;
	ata_select(ch, d->unit, ATA_DEV_LBA);
	if ((ata_alt_status(ch) & (ATA_SR_BSY | ATA_SR_DRQ)) && !ata_reset(ch, false))
		return -EIO; /* a drive left busy by an earlier failure */
	bool is_lba48 = cmd->op != BLOCK_FLUSH && ata_command_needs_lba48(cmd);
	if (cmd->op == BLOCK_FLUSH)
		ata_select(ch, d->unit, 0); /* again: a reset selects drive 0 */
	else
		ata_set_task_file(ch, d, cmd, is_lba48);
	ata_write_reg(ch, ATA_REG_COMMAND, ata_opcode(d, cmd->op, is_lba48));
	if (cmd->op != BLOCK_WRITE)
		return 0;
	uint8_t status = ata_write_first_block(ch);
	if (ch->nr_sectors_moved > 0)
		return 0;
	ch->failed_status = status;
	ch->failed_error = ata_read_reg(ch, ATA_REG_ERROR);
	return -EIO;
}

/* The sectors of the active command known to be done; a failure is at the next. */
static uint32_t ata_sectors_done(const struct ata_channel *ch)
{
	if (ch->cmd->op == BLOCK_WRITE) /* the last block out is unconfirmed */
		return ch->nr_sectors_moved - ch->last_block_sectors;
	return ch->cmd->op == BLOCK_READ ? ch->nr_sectors_moved : 0;
}

/* The active command is over: record it in ch->finished for whoever runs
 * the channel (ata_channel_run) to hand to the block layer once the lock is
 * dropped, and free the channel.  A failure is described for ata_report().
 * At most one result waits: a command starts only when none does. */
static void ata_finish(struct ata_channel *ch, int err, const char *what)
{
	struct ata_result *res = &ch->finished;
	assert(!res->drive);
	res->drive = ch->active;
	res->nr_done = err ? ata_sectors_done(ch) : ch->cmd->nr_sectors;
	res->err = err;
	res->what = what;
	res->op = ch->cmd->op;
	res->sector = ch->cmd->sector + res->nr_done;
	res->status = ch->failed_status;
	res->error = ch->failed_error;
	ch->active = NULL;
	ch->cmd = NULL;
}

/* One console line per failure, printed with no lock held. */
static void ata_report(const struct ata_result *res)
{
	static const char *const op_names[] = {"read", "write", "cache flush"};
	const char *name = res->drive->bdev.name;
	if (res->op == BLOCK_FLUSH)
		pr_err("ata: %s: cache flush %s (status 0x%02x error 0x%02x)\n", name, res->what,
		       res->status, res->error);
	else
		pr_err("ata: %s: %s %s at sector %llu (status 0x%02x error 0x%02x)\n", name,
		       op_names[res->op], res->what, (unsigned long long)res->sector,
		       res->status, res->error);
}

/* Whose parked command goes next: the other drive's first, so neither can
 * keep the channel to itself. */
static struct ata_drive *ata_pick_pending(struct ata_channel *ch)
{
	for (unsigned i = 0; i < 2; i++) {
		struct ata_drive *d = &ch->drives[(ch->next_unit + i) % 2];
		if (d->pending) {
			ch->next_unit = (d->unit + 1) % 2;
			return d;
		}
	}
	return NULL;
}

/* Under ch->lock: if the channel is free, put the next parked command on
 * the wire.  One that ends at once lands in ch->finished, the channel free. */
static void ata_start_next(struct ata_channel *ch)
{
	if (ch->active || ch->is_resetting)
		return;
	struct ata_drive *d = ata_pick_pending(ch);
	if (!d)
		return;
	ch->active = d;
	ch->cmd = d->pending;
	d->pending = NULL;
	ch->nr_sectors_moved = ch->last_block_sectors = 0;
	ch->started_at = jiffies_read();
	ch->failed_status = ch->failed_error = 0;
	int ret = ata_issue(ch, d);
	if (ret == ATA_ISSUE_DONE)
		ata_finish(ch, 0, NULL);
	else if (ret < 0)
		ata_finish(ch, -EIO, "refused");
}

/* Under ch->lock: may the caller run the channel?  Not when someone already
 * does (an interrupt that came in the middle of a run, or a start called
 * from inside block_command_done()): that run picks up what we left. */
static bool ata_claim_run(struct ata_channel *ch)
{
	if (ch->is_running)
		return false;
	ch->is_running = true;
	return true;
}

/* Hand the finished command to the block layer, start the next parked one,
 * and go on until the channel is busy (or resetting) with nothing finished.
 * No lock is held while the block layer runs.  One context at a time runs
 * this loop, so "done -> next started -> fails at once -> done ..." goes
 * round the loop instead of nesting as deep as the queue is long. */
static void ata_channel_run(struct ata_channel *ch)
{
	for (;;) {
		uint32_t flags = spin_lock_irqsave(&ch->lock);
		if (!ch->finished.drive)
			ata_start_next(ch);
		struct ata_result res = ch->finished;
		ch->finished = (struct ata_result){0};
		if (!res.drive)
			ch->is_running = false;
		spin_unlock_irqrestore(&ch->lock, flags);
		if (!res.drive)
			return;
		if (res.err && res.what)
			ata_report(&res);
		block_command_done(&res.drive->bdev, res.nr_done, res.err);
	}
}

/* block_device_ops.start: park the command; it runs when the channel is free. */
static void ata_start(struct block_device *bdev, struct block_command *cmd)
{
	struct ata_drive *d = bdev->private;
	struct ata_channel *ch = d->channel;
	uint32_t flags = spin_lock_irqsave(&ch->lock);
	assert(!d->pending && ch->active != d);
	d->pending = cmd;
	bool must_run = ata_claim_run(ch);
	spin_unlock_irqrestore(&ch->lock, flags);
	if (must_run)
		ata_channel_run(ch);
}

/* The interrupt's work for a read: a block is ready when DRQ says so. */
static void ata_step_read(struct ata_channel *ch, uint8_t status)
{
	if (!(status & ATA_SR_DRQ)) {
		ch->nr_spurious_irqs++;
		return;
	}
	ata_move_block(ch, false);
	if (ch->nr_sectors_moved == ch->cmd->nr_sectors)
		ata_finish(ch, 0, NULL);
}

/* For a write, each interrupt confirms the block last given: give the next
 * while DRQ asks for it, and the command is done once all went out. */
static void ata_step_write(struct ata_channel *ch, uint8_t status)
{
	if (ch->nr_sectors_moved < ch->cmd->nr_sectors) {
		if (!(status & ATA_SR_DRQ)) {
			ch->nr_spurious_irqs++;
			return;
		}
		ata_move_block(ch, true);
	} else if (status & ATA_SR_DRQ) {
		ch->failed_status = status; /* it wants more than the command had */
		ata_finish(ch, -EIO, "protocol error");
	} else {
		ata_finish(ch, 0, NULL);
	}
}

static void ata_irq(struct trap_frame *frame)
{
	struct ata_channel *ch = &ata_primary;
	uint32_t flags = spin_lock_irqsave(&ch->lock);
	uint8_t status = ata_read_reg(ch, ATA_REG_STATUS); /* acknowledges the interrupt */
	if (!ch->active || ch->is_resetting || (status & ATA_SR_BSY)) {
		ch->nr_spurious_irqs++; /* stale, or early: the drive is not done yet */
	} else if (status & (ATA_SR_ERR | ATA_SR_DF)) {
		ch->failed_status = status;
		ch->failed_error = ata_read_reg(ch, ATA_REG_ERROR);
		ata_finish(ch, -EIO, "error");
	} else if (ch->cmd->op == BLOCK_READ) {
		ata_step_read(ch, status);
	} else if (ch->cmd->op == BLOCK_WRITE) {
		ata_step_write(ch, status);
	} else {
		ata_finish(ch, 0, NULL); /* a flush: its one interrupt */
	}
	bool must_run = ch->finished.drive && ata_claim_run(ch);
	spin_unlock_irqrestore(&ch->lock, flags);
	if (must_run)
		ata_channel_run(ch);
}

/* block_device_ops.abort: the block layer saw a command of this drive stuck.
 * What is stuck is whatever holds the channel (it may be the other drive's
 * command, ours being parked behind it): if that has run past its timeout,
 * report it, end it with -EIO and reset the channel (sleeping: the channel
 * is marked as resetting meanwhile, so nothing starts on it). */
static void ata_abort(struct block_device *bdev)
{
	struct ata_drive *d = bdev->private;
	struct ata_channel *ch = d->channel;
	struct ata_result stuck = {0};
	uint32_t flags = spin_lock_irqsave(&ch->lock);
	bool is_stuck = ch->active && !ch->is_resetting &&
			jiffies_read() - ch->started_at >= ch->active->bdev.timeout_ticks;
	if (is_stuck) {
		ch->failed_status = ata_alt_status(ch);
		ch->failed_error = ata_read_reg(ch, ATA_REG_ERROR);
		ata_finish(ch, -EIO, "timeout");
		stuck = ch->finished;
		ch->finished.what = NULL; /* reported here, not again by the run */
		ch->is_resetting = true;
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	if (!is_stuck)
		return;
	ata_report(&stuck);
	bool is_back = ata_reset(ch, true);
	pr_err("ata: channel reset %s\n", is_back ? "done" : "failed: drives still busy");
	flags = spin_lock_irqsave(&ch->lock);
	ch->is_resetting = false;
	bool must_run = ata_claim_run(ch);
	spin_unlock_irqrestore(&ch->lock, flags);
	if (must_run)
		ata_channel_run(ch);
}

const struct block_device_ops ata_block_ops = {
	.start = ata_start,
	.abort = ata_abort,
};

/* After probing: the interrupt handler in place, then the drives may raise it. */
void ata_enable_irq(struct ata_channel *ch)
{
	irq_register(ATA_PRIMARY_IRQ, ata_irq);
	pic_unmask(ATA_PRIMARY_IRQ);
	outb(ch->ctrl_port, 0); /* nIEN off: interrupts on */
}
