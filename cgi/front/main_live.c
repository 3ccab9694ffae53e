/* bantin-live.fcgi: the live sidebar (the only writer) over FastCGI or CGI. */
#include "front/fcgi.h"
#include "live/live.h"

int
main(void)
{
	return fcgi_main(&live_app, live_init, live_shutdown);
}
