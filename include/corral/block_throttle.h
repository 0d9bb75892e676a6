/*
 * block_throttle.h — a token bucket: how many bytes of disk I/O a container
 * may do now, and how long it must wait otherwise (fs/block_throttle.c).
 *
 * The bucket fills at `bps_max` bytes per second, a little each timer tick,
 * up to a depth of a quarter of a second's worth; every request takes its
 * bytes out, and may take the bucket below zero (debt):
 *
 *     tokens ▲  depth ─────────────╮      ╭──── refill: bps_max per second
 *            │                      ╰─╮  ╱
 *          0 ┼─────────────────────────╲╱───────────────────► time
 *            │           debt: wait until the refill brings it back to 0
 *
 * A request is never refused and never split: the submitter waits only
 * while the bucket is in debt, then goes, whatever the size.  Over any
 * stretch of time T the bytes taken are at most depth + bps_max * T plus
 * the last request, so the rate holds whatever the sizes of the requests.
 * Tokens are counted in bytes × HZ, so that a tick's refill (bps_max / HZ
 * bytes, not an integer) is exact.
 *
 * The bucket is plain data with no lock of its own and no clock: the caller
 * (kernel/container_io.c, under container_lock) passes `now` in jiffies.
 * Read next: fs/block_throttle.c, then kernel/container_io.c.
 */
#ifndef CORRAL_BLOCK_THROTTLE_H
#define CORRAL_BLOCK_THROTTLE_H

#include <corral/types.h>

#define BLOCK_THROTTLE_DEPTH_DIV 4 /* the depth: a quarter of a second's worth */

struct block_throttle {
	uint32_t bps_max;     /* bytes per second; 0: no limit (`max`) */
	int64_t tokens;       /* bytes × HZ; below 0: debt */
	uint64_t refilled_at; /* jiffies of the last refill */
};

/* A new limit (0: none).  The old rate fills the bucket up to now; a
 * bucket that had no limit starts full; the depth of the new rate caps what
 * is there, and a debt stays a debt. */
void block_throttle_set_limit(struct block_throttle *t, uint32_t bps_max, uint64_t now);
/* Take `bytes` out (the bucket may go into debt).  No limit: nothing. */
void block_throttle_charge(struct block_throttle *t, uint32_t bytes, uint64_t now);
/* Ticks to wait from now until the bucket is out of debt; 0: go now. */
uint64_t block_throttle_wait_ticks(struct block_throttle *t, uint64_t now);
/* The bytes in the bucket now (negative: the debt), rounded towards zero. */
int64_t block_throttle_bytes(struct block_throttle *t, uint64_t now);

#endif
