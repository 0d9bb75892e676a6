/*
 * gdt.h — segment selectors.  The GDT layout (arch/x86/gdt.c):
 *
 *   index  selector  what
 *   0      0x00      null
 *   1      0x08      kernel code (ring 0, flat 4 GiB)
 *   2      0x10      kernel data
 *   3      0x1b      user code (ring 3)
 *   4      0x23      user data
 *   5      0x28      TSS (kernel stack for traps from ring 3)
 *   6..8   0x33..    thread-local storage (set_thread_area, as Linux's 6..8)
 */
#ifndef CORRAL_GDT_H
#define CORRAL_GDT_H

#include <corral/types.h>

#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_CODE 0x1b
#define SEL_USER_DATA 0x23
#define SEL_TSS 0x28
#define GDT_TLS_FIRST 6
#define GDT_ENTRIES 9

/* The stack the CPU switches to on a trap from user mode. */
void tss_set_kernel_stack(uintptr_t esp0);

/* May user space put this selector in ds/es/fs/gs (a sigreturn frame)?  Null,
 * the user data segment, or a present ring-3 TLS data slot: nothing with TI=1,
 * nothing with RPL or DPL below 3. */
bool gdt_selector_is_user_data(uint32_t sel);
uint16_t gdt_read_ldtr(void); /* the LDT selector: 0 (no LDT) after gdt_init */
/* Put an 8-byte descriptor in slot index (the TLS slots: arch/x86/tls.c). */
void gdt_set_raw(int index, uint64_t desc);

#endif
