/*
 * cmdline_test.c — self tests of the command-line parser (kernel/cmdline.c).
 */
#include <corral/cmdline.h>
#include <corral/ktest.h>
#include <corral/string.h>
#include <uapi/errno.h>

KTEST(cmdline_keys_and_values)
{
	static struct cmdline cl;
	KT_EXPECT_EQ(ctx, cmdline_parse(&cl, "selftest panic=exit init=/bin/sh"), 0);
	KT_EXPECT_EQ(ctx, cl.nr_params, 3);
	KT_EXPECT(ctx, cmdline_has(&cl, "selftest"));
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, "selftest"), "");
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, "panic"), "exit");
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, "init"), "/bin/sh");
	KT_EXPECT(ctx, cmdline_get(&cl, "loglevel") == NULL);
	KT_EXPECT(ctx, !cmdline_has(&cl, "self")); /* whole words only */
}

KTEST(cmdline_skips_image_path_and_spaces)
{
	static struct cmdline cl;
	KT_EXPECT_EQ(ctx, cmdline_parse(&cl, "/boot/corral.elf   loglevel=3\t ktest=page_"), 0);
	KT_EXPECT_EQ(ctx, cl.nr_params, 2);
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, "loglevel"), "3");
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, "ktest"), "page_");
	KT_EXPECT(ctx, !cmdline_has(&cl, "/boot/corral.elf"));
}

KTEST(cmdline_empty_and_odd_input)
{
	static struct cmdline cl;
	KT_EXPECT_EQ(ctx, cmdline_parse(&cl, ""), 0);
	KT_EXPECT_EQ(ctx, cl.nr_params, 0);
	KT_EXPECT_EQ(ctx, cmdline_parse(&cl, NULL), 0);
	KT_EXPECT_EQ(ctx, cl.nr_params, 0);
	KT_EXPECT_EQ(ctx, cmdline_parse(&cl, "a=1 a=2 =x b=="), 0);
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, "a"), "2"); /* the last one wins */
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, ""), "x");
	KT_EXPECT_STREQ(ctx, cmdline_get(&cl, "b"), "=");
}

KTEST(cmdline_too_long_or_too_many)
{
	static struct cmdline cl;
	static char line[CMDLINE_MAX * 2];
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	KT_EXPECT_EQ(ctx, cmdline_parse(&cl, line), -E2BIG);
	KT_EXPECT_EQ(ctx, cl.nr_params, 1);

	KT_EXPECT_EQ(ctx, cmdline_parse(&cl, "a b c d e f g h i j k l m n o p q r"), -E2BIG);
	KT_EXPECT_EQ(ctx, cl.nr_params, CMDLINE_MAX_PARAMS);
	KT_EXPECT(ctx, cmdline_has(&cl, "p"));
	KT_EXPECT(ctx, !cmdline_has(&cl, "q"));
}
