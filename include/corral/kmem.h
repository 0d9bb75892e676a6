/*
 * kmem.h — charging kernel memory to containers (mm/kmem_charge.c).
 *
 * Kernel memory a task makes the kernel allocate — its struct task and kernel
 * stack, its address space's page directory and page tables, its fd table,
 * the files and pipes it opens — is charged to the task's container and
 * counts against page_limit like its user pages (docs/kernel-memory.md).
 *
 * The object that pays holds a struct kmem_charge: the record of how many
 * bytes it charged, and to which container.  The free uncharges that
 * container, wherever the task has gone since; rmdir hands the records of a
 * container to the root, so a record never names a freed container.
 *
 *   task ─ kmem {container: web, 9216 bytes}  ──┐  web: nr_kernel_bytes 9216 + ...
 *   mm   ─ kmem {container: web, 12352 bytes} ──┤      kmem_charges: list of records
 *   file ─ kmem {container: web, 64 bytes}    ──┘
 *
 * Three ways to charge, by what the caller may do when the limit is reached:
 *   kmem_charge        may sleep: reclaims the container's own user pages,
 *                      then fails with -ENOMEM (fork, pipe, open, exec)
 *   kmem_charge_nowait never sleeps: fails with -ENOMEM if it does not fit
 *   kmem_charge_force  never fails: boot, kernel threads, and a page table a
 *                      page fault needs to map a page it has already charged
 */
#ifndef CORRAL_KMEM_H
#define CORRAL_KMEM_H

#include <corral/list.h>
#include <corral/types.h>

struct container;

/* All fields: container_lock.  Zeroed (kzalloc) = not charged. */
struct kmem_charge {
	struct list_head node;       /* on container->kmem_charges while charged */
	struct container *container; /* charged to; NULL: nothing charged */
	uint32_t nr_bytes;
};

/* Charge nr_bytes more to ch: to ch's container if it has charged before,
 * else to c (NULL: the root; a container being freed: the root).  0 or -ENOMEM. */
int kmem_charge(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes);
int kmem_charge_nowait(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes);
void kmem_charge_force(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes);
/* Give back all ch charged (nothing if it charged nothing). */
void kmem_uncharge(struct kmem_charge *ch);
/* Reclaim user pages of the container a charge of ch (or c) would go to
 * until nr_bytes more would fit under its page_limit, charging nothing (fork,
 * before it copies page tables with kmem_charge_nowait).  May sleep.  0, or
 * -ENOMEM with a page-limit hit counted. */
int kmem_make_room(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes);
/* The container current's kernel allocations are charged to (root if none). */
struct container *kmem_current_container(void);
/* All kernel bytes charged to any container: the audit's total. */
uint32_t kmem_nr_charged_bytes(void);

#endif
