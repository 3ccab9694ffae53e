/*
 * bantin-admin check-config [--config PATH] [--reference | --example]
 *
 * Loads the configuration as every program does, reporting every problem
 * (each with its file and line, or its environment variable), then checks
 * that the files it names exist: www/ with its templates, the operator's
 * templates, the image folder, the bot list, and the database's folder
 * (the database itself may not exist yet: an install checks its
 * configuration before `bantin-admin create`); and that the templates
 * load, and that a Redis live store answers (its password never shown).
 * Warns when base_url is left to its default, the development server's
 * address.  Prints the settings in force on stdout; exits 1 on
 * any problem.  --reference prints the Markdown table of docs/CONFIG.md and
 * --example the commented file of deploy/bantin.conf.example, both made
 * from the one table of settings in base/config.c.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "base/config.h"
#include "html/template.h"
#include "store/live.h"

enum { WRAP = 72 };

/* The value of setting i as text, into buf. */
static const char *
value_of(size_t i, char *buf, size_t size)
{
	const struct config_setting *s = &config_settings[i];
	const char                  *field;

	field = (const char *)&config + s->offset;
	switch (s->kind) {
	case CONFIG_TEXT:
		return field;
	case CONFIG_INT:
		snprintf(buf, size, "%d", *(const int *)(const void *)field);
		break;
	case CONFIG_BOOL:
		snprintf(buf, size, "%d", *(const bool *)(const void *)field);
		break;
	case CONFIG_KB:
		snprintf(buf, size, "%zu",
		    *(const size_t *)(const void *)field / 1024);
		break;
	}
	return buf;
}

/* "60 to 86400", "0 or 1", "text": what a setting accepts. */
static void
accepts(FILE *f, const struct config_setting *s)
{
	if (s->kind == CONFIG_TEXT)
		fprintf(f, "%s", s->rule != NULL ? s->rule->accepts : "text");
	else if (s->kind == CONFIG_BOOL)
		fprintf(f, "0 or 1");
	else
		fprintf(f, "%lld to %lld", s->min, s->max);
}

static void
reference(void)
{
	puts("| setting | environment | default | accepts | meaning |\n"
	     "| --- | --- | --- | --- | --- |");
	for (size_t i = 0; i < config_nsettings; i++) {
		const struct config_setting *s = &config_settings[i];

		printf("| `%s` | `%s` | ", s->key, s->env);
		if (s->def == NULL)
			printf("(derived) | ");
		else if (*s->def == '\0')
			printf("empty | ");
		else
			printf("`%s` | ", s->def);
		accepts(stdout, s);
		printf(" | %s |\n", s->doc);
	}
}

/* Writes text as "# " comment lines of at most WRAP columns. */
static void
comment(const char *text)
{
	const char *p = text, *word;
	size_t      col = 0, n;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		word = p;
		while (*p != '\0' && *p != ' ')
			p++;
		n = (size_t)(p - word);
		if (n == 0)
			break;
		if (col > 0 && col + 1 + n > WRAP) {
			putchar('\n');
			col = 0;
		}
		col += (size_t)printf("%s%.*s", col == 0 ? "# " : " ", (int)n,
		    word);
	}
	if (col > 0)
		putchar('\n');
}

static void
example(void)
{
	comment("bantin configuration. One setting a line, `setting = value`; "
	        "a line starting with # is a comment (a # after a value is an "
	        "error, not a comment). Each setting below shows its default, "
	        "commented out. The environment variable named with each "
	        "overrides this file. Check the file with `bantin-admin "
	        "check-config`; docs/CONFIG.md describes every setting.");
	for (size_t i = 0; i < config_nsettings; i++) {
		const struct config_setting *s = &config_settings[i];

		putchar('\n');
		comment(s->doc);
		printf("# Environment: %s. Accepts: ", s->env);
		accepts(stdout, s);
		printf(".\n#%s =%s%s\n", s->key,
		    s->def != NULL && *s->def != '\0' ? " " : "",
		    s->def != NULL ? s->def : "");
	}
}

/* Where setting i was set, for a message: "FILE:LINE", "environment
 * VAR" or "default". */
static const char *
origin_of(size_t i, char *buf, size_t size)
{
	if (config_origins[i].env)
		snprintf(buf, size, "environment %s", config_settings[i].env);
	else if (config_origins[i].line > 0)
		snprintf(buf, size, "%s:%d", config.config_path,
		    config_origins[i].line);
	else
		snprintf(buf, size, "default");
	return buf;
}

static size_t
index_of(const char *key)
{
	size_t i;

	for (i = 0; i < config_nsettings; i++)
		if (strcmp(config_settings[i].key, key) == 0)
			break;
	return i;
}

/* 0 when the path named by setting `key` (plus `sub`) is of the type
 * wanted (S_IFREG or S_IFDIR) and readable, else 1 after a message. */
