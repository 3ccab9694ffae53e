/*
 * The Redis live backend: the live figures in one Redis server that every
 * web node shares (live_store = redis://…; docs/SCALING.md).  The client
 * is Debian's hiredis.
 *
 * Each operation is one round trip that Redis runs atomically: a Lua
 * script, loaded once per connection (SCRIPT LOAD, then EVALSHA; loaded
 * again if the server forgot it), or a single command.  So counts are
 * exact with any number of workers on any number of nodes.  Presence is a
 * sorted set per kind (guests by visitor, members by member) scored by
 * the last hit, read by score range and trimmed as it is written; visits,
 * views, sessions, failed logins and the new-visitor and per-address
 * counts expire by TTL.  No request scans the keyspace (bantin-admin
 * live export and import do).
 *
 * Keys, all under "bantin:": total_visits; last:<vid> (the last hit, TTL
 * VISITOR_MEMORY: the visitors it knows); guests and members (sorted
 * sets); mb:<member> (that member's browsers); views (all-time views by
 * article); day:<YYYY-MM-DD> (that day's views, kept 8 days);
 * viewed:<vid>:<article> (TTL a day); new:<address>:<window>;
 * poll:<id>:voters (set), poll:<id>:votes (hash of option -> votes),
 * poll:<id>:addr:<day>:<address> (TTL the rest of the day);
 * s:<session hash> (hash: member, created, last use; TTL the idle time),
 * ms:<member> (their sessions); lf:u:<username>, lf:a:<address> (failed
 * logins, TTL the window) and lf:seq (their ids); secret; addrkey:<day>
 * (TTL the rest of the day); account:<member> (hash: active, password
 * hash, as bantin-admin last set them; TTL ACCOUNT_KEEP); tmp:week
 * (inside the most-read script only).
 */
#include <sys/random.h>
#include <sys/time.h>

#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hiredis.h>
#include <sodium.h>

#include "base/config.h"
#include "base/log.h"
#include "store/live.h"

enum {
	ARGS_MAX = 48,
	CONNECT_MS = 200,
	COMMAND_MS = 1000,
	KEEP_DAYS = MOST_READ_DAYS + 1,
	DAY = 24 * 60 * 60,
};

#define P "bantin:"

enum script_id {
	S_HIT,
	S_STATS,
	S_MOST_READ,
	S_VOTE,
	S_COUNTS,
	S_ATTEMPT,
	S_LOGIN,
	S_SESSION,
	S_TOUCH,
	S_END,
	S_LOGOUT_ALL,
	S_KEY,
	S_ACCOUNT,
	S__COUNT
};

/* The scripts.  Numbers arrive as strings; keys are built from ARGV (one
 * server, not Redis Cluster). */
