/*
 * swapfile.c — placeholder until swap devices land: no device, no slots.
 */
#include <corral/swap.h>
#include <uapi/errno.h>

void swap_init(void) {}
int swap_on(const char *path, int flags) { (void)path; (void)flags; return -ENOSYS; }
int swap_off(const char *path) { (void)path; return -EINVAL; }
swp_entry_t swap_slot_alloc(struct container *owner) { (void)owner; return (swp_entry_t){0}; }
int swap_slot_dup(swp_entry_t e) { (void)e; return -ENOMEM; }
uint32_t swap_slot_put(swp_entry_t e) { (void)e; return 0; }
uint32_t swap_slot_count(swp_entry_t e) { (void)e; return 0; }
bool swap_slot_cache_get(swp_entry_t e) { (void)e; return false; }
void swap_slot_cache_put(swp_entry_t e) { (void)e; }
bool swap_slot_is_cached(swp_entry_t e) { (void)e; return false; }
struct container *swap_slot_owner(swp_entry_t e) { (void)e; return 0; }
bool swap_entry_is_valid(swp_entry_t e) { (void)e; return false; }
void swap_recharge(struct container *from, struct container *to) { (void)from; (void)to; }
int swap_write_page(struct page *page, swp_entry_t e) { (void)page; (void)e; return -EIO; }
int swap_read_page(struct page *page, swp_entry_t e) { (void)page; (void)e; return -EIO; }
void swap_get_totals(struct swap_totals *t) { t->nr_pages = t->nr_free = t->nr_devices = 0; }
uint32_t swap_slot_count_total(void) { return 0; }
