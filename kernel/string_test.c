/*
 * string_test.c — self tests of the kernel's string functions (kernel/string.c).
 */
#include <corral/ktest.h>
#include <corral/string.h>
#include <uapi/errno.h>

KTEST(string_number_parsing)
{
	uint32_t v = 7;
	KT_EXPECT_EQ(ctx, str_to_u32("0", &v), 0);
	KT_EXPECT_EQ(ctx, v, 0);
	KT_EXPECT_EQ(ctx, str_to_u32("4294967295", &v), 0);
	KT_EXPECT_EQ(ctx, v, 4294967295u);
	KT_EXPECT_EQ(ctx, str_to_u32("0xC0100000", &v), 0);
	KT_EXPECT_EQ(ctx, v, 0xc0100000u);
	v = 7;
	KT_EXPECT_EQ(ctx, str_to_u32("4294967296", &v), -ERANGE);
	KT_EXPECT_EQ(ctx, str_to_u32("", &v), -EINVAL);
	KT_EXPECT_EQ(ctx, str_to_u32("12a", &v), -EINVAL);
	KT_EXPECT_EQ(ctx, str_to_u32("-1", &v), -EINVAL);
	KT_EXPECT_EQ(ctx, str_to_u32("0x", &v), -EINVAL);
	KT_EXPECT_EQ(ctx, v, 7); /* failures leave the output alone */
}

KTEST(string_copy_and_compare)
{
	char buf[8];
	KT_EXPECT_EQ(ctx, strlcpy(buf, "corral-kernel", sizeof(buf)), 13);
	KT_EXPECT_STREQ(ctx, buf, "corral-");
	KT_EXPECT(ctx, strcmp("abc", "abd") < 0);
	KT_EXPECT(ctx, strncmp("abcdef", "abcxyz", 3) == 0);
	KT_EXPECT(ctx, strstr("page_alloc", "alloc") != NULL);
	KT_EXPECT(ctx, strstr("page_alloc", "kmalloc") == NULL);

	char overlap[] = "abcdef";
	memmove(overlap + 2, overlap, 4);
	KT_EXPECT_STREQ(ctx, overlap, "ababcd");
	memmove(overlap, overlap + 2, 4);
	KT_EXPECT_STREQ(ctx, overlap, "abcdcd");
}