static struct script {
	const char *name;
	const char *lua;
	char        sha[41];
} scripts[S__COUNT] = {
	[S_HIT] = { .name = "hit", .lua =
	  /* vid member article now day memory address gap every limit
	   * window keep online_max */
	  "local vid, member, article = ARGV[1], ARGV[2], ARGV[3]\n"
	  "local now = tonumber(ARGV[4])\n"
	  /* Times are compared, not left to TTLs alone, so that they
	   * follow the clock the caller gives (tests inject one). */
	  "local last = '" P "last:' .. vid\n"
	  "local seen = tonumber(redis.call('GET', last) or '-1')\n"
	  /* A visitor not seen within the memory is new, cookie or not. */
	  "if seen < 0 or now - seen >= tonumber(ARGV[6]) then\n"
	  "  local k = '" P "new:' .. ARGV[7] .. ':' ..\n"
	  "    math.floor(now / tonumber(ARGV[11]))\n"
	  "  local n = redis.call('INCR', k)\n"
	  "  if n == 1 then redis.call('EXPIRE', k, 2 * ARGV[11]) end\n"
	  "  if n > tonumber(ARGV[10]) then return 0 end\n"
	  "end\n"
	  "if seen < 0 or now - seen >= tonumber(ARGV[8]) then\n"
	  "  redis.call('INCR', '" P "total_visits')\n"
	  "end\n"
	  "redis.call('SET', last, now, 'EX', ARGV[6])\n"
	  "redis.call('ZREMRANGEBYSCORE', '" P "guests', '-inf',\n"
	  "  now - tonumber(ARGV[13]))\n"
	  "redis.call('ZREMRANGEBYSCORE', '" P "members', '-inf',\n"
	  "  now - tonumber(ARGV[13]))\n"
	  "if member == '0' then\n"
	  "  redis.call('ZADD', '" P "guests', now, vid)\n"
	  "else\n"
	  "  redis.call('ZREM', '" P "guests', vid)\n"
	  "  redis.call('ZADD', '" P "mb:' .. member, now, vid)\n"
	  "  redis.call('EXPIRE', '" P "mb:' .. member, ARGV[13])\n"
	  "  redis.call('ZADD', '" P "members', now, member)\n"
	  "end\n"
	  "if article ~= '0' then\n"
	  "  local v = '" P "viewed:' .. vid .. ':' .. article\n"
	  "  local t = tonumber(redis.call('GET', v) or '-1')\n"
	  "  if t < 0 or now - t >= tonumber(ARGV[9]) then\n"
	  "    redis.call('SET', v, now, 'EX', ARGV[9])\n"
	  "    redis.call('ZINCRBY', '" P "views', 1, article)\n"
	  "    local day = '" P "day:' .. ARGV[5]\n"
	  "    redis.call('ZINCRBY', day, 1, article)\n"
	  "    redis.call('EXPIRE', day, ARGV[12])\n"
	  "  end\n"
	  "end\n"
	  "return 1\n", },
	[S_STATS] = { .name = "stats", .lua =
	  /* now window */
	  "local from = '(' .. (tonumber(ARGV[1]) - tonumber(ARGV[2]))\n"
	  "return { redis.call('ZCOUNT', '" P "guests', from, '+inf'),\n"
	  "  redis.call('ZCOUNT', '" P "members', from, '+inf'),\n"
	  "  tonumber(redis.call('GET', '" P "total_visits') or '0') }\n", },
	[S_MOST_READ] = { .name = "most read", .lua =
	  /* max day... : this week's by views, then all-time views, then
	   * id; then the all-time best */
	  "local max, tmp = tonumber(ARGV[1]), '" P "tmp:week'\n"
	  "local days = {}\n"
	  "for i = 2, #ARGV do days[#days + 1] = '" P "day:' .. ARGV[i] end\n"
	  "redis.call('ZUNIONSTORE', tmp, #days, unpack(days))\n"
	  "local w = redis.call('ZRANGE', tmp, 0, -1, 'WITHSCORES')\n"
	  "redis.call('DEL', tmp)\n"
	  "local items = {}\n"
	  "for i = 1, #w, 2 do\n"
	  "  items[#items + 1] = { id = tonumber(w[i]),\n"
	  "    week = tonumber(w[i + 1]),\n"
	  "    ever = tonumber(redis.call('ZSCORE', '" P "views', w[i])\n"
	  "      or '0') }\n"
	  "end\n"
	  "table.sort(items, function(a, b)\n"
	  "  if a.week ~= b.week then return a.week > b.week end\n"
	  "  if a.ever ~= b.ever then return a.ever > b.ever end\n"
	  "  return a.id > b.id end)\n"
	  "local out, seen = {}, {}\n"
	  "for i = 1, math.min(#items, max) do\n"
	  "  out[#out + 1] = items[i].id; seen[items[i].id] = true\n"
	  "end\n"
	  "if #out < max then\n"
	  "  for _, id in ipairs(redis.call('ZREVRANGE', '" P "views', 0,\n"
	  "      max - 1)) do\n"
	  "    if #out < max and not seen[tonumber(id)] then\n"
	  "      out[#out + 1] = tonumber(id)\n"
	  "    end\n"
	  "  end\n"
	  "end\n"
	  "return out\n", },
	[S_VOTE] = { .name = "vote", .lua =
	  /* poll voter address day cap keep option... */
	  "local poll = '" P "poll:' .. ARGV[1]\n"
	  "if redis.call('SISMEMBER', poll .. ':voters', ARGV[2]) == 1 then\n"
	  "  return 'duplicate'\n"
	  "end\n"
	  "local a = poll .. ':addr:' .. ARGV[4] .. ':' .. ARGV[3]\n"
	  "if tonumber(redis.call('GET', a) or '0') >= tonumber(ARGV[5]) then\n"
	  "  return 'limited'\n"
	  "end\n"
	  "redis.call('SADD', poll .. ':voters', ARGV[2])\n"
	  "redis.call('INCR', a)\n"
	  "redis.call('EXPIRE', a, ARGV[6])\n"
	  "for i = 7, #ARGV do\n"
	  "  redis.call('HINCRBY', poll .. ':votes', ARGV[i], 1)\n"
	  "end\n"
	  "return 'ok'\n", },
	[S_COUNTS] = { .name = "poll counts", .lua =
	  /* poll option... */
	  "local poll = '" P "poll:' .. ARGV[1]\n"
	  "local out = { redis.call('SCARD', poll .. ':voters') }\n"
	  "for i = 2, #ARGV do\n"
	  "  out[i] = tonumber(redis.call('HGET', poll .. ':votes', ARGV[i])\n"
	  "    or '0')\n"
	  "end\n"
	  "return out\n", },
	[S_ATTEMPT] = { .name = "login attempt", .lua =
	  /* key address now window per_user per_address : the time the
	   * limit lifts, or 0 after recording this attempt */
	  "local now, window = tonumber(ARGV[3]), tonumber(ARGV[4])\n"
	  "local u, a = '" P "lf:u:' .. ARGV[1], '" P "lf:a:' .. ARGV[2]\n"
	  "local lifts = 0\n"
	  "for i, k in ipairs({ u, a }) do\n"
	  "  redis.call('ZREMRANGEBYSCORE', k, '-inf', now - window)\n"
	  "  if redis.call('ZCARD', k) >= tonumber(ARGV[4 + i]) then\n"
	  "    local o = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')\n"
	  "    lifts = math.max(lifts, tonumber(o[2]) + window)\n"
	  "  end\n"
	  "end\n"
	  "if lifts > 0 then return lifts end\n"
	  "local id = now .. ':' .. redis.call('INCR', '" P "lf:seq')\n"
	  "for _, k in ipairs({ u, a }) do\n"
	  "  redis.call('ZADD', k, now, id)\n"
	  "  redis.call('EXPIRE', k, window)\n"
	  "end\n"
	  "return 0\n", },
	[S_LOGIN] = { .name = "login", .lua =
	  /* hash member now idle lifetime key old vid */
	  "local s = '" P "s:' .. ARGV[1]\n"
	  "local now, m = tonumber(ARGV[3]), ARGV[2]\n"
	  "redis.call('HSET', s, 'm', m, 'c', now, 'l', now)\n"
	  "redis.call('EXPIRE', s, math.min(tonumber(ARGV[4]),\n"
	  "  tonumber(ARGV[5])))\n"
	  "redis.call('SADD', '" P "ms:' .. m, ARGV[1])\n"
	  "redis.call('EXPIRE', '" P "ms:' .. m, ARGV[5])\n"
	  "redis.call('DEL', '" P "lf:u:' .. ARGV[6])\n"
	  "if ARGV[7] ~= '' then\n"
	  "  local old = '" P "s:' .. ARGV[7]\n"
	  "  local om = redis.call('HGET', old, 'm')\n"
	  "  redis.call('DEL', old)\n"
	  "  if om then redis.call('SREM', '" P "ms:' .. om, ARGV[7]) end\n"
	  "end\n"
	  "if ARGV[8] ~= '' then\n"
	  "  redis.call('ZREM', '" P "guests', ARGV[8])\n"
	  "  redis.call('ZADD', '" P "mb:' .. m, now, ARGV[8])\n"
	  "  redis.call('EXPIRE', '" P "mb:' .. m, ARGV[5])\n"
	  "  redis.call('ZADD', '" P "members', now, m)\n"
	  "end\n"
	  "return 1\n", },
	[S_SESSION] = { .name = "session", .lua =
	  /* hash now idle lifetime : member, last use; or nil */
	  "local v = redis.call('HMGET', '" P "s:' .. ARGV[1], 'm', 'c', 'l')\n"
	  "local now = tonumber(ARGV[2])\n"
	  "if not v[1] or tonumber(v[2]) <= now - tonumber(ARGV[4])\n"
	  "    or tonumber(v[3]) <= now - tonumber(ARGV[3]) then\n"
	  "  return false\n"
	  "end\n"
	  "return { tonumber(v[1]), tonumber(v[3]) }\n", },
	[S_TOUCH] = { .name = "touch", .lua =
	  /* hash now idle lifetime */
	  "local s = '" P "s:' .. ARGV[1]\n"
	  "local c = redis.call('HGET', s, 'c')\n"
	  "if not c then return 0 end\n"
	  "local now = tonumber(ARGV[2])\n"
	  "redis.call('HSET', s, 'l', now)\n"
	  "redis.call('EXPIRE', s, math.max(1, math.min(tonumber(ARGV[3]),\n"
	  "  tonumber(c) + tonumber(ARGV[4]) - now)))\n"
	  "return 1\n", },
	[S_END] = { .name = "logout", .lua =
	  /* hash vid : the visitor, if any, is a guest again (seen when it
	   * last was) */
	  "local s = '" P "s:' .. ARGV[1]\n"
	  "local m = redis.call('HGET', s, 'm')\n"
	  "redis.call('DEL', s)\n"
	  "if not m then return 0 end\n"
	  "redis.call('SREM', '" P "ms:' .. m, ARGV[1])\n"
	  "if ARGV[2] ~= '' then\n"
	  "  local mb = '" P "mb:' .. m\n"
	  "  local seen = redis.call('ZSCORE', mb, ARGV[2])\n"
	  "  redis.call('ZREM', mb, ARGV[2])\n"
	  "  if seen then\n"
	  "    redis.call('ZADD', '" P "guests', seen, ARGV[2])\n"
	  "  end\n"
	  "  local top = redis.call('ZREVRANGE', mb, 0, 0, 'WITHSCORES')\n"
	  "  if top[1] then redis.call('ZADD', '" P "members', top[2], m)\n"
	  "  else redis.call('ZREM', '" P "members', m) end\n"
	  "end\n"
	  "return 1\n", },
	[S_LOGOUT_ALL] = { .name = "member logout", .lua =
	  /* member: every session ends, every browser is a guest again */
	  "local m = ARGV[1]\n"
	  "for _, h in ipairs(redis.call('SMEMBERS', '" P "ms:' .. m)) do\n"
	  "  redis.call('DEL', '" P "s:' .. h)\n"
	  "end\n"
	  "redis.call('DEL', '" P "ms:' .. m)\n"
	  "local b = redis.call('ZRANGE', '" P "mb:' .. m, 0, -1,\n"
	  "  'WITHSCORES')\n"
	  "for i = 1, #b, 2 do\n"
	  "  redis.call('ZADD', '" P "guests', b[i + 1], b[i])\n"
	  "end\n"
	  "redis.call('DEL', '" P "mb:' .. m)\n"
	  "redis.call('ZREM', '" P "members', m)\n"
	  "return 1\n", },
	[S_KEY] = { .name = "key", .lua =
	  /* name ttl fresh : the kept key (ttl 0: forever); read first, so
	   * that a full Redis (which refuses writes) still gives it */
	  "local k = '" P "' .. ARGV[1]\n"
	  "local kept = redis.call('GET', k)\n"
	  "if kept then return kept end\n"
	  "if ARGV[2] == '0' then redis.call('SET', k, ARGV[3], 'NX')\n"
	  "else redis.call('SET', k, ARGV[3], 'NX', 'EX', ARGV[2]) end\n"
	  "return redis.call('GET', k)\n", },
	[S_ACCOUNT] = { .name = "account", .lua =
	  /* key active hash keep: one step, so no node reads half of it */
	  "redis.call('HSET', ARGV[1], 'active', ARGV[2], 'hash', ARGV[3])\n"
	  "redis.call('EXPIRE', ARGV[1], ARGV[4])\n"
	  "return 1\n", },
};

