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

#define SIGNATURE "SWAPSPACE2"
#define SIGNATURE_OFFSET (4096 - 10) /* the last 10 bytes of the first page */

static const char *const known_devices[] = {"/dev/hdb"};

static void usage(FILE *to)
{
	fprintf(to, "usage: swapon [-a | -s | DEVICE...]\n");
}

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
	int i = 1, do_all = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "-a") == 0) {
			do_all = 1;
		} else if (strcmp(argv[i], "-s") == 0) {
			return show_swaps();
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			fprintf(stderr, "swapon: invalid option -- '%s'\n", argv[i] + 1);
			usage(stderr);
			return 2;
		}
	}
	if (do_all)
		return swapon_all();
	if (i == argc)
		return show_swaps();
	int status = 0;
	for (; i < argc; i++)
		status |= swapon_one(argv[i]);
	return status;
}
