/*
 * mkswap.c — make a swap area on a device:  mkswap [-L LABEL] DEVICE
 *
 * Writes Linux's version-1 swap header over the device's first page (the
 * rest of the device is left alone):
 *
 *     1024  version 1     1028  last_page = pages - 1     1032  nr_badpages 0
 *     1036  uuid[16]      1052  label[16]                 4086  "SWAPSPACE2"
 *
 * The same header Linux's mkswap writes, so either system can use the other's
 * swap.  The UUID is made from the clock and the pid: unique enough for a
 * disk that never leaves its VM.  Writing an active swap device is refused
 * by the kernel (Text file busy): swapoff first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <usage.h>

#define PAGE_SIZE 4096
#define MIN_PAGES 10 /* util-linux's minimum: 40 KiB */

static const char usage[] = "usage: mkswap [-L LABEL] DEVICE\n";

static void put_le32(unsigned char *p, unsigned v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void make_uuid(unsigned char *uuid)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	unsigned x =
	    (unsigned)ts.tv_sec * 2654435761u ^ (unsigned)ts.tv_nsec ^ (unsigned)getpid() << 16;
	for (int i = 0; i < 16; i++) {
		x = x * 1103515245u + 12345u;
		uuid[i] = (unsigned char)(x >> 16);
	}
	uuid[6] = (unsigned char)((uuid[6] & 0x0f) | 0x40); /* version 4 (random) */
	uuid[8] = (unsigned char)((uuid[8] & 0x3f) | 0x80); /* the RFC 4122 variant */
}

static void print_uuid(const unsigned char *u)
{
	for (int i = 0; i < 16; i++)
		printf("%s%02x", (i == 4 || i == 6 || i == 8 || i == 10) ? "-" : "", u[i]);
	printf("\n");
}

static int fail(const char *path)
{
	fprintf(stderr, "mkswap: %s: %s\n", path, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	const char *label = NULL;
	while (usage_getopt(argc, argv, "L:", usage) != -1)
		label = optarg; /* -L */
	if (optind == argc)
		usage_error("missing DEVICE");
	if (argc - optind > 1)
		usage_error("extra operand '%s'", argv[optind + 1]);
	const char *path = argv[optind];
	int fd = open(path, O_RDWR);
	if (fd < 0)
		return fail(path);
	off_t size = lseek(fd, 0, SEEK_END);
	if (size < 0)
		return fail(path);
	unsigned pages = (unsigned)(size / PAGE_SIZE);
	if (pages < MIN_PAGES) {
		fprintf(stderr, "mkswap: %s: swap space needs to be at least %u KiB\n", path,
			MIN_PAGES * PAGE_SIZE / 1024);
		return 1;
	}
	static unsigned char page[PAGE_SIZE];
	put_le32(page + 1024, 1);
	put_le32(page + 1028, pages - 1);
	make_uuid(page + 1036);
	if (label)
		strncpy((char *)page + 1052, label, 16);
	memcpy(page + PAGE_SIZE - 10, "SWAPSPACE2", 10);
	if (lseek(fd, 0, SEEK_SET) != 0 || write(fd, page, PAGE_SIZE) != PAGE_SIZE || fsync(fd) < 0)
		return fail(path);
	close(fd);
	unsigned long long bytes = (unsigned long long)(pages - 1) * PAGE_SIZE;
	printf("Setting up swapspace version 1, size = %llu KiB (%llu bytes)\n", bytes / 1024,
	       bytes);
	if (label)
		printf("LABEL=%.16s, UUID=", label);
	else
		printf("no label, UUID=");
	print_uuid(page + 1036);
	return 0;
}
