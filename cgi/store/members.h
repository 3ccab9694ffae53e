/*
 * Member accounts, on the content connection: they travel with the
 * content (bantin-admin creates them; cgi/admin/member.c).  Sessions and
 * failed logins are live figures (store/live.h).
 */
#ifndef BANTIN_MEMBERS_H
#define BANTIN_MEMBERS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"

struct member {
	int64_t     id;
	const char *display_name;
	const char *password_hash;
	bool        active;
};

/* The member whose caseless name (text_casefold) is key; ST_NOT_FOUND. */
enum st member_find(struct arena *, const char *key, struct member *);
/* The member with this id; ST_NOT_FOUND. */
enum st member_by_id(struct arena *, int64_t id, struct member *);

#endif
