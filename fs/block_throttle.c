/*
 * block_throttle.c — the token bucket behind a container's io_bps_max
 * (include/corral/block_throttle.h has the picture and the rule).
 *
 * Everything here is arithmetic on one struct block_throttle, with the time
 * passed in: the caller holds whatever lock guards the bucket
 * (container_lock, in kernel/container_io.c) and reads the clock.  That is
 * what lets fs/block_throttle_test.c check the refill, the wait and the
 * limits to the byte, without sleeping.
 *
 * Units: tokens are bytes × HZ.  A tick adds bps_max of them (bps_max / HZ
 * bytes), a request of n bytes takes n × HZ.  Nothing overflows: tokens
 * stay within [-(largest debt), depth], and the refill computes how many
 * ticks would fill the bucket before it multiplies.
 * Read next: kernel/container_io.c.
 */
#include <corral/block_throttle.h>
#include <corral/time.h>

static int64_t block_throttle_depth(const struct block_throttle *t)
{
	return (int64_t)t->bps_max * HZ / BLOCK_THROTTLE_DEPTH_DIV;
}

/* Add what the time since the last refill brought, up to the depth. */
static void block_throttle_refill(struct block_throttle *t, uint64_t now)
{
	if (now <= t->refilled_at)
		return;
	uint64_t elapsed = now - t->refilled_at;
	t->refilled_at = now;
	if (!t->bps_max)
		return;
	int64_t depth = block_throttle_depth(t);
	uint64_t missing = t->tokens < depth ? (uint64_t)(depth - t->tokens) : 0;
	/* Ticks that fill it to the brim: anything longer is the same. */
	uint64_t ticks_to_full = (missing + t->bps_max - 1) / t->bps_max;
	if (elapsed >= ticks_to_full)
		t->tokens = depth;
	else
		t->tokens += (int64_t)(elapsed * t->bps_max);
}

void block_throttle_set_limit(struct block_throttle *t, uint32_t bps_max, uint64_t now)
{
	bool had_limit = t->bps_max != 0;
	block_throttle_refill(t, now);
	t->refilled_at = now;
	t->bps_max = bps_max;
	int64_t depth = block_throttle_depth(t);
	if (!bps_max)
		t->tokens = 0; /* a later limit starts afresh */
	else if (!had_limit || t->tokens > depth)
		t->tokens = depth;
}

void block_throttle_charge(struct block_throttle *t, uint32_t bytes, uint64_t now)
{
	if (!t->bps_max)
		return;
	block_throttle_refill(t, now);
	t->tokens -= (int64_t)bytes * HZ;
}

uint64_t block_throttle_wait_ticks(struct block_throttle *t, uint64_t now)
{
	if (!t->bps_max)
		return 0;
	block_throttle_refill(t, now);
	if (t->tokens >= 0)
		return 0;
	uint64_t debt = (uint64_t)-t->tokens;
	return (debt + t->bps_max - 1) / t->bps_max;
}

int64_t block_throttle_bytes(struct block_throttle *t, uint64_t now)
{
	block_throttle_refill(t, now);
	return t->tokens / HZ;
}
