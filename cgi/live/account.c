/*
 * Members in the browser: the session cookie, logging in and out, and the
 * account box in every page's header.
 *
 * GET  /dang-nhap?next=PATH   the login form (or, when logged in, who)
 * POST /dang-nhap             username, password, token, next
 * GET  /dang-xuat?next=PATH   a confirm button (a GET never logs out)
 * POST /dang-xuat             token, next
 * GET  /live/account?from=PATH  the header's account box (fragment)
 *
 * The session cookie holds 256 random bits in hex; the live store keeps
 * only their BLAKE2b hash.  Its name is bantin_sid, or __Host-bantin_sid with
 * Secure when the configured base URL is https.  Login and logout take the
 * visitor's CSRF token and refuse other sites (Origin, Sec-Fetch-Site).
 * A login succeeds with 303 to next (a local path, else /); a wrong name or
 * password gets the form again with one message for both, 403; the limits
 * of store/live.h get 429 with Retry-After.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/config.h"
#include "base/log.h"
#include "core/url.h"
#include "live/live.h"
#include "live/render.h"
#include "site/site.h"
#include "store/db.h"
#include "store/live.h"
#include "store/members.h"
#include "store/password.h"
#include "text/text.h"

enum {
	SESSION_BYTES = 32,
	SESSION_HEX = 2 * SESSION_BYTES,
	TOUCH_EVERY = 60, /* seconds between writes of last_seen */
};

static const char *
session_cookie_name(void)
{
	return config.https ? "__Host-bantin_sid" : "bantin_sid";
}

static void
session_hash(const char *cookie_value, unsigned char hash[SESSION_HASH_LEN])
{
	crypto_generichash(hash, SESSION_HASH_LEN,
	    (const unsigned char *)cookie_value, SESSION_HEX, NULL, 0);
}

/* The hash of the request's session cookie; false when it has none. */
static bool
session_cookie(const struct request *req, unsigned char hash[SESSION_HASH_LEN])
{
	char value[SESSION_HEX + 1];

	if (!cookie_hex(req->in->cookie, session_cookie_name(), SESSION_HEX,
	        value))
		return false;
	session_hash(value, hash);
	return true;
}

enum st
member_session(struct request *req, bool touch, struct member_state *m)
{
	unsigned char  hash[SESSION_HASH_LEN];
	struct session s;
	enum st        st;

	memset(m, 0, sizeof(*m));
	if (!session_cookie(req, hash))
		return ST_OK;
	st = live_session(req->arena, hash, req->now, config.session_idle,
	    config.session_lifetime, &s);
	if (st == ST_NOT_FOUND)
		return ST_OK;
	if (st != ST_OK)
		return st;
	m->id = s.member;
	m->display_name = s.display_name;
	/* Best effort: a refresh that cannot be written (logged) must not
	 * cost the request it rides on, such as a page view. */
	if (touch && req->now - s.last_seen >= TOUCH_EVERY)
		(void)live_session_touch(hash, req->now);
	return ST_OK;
}

void
member_voter(const struct member_state *m, const char *vid, char *out,
    size_t size)
{
	if (m->id > 0)
		snprintf(out, size, "m:%lld", (long long)m->id);
	else
		snprintf(out, size, "v:%s", vid);
}

static void
set_session_cookie(struct response *resp, const char *value, int max_age)
{
	struct buf c;

	buf_init(&c);
	buf_printf(&c, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
	    session_cookie_name(), value, max_age,
	    config.https ? "; Secure" : "");
	if (!buf_failed(&c))
		response_header(resp, "Set-Cookie", buf_cstr(&c));
	buf_free(&c);
}

static const char *
next_path(const struct request *req)
{
	return req->param[LK_NEXT].present ? req->param[LK_NEXT].str : "/";
}

/* The account page (login or logout) in the site layout. */
static int
account_page(struct request *req, struct response *resp, const char *name,
    const char *error, int status)
{
	struct member_state m;
	struct view        *v;
	char                vid[VISITOR_ID_LEN + 1], token[33];
	bool                failed = false;
	enum st             st;

	if ((st = member_session(req, false, &m)) != ST_OK)
		return http_status_of(st);
	if (!visitor_ensure(req, resp, vid))
		return req_fail(req, "no randomness for a visitor id");
	visitor_token(vid, token);
	/* The navigation comes from the read-only store, as on every page. */
	(void)db_begin_request();
	v = page_view(req, &failed, req->path,
	    strcmp(name, "login") == 0 ? "Đăng nhập" : "Đăng xuất", NULL);
	if (v == NULL)
		return req_fail(req, "no memory for the page view");
	view_text(v, "token", token);
	view_text(v, "next", next_path(req));
	view_text(v, "error", error);
	if (m.id > 0) {
		view_bool(v, "member", true);
		view_text(v, "display_name", m.display_name);
	}
	if (req->param[LK_USERNAME].present)
		view_text(v, "username", req->param[LK_USERNAME].str);
	req->private_page = true;
	return page_render(req, resp, name, v, failed, status);
}

int
live_login_form(struct request *req, struct response *resp)
{
	return account_page(req, resp, "login", NULL, 200);
}

int
live_logout_form(struct request *req, struct response *resp)
{
	return account_page(req, resp, "logout", NULL, 200);
}

static const char expired[] = "Biểu mẫu đã hết hạn hoặc không gửi từ trang "
                              "này. Vui lòng thử lại.";

