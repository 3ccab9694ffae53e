/* bantin.fcgi: the read-only page handlers over FastCGI or CGI. */
#include "front/fcgi.h"
#include "pages/page.h"

int
main(void)
{
	return fcgi_main(&pages_app, pages_init, pages_shutdown);
}
