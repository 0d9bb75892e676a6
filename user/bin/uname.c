/*
 * uname.c — print system information:  uname [-a] [-s] [-n] [-r] [-v] [-m]
 * Without options: the system name.  -a: all of them, in that order.
 */
#include <err.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: uname [-a] [-s] [-n] [-r] [-v] [-m]\n";

int main(int argc, char **argv)
{
	int show = 0, c;
	enum { SYS = 1, NODE = 2, REL = 4, VER = 8, MACH = 16 };
	while ((c = usage_getopt(argc, argv, "asnrvm", usage)) != -1) {
		switch (c) {
		case 'a':
			show |= SYS | NODE | REL | VER | MACH;
			break;
		case 's':
			show |= SYS;
			break;
		case 'n':
			show |= NODE;
			break;
		case 'r':
			show |= REL;
			break;
		case 'v':
			show |= VER;
			break;
		case 'm':
			show |= MACH;
			break;
		}
	}
	if (optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	if (!show)
		show = SYS;
	struct utsname u;
	if (uname(&u) < 0)
		err(1, "uname");
	const char *parts[] = {u.sysname, u.nodename, u.release, u.version, u.machine};
	const char *sep = "";
	for (int i = 0; i < 5; i++) {
		if (show & (1 << i)) {
			printf("%s%s", sep, parts[i]);
			sep = " ";
		}
	}
	putchar('\n');
	return 0;
}
