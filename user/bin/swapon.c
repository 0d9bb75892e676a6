/*
 * swapon.c — turn swap devices on, or show those that are.
 *
 *     swapon [-s]        print /proc/swaps (as Linux's swapon -s)
 *     swapon DEVICE...   swapon(2) each (a block device made with mkswap)
 *     swapon -a          every swap device the system knows (/dev/hdb) that
 *                        is there, carries mkswap's signature and is not on
 *                        yet; silent about the others, so /etc/rc can call it
 *
 * Errors read "swapon: DEVICE: strerror" and give status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <unistd.h>
#include <usage.h>

#define SIGNATURE "SWAPSPACE2"
#define SIGNATURE_OFFSET (4096 - 10) /* the last 10 bytes of the first page */

static const char *const known_devices[] = {"/dev/hdb"};

static const char usage[] = "usage: swapon [-a | -s | DEVICE...]\n";

static int show_swaps(void)
{
	int fd = open("/proc/swaps", O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "swapon: /proc/swaps: %s\n", strerror(errno));
		return 1;
	}
	char buf[1024];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, (size_t)n);
	close(fd);
	return 0;
}

/* Does path start with a page ending in mkswap's signature? */
static int has_signature(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	char magic[10];
	int ok = lseek(fd, SIGNATURE_OFFSET, SEEK_SET) == SIGNATURE_OFFSET &&
		 read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
		 memcmp(magic, SIGNATURE, sizeof(magic)) == 0;
	close(fd);
	return ok;
}

static int swapon_one(const char *path)
{
	if (swapon(path, 0) == 0)
		return 0;
	fprintf(stderr, "swapon: %s: %s\n", path, strerror(errno));
	return 1;
}

static int swapon_all(void)
{
	int status = 0;
	for (size_t i = 0; i < sizeof(known_devices) / sizeof(known_devices[0]); i++) {
		const char *path = known_devices[i];
		if (!has_signature(path))
			continue;
		if (swapon(path, 0) < 0 && errno != EBUSY) {
			fprintf(stderr, "swapon: %s: %s\n", path, strerror(errno));
			status = 1;
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	int c, do_all = 0, do_show = 0;
	while ((c = usage_getopt(argc, argv, "as", usage)) != -1) {
		if (c == 'a')
			do_all = 1;
		else
			do_show = 1;
	}
	if ((do_all || do_show) && optind < argc)
		usage_error("-%c takes no DEVICE: '%s'", do_all ? 'a' : 's', argv[optind]);
	if (do_all)
		return swapon_all();
	if (optind == argc)
		return show_swaps();
	int status = 0;
	for (int i = optind; i < argc; i++)
		status |= swapon_one(argv[i]);
	return status;
}
