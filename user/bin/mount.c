/*
 * mount.c — mount a filesystem, or show what is mounted.
 *
 *     mount                              print /proc/mounts
 *     mount -t TYPE [-o ro] SOURCE DIR   mount(SOURCE, DIR, TYPE)
 *
 * The source of a virtual filesystem is any word ("mount -t proc proc /proc").
 */
#include <err.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <usage.h>

static int show_mounts(void)
{
	int fd = open("/proc/mounts", O_RDONLY);
	if (fd < 0)
		err(1, "/proc/mounts");
	char buf[1024];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, (size_t)n);
	close(fd);
	return 0;
}

static const char usage[] = "usage: mount                              (what is mounted)\n"
			     "       mount -t TYPE [-o ro] SOURCE DIR\n";

int main(int argc, char **argv)
{
	const char *type = NULL;
	unsigned long flags = 0;
	int c;
	while ((c = usage_getopt(argc, argv, "t:o:", usage)) != -1) {
		if (c == 't')
			type = optarg;
		else if (strcmp(optarg, "ro") == 0)
			flags |= MS_RDONLY;
		else if (strcmp(optarg, "rw") == 0)
			flags &= ~(unsigned long)MS_RDONLY;
		else
			usage_error("unknown -o option '%s' (ro or rw)", optarg);
	}
	if (argc == 1)
		return show_mounts();
	if (argc - optind < 2)
		usage_error("missing %s", optind == argc ? "SOURCE and DIR" : "DIR");
	if (argc - optind > 2)
		usage_error("extra operand '%s'", argv[optind + 2]);
	if (!type)
		usage_error("missing -t TYPE");
	if (mount(argv[optind], argv[optind + 1], type, flags, NULL) < 0)
		err(1, "%s", argv[optind + 1]);
	return 0;
}
