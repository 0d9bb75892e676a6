/*
 * unistd.h — the POSIX system interface: files, processes, identities,
 * directories, and getopt.  Thin wrappers over Linux i386 system calls
 * (lib/sys_*.c); each returns -1 and sets errno on failure.
 */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>
#include <uapi/fcntl.h> /* SEEK_*, F_OK/R_OK/W_OK/X_OK */

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

extern char **environ;

/* files (lib/sys_file.c) */
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
int dup2(int fd, int to);
int pipe(int fds[2]);
int access(const char *path, int mode);
int isatty(int fd);
int fsync(int fd);
int ftruncate(int fd, off_t length);

/* the namespace (lib/sys_fs.c) */
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int rmdir(const char *path);
int unlink(const char *path);
int link(const char *from, const char *to);
int chown(const char *path, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
int symlink(const char *target, const char *path);
void sync(void);
ssize_t readlink(const char *path, char *buf, size_t size);

/* processes (lib/sys_proc.c, lib/exec.c) */
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
_Noreturn void _exit(int status);
pid_t getpid(void);
pid_t getppid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgrp(void);
pid_t getpgid(pid_t pid);
pid_t getsid(pid_t pid);
pid_t setsid(void);
int pause(void);
unsigned int sleep(unsigned int seconds);
unsigned int alarm(unsigned int seconds);

/* identities (lib/sys_id.c) */
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
int getgroups(int size, gid_t list[]); /* the supplementary groups; size 0: how many */

/* memory (lib/sys_mem.c) */
int brk(void *addr);
void *sbrk(long increment);

/* getopt (lib/getopt.c) */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

#endif
