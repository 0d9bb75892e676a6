/*
 * sync.c — write every dirty buffer and page to its disk.
 */
#include <unistd.h>

int main(void)
{
	sync();
	return 0;
}
