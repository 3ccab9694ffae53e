/*
 * The live store's one interface (store/live.h): the backend the
 * live_store setting names, and the checks that need the content.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/config.h"
#include "base/log.h"
#include "store/db.h"
#include "store/live.h"
#include "store/members.h"
#include "store/polls.h"
#include "store/store.h"

static struct {
	const struct live_backend *b;
	unsigned char              secret[LIVE_SECRET_LEN];
	bool                       has_secret;
	int64_t                    key_day; /* the day of key[] */
	unsigned char              key[LIVE_SECRET_LEN];
} live;

const char *
live_store_kind(const char *setting, const char **error)
{
	struct redis_address r;

	if (*setting == '\0' || strcmp(setting, "sqlite") == 0)
		return "sqlite";
	if ((*error = config_redis_url(setting, &r)) != NULL)
		return NULL;
	return "redis";
}

static const struct live_backend *
backend(void)
{
	const char *kind, *error = NULL;

	if (live.b == NULL) {
		kind = live_store_kind(config.live_store, &error);
		live.b = kind != NULL && strcmp(kind, "redis") == 0 ?
		    &live_redis :
		    &live_sqlite;
	}
	return live.b;
}

enum st
live_begin(void)
{
	const struct live_backend *b = backend();
	enum st                    st;

	if (b->is_open())
		return ST_OK;
	if ((st = b->open()) != ST_OK)
		return st;
	live.key_day = 0;
	if ((st = b->secret(live.secret)) != ST_OK) {
		b->close();
		return st;
	}
	live.has_secret = true;
	return ST_OK;
}

void
live_end(int64_t now)
{
	backend()->end(now);
}

void
live_upkeep(int64_t now)
{
	if (backend()->is_open())
		backend()->upkeep(now);
}

void
live_close(void)
{
	if (live.b != NULL)
		live.b->close();
	live.b = NULL;
	live.has_secret = false;
}

const unsigned char *
live_secret(void)
{
	/* Before the store first answers, tokens match nothing. */
	return live.secret;
}

enum st
live_address(const char *address, int64_t now, char *out)
{
	unsigned char mac[LIVE_ADDRESS_LEN / 2];
	int64_t       day = now / (24 * 60 * 60);
	enum st       st;

	if (day != live.key_day) {
		if ((st = backend()->address_key(now, live.key)) != ST_OK)
			return st;
		live.key_day = day;
	}
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)address,
	    strlen(address), live.key, sizeof(live.key));
	sodium_bin2hex(out, LIVE_ADDRESS_LEN + 1, mac, sizeof(mac));
	return ST_OK;
}

enum st
live_hit(const struct hit *h, bool *counted)
{
	struct hit visible = *h;
	enum st    st;

	*counted = false;
	if (!backend()->is_open())
		return ST_DOWN;
	/* A hidden or unknown article is never viewed. */
	if (h->article > 0) {
		st = store_visible(h->now_iso, h->article);
		if (st == ST_NOT_FOUND)
			visible.article = 0;
		else if (st != ST_OK)
			return st;
	}
	return backend()->hit(&visible, counted);
}

enum st
live_stats(int64_t now, int64_t window, struct live_stats *stats)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->stats(now, window, stats);
}

enum st
live_article_views(int64_t id, const char *now_iso, int64_t *views)
{
	enum st st;

	if (!backend()->is_open())
		return ST_DOWN;
	if ((st = store_visible(now_iso, id)) != ST_OK)
		return st;
	return backend()->views(id, views);
}

enum st
live_most_read(struct arena *a, int64_t now, const char *now_iso, int limit,
    const int64_t *skip, size_t nskip, int64_t **ids, size_t *n)
{
	char      since[16];
	int64_t  *cand;
	size_t    ncand, max = ((size_t)limit + nskip) * 2;
	time_t    t;
	struct tm tm;
	enum st   st;

	t = (time_t)(now - (MOST_READ_DAYS - 1) * 24 * 60 * 60);
	*n = 0;
	if (!backend()->is_open())
		return ST_DOWN;
	if ((cand = arena_alloc(a, 2 * max * sizeof(*cand))) == NULL) {
		log_error("out of memory while listing the most read");
		return ST_NOMEM;
	}
	/* The last MOST_READ_DAYS days, today included. */
	gmtime_r(&t, &tm);
	strftime(since, sizeof(since), "%Y-%m-%d", &tm);
	/* More candidates than asked: some may be skipped, or no longer
	 * visible. */
	if ((st = backend()->most_read(since, max, cand, &ncand)) != ST_OK)
		return st;
	*ids = cand + max;
	for (size_t i = 0; i < ncand && *n < (size_t)limit; i++) {
		size_t j;

		for (j = 0; j < *n && (*ids)[j] != cand[i]; j++)
			;
		if (j < *n)
			continue;
		for (j = 0; j < nskip && skip[j] != cand[i]; j++)
			;
		if (j < nskip)
			continue;
		if ((st = store_visible(now_iso, cand[i])) == ST_OK)
			(*ids)[(*n)++] = cand[i];
		else if (st != ST_NOT_FOUND)
			return st;
	}
	return ST_OK;
}