static int
check_path(const char *key, const char *sub, mode_t type)
{
	size_t      i = index_of(key);
	struct stat st;
	char        path[1200], where[1100];

	snprintf(path, sizeof(path), "%s%s", value_of(i, where, sizeof(where)),
	    sub);
	if (stat(path, &st) == -1 || access(path, R_OK) == -1) {
		fprintf(stderr, "%s: %s %s: %s\n",
		    origin_of(i, where, sizeof(where)), key, path,
		    strerror(errno));
		return 1;
	}
	if ((st.st_mode & S_IFMT) != type) {
		fprintf(stderr, "%s: %s %s is not a %s\n",
		    origin_of(i, where, sizeof(where)), key, path,
		    type == S_IFDIR ? "directory" : "file");
		return 1;
	}
	return 0;
}

/* 0 when the templates load as the servers would load them (the
 * operator's over the shipped ones), else 1 after their messages. */
static int
check_templates(void)
{
	struct template_set *set;
	char                 dir[1100];

	snprintf(dir, sizeof(dir), "%s/templates", config.www_dir);
	if ((set = template_load(dir, config.templates_dir)) == NULL)
		return 1;
	template_free(set);
	return 0;
}

/*
 * The database: its folder must exist; the file itself need not yet (a
 * note, not a problem), but if it exists it must be a readable file.
 */
static int
check_db(void)
{
	size_t      i = index_of("db");
	struct stat st;
	char        dir[1100], where[1100], *slash;

	if (stat(config.db_path, &st) == 0 || errno != ENOENT)
		return check_path("db", "", S_IFREG);
	snprintf(dir, sizeof(dir), "%s", config.db_path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0'; /* a file in / */
	else
		*slash = '\0';
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: db %s: its folder %s does not exist\n",
		    origin_of(i, where, sizeof(where)), config.db_path, dir);
		return 1;
	}
	fprintf(stderr,
	    "%s: note: db %s does not exist yet; `bantin-admin "
	    "create` makes it\n",
	    origin_of(i, where, sizeof(where)), config.db_path);
	return 0;
}

/*
 * A Redis live store must answer as a live worker first reaches it
 * (live_begin(): connect, AUTH, SELECT, the scripts loaded).  Its log
 * line says why not; this one says what to fix.  The password is never
 * shown.
 */
static int
check_redis(void)
{
	const char *error = NULL, *kind;
	char        shown[600], where[1100];
	int         rc = 0;

	kind = live_store_kind(config.live_store, &error);
	if (kind == NULL || strcmp(kind, "redis") != 0)
		return 0;
	live_store_shown(shown, sizeof(shown));
	if (live_begin() == ST_OK)
		fprintf(stderr, "%s: live_store %s answers\n",
		    origin_of(index_of("live_store"), where, sizeof(where)),
		    shown);
	else {
		fprintf(stderr,
		    "%s: live_store %s does not answer (the line "
		    "above says why): start redis-server with "
		    "deploy/redis/bantin.conf (docs/SCALING.md), check the "
		    "socket's path and that this user may open it (the redis "
		    "group), or the address, password and db of the URL\n",
		    origin_of(index_of("live_store"), where, sizeof(where)),
		    shown);
		rc = 1;
	}
	live_close();
	return rc;
}

/* base_url left to its default points every redirect, canonical link and
 * feed at the development server, which is wrong behind a web server. */
static void
check_base_url(void)
{
	char derived[64], where[1100];

	snprintf(derived, sizeof(derived), "http://127.0.0.1:%d", config.port);
	if (strcmp(config.base_url, derived) != 0)
		return;
	fprintf(stderr,
	    "%s: warning: base_url is %s, the development "
	    "server's address: redirects, canonical links and feeds point "
	    "there.  Behind nginx or Apache, set base_url to the site's "
	    "public address (e.g. https://tin.example.vn)\n",
	    origin_of(index_of("base_url"), where, sizeof(where)), derived);
}

int
cmd_check_config(int argc, char **argv)
{
	char value[64], where[1100], shown[600];
	int  problems = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_use_file(argv[++i]);
		else if (strcmp(argv[i], "--reference") == 0 && argc == 2) {
			reference();
			return 0;
		} else if (strcmp(argv[i], "--example") == 0 && argc == 2) {
			example();
			return 0;
		} else
			return 2;
	}
	if (config_load() == -1)
		problems++;
	problems += check_db();
	problems += check_path("www", "/templates", S_IFDIR);
	if (*config.templates_dir != '\0')
		problems += check_path("templates", "", S_IFDIR);
	problems += check_templates();
	problems += check_path("images", "", S_IFDIR);
	problems += check_path("bots", "", S_IFREG);
	problems += check_redis();
	check_base_url();
	for (size_t i = 0; i < config_nsettings; i++)
		printf("%s = %s\t# %s\n", config_settings[i].key,
		    i == index_of("live_store") &&
		            strcmp(config.live_store, "sqlite") != 0 ?
		        live_store_shown(shown, sizeof(shown)) :
		        value_of(i, value, sizeof(value)),
		    origin_of(i, where, sizeof(where)));
	if (problems > 0) {
		fprintf(stderr,
		    "bantin-admin: the configuration%s%s has "
		    "problems (above)\n",
		    *config.config_path ? " " : "", config.config_path);
		return 1;
	}
	printf("# %s: ok\n",
	    *config.config_path ? config.config_path : "no configuration file");
	return 0;
}