enum { RETRY_EVERY = 1 }; /* seconds between attempts to connect */

static struct {
	redisContext *c;
	time_t        last_try;
	bool          down;       /* an outage was logged */
	bool          full;       /* refused writes were logged */
	char          where[300]; /* the server, for log lines */
} r;

/* One command's arguments. */
struct cmd {
	const char *argv[ARGS_MAX];
	size_t      len[ARGS_MAX];
	char        num[ARGS_MAX][24];
	int         argc;
	bool        overflow;
};

/* A command with no arguments yet. */
static void
command(struct cmd *c)
{
	c->argc = 0;
	c->overflow = false;
}

static void
arg(struct cmd *c, const char *s)
{
	if (c->argc == ARGS_MAX) {
		c->overflow = true;
		return;
	}
	c->argv[c->argc] = s;
	c->len[c->argc++] = strlen(s);
}

static void
arg_int(struct cmd *c, int64_t n)
{
	if (c->argc < ARGS_MAX)
		snprintf(c->num[c->argc], sizeof(c->num[0]), "%" PRId64, n);
	arg(c, c->num[c->argc < ARGS_MAX ? c->argc : 0]);
}

static void
redis_close(void)
{
	if (r.c != NULL)
		redisFree(r.c);
	r.c = NULL;
}

static bool
redis_is_open(void)
{
	struct pollfd p;

	/* Between commands nothing is due from the server: a connection
	 * that reads (EOF) was closed by it -- a restart, most likely.
	 * Dropped now, it is opened again at once (live_begin()), before a
	 * request fails on it. */
	if (r.c != NULL) {
		p = (struct pollfd){ .fd = r.c->fd, .events = POLLIN };
		if (poll(&p, 1, 0) == 1)
			redis_close();
	}
	return r.c != NULL;
}

/* The connection failed: logged once per outage, closed; the next
 * request connects again (live_begin(); redis_open() tries at most once
 * a second). */
static enum st
lost(const char *what, const char *why)
{
	if (!r.down)
		log_error(
		    "redis %s unavailable while %s: %s (check that "
		    "redis-server runs and live_store names it; pages keep "
		    "serving, counts and votes wait)",
		    r.where, what, why);
	r.down = true;
	redis_close();
	return ST_DOWN;
}

/* Runs a command; NULL after a failure (*st set).  An error reply is a
 * bug (logged), except NOSCRIPT, left to the caller, and OOM: Redis at
 * its maxmemory refuses writes (noeviction, deploy/redis/bantin.conf),
 * which is an outage for what writes (ST_DOWN), logged once until a
 * write is taken again (eval()). */
static redisReply *
run(struct cmd *c, const char *what, enum st *st)
{
	redisReply *reply;

	if (r.c == NULL) {
		*st = ST_DOWN;
		return NULL;
	}
	if (c->overflow) {
		log_error("bug while %s: more than %d arguments", what,
		    ARGS_MAX);
		*st = ST_BUG;
		return NULL;
	}
	reply = redisCommandArgv(r.c, c->argc, c->argv, c->len);
	if (reply == NULL) {
		*st = lost(what, r.c->errstr);
		return NULL;
	}
	if (reply->type == REDIS_REPLY_ERROR &&
	    strncmp(reply->str, "OOM", 3) == 0) {
		if (!r.full)
			log_error(
			    "redis %s is full while %s: %s (raise its "
			    "maxmemory, docs/SCALING.md; pages keep serving, "
			    "counts and votes wait)",
			    r.where, what, reply->str);
		r.full = true;
		freeReplyObject(reply);
		*st = ST_DOWN;
		return NULL;
	}
	if (reply->type == REDIS_REPLY_ERROR &&
	    strncmp(reply->str, "NOSCRIPT", 8) != 0) {
		log_error("redis error while %s: %s", what, reply->str);
		freeReplyObject(reply);
		*st = ST_BUG;
		return NULL;
	}
	*st = ST_OK;
	return reply;
}

static enum st
load_scripts(void)
{
	struct cmd  c;
	redisReply *reply;
	enum st     st;

	for (size_t i = 0; i < S__COUNT; i++) {
		command(&c);
		arg(&c, "SCRIPT");
		arg(&c, "LOAD");
		arg(&c, scripts[i].lua);
		if ((reply = run(&c, "loading the scripts", &st)) == NULL)
			return st;
		if (reply->type != REDIS_REPLY_STRING || reply->len != 40) {
			log_error("redis: loading the %s script: %s",
			    scripts[i].name,
			    reply->str != NULL ? reply->str : "no digest");
			freeReplyObject(reply);
			return ST_BUG;
		}
		memcpy(scripts[i].sha, reply->str, 41);
		freeReplyObject(reply);
	}
	return ST_OK;
}

/* Runs script `id` with the arguments after the first two of c (which
 * this fills), loading the scripts again if the server forgot them. */
