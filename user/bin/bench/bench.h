/*
 * bench.h — what the benchmarks of bench share: the clock, the sample buffer,
 * the median and the two output lines.  main.c has the method and the table
 * of benchmarks; tasks.c, files.c, memory.c and swapin.c hold them, grouped
 * by the part of the kernel they exercise.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PAGE 4096
#define BENCH_MAX_SAMPLES 2048

/* One benchmark's samples at a time; a benchmark asks for at most this many. */
extern uint64_t bench_samples[BENCH_MAX_SAMPLES];

/* rdtsc is not serialising; at the costs measured here (hundreds of cycles
 * and more) the error is noise. */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Fork a child that runs child(in, out) — reading what we write to
 * *to_child, writing what we read from *from_child — and then exits 0. */
pid_t bench_spawn(void (*child)(int in, int out), int *to_child, int *from_child);

/* Sorts v. */
uint64_t bench_median(uint64_t *v, int n);

/* `bench NAME: N cycles/op (M ops)`, the line the host runner parses. */
void bench_report(const char *name, uint64_t cycles_per_op, long ops);

/* `bench NAME: skipped (REASON)`: the runner records no figure. */
void bench_skip(const char *name, const char *why_fmt, ...) __attribute__((format(printf, 2, 3)));

/* The value of key in a file of "key value" lines (/proc/vmstat, a
 * container's stat), or -1 if the file or the key is missing. */
long bench_read_counter(const char *path, const char *key);

/* tasks.c */
void bench_fork(void);
void bench_exec(void);
void bench_pipe(void);
void bench_yield(void);
void bench_getpid(void);

/* files.c */
void bench_fileread(void);
void bench_fileread_disk(void);
void bench_filewrite(void);

/* A new empty file, read-write, for tag: on /mnt if the disk is mounted
 * there and lets us create it, else on /tmp; its path goes to path. */
int bench_create_scratch(const char *tag, char *path, size_t size);

/* Write pages pages of bytes at fd's offset: 0, or an errno value. */
int bench_fill_file(int fd, int pages);

/* memory.c */
void bench_pagefault(void);
void bench_mmapfault(void);

/* swapin.c */
void bench_swapin(void);

#endif
