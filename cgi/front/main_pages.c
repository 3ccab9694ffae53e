/* bantin.fcgi: the read-only page handlers over FastCGI or CGI. */
#include "base/config.h"
#include "front/fcgi.h"
#include "pages/page.h"

static void
usage(FILE *f)
{
	fputs(
	    "usage: bantin.fcgi [--config PATH]\n\n"
	    "Serves the portal's pages, reading the database only: as FastCGI\n"
	    "on the socket it is given as standard input (spawn-fcgi, systemd\n"
	    "socket activation), or as plain CGI for the one request in its\n"
	    "environment.\n",
	    f);
}

int
main(int argc, char **argv)
{
	int status;

	if (config_options(argc, argv, usage, false, &status) == -1)
		return status;
	return fcgi_main(&pages_app, pages_init, pages_shutdown);
}
