/*
 * true.c — do nothing, successfully.  Arguments are ignored, --help too, as
 * POSIX says (an exception to lib/usage.c's convention: "true --help" must
 * still be true, whatever a script passes it).
 */
int main(void)
{
	return 0;
}
