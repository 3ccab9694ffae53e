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
	struct termios	 old, quiet;
	bool		 tty = isatty(STDIN_FILENO), quieted = false;
	size_t		 n;
	char		*r;

	if (tty) {
		fputs(prompt, stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			quieted = tcsetattr(STDIN_FILENO, TCSAFLUSH,
			    &quiet) == 0;
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
		return -1;	/* no end of line within the buffer */
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
	char	 first[PASSWORD_MAX_BYTES + 2], again[PASSWORD_MAX_BYTES + 2];
	char	*nfc = NULL;
	int	 rc = 1;

	if (read_line("Mật khẩu mới (password): ", first,
	    sizeof(first)) == -1) {
		fprintf(stderr, "bantin-admin: no password given (type it, or "
		    "pipe one line of at most %d bytes to standard input)\n",
		    PASSWORD_MAX_BYTES);
		goto out;
	}
	if (isatty(STDIN_FILENO) && (read_line("Nhập lại (again): ", again,
	    sizeof(again)) == -1 || strcmp(first, again) != 0)) {
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
		fprintf(stderr, "bantin-admin: a password has %d to %d "
		    "characters\n", PASSWORD_MIN_CHARS, PASSWORD_MAX_BYTES);
		goto out;
	}
	if (password_hash(nfc, out) == -1) {
		fprintf(stderr, "bantin-admin: hashing needs 64 MiB of memory "
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

/* Runs one statement with text parameters (NULL binds NULL); the number
 * of rows changed, or -1 after a message. */
static int
exec_text(sqlite3 *db, const char *sql, const char *const *params, int n)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(s, i + 1, params[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE)
			fprintf(stderr, "bantin-admin: that username is taken "
			    "(names are compared without case)\n");
		else
			fprintf(stderr, "bantin-admin: %s\n",
			    sqlite3_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db);
}

/* The NFC form of a name given on the command line, checked. */
static char *
username_arg(const char *arg)
{
	const char	*why;
	char		*name;

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

static int
member_add(sqlite3 *db, int argc, char **argv)
{
	const char	*display = NULL, *email = NULL, *params[4];
	char		 hash[PASSWORD_HASH_MAX], *name, *nfc_display = NULL;
	int		 rc = 1;

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
	if (display != NULL && ((nfc_display = text_nfc(display,
	    strlen(display), NULL)) == NULL || utf8_chars(nfc_display) == 0 ||
	    utf8_chars(nfc_display) > DISPLAY_NAME_MAX)) {
		fprintf(stderr, "bantin-admin: --name takes 1 to %d characters "
		    "of UTF-8\n", DISPLAY_NAME_MAX);
		goto out;
	}
	if (email != NULL && (strlen(email) > EMAIL_MAX ||
	    strchr(email, '@') == NULL || strpbrk(email, " <>\"") != NULL)) {
		fprintf(stderr, "bantin-admin: --email \"%s\" is not an e-mail "
		    "address\n", email);
		goto out;
	}
	if (new_password(hash) != 0)
		goto out;
	params[0] = name;
	params[1] = nfc_display != NULL ? nfc_display : name;
	params[2] = email;
	params[3] = hash;
	if (exec_text(db, "INSERT INTO members (username, display_name, email, "
	    "password_hash) VALUES (?1, ?2, ?3, ?4)", params, 4) == 1) {
		printf("member %s added\n", name);
		rc = 0;
	}
out:
	free(nfc_display);
	free(name);
	return rc;
}

/* Runs sql with ?1 = the caseless key of argv[1], ?2 = extra; 0 or 1. */
static int
member_update(sqlite3 *db, const char *arg, const char *sql, const char *extra)
{
	const char	*params[2];
	char		*key;
	int		 n;

	if ((key = text_casefold(arg, strlen(arg))) == NULL) {
		fprintf(stderr,
		    "bantin-admin: the username is not valid UTF-8\n");
		return 1;
	}
	params[0] = key;
	params[1] = extra;
	n = exec_text(db, sql, params, extra != NULL ? 2 : 1);
	free(key);
	if (n == 0)
		fprintf(stderr, "bantin-admin: no member is called \"%s\" "
		    "(see `bantin-admin member list`)\n", arg);
	return n == 1 ? 0 : 1;
}

/*
 * The account's new state reaches every node now, through the live store
 * (web nodes' snapshots of the content follow later), and with `logout`
 * every session of the member ends (with Redis, they live nowhere else).
 * 0 or 1.
 */
static int
publish_account(sqlite3 *db, const char *arg, bool logout)
{
	sqlite3_stmt	*s = NULL;
	char		*key, shown[600];
	char		*hash = NULL;
	int64_t		 id = 0;
	bool		 active = false;
	int		 rc = 1;

	if ((key = text_casefold(arg, strlen(arg))) == NULL ||
	    sqlite3_prepare_v2(db, "SELECT id, status = 'active', "
	    "password_hash FROM members WHERE username_key = ?1", -1, &s,
	    NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		active = sqlite3_column_int(s, 1) != 0;
		if (sqlite3_column_text(s, 2) != NULL)
			hash = strdup((const char *)
			    sqlite3_column_text(s, 2));
	}
	if (id > 0 && hash != NULL && live_begin() == ST_OK &&
	    live_account_set(id, active, hash) == ST_OK &&
	    (!logout || live_member_logout(id) == ST_OK))
		rc = 0;
	else
		fprintf(stderr, "bantin-admin: %s's account could not be "
		    "updated on the web nodes%s: the live store (%s) did not "
		    "answer (see the lines above); run this command again once "
		    "it does\n", arg, logout ? " nor their sessions ended" : "",
		    live_store_shown(shown, sizeof(shown)));
	live_close();
out:
	sqlite3_finalize(s);
	free(hash);
	free(key);
	return rc;
}

/* A new password also ends every session made with the old one. */
static int
member_passwd(sqlite3 *db, const char *arg, const char *hash)
{
	int rc;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	rc = member_update(db, arg, "UPDATE members SET password_hash = ?2 "
	    "WHERE username_key = ?1", hash);
	/* The new hash (its salt is random) names the member just updated. */
	if (rc == 0 && exec_text(db, "DELETE FROM sessions WHERE member_id "
	    "IN (SELECT id FROM members WHERE password_hash = ?1)", &hash,
	    1) == -1)
		rc = 1;
	if (sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s\n", sqlite3_errmsg(db));
		rc = 1;
	}
	if (rc == 0 && (rc = publish_account(db, arg, true)) == 0)
		printf("member %s has a new password (logged out everywhere)\n",
		    arg);
	return rc;
}

enum { LIST_COLUMNS = 7 };

static const char *const list_titles[LIST_COLUMNS] = {
	"id", "username", "display name", "email", "status", "created",
	"sessions"
};

/* Terminal columns of a cell: names may be decomposed (NFD) or wide. */
static int
cell_width(const char *cell)
{
	int w = text_width(cell, strlen(cell));

	return w >= 0 ? w : (int)strlen(cell);
}

static void
print_row(const char *const cells[LIST_COLUMNS],
    const int widths[LIST_COLUMNS])
{
	for (int i = 0; i < LIST_COLUMNS - 1; i++)
		printf("%s%*s", cells[i], widths[i] - cell_width(cells[i]) + 1,
		    "");
	printf("%s\n", cells[LIST_COLUMNS - 1]);
}

/* Two passes over one snapshot: the widest cell of each column, then the
 * lines, every cell padded to its column's width. */
static int
member_list(sqlite3 *db)
{
	sqlite3_stmt	*s = NULL;
	const char	*cells[LIST_COLUMNS];
	int		 widths[LIST_COLUMNS], rc = 1, step;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT m.id, m.username, m.display_name, "
	    "coalesce(m.email, '-'), m.status, m.created_at, "
	    "(SELECT count(*) FROM sessions WHERE member_id = m.id) "
	    "FROM members m ORDER BY m.id", -1, &s, NULL) != SQLITE_OK)
		goto out;
	for (int i = 0; i < LIST_COLUMNS; i++)
		widths[i] = cell_width(list_titles[i]);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			print_row(list_titles, widths);
		sqlite3_reset(s);
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			for (int i = 0; i < LIST_COLUMNS; i++) {
				const char *t = (const char *)
				    sqlite3_column_text(s, i);
				int w;

				cells[i] = t != NULL ? t : "";
				if (pass == 0 && (w = cell_width(cells[i])) >
				    widths[i])
					widths[i] = w;
			}
			if (pass == 1)
				print_row(cells, widths);
		}
		if (step != SQLITE_DONE)
			goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "bantin-admin: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (sqlite3_get_autocommit(db) == 0)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

int
cmd_member(int argc, char **argv)
{
	char	 hash[PASSWORD_HASH_MAX];
	sqlite3	*db;
	int	 rc;

	if (argc < 2 || (strcmp(argv[1], "list") != 0 && argc < 3))
		return 2;
	if (sodium_init() < 0) {
		fprintf(stderr, "bantin-admin: libsodium failed to start\n");
		return 1;
	}
	if ((db = admin_open(config.db_path, SQLITE_OPEN_READWRITE)) == NULL)
		return 1;
	if (admin_check_version(db) != 0) {
		sqlite3_close(db);
		return 1;
	}
	argc--;
	argv++;
	if (strcmp(argv[0], "list") == 0)
		rc = argc == 1 ? member_list(db) : 2;
	else if (strcmp(argv[0], "add") == 0)
		rc = member_add(db, argc, argv);
	else if (strcmp(argv[0], "passwd") == 0 && argc == 2)
		rc = new_password(hash) != 0 ? 1 :
		    member_passwd(db, argv[1], hash);
	else if (strcmp(argv[0], "disable") == 0 && argc == 2) {
		rc = member_update(db, argv[1], "UPDATE members SET status = "
		    "'disabled' WHERE username_key = ?1", NULL);
		if (rc == 0 && (rc = publish_account(db, argv[1], true)) == 0)
			printf("member %s disabled (logged out everywhere)\n",
			    argv[1]);
	}
	else if (strcmp(argv[0], "enable") == 0 && argc == 2) {
		rc = member_update(db, argv[1], "UPDATE members SET status = "
		    "'active' WHERE username_key = ?1", NULL);
		if (rc == 0 && (rc = publish_account(db, argv[1], false)) == 0)
			printf("member %s enabled\n", argv[1]);
	}
	else
		rc = 2;
	sqlite3_close(db);
	return rc;
}
