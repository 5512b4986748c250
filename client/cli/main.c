/* passend: the command-line client for passendd administrators. The
 * command tree starts in cli_root.c; parsing and help are in cli.c, calls
 * in cli_call.c.
 */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(&cli_root, argc, argv);
}
