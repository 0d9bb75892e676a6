/*
 * printk_test.c — self tests of the formatter (kernel/vsprintf.c).
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