static redisReply *
eval(int id, struct cmd *c, const char *what, enum st *st)
{
	redisReply *reply;

	for (int attempt = 0; attempt < 2; attempt++) {
		c->argv[0] = "EVALSHA";
		c->len[0] = 7;
		c->argv[1] = scripts[id].sha;
		c->len[1] = 40;
		c->argv[2] = "0";
		c->len[2] = 1;
		if ((reply = run(c, what, st)) == NULL)
			return NULL;
		if (reply->type != REDIS_REPLY_ERROR) {
			/* A script that writes was taken: room again (a key
			 * it already keeps is only read). */
			if (r.full && id != S_STATS && id != S_COUNTS &&
			    id != S_SESSION && id != S_KEY) {
				log_notice("redis %s takes writes again",
				    r.where);
				r.full = false;
			}
			return reply;
		}
		/* NOSCRIPT: the server restarted or was flushed. */
		freeReplyObject(reply);
		if ((*st = load_scripts()) != ST_OK)
			return NULL;
	}
	log_error("redis keeps forgetting its scripts while %s", what);
	*st = ST_BUG;
	return NULL;
}

/* A command for eval(): room for EVALSHA, the digest and numkeys. */
static void
script_args(struct cmd *c)
{
	command(c);
	c->argc = 3;
}

static enum st
redis_open(void)
{
	struct redis_address a;
	struct timeval       connect = { 0, CONNECT_MS * 1000 };
	struct timeval wait = { COMMAND_MS / 1000, (COMMAND_MS % 1000) * 1000 };
	struct cmd     c;
	redisReply    *reply;
	const char    *why;
	bool           was_down = r.down;
	enum st        st;

	/* Down: try again at most once a second, not on every request
	 * (each try may wait CONNECT_MS). */
	if (r.down && time(NULL) - r.last_try < RETRY_EVERY)
		return ST_DOWN;
	r.last_try = time(NULL);
	redis_close();
	if ((why = config_redis_url(config.live_store, &a)) != NULL) {
		log_error("live_store \"%s\" %s", config.live_store, why);
		return ST_DOWN;
	}
	if (a.socket[0] != '\0') {
		snprintf(r.where, sizeof(r.where), "%s", a.socket);
		r.c = redisConnectUnixWithTimeout(a.socket, connect);
	} else {
		snprintf(r.where, sizeof(r.where), "%s:%d", a.host, a.port);
		r.c = redisConnectWithTimeout(a.host, a.port, connect);
	}
	if (r.c == NULL || r.c->err)
		return lost("connecting",
		    r.c != NULL ? r.c->errstr : "out of memory");
	redisSetTimeout(r.c, wait);
	if (a.password[0] != '\0') {
		command(&c);
		arg(&c, "AUTH");
		arg(&c, a.password);
		if ((reply = run(&c, "authenticating", &st)) == NULL)
			return st == ST_BUG ?
			    lost("authenticating", "the password was refused") :
			    st;
		freeReplyObject(reply);
	}
	command(&c);
	arg(&c, "SELECT");
	arg_int(&c, a.db);
	if ((reply = run(&c, "selecting the database", &st)) == NULL)
		return st == ST_BUG ?
		    lost("selecting the database", "refused") :
		    st;
	freeReplyObject(reply);
	if ((st = load_scripts()) != ST_OK)
		return st == ST_BUG ? lost("loading the scripts", "refused") :
		                      st;
	if (was_down)
		log_notice("redis %s is available again", r.where);
	r.down = false;
	return ST_OK;
}

/* A key kept on the server: made by the first worker that asks. */
static enum st
keep_key(const char *name, int64_t ttl, unsigned char out[LIVE_SECRET_LEN])
{
	unsigned char fresh[LIVE_SECRET_LEN];
	char          hex[2 * LIVE_SECRET_LEN + 1];
	struct cmd    c;
	redisReply   *reply;
	enum st       st;

	if (getrandom(fresh, sizeof(fresh), 0) != (ssize_t)sizeof(fresh)) {
		log_error("no randomness for a key");
		return ST_DOWN;
	}
	sodium_bin2hex(hex, sizeof(hex), fresh, sizeof(fresh));
	script_args(&c);
	arg(&c, name);
	arg_int(&c, ttl);
	arg(&c, hex);
	if ((reply = eval(S_KEY, &c, "reading a key", &st)) == NULL)
		return st;
	if (reply->type != REDIS_REPLY_STRING ||
	    sodium_hex2bin(out, LIVE_SECRET_LEN, reply->str, reply->len, NULL,
	        NULL, NULL) != 0) {
		log_error("redis: the key %s is damaged", name);
		st = ST_BUG;
	}
	freeReplyObject(reply);
	return st;
}

static enum st
redis_secret(unsigned char out[LIVE_SECRET_LEN])
{
	return keep_key("secret", 0, out);
}

/* Seconds from unix time now until its UTC day is over: what is kept of
 * an address that day lives no longer. */
static int64_t
rest_of_day(int64_t now)
{
	return DAY - now % DAY;
}

static enum st
redis_address_key(int64_t now, unsigned char out[LIVE_SECRET_LEN])
{
	char name[32];

	snprintf(name, sizeof(name), "addrkey:%" PRId64, now / DAY);
	return keep_key(name, rest_of_day(now), out);
}

