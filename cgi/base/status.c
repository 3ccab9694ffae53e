#include <assert.h>

#include "base/status.h"

const char *
st_name(enum st st)
{
	static const char *const names[] = {
		[ST_OK] = "ok",
		[ST_NOT_FOUND] = "not found",
		[ST_BAD] = "invalid",
		[ST_CLOSED] = "closed",
		[ST_DUPLICATE] = "duplicate",
		[ST_LIMITED] = "limited",
		[ST_BUSY] = "busy",
		[ST_DOWN] = "unavailable",
		[ST_NOMEM] = "out of memory",
		[ST_BUG] = "bug",
	};

	assert((unsigned)st < sizeof(names) / sizeof(names[0]));
	return names[st];
}
