/*
 * rtc.c — the CMOS real-time clock (Motorola MC146818 and its successors),
 * read once at boot so that the wall clock starts at today's date.
 *
 * The clock sits behind two I/O ports: write a register number to 0x70, then
 * read its value from 0x71.  Three things make reading it less simple than
 * that:
 *
 *   - Once a second the chip updates its registers, and a read in the middle
 *     can catch half an update (59 seconds and the next minute).  Status
 *     register A bit 7 says an update is about to start or is running: wait
 *     until it is clear, read everything, and read again until two readings
 *     agree.
 *   - Values are in BCD (0x59 means 59) unless status register B bit 2 says
 *     binary; this is the firmware's choice, not ours.
 *   - Hours are 0-23, or, when status B bit 1 is clear, 1-12 with bit 7 of the
 *     hour register meaning PM.
 *
 * The year register holds two digits.  A century register exists on most
 * machines, but where it lives is written in ACPI's FADT, which Corral does
 * not read, so the century is taken to be 20.  The clock is taken to run in
 * UTC, as QEMU's does by default (-rtc base=utc) and as Linux assumes.
 *
 * Read next: kernel/calendar.c (the date in seconds), kernel/time.c (the
 * wall clock this starts).  Self tests: arch/x86/rtc_test.c.
 */
#include <corral/calendar.h>
#include <corral/printk.h>
#include <corral/rtc.h>
#include <corral/string.h>
#include <corral/time.h>
#include <corral/x86.h>
#include <uapi/errno.h>

#define CMOS_INDEX 0x70 /* bit 7 of the index masks NMI: left clear */
#define CMOS_DATA 0x71

#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b

#define RTC_A_UPDATE_IN_PROGRESS 0x80
#define RTC_B_24_HOUR 0x02
#define RTC_B_BINARY 0x04
#define RTC_HOUR_PM 0x80

#define RTC_CENTURY 2000
/* An update keeps the flag set for under 2.3 ms; without a clock the port
 * reads 0xff forever, so the waits are bounded. */
#define RTC_MAX_POLLS 200000
#define RTC_MAX_READS 10

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static int rtc_wait_for_update_end(void)
{
	for (int i = 0; i < RTC_MAX_POLLS; i++)
		if (!(cmos_read(RTC_STATUS_A) & RTC_A_UPDATE_IN_PROGRESS))
			return 0;
	return -EIO;
}

static void rtc_read_registers(struct rtc_registers *r)
{
	r->second = cmos_read(RTC_SECONDS);
	r->minute = cmos_read(RTC_MINUTES);
	r->hour = cmos_read(RTC_HOURS);
	r->day = cmos_read(RTC_DAY_OF_MONTH);
	r->month = cmos_read(RTC_MONTH);
	r->year = cmos_read(RTC_YEAR);
	r->status_b = cmos_read(RTC_STATUS_B);
}

/* Two readings, each after an update ended, that agree: no update fell
 * between the reads of one reading. */
static int rtc_read_stable(struct rtc_registers *r)
{
	struct rtc_registers previous;
	for (int attempt = 0; attempt < RTC_MAX_READS; attempt++) {
		if (rtc_wait_for_update_end())
			return -EIO;
		rtc_read_registers(&previous);
		if (rtc_wait_for_update_end())
			return -EIO;
		rtc_read_registers(r);
		if (memcmp(&previous, r, sizeof(*r)) == 0)
			return 0;
	}
	return -EIO;
}

static uint8_t rtc_decode_field(uint8_t raw, uint8_t status_b)
{
	if (status_b & RTC_B_BINARY)
		return raw;
	return (uint8_t)((raw >> 4) * 10 + (raw & 0x0f));
}

/* 12-hour clocks count 12, 1, ..., 11 twice: 12 AM is 0, 12 PM is 12. */
static uint8_t rtc_decode_hour(uint8_t raw, uint8_t status_b)
{
	if (status_b & RTC_B_24_HOUR)
		return rtc_decode_field(raw, status_b);
	bool is_pm = raw & RTC_HOUR_PM;
	uint8_t hour = rtc_decode_field(raw & ~RTC_HOUR_PM, status_b);
	return (uint8_t)(hour % 12 + (is_pm ? 12 : 0));
}

void rtc_decode(const struct rtc_registers *raw, struct calendar_time *t)
{
	t->year = RTC_CENTURY + rtc_decode_field(raw->year, raw->status_b);
	t->month = rtc_decode_field(raw->month, raw->status_b);
	t->day = rtc_decode_field(raw->day, raw->status_b);
	t->hour = rtc_decode_hour(raw->hour, raw->status_b);
	t->minute = rtc_decode_field(raw->minute, raw->status_b);
	t->second = rtc_decode_field(raw->second, raw->status_b);
}

void rtc_init(void)
{
	struct rtc_registers raw;
	struct calendar_time t;
	if (rtc_read_stable(&raw)) {
		pr_warn("rtc: the CMOS clock does not answer; the wall clock starts at 1970\n");
		return;
	}
	rtc_decode(&raw, &t);
	if (!calendar_is_valid(&t)) {
		pr_warn("rtc: the CMOS clock holds no valid date; the wall clock starts at 1970\n");
		return;
	}
	int64_t seconds = calendar_to_epoch(&t);
	time_set_realtime_ns(seconds * TIME_NS_PER_SEC);
	printk("rtc: %04d-%02u-%02u %02u:%02u:%02u UTC\n", (int)t.year, t.month, t.day, t.hour,
	       t.minute, t.second);
}
