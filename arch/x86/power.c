/*
 * power.c — leaving the machine: QEMU's debug-exit device and reboot.
 *
 * QEMU's isa-debug-exit device at port 0xf4 ends QEMU when written; the exit
 * status is value*2+1 (so 0x10 → 33).  On real hardware or a QEMU without the
 * device the write does nothing, and we halt forever instead.  Reboot pulses the
 * CPU reset line through the keyboard controller, and falls back to a triple
 * fault (an empty IDT) if that does not work.
 */
#include <corral/panic.h>
#include <corral/x86.h>

#define DEBUG_EXIT_PORT 0xf4
#define KBC_STATUS 0x64
#define KBC_INPUT_FULL 0x02
#define KBC_PULSE_RESET 0xfe

static void __noreturn halt_forever(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

void qemu_exit(uint8_t code)
{
	outb(DEBUG_EXIT_PORT, code);
	halt_forever();
}

void machine_reboot(void)
{
	cli();
	for (int i = 0; i < 100000 && (inb(KBC_STATUS) & KBC_INPUT_FULL); i++)
		;
	outb(KBC_STATUS, KBC_PULSE_RESET);
	struct {
		uint16_t limit;
		uint32_t base;
	} __packed empty_idt = {0, 0};
	__asm__ volatile("lidt %0; int3" ::"m"(empty_idt));
	halt_forever();
}
