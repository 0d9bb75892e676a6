/*
 * false.c — do nothing, unsuccessfully.  Arguments are ignored, --help too,
 * as POSIX says (an exception to lib/usage.c's convention, as for true).
 */
int main(void)
{
	return 1;
}
