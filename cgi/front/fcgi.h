/*
 * The FastCGI/CGI front end: runs one program's app until the server stops
 * it (FastCGI) or for the one request in the environment (CGI).
 */
#ifndef BANTIN_FCGI_H
#define BANTIN_FCGI_H

#include "core/router.h"

/* Loads the configuration, calls init(), serves, calls shutdown(); returns
 * the process exit status. */
int fcgi_main(const struct app *, int (*init)(void), void (*shutdown)(void));

#endif
