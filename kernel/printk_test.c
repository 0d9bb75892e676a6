/*
 * printk_test.c — self tests of the formatter (kernel/vsprintf.c) and of the
 * log ring as syslog(2) reads it (kernel/printk.c): "<level>" lines, READ
 * consuming, CLEAR hiding what was there from READ_ALL.
 */
#include <corral/ktest.h>
#include <corral/printk.h>
#include <corral/string.h>

#define EXPECT_FORMAT(ctx, want, ...)                                              \
	do {                                                                       \
		char buf_[64];                                                     \
		int n_ = snprintf(buf_, sizeof(buf_), __VA_ARGS__);                \
		KT_EXPECT_STREQ(ctx, buf_, want);                                  \
		KT_EXPECT_EQ(ctx, n_, (int)strlen(want));                          \
	} while (0)

KTEST(printk_integers)
{
	EXPECT_FORMAT(ctx, "42 -7 0", "%d %i %u", 42, -7, 0u);
	EXPECT_FORMAT(ctx, "-2147483648", "%d", (int)0x80000000);
	EXPECT_FORMAT(ctx, "4294967295", "%u", 0xffffffffu);
	EXPECT_FORMAT(ctx, "ff FF 17", "%x %X %o", 255u, 255u, 15u);
	EXPECT_FORMAT(ctx, "4294967295", "%lu", 4294967295ul);
}

KTEST(printk_64bit)
{
	EXPECT_FORMAT(ctx, "18446744073709551615", "%llu", 18446744073709551615ull);
	EXPECT_FORMAT(ctx, "-9223372036854775808", "%lld", (long long)(-9223372036854775807ll - 1));
	EXPECT_FORMAT(ctx, "123456789abcdef0", "%llx", 0x123456789abcdef0ull);
}

KTEST(printk_width_and_padding)
{
	EXPECT_FORMAT(ctx, "   42", "%5d", 42);
	EXPECT_FORMAT(ctx, "00042", "%05d", 42);
	EXPECT_FORMAT(ctx, "-0042", "%05d", -42);
	EXPECT_FORMAT(ctx, "42   |", "%-5d|", 42);
	EXPECT_FORMAT(ctx, "000000ff", "%08x", 255u);
	EXPECT_FORMAT(ctx, "  ab|ab  |", "%4s|%-4s|", "ab", "ab");
	EXPECT_FORMAT(ctx, "abc", "%.3s", "abcdef");
	EXPECT_FORMAT(ctx, "12345678", "%3d", 12345678);
}

KTEST(printk_pointers_chars_strings)
{
	EXPECT_FORMAT(ctx, "0xc0100000", "%p", (void *)0xc0100000);
	EXPECT_FORMAT(ctx, "0x00000000", "%p", (void *)0);
	EXPECT_FORMAT(ctx, "x-y", "%c-%c", 'x', 'y');
	const char *volatile null_string = NULL; /* hidden from GCC's format check */
	/* cppcheck-suppress nullPointer ; printing NULL is what is tested */
	EXPECT_FORMAT(ctx, "(null)", "%s", null_string);
	EXPECT_FORMAT(ctx, "100%", "100%%");
}

KTEST(printk_truncates_and_counts)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s", "0123456789");
	KT_EXPECT_EQ(ctx, n, 10);
	KT_EXPECT_STREQ(ctx, buf, "0123456");
	n = snprintf(buf, 1, "abc");
	KT_EXPECT_EQ(ctx, n, 3);
	KT_EXPECT_EQ(ctx, buf[0], '\0');
}

KTEST(printk_levels_are_stripped)
{
	char log[256];
	printk(KERN_INFO "ktest-level-marker\n");
	size_t n = printk_read_log(log, sizeof(log) - 1);
	log[n] = '\0';
	KT_EXPECT(ctx, strstr(log, "ktest-level-marker\n") != NULL);
	KT_EXPECT(ctx, strstr(log, KERN_INFO "ktest-level-marker") == NULL);
}

KTEST(printk_syslog_lines_carry_levels)
{
	static char log[1024];
	printk(KERN_INFO "ktest-syslog-a\n");
	printk(KERN_ERR "ktest-syslog-b\nktest-syslog-c\n");
	size_t n = printk_syslog_read_all(log, sizeof(log) - 1, false);
	log[n] = '\0';
	KT_EXPECT(ctx, n > 0 && log[0] == '<' && log[n - 1] == '\n'); /* whole lines */
	KT_EXPECT(ctx, strstr(log, "<6>ktest-syslog-a\n<3>ktest-syslog-b\n<3>ktest-syslog-c\n"));
	/* A buffer too small for everything gets the newest whole lines. */
	n = printk_syslog_read_all(log, 30, false);
	log[n] = '\0';
	KT_EXPECT_STREQ(ctx, log, "<3>ktest-syslog-c\n");
}

KTEST(printk_syslog_read_consumes_and_clear_hides)
{
	static char log[4096];
	while (printk_syslog_read(log, sizeof(log)) > 0)
		; /* whatever the boot left unread */
	KT_EXPECT_EQ(ctx, printk_syslog_unread(), 0u);
	printk(KERN_WARNING "ktest-syslog-d\n");
	KT_EXPECT_EQ(ctx, printk_syslog_unread(), strlen("<4>ktest-syslog-d\n"));
	size_t n = printk_syslog_read(log, sizeof(log) - 1);
	log[n] = '\0';
	KT_EXPECT_STREQ(ctx, log, "<4>ktest-syslog-d\n");
	KT_EXPECT_EQ(ctx, printk_syslog_unread(), 0u);
	printk_syslog_clear();
	KT_EXPECT_EQ(ctx, printk_syslog_read_all(log, sizeof(log), false), 0u);
	printk(KERN_NOTICE "ktest-syslog-e\n");
	n = printk_syslog_read_all(log, sizeof(log) - 1, true); /* READ_CLEAR */
	log[n] = '\0';
	KT_EXPECT_STREQ(ctx, log, "<5>ktest-syslog-e\n");
	KT_EXPECT_EQ(ctx, printk_syslog_read_all(log, sizeof(log), false), 0u);
	KT_EXPECT_EQ(ctx, printk_syslog_buffer_size(), 16384u);
}
