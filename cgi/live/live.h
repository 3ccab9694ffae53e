/*
 * The live sidebar: the only handlers that write.  Pages stay cacheable;
 * these answer the uncached parts they include (nginx SSI, or the dev
 * server's equivalent) and the counting pixel every page carries.
 */
#ifndef BANTIN_LIVE_H
#define BANTIN_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "core/router.h"

/* The live program's query and form keys (req->param[LK_…]). */
enum live_key {
	LK_ARTICLE,
	LK_POLL,
	LK_OPTION, /* repeated: the chosen poll options */
	LK_TOKEN,
	LK_FROM, /* a local path to return to */
	LK_NEXT, /* a local path to go to after logging in or out */
	LK_USERNAME,
	LK_PASSWORD,
	LK_SHOWN, /* "1-5-9": the stories a page shows already */
};

extern const struct app live_app;

/* Loads the bot patterns and the templates; 0, or -1 with the reason. */
int  live_init(void);
void live_shutdown(void);

/* The visitor cookie: 32 lowercase hex digits (128 random bits). */
enum { VISITOR_ID_LEN = 32 };

/* Copies the value of cookie `name` into out[len + 1] when it is exactly
 * len lowercase hex digits; false when the header has none such. */
bool cookie_hex(const char *cookie, const char *name, size_t len, char *out);
/* Lowercase hex of b[0..n) into out[2n + 1]. */
void hex_encode(const unsigned char *b, size_t n, char *out);
/* Copies the request's visitor id into out[VISITOR_ID_LEN + 1]; false
 * when the request carries none (or a malformed one). */
bool visitor_from_cookie(const char *cookie, char *out);
/* Sets the visitor cookie (a year, HttpOnly, SameSite=Lax). */
void visitor_set_cookie(struct response *, const char *vid);
/* A fresh random visitor id; false when the system has no randomness. */
bool visitor_new(char *out);
/* Empty User-Agent, or one matching a pattern of BANTIN_BOTS. */
bool visitor_is_bot(const char *user_agent);
int  visitor_load_bots(const char *path);
void visitor_free_bots(void);

/* The CSRF token of a visitor's forms: 32 hex digits, a keyed hash of the
 * visitor id.  visitor_token_ok() compares in constant time. */
void visitor_token(const char *vid, char out[33]);
bool visitor_token_ok(const char *vid, const char *token);
/* The visitor id from the cookie, or a new one with its Set-Cookie; false
 * only when no id could be made. */
bool visitor_ensure(const struct request *, struct response *, char *vid);
/* A form post came from this site, from a browser holding the visitor
 * cookie that its token was made for (vid gets that visitor id). */
bool visitor_form_trusted(const struct request *, char *vid);
/* The client's address, into out[size]: the peer's, or when the peer is
 * a trusted proxy, the rightmost X-Forwarded-For entry that is not itself
 * a trusted proxy -- the address the first trusted proxy saw.  X-Real-IP
 * is never believed: a client sets it through any proxy that passes it
 * on. */
void visitor_client_address(const struct http_input *, char *out, size_t size);
/* The request came from another site (Origin or Sec-Fetch-Site). */
bool request_cross_site(const struct http_input *);
/* The request shows it came from this site's own page, as OWASP's CSRF
 * defence asks: Origin is the base URL's, or Sec-Fetch-Site says
 * same-origin, or -- without either -- Referer is under the base URL. */
bool request_same_site(const struct http_input *);

/* The member a request's session cookie belongs to: id 0 for a guest.
 * `touch` records the use (at most once a minute) for the idle timeout;
 * a refresh that fails is only logged.  ST_OK, or the failure reading the
 * session. */
struct member_state {
	int64_t     id;
	const char *display_name;
};
enum st member_session(struct request *, bool touch, struct member_state *);
/* The poll voter id: "m:<member id>" for a member, else "v:<vid>". */
void    member_voter(const struct member_state *, const char *vid, char *out,
       size_t size);

int live_widgets(struct request *, struct response *);
int live_most_read_box(struct request *, struct response *);
int live_poll_figures(struct request *, struct response *);
int live_login_form(struct request *, struct response *);
int live_login_post(struct request *, struct response *);
int live_logout_form(struct request *, struct response *);
int live_logout_post(struct request *, struct response *);
int live_account_box(struct request *, struct response *);
int live_vote_post(struct request *, struct response *);
int live_views(struct request *, struct response *);
int live_hit_pixel(struct request *, struct response *);
int live_stats_json(struct request *, struct response *);
int live_health(struct request *, struct response *);

#endif
