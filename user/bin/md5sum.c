/*
 * md5sum.c — MD5 digests:  md5sum [FILE...]
 *
 * Prints "DIGEST  NAME" per file ("-" for standard input), GNU md5sum's
 * format, so a file inside Corral can be compared with the host's copy.
 * MD5 (RFC 1321) in short: the message, a 1 bit, zeros, and its length in
 * bits (64 bits, least significant byte first) are cut into 64-byte blocks;
 * each block goes through four rounds of sixteen steps that mix it into four
 * 32-bit words.  Step i adds a constant, floor(2^32 * |sin(i + 1)|) (the
 * table K below, computed once and written out), and rotates by S[i].  MD5
 * is broken for signatures; it is fine for "did these bytes arrive intact".
 */
#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

static const char usage[] = "usage: md5sum [FILE...]\n";

static const uint32_t K[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* The left rotation of each step, four per round. */
static const uint8_t S[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

struct md5 {
	uint32_t h[4];
	uint64_t length; /* bytes so far */
	uint8_t block[64];
	size_t used; /* bytes waiting in block */
};

static uint32_t rotate_left(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static void md5_init(struct md5 *m)
{
	static const uint32_t start[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
	memcpy(m->h, start, sizeof(start));
	m->length = 0;
	m->used = 0;
}

/* Round r's mixing function and the order it reads the block's words in. */
static uint32_t mix(int r, uint32_t b, uint32_t c, uint32_t d)
{
	if (r == 0)
		return (b & c) | (~b & d);
	if (r == 1)
		return (d & b) | (~d & c);
	if (r == 2)
		return b ^ c ^ d;
	return c ^ (b | ~d);
}

static int word_index(int r, int i)
{
	static const int step[4] = {1, 5, 3, 7}, first[4] = {0, 1, 5, 0};
	return (first[r] + step[r] * i) % 16;
}

static void md5_block(struct md5 *m, const uint8_t *p)
{
	uint32_t w[16];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	uint32_t a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3];
	for (int i = 0; i < 64; i++) {
		int r = i / 16;
		uint32_t f = mix(r, b, c, d) + a + K[i] + w[word_index(r, i % 16)];
		a = d;
		d = c;
		c = b;
		b += rotate_left(f, S[r][i % 4]);
	}
	m->h[0] += a;
	m->h[1] += b;
	m->h[2] += c;
	m->h[3] += d;
}

static void md5_add(struct md5 *m, const uint8_t *p, size_t n)
{
	m->length += n;
	while (n > 0) {
		size_t take = 64 - m->used < n ? 64 - m->used : n;
		memcpy(m->block + m->used, p, take);
		m->used += take;
		p += take;
		n -= take;
		if (m->used == 64) {
			md5_block(m, m->block);
			m->used = 0;
		}
	}
}

static void md5_finish(struct md5 *m, uint8_t digest[16])
{
	uint64_t bits = m->length * 8;
	uint8_t pad = 0x80, zero = 0, len[8];
	md5_add(m, &pad, 1);
	while (m->used != 56)
		md5_add(m, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (8 * i));
	md5_add(m, len, 8);
	for (int i = 0; i < 16; i++)
		digest[i] = (uint8_t)(m->h[i / 4] >> (8 * (i % 4)));
}

static int md5sum_fd(int fd, const char *name)
{
	static uint8_t buf[16384];
	struct md5 m;
	uint8_t digest[16];
	ssize_t n;
	md5_init(&m);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		md5_add(&m, buf, (size_t)n);
	if (n < 0) {
		warn("%s", name);
		return 1;
	}
	md5_finish(&m, digest);
	for (int i = 0; i < 16; i++)
		printf("%02x", digest[i]);
	printf("  %s\n", name);
	return 0;
}

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind == argc)
		return md5sum_fd(0, "-");
	int status = 0;
	for (int i = optind; i < argc; i++) {
		int is_stdin = strcmp(argv[i], "-") == 0;
		int fd = is_stdin ? 0 : open(argv[i], O_RDONLY);
		if (fd < 0) {
			warn("%s", argv[i]);
			status = 1;
			continue;
		}
		status |= md5sum_fd(fd, argv[i]);
		if (!is_stdin)
			close(fd);
	}
	return status;
}
