/* AnyConnect IKEv2 test client: being written. */
#include <stdio.h>
int main(void)
{
	fprintf(stderr, "ac-client: not implemented yet\n");
	return 2;
}
