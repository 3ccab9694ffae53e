/*
 * bantin-admin member — member accounts.
 *
 *   member add USERNAME [--name "Display Name"] [--email ADDRESS]
 *   member passwd USERNAME
 *   member disable USERNAME      (their sessions end at once)
 *   member enable USERNAME
 *   member list
 *
 * Passwords are read from the terminal without echo (twice), or as one
 * line from standard input when it is not a terminal — never from the
 * command line or the environment, where other users and logs see them.
 * Names are NFC and compared without case (text_casefold).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "admin/admin.h"
#include "base/config.h"
#include "store/live.h"
#include "store/password.h"
#include "text/text.h"

enum { DISPLAY_NAME_MAX = 80, EMAIL_MAX = 254 };

/* One line from fd 0 into buf, echo off on a terminal; -1 at EOF or when
 * longer than the buffer. */
static int
read_line(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	bool           tty = isatty(STDIN_FILENO), quieted = false;
	size_t         n;
	char          *r;

	if (tty) {
		fputs(prompt, stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			quieted =
			    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	r = fgets(buf, (int)size, stdin);
	if (quieted)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (tty)
		fputc('\n', stderr);
	if (r == NULL)
		return -1;
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1)
		return -1; /* no end of line within the buffer */
	buf[n] = '\0';
	return 0;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The new password, NFC, checked, hashed into out; 0 or 1. */
static int
new_password(char out[PASSWORD_HASH_MAX])
{
	char  first[PASSWORD_MAX_BYTES + 2], again[PASSWORD_MAX_BYTES + 2];
	char *nfc = NULL;
	int   rc = 1;

	if (read_line("Mật khẩu mới (password): ", first, sizeof(first)) ==
	    -1) {
		fprintf(stderr,
		    "bantin-admin: no password given (type it, or "
		    "pipe one line of at most %d bytes to standard input)\n",
		    PASSWORD_MAX_BYTES);
		goto out;
	}
	if (isatty(STDIN_FILENO) &&
	    (read_line("Nhập lại (again): ", again, sizeof(again)) == -1 ||
	        strcmp(first, again) != 0)) {
		fprintf(stderr, "bantin-admin: the two passwords differ\n");
		goto out;
	}
	if ((nfc = text_nfc(first, strlen(first), NULL)) == NULL) {
		fprintf(stderr,
		    "bantin-admin: the password is not valid UTF-8\n");
		goto out;
	}
	if (utf8_chars(nfc) < PASSWORD_MIN_CHARS ||
	    strlen(nfc) > PASSWORD_MAX_BYTES) {
		fprintf(stderr,
		    "bantin-admin: a password has %d to %d "
		    "characters\n",
		    PASSWORD_MIN_CHARS, PASSWORD_MAX_BYTES);
		goto out;
	}
	if (password_hash(nfc, out) == -1) {
		fprintf(stderr,
		    "bantin-admin: hashing needs 64 MiB of memory "
		    "and could not get it\n");
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(first, sizeof(first));
	sodium_memzero(again, sizeof(again));
	if (nfc != NULL) {
		sodium_memzero(nfc, strlen(nfc));
		free(nfc);
	}
	return rc;
}

/* The NFC form of a name given on the command line, checked. */
static char *
username_arg(const char *arg)
{
	const char *why;
	char       *name;

	if ((name = text_nfc(arg, strlen(arg), NULL)) == NULL) {
		fprintf(stderr,
		    "bantin-admin: the username is not valid UTF-8\n");
		return NULL;
	}
	if ((why = text_check_username(name)) != NULL) {
		fprintf(stderr, "bantin-admin: username \"%s\" %s\n", name,
		    why);
		free(name);
		return NULL;
	}
	return name;
}

/* The row only when no member has the name in any case: the check and
 * the insert are one statement, so none can come between. */
static int
member_add(struct sql_conn *c, int argc, char **argv)
{
	static struct sql_def add_sql = {
		.sql =
		    "INSERT INTO members (username, display_name, email, "
		    "password_hash) SELECT :username, :display_name, :email, "
		    ":hash WHERE NOT EXISTS (SELECT 1 FROM members WHERE "
		    "username_key = bantin_casefold(:username))",
	};
	const char *display = NULL, *email = NULL;
	char        hash[PASSWORD_HASH_MAX], *name, *nfc_display = NULL;
	struct sql  q;
	int         rc = 1;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			display = argv[++i];
		else if (strcmp(argv[i], "--email") == 0 && i + 1 < argc)
			email = argv[++i];
		else
			return 2;
	}
	if ((name = username_arg(argv[1])) == NULL)
		return 1;
	if (display != NULL &&
	    ((nfc_display = text_nfc(display, strlen(display), NULL)) == NULL ||
	        utf8_chars(nfc_display) == 0 ||
	        utf8_chars(nfc_display) > DISPLAY_NAME_MAX)) {
		fprintf(stderr,
		    "bantin-admin: --name takes 1 to %d characters "
		    "of UTF-8\n",
		    DISPLAY_NAME_MAX);
		goto out;
	}
	if (email != NULL &&
	    (strlen(email) > EMAIL_MAX || strchr(email, '@') == NULL ||
	        strpbrk(email, " <>\"") != NULL)) {
		fprintf(stderr,
		    "bantin-admin: --email \"%s\" is not an e-mail "
		    "address\n",
		    email);
		goto out;
	}
	if (new_password(hash) != 0)
		goto out;
	sql_begin(&q, c, &add_sql, "adding a member");
	sql_text(&q, ":username", name);
	sql_text(&q, ":display_name", nfc_display != NULL ? nfc_display : name);
	sql_text(&q, ":email", email);
	sql_text(&q, ":hash", hash);
	if (sql_run(&q) != ST_OK)
		goto out;
	if (sql_changes(c) == 0) {
		fprintf(stderr,
		    "bantin-admin: that username is taken (names "
		    "are compared without case)\n");
		goto out;
	}
	printf("member %s added\n", name);
	rc = 0;
out:
	free(nfc_display);
	free(name);
	return rc;
}

/*
 * Runs def, an UPDATE of the member whose username_key is :key, the
 * caseless key of arg, with :value = value.  ST_OK; ST_BAD or
 * ST_NOT_FOUND after a message; or a failure (logged).
 */
static enum st
member_set(struct sql_conn *c, struct sql_def *def, const char *arg,
    const char *value, const char *what)
{
	struct sql q;
	char      *key;
	enum st    st;

	if ((key = text_casefold(arg, strlen(arg))) == NULL) {
		fprintf(stderr,
		    "bantin-admin: the username is not valid UTF-8\n");
		return ST_BAD;
	}
	sql_begin(&q, c, def, what);
	sql_text(&q, ":key", key);
	sql_text(&q, ":value", value);
	if ((st = sql_run(&q)) == ST_OK && sql_changes(c) == 0) {
		fprintf(stderr,
		    "bantin-admin: no member is called \"%s\" "
		    "(see `bantin-admin member list`)\n",
		    arg);
		st = ST_NOT_FOUND;
	}
	free(key);
	return st;
}

/*
 * The account's new state reaches every node now, through the live store
 * (web nodes' snapshots of the content follow later), and with `logout`
 * every session of the member ends (with Redis, they live nowhere else).
 * 0 or 1.
 */
static int
publish_account(struct sql_conn *c, const char *arg, bool logout)
{
	static struct sql_def account_sql = {
		.sql =
		    "SELECT id, status = 'active', password_hash FROM members "
		    "WHERE username_key = :key",
	};
	struct arena a;
	struct sql   q;
	const char  *hash = NULL;
	char        *key, shown[600];
	int64_t      id = 0;
	bool         active = false;
	int          rc = 1;

	arena_init(&a, 0);
	if ((key = text_casefold(arg, strlen(arg))) == NULL)
		goto out;
	sql_begin(&q, c, &account_sql, "reading the member's account");
	sql_text(&q, ":key", key);
	if (sql_row(&q)) {
		id = sql_col_int(&q, 0);
		active = sql_col_int(&q, 1) != 0;
		hash = sql_col_text(&q, &a, 2);
	}
	if (sql_end(&q) != ST_OK)
		goto out;
	if (id > 0 && hash != NULL && live_begin() == ST_OK &&
	    live_account_set(id, active, hash) == ST_OK &&
	    (!logout || live_member_logout(id) == ST_OK))
		rc = 0;
	else
		fprintf(stderr,
		    "bantin-admin: %s's account could not be "
		    "updated on the web nodes%s: the live store (%s) did not "
		    "answer (see the lines above); run this command again once "
		    "it does\n",
		    arg, logout ? " nor their sessions ended" : "",
		    live_store_shown(shown, sizeof(shown)));
	live_close();
out:
	arena_free(&a);
	free(key);
	return rc;
}

struct password_change {
	const char *arg, *hash;
};

/* The new hash, and the end of every session made with the old one. */
static enum st
passwd_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def hash_sql = {
		.sql = "UPDATE members SET password_hash = :value "
		       "WHERE username_key = :key",
	};
	static struct sql_def end_sql = {
		.sql = "DELETE FROM sessions WHERE member_id IN "
		       "(SELECT id FROM members WHERE password_hash = :hash)",
	};
	const struct password_change *p = ctx;
	struct sql                    q;
	enum st                       st;

	if ((st = member_set(c, &hash_sql, p->arg, p->hash,
	         "setting a password")) != ST_OK)
		return st;
	/* The new hash (its salt is random) names the member just updated. */
	sql_begin(&q, c, &end_sql, "ending the member's sessions");
	sql_text(&q, ":hash", p->hash);
	return sql_run(&q);
}

static int
member_passwd(struct sql_conn *c, const char *arg, const char *hash)
{
	struct password_change p = { .arg = arg, .hash = hash };

	if (sql_transaction(c, passwd_body, &p, "setting a password") !=
	        ST_OK ||
	    publish_account(c, arg, true) != 0)
		return 1;
	printf("member %s has a new password (logged out everywhere)\n", arg);
	return 0;
}

/* Disabling a member also ends their sessions. */
static int
member_status(struct sql_conn *c, const char *arg, bool active)
{
	static struct sql_def status_sql = {
		.sql =
		    "UPDATE members SET status = :value WHERE username_key = "
		    ":key",
	};

	if (member_set(c, &status_sql, arg, active ? "active" : "disabled",
	        "setting a member's status") != ST_OK ||
	    publish_account(c, arg, !active) != 0)
		return 1;
	if (active)
		printf("member %s enabled\n", arg);
	else
		printf("member %s disabled (logged out everywhere)\n", arg);
	return 0;
}

enum { LIST_COLUMNS = 7 };

static const char *const list_titles[LIST_COLUMNS] = { "id", "username",
	"display name", "email", "status", "created", "sessions" };

/* Terminal columns of a cell: names may be decomposed (NFD) or wide. */
static int
cell_width(const char *cell)
{
	int w = text_width(cell, strlen(cell));

	return w >= 0 ? w : (int)strlen(cell);
}

static void
print_row(const char *const cells[LIST_COLUMNS], const int widths[LIST_COLUMNS])
{
	for (int i = 0; i < LIST_COLUMNS - 1; i++)
		printf("%s%*s", cells[i], widths[i] - cell_width(cells[i]) + 1,
		    "");
	printf("%s\n", cells[LIST_COLUMNS - 1]);
}

/* The rows read first, so every cell is padded to the width of the widest
 * in its column. */
static int
member_list(struct sql_conn *c)
{
	static struct sql_def list_sql = {
		.sql = "SELECT m.id, m.username, m.display_name, "
		       "coalesce(m.email, '-'), m.status, m.created_at, "
		       "(SELECT count(*) FROM sessions WHERE member_id = m.id) "
		       "FROM members m ORDER BY m.id",
	};
	const char *(*rows)[LIST_COLUMNS] = NULL;
	struct arena a;
	struct sql   q;
	size_t       n = 0, cap = 0;
	int          widths[LIST_COLUMNS], w, rc = 1;

	arena_init(&a, 0);
	for (int i = 0; i < LIST_COLUMNS; i++)
		widths[i] = cell_width(list_titles[i]);
	sql_begin(&q, c, &list_sql, "listing the members");
	while (sql_row(&q) &&
	    (rows = sql_grow(&q, &a, rows, n, &cap, sizeof(*rows))) != NULL) {
		for (int i = 0; i < LIST_COLUMNS; i++) {
			const char *t = sql_col_text(&q, &a, i);

			rows[n][i] = t != NULL ? t : "";
			if ((w = cell_width(rows[n][i])) > widths[i])
				widths[i] = w;
		}
		n++;
	}
	if (sql_end(&q) != ST_OK)
		goto out;
	print_row(list_titles, widths);
	for (size_t r = 0; r < n; r++)
		print_row(rows[r], widths);
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

int
cmd_member(int argc, char **argv)
{
	char            hash[PASSWORD_HASH_MAX];
	struct sql_conn c = { .h = NULL };
	int             rc;

	if (argc < 2 || (strcmp(argv[1], "list") != 0 && argc < 3))
		return 2;
	if (sodium_init() < 0) {
		fprintf(stderr, "bantin-admin: libsodium failed to start\n");
		return 1;
	}
	if (admin_connect(&c) != 0)
		return 1;
	argc--;
	argv++;
	if (strcmp(argv[0], "list") == 0)
		rc = argc == 1 ? member_list(&c) : 2;
	else if (strcmp(argv[0], "add") == 0)
		rc = member_add(&c, argc, argv);
	else if (strcmp(argv[0], "passwd") == 0 && argc == 2)
		rc = new_password(hash) != 0 ? 1 :
		                               member_passwd(&c, argv[1], hash);
	else if (strcmp(argv[0], "disable") == 0 && argc == 2)
		rc = member_status(&c, argv[1], false);
	else if (strcmp(argv[0], "enable") == 0 && argc == 2)
		rc = member_status(&c, argv[1], true);
	else
		rc = 2;
	sql_conn_close(&c);
	return rc;
}