/* Checks the password (or spends the same time when there is no such
 * member); the member when it is right and the account active. */
static bool
credentials_ok(struct request *req, const char *key, struct member *m,
    enum st *st)
{
	const char *password = req->param[LK_PASSWORD].str;

	/* The live store's account state outranks an older snapshot's. */
	if ((*st = member_find(req->arena, key, m)) == ST_OK)
		*st = live_member_current(req->arena, m);
	if (*st == ST_NOT_FOUND) {
		*st = ST_OK;
		password_verify_nobody(password);
		return false;
	}
	if (*st != ST_OK)
		return false;
	return password_verify(m->password_hash, password) && m->active;
}

int
live_login_post(struct request *req, struct response *resp)
{
	const struct param_value *user = &req->param[LK_USERNAME];
	const struct param_value *pass = &req->param[LK_PASSWORD];
	struct member             m;
	struct login              l;
	unsigned char             raw[SESSION_BYTES], hash[SESSION_HASH_LEN];
	unsigned char             old[SESSION_HASH_LEN];
	char                      vid[VISITOR_ID_LEN + 1], client[64];
	char                      address[LIVE_ADDRESS_LEN + 1];
	char                      value[SESSION_HEX + 1], retry[32];
	char                      rehash[PASSWORD_HASH_MAX], message[160], *key;
	int64_t                   retry_after = 0;
	bool                      ok;
	enum st                   st;

	/* The form's token is keyed with the live store's secret: a worker
	 * that never reached the store cannot judge it, so an unavailable
	 * store is said first (503), not "expired". */
	if ((st = live_begin()) != ST_OK)
		return http_status_of(st);
	if (!visitor_form_trusted(req, vid))
		return account_page(req, resp, "login", expired, 403);
	if (!user->present || *user->str == '\0' || !pass->present ||
	    *pass->str == '\0')
		return account_page(req, resp, "login",
		    "Hãy nhập tên đăng nhập và mật khẩu.", 400);
	if ((key = text_casefold(user->str, strlen(user->str))) == NULL)
		return 400;
	visitor_client_address(req->in, client, sizeof(client));
	if ((st = live_address(client, req->now, address)) == ST_OK)
		st = live_login_attempt(key, address, req->now, &retry_after);
	if (st == ST_LIMITED) {
		free(key);
		snprintf(retry, sizeof(retry), "%lld", (long long)retry_after);
		response_header(resp, "Retry-After", retry);
		snprintf(message, sizeof(message),
		    "Bạn đã đăng nhập sai quá "
		    "nhiều lần. Vui lòng thử lại sau %lld phút.",
		    (long long)(retry_after + 59) / 60);
		return account_page(req, resp, "login", message, 429);
	}
	ok = st == ST_OK && credentials_ok(req, key, &m, &st);
	if (st != ST_OK || !ok) {
		free(key);
		if (st != ST_OK)
			return http_status_of(st);
		/* The address hash only: a username field may hold a
		 * password. */
		log_warn("failed login from address %.8s", address);
		return account_page(req, resp, "login",
		    "Tên đăng nhập hoặc mật khẩu không đúng.", 403);
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(value, sizeof(value), raw, sizeof(raw));
	session_hash(value, hash);
	l = (struct login){
		.member = m.id,
		.key = key,
		.session = hash,
		.old_session = session_cookie(req, old) ? old : NULL,
		.vid = vid,
	};
	if (password_needs_rehash(m.password_hash) &&
	    password_hash(pass->str, rehash) == 0)
		l.rehash = rehash;
	st = live_login(&l, req->now);
	free(key);
	if (st != ST_OK)
		return http_status_of(st);
	set_session_cookie(resp, value, config.session_lifetime);
	return live_see_other(resp, next_path(req), NULL);
}

int
live_logout_post(struct request *req, struct response *resp)
{
	unsigned char hash[SESSION_HASH_LEN];
	char          vid[VISITOR_ID_LEN + 1];
	enum st       st;

	if ((st = live_begin()) != ST_OK) /* as for a login */
		return http_status_of(st);
	if (!visitor_form_trusted(req, vid))
		return account_page(req, resp, "logout", expired, 403);
	if (session_cookie(req, hash) &&
	    (st = live_session_end(hash, vid)) != ST_OK)
		return http_status_of(st);
	set_session_cookie(resp, "", 0);
	return live_see_other(resp, next_path(req), NULL);
}

int
live_account_box(struct request *req, struct response *resp)
{
	struct member_state m;
	struct view        *v;
	char                vid[VISITOR_ID_LEN + 1], token[33];
	const char         *from =
            req->param[LK_FROM].present ? req->param[LK_FROM].str : "/";
	bool    failed = false;
	enum st st;

	if ((st = member_session(req, false, &m)) != ST_OK)
		return http_status_of(st);
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "no memory for the account box");
	page_login_url(v, from);
	if (m.id > 0 && visitor_from_cookie(req->in->cookie, vid)) {
		/* From the account pages themselves, come back home. */
		if (strcmp(from, "/dang-nhap") == 0 ||
		    strcmp(from, "/dang-xuat") == 0)
			from = "/";
		visitor_token(vid, token);
		view_bool(v, "member", true);
		view_text(v, "display_name", m.display_name);
		view_text(v, "token", token);
		view_text(v, "next", from);
	}
	return live_render(resp, "account_box", v, failed);
}
