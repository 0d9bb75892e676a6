/*
 * swap_state.c — the swap cache and swap-in: a placeholder.
 *
 * The real file (the swap cache, swap-in on fault, swap_unuse) comes with
 * the reclaim work of issue 9; until then nothing is ever swapped out, so
 * swapoff can only succeed when the device has no slot in use, and says
 * ENOMEM otherwise (the self tests of mm/swapfile_test.c rely on that).
 */
#include <corral/swap.h>
#include <uapi/errno.h>

int swap_unuse(unsigned type)
{
	return swap_device_nr_used(type) == 0 ? 0 : -ENOMEM;
}
