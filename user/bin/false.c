/*
 * false.c — do nothing, unsuccessfully.
 */
int main(void)
{
	return 1;
}
