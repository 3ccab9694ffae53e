/* bantin-live.fcgi: the live parts of pages and the login and logout
 * pages, the only writer, over FastCGI or CGI. */
#include "base/config.h"
#include "front/fcgi.h"
#include "live/live.h"

static void
usage(FILE *f)
{
	fputs("usage: bantin-live.fcgi [--config PATH]\n\n"
	      "Serves /live/ (visit statistics, the counting pixel, polls and\n"
	      "votes, the member's greeting) and the login and logout pages\n"
	      "(/dang-nhap, /dang-xuat): the only requests that write.  As\n"
	      "FastCGI on the socket it is given as standard input, or as\n"
	      "plain CGI.\n",
	    f);
}

int
main(int argc, char **argv)
{
	int status;

	if (config_options(argc, argv, usage, false, &status) == -1)
		return status;
	return fcgi_main(&live_app, live_init, live_shutdown);
}
