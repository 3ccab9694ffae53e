/*
 * The static files every page links to, under fingerprinted names:
 * www/css/site.css is linked as /css/site.<16 hex>.css, the hex digits
 * being BLAKE2b-64 of the file's bytes.  Browsers may then keep it for a
 * year (the web servers say so), and an edit still reaches them at once:
 * the pages name the new bytes.  nginx, Apache and bantin-dev map any such
 * name back to the file.  The files are looked at again when the
 * templates are, at most once a second.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/config.h"
#include "base/log.h"
#include "site/site.h"

enum {
	ASSET_MAX = 1 << 20, /* bytes hashed; larger is a mistake */
	FINGERPRINT_BYTES = 8,
};

struct asset {
	const char *file;     /* under www/ */
	const char *name;     /* in the view */
	char        url[128]; /* "" until the file was read */
	struct stat seen;
};

static struct asset assets[] = {
	{ "css/site.css", "css_url", "", { 0 } },
	{ "favicon.svg", "favicon_url", "", { 0 } },
};

static time_t checked;

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* "/css/site.<hex>.css" for the bytes of the file; the plain name (which
 * the servers also serve) after a log line when it cannot be read. */
static void
fingerprint(struct asset *a, const char *path, const struct stat *st)
{
	unsigned char  hash[FINGERPRINT_BYTES];
	char           hex[2 * FINGERPRINT_BYTES + 1];
	const char    *dot = strrchr(a->file, '.');
	unsigned char *data = NULL;
	FILE          *f;
	size_t         n = 0;

	snprintf(a->url, sizeof(a->url), "/%s", a->file);
	if (st->st_size > ASSET_MAX) {
		log_error("%s: larger than 1 MiB, linked without a "
		          "fingerprint",
		    path);
		return;
	}
	if ((f = fopen(path, "rb")) == NULL) {
		log_error("%s: %s", path, strerror(errno));
		return;
	}
	if ((data = malloc((size_t)st->st_size + 1)) != NULL)
		n = fread(data, 1, (size_t)st->st_size + 1, f);
	if (data != NULL && !ferror(f) && n == (size_t)st->st_size) {
		crypto_generichash(hash, sizeof(hash), data, n, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
		snprintf(a->url, sizeof(a->url), "/%.*s.%s%s",
		    (int)(dot - a->file), a->file, hex, dot);
	} else
		log_error("%s: could not read it whole", path);
	free(data);
	fclose(f);
}

bool
page_assets_refresh(void)
{
	struct stat st;
	char        path[1200];
	time_t      now = time(NULL);
	bool        changed = false;

	if (now == checked)
		return false;
	checked = now;
	for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++) {
		struct asset *a = &assets[i];

		snprintf(path, sizeof(path), "%s/%s", config.www_dir, a->file);
		if (stat(path, &st) == -1)
			memset(&st, 0, sizeof(st));
		if (a->url[0] != '\0' && same_file(&st, &a->seen))
			continue;
		a->seen = st;
		changed = true;
		if (st.st_ino == 0) {
			log_error("%s: %s", path, strerror(errno));
			snprintf(a->url, sizeof(a->url), "/%s", a->file);
		} else
			fingerprint(a, path, &st);
	}
	return changed;
}

void
page_assets_view(struct view *v)
{
	for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		view_text(v, assets[i].name, assets[i].url);
}
