/*
 * ktest_test.c — tests of the test runner itself: an expectation that fails
 * must mark the test failed with its reason, one that holds must not.
 *
 * Built with -DCORRAL_SELFTEST_FAIL (make selftest-fail-iso), it also carries a
 * test that always fails, so the harness can prove a failure gets through
 * (tests/test_selftest_fails.py).
 */
#include <corral/ktest.h>
#include <corral/string.h>

KTEST(ktest_expect_records_failure)
{
	struct ktest_ctx inner = {0};
	KT_EXPECT(&inner, 1 + 1 == 2);
	KT_EXPECT(ctx, !inner.has_failed);
	KT_EXPECT_EQ(&inner, 2 + 2, 5);
	KT_EXPECT(ctx, inner.has_failed);
	KT_EXPECT(ctx, strstr(inner.reason, "got 4, want 5") != NULL);
}

#ifdef CORRAL_SELFTEST_FAIL
KTEST(ktest_deliberate_failure)
{
	KT_EXPECT_EQ(ctx, 1, 2);
}
#endif