/* "YYYY-MM-DD" of unix time t. */
static void
day_of(int64_t t, char out[16])
{
	time_t    tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static enum st
redis_hit(const struct hit *h, bool *counted)
{
	struct cmd  c;
	redisReply *reply;
	char        day[16];
	enum st     st;

	day_of(h->now, day);
	script_args(&c);
	arg(&c, h->vid);
	arg_int(&c, h->member);
	arg_int(&c, h->article);
	arg_int(&c, h->now);
	arg(&c, day);
	arg_int(&c, VISITOR_MEMORY);
	arg(&c, h->address);
	arg_int(&c, VISIT_GAP);
	arg_int(&c, VIEW_EVERY);
	arg_int(&c, NEW_VISITORS_PER_ADDRESS);
	arg_int(&c, NEW_VISITOR_WINDOW);
	arg_int(&c, KEEP_DAYS * DAY);
	/* Presence older than the longest window the setting allows. */
	arg_int(&c, DAY);
	if ((reply = eval(S_HIT, &c, "counting a hit", &st)) == NULL)
		return st;
	*counted = reply->type == REDIS_REPLY_INTEGER && reply->integer == 1;
	freeReplyObject(reply);
	return ST_OK;
}

/* The integers of an array reply into out[0..n); ST_BUG when it is not
 * one. */
static enum st
integers(redisReply *reply, int64_t *out, size_t n, const char *what)
{
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements < n) {
		log_error("bug while %s: an unexpected reply", what);
		return ST_BUG;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = reply->element[i]->type == REDIS_REPLY_INTEGER ?
		    reply->element[i]->integer :
		    0;
	return ST_OK;
}

static enum st
redis_stats(int64_t now, int64_t window, struct live_stats *out)
{
	struct cmd  c;
	redisReply *reply;
	int64_t     v[3];
	enum st     st;

	script_args(&c);
	arg_int(&c, now);
	arg_int(&c, window);
	if ((reply = eval(S_STATS, &c, "reading statistics", &st)) == NULL)
		return st;
	if ((st = integers(reply, v, 3, "reading statistics")) == ST_OK) {
		out->guests = v[0];
		out->members = v[1];
		out->total_visits = v[2];
	}
	freeReplyObject(reply);
	return st;
}

static enum st
redis_views(int64_t article, int64_t *views)
{
	struct cmd  c;
	redisReply *reply;
	enum st     st;

	command(&c);
	arg(&c, "ZSCORE");
	arg(&c, P "views");
	arg_int(&c, article);
	if ((reply = run(&c, "reading a view count", &st)) == NULL)
		return st;
	*views = reply->type == REDIS_REPLY_STRING ?
	    strtoll(reply->str, NULL, 10) :
	    0;
	freeReplyObject(reply);
	return ST_OK;
}

static enum st
redis_most_read(const char *since, size_t max, int64_t *ids, size_t *n)
{
	struct cmd  c;
	redisReply *reply;
	char        days[MOST_READ_DAYS + 1][16];
	struct tm   tm = { 0 };
	time_t      t;
	enum st     st;

	*n = 0;
	script_args(&c);
	arg_int(&c, (int64_t)max);
	if (sscanf(since, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
	        &tm.tm_mday) != 3)
		return ST_BUG;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	for (int i = 0; i < MOST_READ_DAYS; i++) {
		day_of((int64_t)t + (int64_t)i * DAY, days[i]);
		arg(&c, days[i]);
	}
	if ((reply = eval(S_MOST_READ, &c, "listing the most read", &st)) ==
	    NULL)
		return st;
	if (reply->type == REDIS_REPLY_ARRAY)
		for (size_t i = 0; i < reply->elements && *n < max; i++)
			if (reply->element[i]->type == REDIS_REPLY_INTEGER)
				ids[(*n)++] = reply->element[i]->integer;
	freeReplyObject(reply);
	return ST_OK;
}

static enum st
redis_vote(const struct vote *v)
{
	struct cmd  c;
	redisReply *reply;
	char        day[16];
	enum st     st;

	day_of(v->now, day);
	script_args(&c);
	arg_int(&c, v->poll);
	arg(&c, v->voter);
	arg(&c, v->address);
	arg(&c, day);
	arg_int(&c, v->address_cap);
	arg_int(&c, rest_of_day(v->now));
	for (size_t i = 0; i < v->noptions; i++)
		arg_int(&c, v->options[i]);
	if ((reply = eval(S_VOTE, &c, "recording a vote", &st)) == NULL)
		return st;
	if (reply->type == REDIS_REPLY_STATUS ||
	    reply->type == REDIS_REPLY_STRING)
		st = strcmp(reply->str, "duplicate") == 0 ? ST_DUPLICATE :
		    strcmp(reply->str, "limited") == 0    ? ST_LIMITED :
		                                            ST_OK;
	freeReplyObject(reply);
	return st;
}

static enum st
redis_poll_counts(int64_t poll, int64_t *voters, const int64_t *options,
    int64_t *votes, size_t n)
{
	struct cmd  c;
	redisReply *reply;
	int64_t     v[ARGS_MAX];
	enum st     st;

	if (n + 4 >= ARGS_MAX) {
		log_error("bug: a poll with %zu options", n);
		return ST_BUG;
	}
	script_args(&c);
	arg_int(&c, poll);
	for (size_t i = 0; i < n; i++)
		arg_int(&c, options[i]);
	if ((reply = eval(S_COUNTS, &c, "counting votes", &st)) == NULL)
		return st;
	if ((st = integers(reply, v, n + 1, "counting votes")) == ST_OK) {
		*voters = v[0];
		memcpy(votes, v + 1, n * sizeof(*votes));
	}
	freeReplyObject(reply);
	return st;
}

static enum st
redis_has_voted(int64_t poll, const char *voter, bool *voted)
{
	struct cmd  c;
	char        key[64];
	redisReply *reply;
	enum st     st;

	snprintf(key, sizeof(key), P "poll:%" PRId64 ":voters", poll);
	command(&c);
	arg(&c, "SISMEMBER");
	arg(&c, key);
	arg(&c, voter);
	if ((reply = run(&c, "reading a vote", &st)) == NULL)
		return st;
	*voted = reply->type == REDIS_REPLY_INTEGER && reply->integer == 1;
	freeReplyObject(reply);
	return ST_OK;
}

static enum st
redis_login_attempt(const char *key, const char *address, int64_t now,
    int64_t *retry_after)
{
	struct cmd  c;
	redisReply *reply;
	int64_t     lifts;
	enum st     st;

	script_args(&c);
	arg(&c, key);
	arg(&c, address);
	arg_int(&c, now);
	arg_int(&c, LOGIN_FAILURE_WINDOW);
	arg_int(&c, LOGIN_FAILURES_PER_USERNAME);
	arg_int(&c, LOGIN_FAILURES_PER_ADDRESS);
	if ((reply = eval(S_ATTEMPT, &c, "checking the login limits", &st)) ==
	    NULL)
		return st;
	lifts = reply->type == REDIS_REPLY_INTEGER ? reply->integer : 0;
	freeReplyObject(reply);
	if (lifts == 0)
		return ST_OK;
	*retry_after = lifts - now > 0 ? lifts - now : 1;
	return ST_LIMITED;
}

static void
hash_hex(const unsigned char *hash, char out[2 * SESSION_HASH_LEN + 1])
{
	sodium_bin2hex(out, 2 * SESSION_HASH_LEN + 1, hash, SESSION_HASH_LEN);
}

static enum st
redis_login(const struct login *l, int64_t now)
{
	struct cmd  c;
	redisReply *reply;
	char        hash[2 * SESSION_HASH_LEN + 1];
	char        old[2 * SESSION_HASH_LEN + 1] = "";
	enum st     st;

	/* The accounts are the content's, read-only on a web node: a weak
	 * hash is upgraded by `bantin-admin member passwd`. */
	if (l->rehash != NULL)
		log_notice(
		    "member %" PRId64 "'s password hash uses weaker "
		    "parameters; `bantin-admin member passwd` replaces it",
		    l->member);
	hash_hex(l->session, hash);
	if (l->old_session != NULL)
		hash_hex(l->old_session, old);
	script_args(&c);
	arg(&c, hash);
	arg_int(&c, l->member);
	arg_int(&c, now);
	arg_int(&c, config.session_idle);
	arg_int(&c, config.session_lifetime);
	arg(&c, l->key);
	arg(&c, old);
	arg(&c, l->vid != NULL ? l->vid : "");
	if ((reply = eval(S_LOGIN, &c, "logging a member in", &st)) == NULL)
		return st;
	freeReplyObject(reply);
	return ST_OK;
}

static enum st
redis_session(const unsigned char *h, int64_t now, int64_t idle,
    int64_t lifetime, int64_t *member, int64_t *last_seen)
{
	struct cmd  c;
	redisReply *reply;
	char        hash[2 * SESSION_HASH_LEN + 1];
	int64_t     v[2];
	enum st     st;

	hash_hex(h, hash);
	script_args(&c);
	arg(&c, hash);
	arg_int(&c, now);
	arg_int(&c, idle);
	arg_int(&c, lifetime);
	if ((reply = eval(S_SESSION, &c, "finding a session", &st)) == NULL)
		return st;
	if (reply->type != REDIS_REPLY_ARRAY)
		st = ST_NOT_FOUND;
	else if ((st = integers(reply, v, 2, "finding a session")) == ST_OK) {
		*member = v[0];
		*last_seen = v[1];
	}
	freeReplyObject(reply);
	return st;
}

static enum st
redis_session_touch(const unsigned char *h, int64_t now)
{
	struct cmd  c;
	redisReply *reply;
	char        hash[2 * SESSION_HASH_LEN + 1];
	enum st     st;

	hash_hex(h, hash);
	script_args(&c);
	arg(&c, hash);
	arg_int(&c, now);
	arg_int(&c, config.session_idle);
	arg_int(&c, config.session_lifetime);
	if ((reply = eval(S_TOUCH, &c, "refreshing a session", &st)) == NULL)
		return st;
	freeReplyObject(reply);
	return ST_OK;
}

static enum st
redis_session_end(const unsigned char *h, const char *vid)
{
	struct cmd  c;
	redisReply *reply;
	char        hash[2 * SESSION_HASH_LEN + 1];
	enum st     st;

	hash_hex(h, hash);
	script_args(&c);
	arg(&c, hash);
	arg(&c, vid != NULL ? vid : "");
	if ((reply = eval(S_END, &c, "logging a member out", &st)) == NULL)
		return st;
	freeReplyObject(reply);
	return ST_OK;
}

static enum st
redis_member_logout(int64_t member)
{
	struct cmd  c;
	redisReply *reply;
	enum st     st;

	script_args(&c);
	arg_int(&c, member);
	if ((reply = eval(S_LOGOUT_ALL, &c, "ending a member's sessions",
	         &st)) == NULL)
		return st;
	freeReplyObject(reply);
	return ST_OK;
}

/*
 * Moving the figures (live_export(), live_import()).  Run by bantin-admin
 * while no live worker writes: the export reads key by key (SCAN never
 * blocks the server); the import is one MULTI/EXEC.
 */
enum { IMPORT_WAIT = 600, PIPELINE = 512 };

/* The integer a reply holds (a count, as a string or an integer);
 * false when it holds none. */
static bool
reply_int(const redisReply *reply, int64_t *n)
{
	char *end;

	if (reply->type == REDIS_REPLY_INTEGER) {
		*n = reply->integer;
		return true;
	}
	if (reply->type != REDIS_REPLY_STRING || reply->len == 0)
		return false;
	*n = strtoll(reply->str, &end, 10);
	return *end == '\0' && *n >= 0;
}

/* Each key matching pattern, to fn. */
static enum st
each_key(const char *pattern, enum st (*fn)(const char *key, void *ctx),
    void            *ctx)
{
	struct cmd  c;
	redisReply *reply, *keys;
	char        cursor[32] = "0";
	enum st     st;

	do {
		command(&c);
		arg(&c, "SCAN");
		arg(&c, cursor);
		arg(&c, "MATCH");
		arg(&c, pattern);
		arg(&c, "COUNT");
		arg(&c, "1000");
		if ((reply = run(&c, "listing keys", &st)) == NULL)
			return st;
		if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
		    reply->element[0]->type != REDIS_REPLY_STRING ||
		    reply->element[1]->type != REDIS_REPLY_ARRAY) {
			log_error("bug while listing keys: a strange reply");
			freeReplyObject(reply);
			return ST_BUG;
		}
		snprintf(cursor, sizeof(cursor), "%s", reply->element[0]->str);
		keys = reply->element[1];
		for (size_t i = 0; st == ST_OK && i < keys->elements; i++)
			if (keys->element[i]->type == REDIS_REPLY_STRING)
				st = fn(keys->element[i]->str, ctx);
		freeReplyObject(reply);
	} while (st == ST_OK && strcmp(cursor, "0") != 0);
	return st;
}