enum st
live_vote(const struct vote *v)
{
	struct poll  p;
	struct arena a;
	enum st      st;
	size_t       found = 0;

	if (!backend()->is_open())
		return ST_DOWN;
	/* The poll's rules come from the content: open now, and the options
	 * its own, as many as it allows. */
	arena_init(&a, 1 << 20);
	st = poll_get(&a, v->now_iso, v->poll, &p);
	if (st == ST_OK && !p.active)
		st = ST_CLOSED;
	if (st == ST_OK &&
	    (v->noptions < 1 || v->noptions > (size_t)p.multiple))
		st = ST_BAD;
	for (size_t i = 0; st == ST_OK && i < v->noptions; i++)
		for (size_t j = 0; j < p.noptions; j++)
			found += p.options[j].id == v->options[i];
	if (st == ST_OK && found != v->noptions)
		st = ST_BAD;
	arena_free(&a);
	if (st != ST_OK)
		return st;
	return backend()->vote(v);
}

enum st
live_poll_counts(struct poll *p)
{
	int64_t *ids, *votes;
	enum st  st;

	if (!backend()->is_open())
		return ST_DOWN;
	if ((ids = calloc(2 * p->noptions + 1, sizeof(*ids))) == NULL) {
		log_error("out of memory while counting votes");
		return ST_NOMEM;
	}
	votes = ids + p->noptions;
	for (size_t i = 0; i < p->noptions; i++)
		ids[i] = p->options[i].id;
	st = backend()->poll_counts(p->id, &p->voters, ids, votes, p->noptions);
	p->votes = 0;
	for (size_t i = 0; st == ST_OK && i < p->noptions; i++) {
		p->options[i].votes = votes[i];
		p->votes += votes[i];
	}
	free(ids);
	return st;
}

enum st
live_has_voted(int64_t poll, const char *voter, bool *voted)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->has_voted(poll, voter, voted);
}

enum st
live_login_attempt(const char *key, const char *address, int64_t now,
    int64_t *retry_after)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->login_attempt(key, address, now, retry_after);
}

enum st
live_login(const struct login *l, int64_t now)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->login(l, now);
}

enum st
live_member_current(struct arena *a, struct member *m)
{
	struct account acc;
	enum st        st;

	if ((st = live_account(a, m->id, &acc)) == ST_NOT_FOUND)
		return ST_OK;
	if (st != ST_OK)
		return st;
	/* Both must allow it: a member disabled by SQL in the content
	 * stays disabled though the live store still says active. */
	m->active = m->active && acc.active;
	m->password_hash = acc.password_hash;
	return ST_OK;
}

enum st
live_session(struct arena *a, const unsigned char *hash, int64_t now,
    int64_t idle, int64_t lifetime, struct session *out)
{
	struct member m;
	enum st       st;

	if (!backend()->is_open())
		return ST_DOWN;
	if ((st = backend()->session(hash, now, idle, lifetime, &out->member,
	         &out->last_seen)) != ST_OK)
		return st;
	/* The account is the content's: disabled (or gone) ends it, also
	 * when bantin-admin disabled it after this node's snapshot. */
	if ((st = member_by_id(a, out->member, &m)) != ST_OK ||
	    (st = live_member_current(a, &m)) != ST_OK)
		return st;
	if (!m.active)
		return ST_NOT_FOUND;
	out->display_name = m.display_name;
	return ST_OK;
}

enum st
live_session_touch(const unsigned char *hash, int64_t now)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->session_touch(hash, now);
}

enum st
live_session_end(const unsigned char *hash, const char *vid)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->session_end(hash, vid);
}

enum st
live_member_logout(int64_t member)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->member_logout(member);
}

enum st
live_account(struct arena *a, int64_t member, struct account *out)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->account(a, member, out);
}

enum st
live_account_set(int64_t member, bool active, const char *password_hash)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->account_set(member, active, password_hash);
}

enum st
live_export(int64_t now, const struct live_sink *sink)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->export(now, sink);
}

enum st
live_import(int64_t now, const struct live_source *source)
{
	if (!backend()->is_open())
		return ST_DOWN;
	return backend()->import(now, source);
}

enum st
live_names_content(const struct live_record *r, bool *has)
{
	static struct sql_def article = {
		.sql = "SELECT 1 FROM articles WHERE id = :id",
	};
	static struct sql_def option = {
		.sql = "SELECT 1 FROM poll_options "
		       "WHERE poll_id = :id AND id = :option",
	};
	static struct sql_def poll = {
		.sql = "SELECT 1 FROM polls WHERE id = :id",
	};
	static struct sql_def member = {
		.sql = "SELECT 1 FROM members WHERE id = :id",
	};
	struct sql_def *def;
	struct sql      q;

	*has = true;
	switch (r->kind) {
	case LIVE_VIEWS:
	case LIVE_DAY_VIEWS:
		def = &article;
		break;
	case LIVE_VOTES:
		def = &option;
		break;
	case LIVE_VOTER:
		def = &poll;
		break;
	case LIVE_SESSION:
		def = &member;
		break;
	default:
		return ST_OK;
	}
	if (!db_is_open())
		return ST_DOWN;
	sql_begin(&q, db_conn(), def, "reading what a live figure names");
	sql_int(&q, ":id", r->id);
	if (def == &option)
		sql_int(&q, ":option", r->option);
	*has = sql_row(&q);
	return sql_end(&q);
}

const char *
live_store_shown(char *buf, size_t size)
{
	const char *v = config.live_store;

	if (*v == '\0' || strcmp(v, "sqlite") == 0)
		snprintf(buf, size, "sqlite (%s)", config.db_path);
	else
		config_redis_shown(v, buf, size);
	return buf;
}
