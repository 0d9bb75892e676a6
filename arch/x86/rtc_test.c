/*
 * rtc_test.c — self tests of decoding the CMOS clock's registers
 * (arch/x86/rtc.c): BCD and binary, 24- and 12-hour, with the two hours a
 * 12-hour clock gets wrong most easily (12 AM is 0, 12 PM is 12).
 */
#include <corral/ktest.h>
#include <corral/rtc.h>

#define STATUS_B_BCD_12H 0x00
#define STATUS_B_BCD_24H 0x02
#define STATUS_B_BINARY_24H 0x06
#define STATUS_B_BINARY_12H 0x04
#define PM 0x80

static uint8_t decoded_hour(uint8_t hour_register, uint8_t status_b)
{
	struct rtc_registers raw = {0, 0, hour_register, 1, 1, 0, status_b};
	struct calendar_time t;
	rtc_decode(&raw, &t);
	return t.hour;
}

KTEST(rtc_decodes_bcd)
{
	struct rtc_registers raw = {0x05, 0x20, 0x14, 0x02, 0x12, 0x26, STATUS_B_BCD_24H};
	struct calendar_time t;
	rtc_decode(&raw, &t);
	KT_EXPECT_EQ(ctx, t.year, 2026);
	KT_EXPECT_EQ(ctx, t.month, 12);
	KT_EXPECT_EQ(ctx, t.day, 2);
	KT_EXPECT_EQ(ctx, t.hour, 14);
	KT_EXPECT_EQ(ctx, t.minute, 20);
	KT_EXPECT_EQ(ctx, t.second, 5);
	raw.second = 0x59;
	raw.year = 0x99;
	rtc_decode(&raw, &t);
	KT_EXPECT_EQ(ctx, t.second, 59);
	KT_EXPECT_EQ(ctx, t.year, 2099);
}

KTEST(rtc_decodes_binary)
{
	struct rtc_registers raw = {5, 20, 14, 2, 12, 26, STATUS_B_BINARY_24H};
	struct calendar_time t;
	rtc_decode(&raw, &t);
	KT_EXPECT_EQ(ctx, t.year, 2026);
	KT_EXPECT_EQ(ctx, t.month, 12);
	KT_EXPECT_EQ(ctx, t.day, 2);
	KT_EXPECT_EQ(ctx, t.hour, 14);
	KT_EXPECT_EQ(ctx, t.minute, 20);
	KT_EXPECT_EQ(ctx, t.second, 5);
}

KTEST(rtc_decodes_12_hour_clock)
{
	KT_EXPECT_EQ(ctx, decoded_hour(0x12, STATUS_B_BCD_12H), 0);	  /* 12 AM */
	KT_EXPECT_EQ(ctx, decoded_hour(0x01, STATUS_B_BCD_12H), 1);	  /* 1 AM */
	KT_EXPECT_EQ(ctx, decoded_hour(0x11, STATUS_B_BCD_12H), 11);	  /* 11 AM */
	KT_EXPECT_EQ(ctx, decoded_hour(0x12 | PM, STATUS_B_BCD_12H), 12); /* 12 PM */
	KT_EXPECT_EQ(ctx, decoded_hour(0x01 | PM, STATUS_B_BCD_12H), 13); /* 1 PM */
	KT_EXPECT_EQ(ctx, decoded_hour(0x11 | PM, STATUS_B_BCD_12H), 23); /* 11 PM */
	KT_EXPECT_EQ(ctx, decoded_hour(12, STATUS_B_BINARY_12H), 0);
	KT_EXPECT_EQ(ctx, decoded_hour(12 | PM, STATUS_B_BINARY_12H), 12);
	KT_EXPECT_EQ(ctx, decoded_hour(7 | PM, STATUS_B_BINARY_12H), 19);
	KT_EXPECT_EQ(ctx, decoded_hour(0x23, STATUS_B_BCD_24H), 23); /* no PM bit in 24 h */
}
