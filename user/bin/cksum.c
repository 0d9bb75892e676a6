/*
 * cksum.c — POSIX checksums:  cksum [FILE...]
 *
 * Prints "CRC BYTES NAME" per file (no name for standard input), the same
 * numbers as GNU cksum, so a test can compare a file read back inside Corral
 * with the host's copy.  The CRC is POSIX's: the polynomial 0x04c11db7,
 * most significant bit first, over the data and then the length (its bytes,
 * least significant first, only as many as it needs), complemented.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static unsigned int crc_table[256];

static void crc_table_init(void)
{
	for (unsigned int i = 0; i < 256; i++) {
		unsigned int c = i << 24;
		for (int k = 0; k < 8; k++)
			c = c & 0x80000000u ? (c << 1) ^ 0x04c11db7u : c << 1;
		crc_table[i] = c;
	}
}

static unsigned int crc_add(unsigned int crc, const unsigned char *p, size_t n)
{
	while (n--)
		crc = (crc << 8) ^ crc_table[((crc >> 24) ^ *p++) & 0xff];
	return crc;
}

static int cksum_fd(int fd, const char *name)
{
	static unsigned char buf[16384];
	unsigned int crc = 0;
	unsigned long long len = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		crc = crc_add(crc, buf, (size_t)n);
		len += (unsigned long long)n;
	}
	if (n < 0) {
		warn("%s", name ? name : "-");
		return 1;
	}
	for (unsigned long long l = len; l; l >>= 8) {
		unsigned char byte = (unsigned char)l;
		crc = crc_add(crc, &byte, 1);
	}
	if (name)
		printf("%u %llu %s\n", ~crc, len, name);
	else
		printf("%u %llu\n", ~crc, len);
	return 0;
}

static const char usage[] = "usage: cksum [FILE...]\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	int first = optind;
	crc_table_init();
	if (first >= argc)
		return cksum_fd(0, NULL);
	int status = 0;
	for (int i = first; i < argc; i++) {
		int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
		if (fd < 0) {
			warn("%s", argv[i]);
			status = 1;
			continue;
		}
		status |= cksum_fd(fd, argv[i]);
		if (fd > 0)
			close(fd);
	}
	return status;
}
