/*
 * serial.c — the COM1 UART (16550): console output and interrupt-driven input.
 *
 * 115200 baud, 8 data bits, no parity, 1 stop bit.  Output polls the
 * "transmitter holding register empty" bit; it is only ever called with
 * interrupts off (through console_write), so nothing else races for the port.
 * Input raises IRQ 4 when a byte arrives; the handler drains the receive FIFO
 * into the console input queue.  Port layout: base+0 data, +1 interrupt enable,
 * +2 FIFO control, +3 line control, +4 modem control, +5 line status.
 */
#include <corral/console.h>
#include <corral/trap.h>
#include <corral/x86.h>

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define IER_RX_AVAILABLE 0x01
#define MCR_DTR_RTS_OUT2 0x0b /* OUT2 gates the UART's interrupt line */

static bool serial_is_present;

static void serial_putc(char c)
{
	/* Bounded wait: a missing or stuck UART must not hang the kernel. */
	for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
		;
	outb(COM1 + UART_DATA, (uint8_t)c);
}

static void serial_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');
		serial_putc(buf[i]);
	}
}

/* The tty with ONLCR off: the program sends its own CRs. */
static void serial_write_raw(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		serial_putc(buf[i]);
}

static struct console_driver serial_console = {
	.name = "serial",
	.write = serial_write,
	.write_raw = serial_write_raw,
};

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, 1); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7); /* enable and clear FIFOs, 14-byte threshold */
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	/* No UART answers 0xff on its status port. */
	serial_is_present = inb(COM1 + UART_LSR) != 0xff;
	if (serial_is_present)
		console_register(&serial_console);
}

static void serial_irq(struct trap_frame *frame)
{
	(void)frame;
	while (inb(COM1 + UART_LSR) & LSR_DATA_READY)
		console_input((char)inb(COM1 + UART_DATA));
}

void serial_enable_input(void)
{
	if (!serial_is_present)
		return;
	irq_register(IRQ_COM1, serial_irq);
	outb(COM1 + UART_IER, IER_RX_AVAILABLE);
	pic_unmask(IRQ_COM1);
	serial_irq(NULL); /* bytes that arrived before the interrupt was on */
}