struct export_call {
	int64_t                 now;
	char                    since[16]; /* the first day kept */
	const struct live_sink *sink;
	struct live_record      r;
};

/* Runs c, whose reply is a flat list of pairs (ZRANGE … WITHSCORES,
 * HGETALL): each pair to the sink as the record e->r with *first the
 * pair's first, its value the second. */
static enum st
export_pairs(struct cmd *c, struct export_call *e, int64_t *first,
    const char *key)
{
	redisReply *reply;
	enum st     st;

	if ((reply = run(c, "exporting live figures", &st)) == NULL)
		return st;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements % 2 != 0)
		st = ST_BUG;
	for (size_t i = 0; st == ST_OK && i < reply->elements; i += 2) {
		if (!reply_int(reply->element[i], first) ||
		    !reply_int(reply->element[i + 1], &e->r.value))
			st = ST_BUG;
		else
			st = e->sink->put(e->sink->arg, &e->r);
	}
	if (st == ST_BUG)
		log_error("redis: %s holds something else than live figures "
		          "(a count by id)",
		    key);
	freeReplyObject(reply);
	return st;
}

/* "bantin:<what>:<id>:…": the id, else 0. */
static int64_t
key_id(const char *key, size_t skip)
{
	char   *end;
	int64_t id = strtoll(key + skip, &end, 10);

	return *end == ':' && id > 0 ? id : 0;
}

static enum st
export_day(const char *key, void *ctx)
{
	struct export_call *e = ctx;
	const char         *day = key + strlen(P "day:");
	struct cmd          c;

	if (strlen(day) != 10 || strcmp(day, e->since) < 0)
		return ST_OK;
	memset(&e->r, 0, sizeof(e->r));
	e->r.kind = LIVE_DAY_VIEWS;
	snprintf(e->r.day, sizeof(e->r.day), "%s", day);
	command(&c);
	arg(&c, "ZRANGE");
	arg(&c, key);
	arg(&c, "0");
	arg(&c, "-1");
	arg(&c, "WITHSCORES");
	return export_pairs(&c, e, &e->r.id, key);
}

static enum st
export_votes(const char *key, void *ctx)
{
	struct export_call *e = ctx;
	struct cmd          c;

	memset(&e->r, 0, sizeof(e->r));
	e->r.kind = LIVE_VOTES;
	if ((e->r.id = key_id(key, strlen(P "poll:"))) == 0)
		return ST_OK;
	command(&c);
	arg(&c, "HGETALL");
	arg(&c, key);
	return export_pairs(&c, e, &e->r.option, key);
}

