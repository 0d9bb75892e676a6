/*
 * string.h — the C library's memory and string functions, for the kernel.
 * GCC may also emit calls to memcpy/memset/memmove/memcmp on its own.
 */
#ifndef CORRAL_STRING_H
#define CORRAL_STRING_H

#include <corral/types.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
void *memchr(const void *s, int c, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);
bool str_starts_with(const char *s, const char *prefix);
/* Parse an unsigned decimal or 0x-hex number; 0 on success, -EINVAL/-ERANGE. */
int str_to_u32(const char *s, uint32_t *out);

#endif
