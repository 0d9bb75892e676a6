/*
 * ksyms.c — function names for backtraces.
 *
 * The build writes `nm -n` of the kernel (address and name of every text
 * symbol, sorted) into corral.sym, which GRUB loads as the module named
 * "symbols".  Lookups scan that text in place: no allocation, so a panic can
 * use it whatever state memory is in.  Without the module, addresses stay bare.
 */
#include <corral/memlayout.h>
#include <corral/panic.h>
#include <corral/string.h>

static const char *symbols_text; /* "c0100000 _start\n..." ascending; never freed */
static size_t symbols_len;

void ksyms_init(const char *text, size_t len)
{
	symbols_text = text;
	symbols_len = len;
}

/* Parse one "hex name\n" line at p; returns the start of the next line. */
static const char *ksyms_parse_line(const char *p, const char *end, uintptr_t *addr,
				    const char **name, size_t *name_len)
{
	uintptr_t value = 0;
	for (; p < end && *p != ' '; p++) {
		char c = *p;
		unsigned d = (c >= 'a') ? (unsigned)(c - 'a' + 10) : (unsigned)(c - '0');
		value = value * 16 + d;
	}
	*addr = value;
	if (p < end)
		p++;
	*name = p;
	while (p < end && *p != '\n')
		p++;
	*name_len = (size_t)(p - *name);
	return p < end ? p + 1 : p;
}

const char *ksyms_lookup(uintptr_t addr, uintptr_t *offset, char *name_buf, size_t size)
{
	*offset = 0;
	if (!symbols_text || addr < (uintptr_t)__text_start || addr >= (uintptr_t)__text_end)
		return NULL;

	const char *p = symbols_text, *end = symbols_text + symbols_len;
	const char *best = NULL;
	size_t best_len = 0;
	uintptr_t best_addr = 0;
	while (p < end) {
		uintptr_t sym_addr;
		const char *name;
		size_t len;
		p = ksyms_parse_line(p, end, &sym_addr, &name, &len);
		if (sym_addr > addr)
			break;
		best = name, best_len = len, best_addr = sym_addr;
	}
	if (!best || size == 0)
		return NULL;
	size_t n = best_len < size - 1 ? best_len : size - 1;
	memcpy(name_buf, best, n);
	name_buf[n] = '\0';
	*offset = addr - best_addr;
	return name_buf;
}