static enum st
export_voters(const char *key, void *ctx)
{
	struct export_call *e = ctx;
	struct cmd          c;
	redisReply         *reply;
	enum st             st;

	memset(&e->r, 0, sizeof(e->r));
	e->r.kind = LIVE_VOTER;
	if ((e->r.id = key_id(key, strlen(P "poll:"))) == 0)
		return ST_OK;
	command(&c);
	arg(&c, "SMEMBERS");
	arg(&c, key);
	if ((reply = run(&c, "exporting voters", &st)) == NULL)
		return st;
	for (size_t i = 0; st == ST_OK && reply->type == REDIS_REPLY_ARRAY &&
	     i < reply->elements;
	     i++) {
		e->r.voter = reply->element[i]->str;
		st = e->sink->put(e->sink->arg, &e->r);
	}
	freeReplyObject(reply);
	return st;
}

/* A session alive now (as redis_session() finds it). */
static enum st
export_session(const char *key, void *ctx)
{
	struct export_call *e = ctx;
	const char         *hash = key + strlen(P "s:");
	struct cmd          c;
	redisReply         *reply;
	int64_t             v[3];
	enum st             st;

	memset(&e->r, 0, sizeof(e->r));
	e->r.kind = LIVE_SESSION;
	if (sodium_hex2bin(e->r.key, sizeof(e->r.key), hash, strlen(hash), NULL,
	        NULL, NULL) != 0)
		return ST_OK;
	command(&c);
	arg(&c, "HMGET");
	arg(&c, key);
	arg(&c, "m");
	arg(&c, "c");
	arg(&c, "l");
	if ((reply = run(&c, "exporting sessions", &st)) == NULL)
		return st;
	if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 &&
	    reply_int(reply->element[0], &v[0]) &&
	    reply_int(reply->element[1], &v[1]) &&
	    reply_int(reply->element[2], &v[2]) &&
	    v[1] > e->now - config.session_lifetime &&
	    v[2] > e->now - config.session_idle) {
		e->r.id = v[0];
		e->r.created = v[1];
		e->r.at = v[2];
		st = e->sink->put(e->sink->arg, &e->r);
	}
	freeReplyObject(reply);
	return st;
}

/* GET of a key: the reply (NULL after a failure). */
static redisReply *
get_key(const char *key, enum st *st)
{
	struct cmd c;

	command(&c);
	arg(&c, "GET");
	arg(&c, key);
	return run(&c, "exporting live figures", st);
}

static enum st
redis_export(int64_t now, const struct live_sink *sink)
{
	struct export_call e = { .now = now, .sink = sink };
	struct cmd         c;
	redisReply        *reply;
	enum st            st;

	day_of(now - KEEP_DAYS * DAY, e.since);
	if ((reply = get_key(P "total_visits", &st)) == NULL)
		return st;
	e.r.kind = LIVE_TOTAL_VISITS;
	if (reply->type != REDIS_REPLY_NIL && !reply_int(reply, &e.r.value)) {
		log_error("redis: " P "total_visits is not a count");
		st = ST_BUG;
	}
	freeReplyObject(reply);
	if (st != ST_OK || (st = sink->put(sink->arg, &e.r)) != ST_OK)
		return st;
	memset(&e.r, 0, sizeof(e.r));
	e.r.kind = LIVE_VIEWS;
	command(&c);
	arg(&c, "ZRANGE");
	arg(&c, P "views");
	arg(&c, "0");
	arg(&c, "-1");
	arg(&c, "WITHSCORES");
	if ((st = export_pairs(&c, &e, &e.r.id, P "views")) != ST_OK ||
	    (st = each_key(P "day:*", export_day, &e)) != ST_OK ||
	    (st = each_key(P "poll:*:votes", export_votes, &e)) != ST_OK ||
	    (st = each_key(P "poll:*:voters", export_voters, &e)) != ST_OK ||
	    (st = each_key(P "s:*", export_session, &e)) != ST_OK)
		return st;
	if ((reply = get_key(P "secret", &st)) == NULL)
		return st;
	memset(&e.r, 0, sizeof(e.r));
	e.r.kind = LIVE_SECRET;
	if (reply->type == REDIS_REPLY_STRING &&
	    sodium_hex2bin(e.r.key, sizeof(e.r.key), reply->str, reply->len,
	        NULL, NULL, NULL) == 0)
		st = sink->put(sink->arg, &e.r);
	freeReplyObject(reply);
	return st;
}

/* Commands sent without waiting, their replies read PIPELINE at a time:
 * inside MULTI each is QUEUED, or an error that makes EXEC refuse them
 * all. */
struct pipeline {
	size_t pending;
	bool   refused;
};

static enum st
drain(struct pipeline *p)
{
	redisReply *reply;
	void       *v;

	for (; p->pending > 0; p->pending--) {
		if (redisGetReply(r.c, &v) != REDIS_OK)
			return lost("importing live figures", r.c->errstr);
		reply = v;
		if (reply->type == REDIS_REPLY_ERROR) {
			log_error("redis refused an import command: %s",
			    reply->str);
			p->refused = true;
		}
		freeReplyObject(reply);
	}
	return ST_OK;
}

static enum st
queue(struct pipeline *p, struct cmd *c)
{
	if (c->overflow ||
	    redisAppendCommandArgv(r.c, c->argc, c->argv, c->len) != REDIS_OK)
		return lost("importing live figures", r.c->errstr);
	return ++p->pending < PIPELINE ? ST_OK : drain(p);
}

/* The commands that store record rec. */
static enum st
queue_record(struct pipeline *p, const struct live_record *rec, int64_t now)
{
	struct cmd c;
	char       key[128], hex[2 * LIVE_SECRET_LEN + 1];
	struct tm  tm = { 0 };
	int64_t    ttl;
	enum st    st;

	command(&c);
	switch (rec->kind) {
	case LIVE_TOTAL_VISITS:
		arg(&c, "SET");
		arg(&c, P "total_visits");
		arg_int(&c, rec->value);
		return queue(p, &c);
	case LIVE_VIEWS:
		arg(&c, "ZADD");
		arg(&c, P "views");
		arg_int(&c, rec->value);
		arg_int(&c, rec->id);
		return queue(p, &c);
	case LIVE_DAY_VIEWS:
		snprintf(key, sizeof(key), P "day:%s", rec->day);
		arg(&c, "ZADD");
		arg(&c, key);
		arg_int(&c, rec->value);
		arg_int(&c, rec->id);
		if ((st = queue(p, &c)) != ST_OK)
			return st;
		/* Kept as the hits keep it: KEEP_DAYS after the day's last
		 * view (times relative to now, the caller's clock). */
		if (sscanf(rec->day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
		        &tm.tm_mday) != 3)
			return ST_BUG;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		ttl = (int64_t)timegm(&tm) + (KEEP_DAYS + 1) * DAY - now;
		command(&c);
		arg(&c, "EXPIRE");
		arg(&c, key);
		arg_int(&c, ttl > 0 ? ttl : 1);
		return queue(p, &c);
	case LIVE_VOTES:
		snprintf(key, sizeof(key), P "poll:%" PRId64 ":votes", rec->id);
		arg(&c, "HSET");
		arg(&c, key);
		arg_int(&c, rec->option);
		arg_int(&c, rec->value);
		return queue(p, &c);
	case LIVE_VOTER:
		snprintf(key, sizeof(key), P "poll:%" PRId64 ":voters",
		    rec->id);
		arg(&c, "SADD");
		arg(&c, key);
		arg(&c, rec->voter);
		return queue(p, &c);
	case LIVE_SESSION:
		hash_hex(rec->key, hex);
		snprintf(key, sizeof(key), P "s:%s", hex);
		arg(&c, "HSET");
		arg(&c, key);
		arg(&c, "m");
		arg_int(&c, rec->id);
		arg(&c, "c");
		arg_int(&c, rec->created);
		arg(&c, "l");
		arg_int(&c, rec->at);
		if ((st = queue(p, &c)) != ST_OK)
			return st;
		/* Its time left, as redis_session_touch() sets it. */
		ttl = rec->at + config.session_idle;
		if (rec->created + config.session_lifetime < ttl)
			ttl = rec->created + config.session_lifetime;
		command(&c);
		arg(&c, "EXPIRE");
		arg(&c, key);
		arg_int(&c, ttl - now > 0 ? ttl - now : 1);
		if ((st = queue(p, &c)) != ST_OK)
			return st;
		snprintf(key, sizeof(key), P "ms:%" PRId64, rec->id);
		command(&c);
		arg(&c, "SADD");
		arg(&c, key);
		arg(&c, hex);
		if ((st = queue(p, &c)) != ST_OK)
			return st;
		command(&c);
		arg(&c, "EXPIRE");
		arg(&c, key);
		arg_int(&c, config.session_lifetime);
		return queue(p, &c);
	case LIVE_SECRET:
	case LIVE_KINDS:
		sodium_bin2hex(hex, sizeof(hex), rec->key, sizeof(rec->key));
		arg(&c, "SET");
		arg(&c, P "secret");
		arg(&c, hex);
		return queue(p, &c);
	}
	return ST_BUG;
}

static enum st
redis_import(int64_t now, const struct live_source *source)
{
	/* Every lasting figure goes first, in the same transaction. */
	static const char *const old[] = {
		P "day:*",
		P "poll:*:votes",
		P "poll:*:voters",
		P "s:*",
		P "ms:*",
	};
	struct pipeline p = { 0 };
	struct timeval  wait = { IMPORT_WAIT, 0 };
	struct timeval back = { COMMAND_MS / 1000, (COMMAND_MS % 1000) * 1000 };
	struct live_record rec;
	struct cmd         c;
	redisReply        *reply;
	void              *v;
	enum st            st;

	if ((st = source->rewind(source->arg)) != ST_OK)
		return st;
	/* EXEC of a large site's figures takes a while. */
	redisSetTimeout(r.c, wait);
	command(&c);
	arg(&c, "MULTI");
	st = queue(&p, &c);
	command(&c);
	arg(&c, "DEL");
	arg(&c, P "total_visits");
	arg(&c, P "views");
	if (st == ST_OK)
		st = queue(&p, &c);
	for (size_t i = 0; st == ST_OK && i < sizeof(old) / sizeof(old[0]);
	     i++) {
		command(&c);
		arg(&c, "EVAL");
		arg(&c,
		    "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do "
		    "redis.call('DEL', k) end");
		arg(&c, "0");
		arg(&c, old[i]);
		st = queue(&p, &c);
	}
	while (st == ST_OK && (st = source->next(source->arg, &rec)) == ST_OK)
		st = queue_record(&p, &rec, now);
	/* The end of the source: EXEC.  Anything else, or a command refused:
	 * DISCARD, and nothing is applied (nor if the connection drops). */
	if (r.c == NULL || drain(&p) != ST_OK)
		return ST_DOWN;
	if (st != ST_NOT_FOUND)
		p.refused = true;
	command(&c);
	arg(&c, p.refused ? "DISCARD" : "EXEC");
	if (redisAppendCommandArgv(r.c, c.argc, c.argv, c.len) != REDIS_OK ||
	    redisGetReply(r.c, &v) != REDIS_OK)
		return lost("importing live figures", r.c->errstr);
	reply = v;
	if (reply->type == REDIS_REPLY_ERROR)
		log_error("redis refused the import: %s", reply->str);
	if (p.refused || reply->type != REDIS_REPLY_ARRAY)
		st = st_failed(st) ? st : ST_BUG;
	else
		st = ST_OK;
	freeReplyObject(reply);
	redisSetTimeout(r.c, back);
	return st;
}

/* account:<member>: the state bantin-admin last gave the account. */
static enum st
redis_account(struct arena *a, int64_t member, struct account *out)
{
	struct cmd  c;
	redisReply *reply;
	char        key[48];
	enum st     st;

	snprintf(key, sizeof(key), P "account:%" PRId64, member);
	command(&c);
	arg(&c, "HMGET");
	arg(&c, key);
	arg(&c, "active");
	arg(&c, "hash");
	if ((reply = run(&c, "reading an account", &st)) == NULL)
		return st;
	if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
	    reply->element[0]->type != REDIS_REPLY_STRING ||
	    reply->element[1]->type != REDIS_REPLY_STRING)
		st = ST_NOT_FOUND;
	else {
		out->active = strcmp(reply->element[0]->str, "1") == 0;
		if ((out->password_hash =
		            arena_strdup(a, reply->element[1]->str)) == NULL)
			st = ST_NOMEM;
	}
	freeReplyObject(reply);
	return st;
}

static enum st
redis_account_set(int64_t member, bool active, const char *password_hash)
{
	struct cmd  c;
	redisReply *reply;
	char        key[48], keep[24];
	enum st     st;

	snprintf(key, sizeof(key), P "account:%" PRId64, member);
	snprintf(keep, sizeof(keep), "%d", ACCOUNT_KEEP);
	script_args(&c);
	arg(&c, key);
	arg(&c, active ? "1" : "0");
	arg(&c, password_hash);
	arg(&c, keep);
	if ((reply = eval(S_ACCOUNT, &c, "keeping an account", &st)) == NULL)
		return st;
	freeReplyObject(reply);
	return ST_OK;
}

/* Redis expires what it keeps by itself. */
static void
redis_end(int64_t now)
{
	(void)now;
}

const struct live_backend live_redis = {
	.name = "redis",
	.open = redis_open,
	.is_open = redis_is_open,
	.end = redis_end,
	.upkeep = redis_end,
	.close = redis_close,
	.secret = redis_secret,
	.address_key = redis_address_key,
	.hit = redis_hit,
	.stats = redis_stats,
	.views = redis_views,
	.most_read = redis_most_read,
	.vote = redis_vote,
	.poll_counts = redis_poll_counts,
	.has_voted = redis_has_voted,
	.login_attempt = redis_login_attempt,
	.login = redis_login,
	.session = redis_session,
	.session_touch = redis_session_touch,
	.session_end = redis_session_end,
	.member_logout = redis_member_logout,
	.account = redis_account,
	.account_set = redis_account_set,
	.export = redis_export,
	.import = redis_import,
};
