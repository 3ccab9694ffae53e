/*
 * bantin-admin image add FILE [--caption TEXT] [--credit TEXT]
 *
 * Puts a picture on the site.  FILE must be a JPEG, PNG, WebP, HEIC or
 * AVIF image (told by its bytes, not its name) of at most BYTES_MAX bytes
 * and PIXELS_MAX pixels, SIDE_MAX a side.  It is turned upright by its
 * EXIF orientation, converted to sRGB through its ICC profile, stripped of
 * all metadata (EXIF with any GPS position, XMP, IPTC, the profile) and
 * written, never enlarged, at the widths 360, 720 and 1200 and at its own
 * width capped at 2000, each as WebP and JPEG: the image folder's
 * <h>/<hash>-<width>.webp and .jpg, hash being 32 hex digits of BLAKE2b of
 * FILE's bytes and h its first two.  The names change with the content, so
 * the web server lets browsers keep them for a year.
 *
 * Every file is written beside its name, synced, and renamed into place
 * inside the transaction that inserts its row into `images`: on any
 * error neither a file nor a row is left.  Prints what it wrote, then the
 * URL to put in image_url (the largest JPEG) on a line of its own.  The
 * same FILE added again is found by its hash: its URL is printed and
 * nothing is written.
 *
 * libvips does the image work; only bantin-admin links it, the page
 * workers never decode a picture.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <vips/vips.h>
#include <webp/mux.h>

#include "admin/admin.h"
#include "base/config.h"
#include "text/text.h"

enum {
	BYTES_MAX = 40 << 20,
	PIXELS_MAX = 100 * 1000 * 1000,
	SIDE_MAX = 20000,
	WIDTH_MAX = 2000, /* the largest width written */
	VARIANTS_MAX = 4,
	HASH_BYTES = 16,
	JPEG_QUALITY = 82,
	WEBP_QUALITY = 80,
	DIR_MAX_LEN = 1100,  /* the images setting, "/", 2 hex */
	PATH_MAX_LEN = 1200, /* and a file's name */
};

/* The widths below the picture's own (capped) width that are written. */
static const int widths[] = { 360, 720, 1200 };

/* libvips' loaders that may read FILE: any other is refused. */
static const char *const loaders[] = {
	"VipsForeignLoadJpegBuffer",
	"VipsForeignLoadPngBuffer",
	"VipsForeignLoadWebpBuffer",
	"VipsForeignLoadHeifBuffer",
};

static const char *const formats[] = { "webp", "jpg" };

struct output {
	void  *data; /* encoded by libvips */
	size_t len;
	char   path[PATH_MAX_LEN]; /* where it goes */
	char   tmp[PATH_MAX_LEN];  /* "" until written */
	bool   placed;             /* renamed to path */
};

struct picture {
	const char    *file;
	unsigned char *bytes;
	size_t         len;
	char           hex[2 * HASH_BYTES + 1];
	char           dir[DIR_MAX_LEN]; /* images/<h> */
	bool           made_dir;
	int            width, height; /* of the largest variant */
	int            widths[VARIANTS_MAX];
	int            n;
	char           variants[64]; /* "360 720 1200" */
	struct output  out[VARIANTS_MAX][2];
};

/* The first line of libvips' error buffer, which is then cleared. */
static const char *
vips_reason(char *buf, size_t size)
{
	snprintf(buf, size, "%s", vips_error_buffer());
	buf[strcspn(buf, "\n")] = '\0';
	vips_error_clear();
	return buf[0] != '\0' ? buf : "the file is damaged or cut short";
}

/* FILE's bytes and their hash into pic, refusing what is not a regular
 * file of at most BYTES_MAX bytes; 0 or 1. */
static int
read_source(struct picture *pic)
{
	unsigned char hash[HASH_BYTES];
	struct stat   st;
	ssize_t       r;
	int           fd, rc = 1;

	/* O_NONBLOCK: a FIFO must be refused, not waited on. */
	if ((fd = open(pic->file,
	         O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", pic->file,
		    strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "bantin-admin: %s: not a regular file\n",
		    pic->file);
		goto out;
	}
	if (st.st_size > BYTES_MAX) {
		fprintf(stderr,
		    "bantin-admin: %s: %lld bytes, more than the "
		    "%d MiB a picture may have\n",
		    pic->file, (long long)st.st_size, BYTES_MAX >> 20);
		goto out;
	}
	if ((pic->bytes = malloc((size_t)st.st_size + 1)) == NULL) {
		fprintf(stderr, "bantin-admin: out of memory\n");
		goto out;
	}
	/* One byte more than the size: a file still growing is refused. */
	while (pic->len <= (size_t)st.st_size &&
	    (r = read(fd, pic->bytes + pic->len,
	         (size_t)st.st_size + 1 - pic->len)) > 0)
		pic->len += (size_t)r;
	if (pic->len != (size_t)st.st_size) {
		fprintf(stderr, "bantin-admin: %s: changed while being read\n",
		    pic->file);
		goto out;
	}
	crypto_generichash(hash, sizeof(hash), pic->bytes, pic->len, NULL, 0);
	sodium_bin2hex(pic->hex, sizeof(pic->hex), hash, sizeof(hash));
	rc = 0;
out:
	close(fd);
	return rc;
}

/* Checks the format and size from the header alone, and chooses the
 * widths; 0 or 1. */
static int
plan(struct picture *pic)
{
	const char *loader;
	VipsImage  *im;
	char        why[256];
	int         w, h, top;
	size_t      i;

	loader = vips_foreign_find_load_buffer(pic->bytes, pic->len);
	vips_error_clear();
	for (i = 0; loader != NULL && i < sizeof(loaders) / sizeof(loaders[0]);
	     i++)
		if (strcmp(loader, loaders[i]) == 0)
			break;
	if (loader == NULL || i == sizeof(loaders) / sizeof(loaders[0])) {
		fprintf(stderr,
		    "bantin-admin: %s: not a JPEG, PNG, WebP, HEIC "
		    "or AVIF image\n",
		    pic->file);
		return 1;
	}
	if ((im = vips_image_new_from_buffer(pic->bytes, pic->len, "", NULL)) ==
	    NULL) {
		fprintf(stderr, "bantin-admin: %s: unreadable header: %s\n",
		    pic->file, vips_reason(why, sizeof(why)));
		return 1;
	}
	w = vips_image_get_width(im);
	h = vips_image_get_height(im);
	if (vips_image_get_orientation_swap(im)) {
		w = h;
		h = vips_image_get_width(im);
	}
	g_object_unref(im);
	if (w > SIDE_MAX || h > SIDE_MAX || (long long)w * h > PIXELS_MAX) {
		fprintf(stderr,
		    "bantin-admin: %s: %d×%d pixels; a picture may "
		    "have at most %d million, %d a side\n",
		    pic->file, w, h, PIXELS_MAX / 1000000, SIDE_MAX);
		return 1;
	}
	top = w < WIDTH_MAX ? w : WIDTH_MAX;
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++)
		if (widths[i] < top)
			pic->widths[pic->n++] = widths[i];
	pic->widths[pic->n++] = top;
	for (int j = 0, len = 0; j < pic->n; j++)
		len += snprintf(pic->variants + len,
		    sizeof(pic->variants) - (size_t)len, "%s%d",
		    j > 0 ? " " : "", pic->widths[j]);
	return 0;
}

/* libvips 8.14's webpsave writes an EXIF chunk of its own (orientation,
 * resolution) even when told to strip: libwebpmux takes every metadata
 * chunk out of the container.  0, or -1 with a libvips error set. */
static int
webp_strip(struct output *o)
{
	static const char *const chunks[] = { "EXIF", "XMP ", "ICCP" };
	WebPData                 in = { o->data, o->len }, out = { NULL, 0 };
	WebPMux                 *mux;
	int                      rc = -1;

	if ((mux = WebPMuxCreate(&in, 0)) == NULL)
		goto out;
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++)
		WebPMuxDeleteChunk(mux, chunks[i]);
	if (WebPMuxAssemble(mux, &out) != WEBP_MUX_OK)
		goto out;
	WebPMuxDelete(mux); /* before the bytes it points into go */
	mux = NULL;
	g_free(o->data);
	o->data = g_memdup2(out.bytes, out.size);
	o->len = out.size;
	rc = 0;
out:
	if (rc != 0)
		vips_error("bantin-admin",
		    "libwebpmux could not rewrite the "
		    "WebP file");
	WebPMuxDelete(mux);
	WebPDataClear(&out);
	return rc;
}

static int
encode(struct picture *pic, VipsImage *im, int i)
{
	struct output *o = pic->out[i];

	return vips_webpsave_buffer(im, &o[0].data, &o[0].len, "Q",
	           WEBP_QUALITY, "strip", TRUE, NULL) != 0 ||
	        webp_strip(&o[0]) != 0 ||
	        vips_jpegsave_buffer(im, &o[1].data, &o[1].len, "Q",
	            JPEG_QUALITY, "strip", TRUE, "optimize_coding", TRUE,
	            "interlace", TRUE, NULL) != 0 ?
	    -1 :
	    0;
}

/*
 * Decodes FILE once at the largest width (upright, in sRGB, on white
 * where it was transparent) into bare pixels, then encodes every width
 * from those.  A damaged or truncated file fails here.  0 or 1.
 */
static int
render(struct picture *pic)
{
	VipsImage       *big = NULL, *flat = NULL, *mem = NULL, *small;
	VipsArrayDouble *white = NULL;
	char             why[256];
	int              rc = 1, top = pic->widths[pic->n - 1];
	bool             ok;

	/* The loader's fail_on through option_string: 8.14's thumbnail does
	 * not pass its own on, and a truncated file would pass as gray. */
	if (vips_thumbnail_buffer(pic->bytes, pic->len, &big, top, "height",
	        VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, "export_profile",
	        "srgb", "option_string", "fail_on=error", NULL) != 0)
		goto fail;
	if (!vips_image_hasalpha(big)) {
		flat = big;
		g_object_ref(flat);
	} else if ((white = vips_array_double_newv(3, 255.0, 255.0, 255.0)) ==
	        NULL ||
	    vips_flatten(big, &flat, "background", white, NULL) != 0)
		goto fail;
	if (vips_image_wio_input(flat) != 0)
		goto fail;
	/* Only the pixels go on: no EXIF, GPS, XMP, IPTC or profile can
	 * reach a reader, whatever a saver's "strip" leaves (8.14's
	 * webpsave left them). */
	if ((mem = vips_image_new_from_memory_copy(VIPS_IMAGE_ADDR(flat, 0, 0),
	         VIPS_IMAGE_SIZEOF_IMAGE(flat), flat->Xsize, flat->Ysize,
	         flat->Bands, flat->BandFmt)) == NULL)
		goto fail;
	pic->width = vips_image_get_width(mem);
	pic->height = vips_image_get_height(mem);
	for (int i = 0; i < pic->n; i++) {
		small = mem;
		if (pic->widths[i] != top &&
		    vips_thumbnail_image(mem, &small, pic->widths[i], "height",
		        VIPS_MAX_COORD, NULL) != 0)
			goto fail;
		ok = encode(pic, small, i) == 0;
		if (small != mem)
			g_object_unref(small);
		if (!ok)
			goto fail;
	}
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "bantin-admin: %s: cannot read the picture: %s\n",
	    pic->file, vips_reason(why, sizeof(why)));
out:
	if (white != NULL)
		vips_area_unref(VIPS_AREA(white));
	if (big != NULL)
		g_object_unref(big);
	if (flat != NULL)
		g_object_unref(flat);
	if (mem != NULL)
		g_object_unref(mem);
	return rc;
}

/* Writes one file beside its place, synced, mode 0644; 0 or -1. */
static int
write_tmp(struct output *o)
{
	const char *slash = strrchr(o->path, '/');
	size_t      done = 0;
	ssize_t     r;
	int         fd;

	snprintf(o->tmp, sizeof(o->tmp), "%.*s/.%s.XXXXXX",
	    (int)(slash - o->path), o->path, slash + 1);
	if ((fd = mkstemp(o->tmp)) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", o->tmp,
		    strerror(errno));
		o->tmp[0] = '\0';
		return -1;
	}
	while (done < o->len &&
	    (r = write(fd, (char *)o->data + done, o->len - done)) > 0)
		done += (size_t)r;
	if (done < o->len || fchmod(fd, 0644) == -1 || fsync(fd) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", o->tmp,
		    strerror(errno != 0 ? errno : EIO));
		close(fd);
		return -1;
	}
	return close(fd);
}

/* The folder images/<h> (made if missing) and every file in it under a
 * temporary name; 0 or 1. */
static int
write_all(struct picture *pic)
{
	snprintf(pic->dir, sizeof(pic->dir), "%s/%.2s", config.images_dir,
	    pic->hex);
	if (mkdir(pic->dir, 0755) == 0)
		pic->made_dir = true;
	else if (errno != EEXIST) {
		fprintf(stderr,
		    "bantin-admin: %s: %s (the image folder is "
		    "the setting images, BANTIN_IMAGES)\n",
		    pic->dir, strerror(errno));
		return 1;
	}
	for (int i = 0; i < pic->n; i++)
		for (int f = 0; f < 2; f++) {
			struct output *o = &pic->out[i][f];

			snprintf(o->path, sizeof(o->path), "%s/%s-%d.%s",
			    pic->dir, pic->hex, pic->widths[i], formats[f]);
			if (write_tmp(o) != 0)
				return 1;
		}
	return 0;
}

/* Renames every file into place and syncs the folder; 0 or 1. */
static int
place_all(struct picture *pic)
{
	int fd;

	for (int i = 0; i < pic->n; i++)
		for (int f = 0; f < 2; f++) {
			struct output *o = &pic->out[i][f];

			if (rename(o->tmp, o->path) == -1) {
				fprintf(stderr, "bantin-admin: rename %s: %s\n",
				    o->path, strerror(errno));
				return 1;
			}
			o->placed = true;
		}
	if ((fd = open(pic->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", pic->dir,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

/* After a failure: no file of this run is left, placed or not. */
static void
remove_all(struct picture *pic)
{
	for (int i = 0; i < pic->n; i++)
		for (int f = 0; f < 2; f++) {
			struct output *o = &pic->out[i][f];

			if (o->placed)
				unlink(o->path);
			else if (o->tmp[0] != '\0')
				unlink(o->tmp);
		}
	if (pic->made_dir)
		rmdir(pic->dir);
}

/* "/img/<h>/<hash>-<width>.jpg" of the largest width. */
static void
image_url(const struct picture *pic, char *out, size_t size)
{
	snprintf(out, size, "/img/%.2s/%s-%d.jpg", pic->hex, pic->hex,
	    pic->widths[pic->n - 1]);
}

/* Whether url has a row: ST_DUPLICATE after printing it, ST_OK, or a
 * failure (logged). */
static enum st
already_added(struct sql_conn *c, const struct picture *pic, const char *url)
{
	static struct sql_def added_sql = {
		.sql = "SELECT created_at FROM images WHERE url = :url",
	};
	struct sql  q;
	const char *at;
	size_t      len;
	bool        found;
	enum st     st;

	sql_begin(&q, c, &added_sql, "looking for the picture");
	sql_text(&q, ":url", url);
	if ((found = sql_row(&q))) {
		at = sql_col_blob(&q, 0, &len);
		printf("%s: already added on %.*s (its caption and credit are "
		       "unchanged)\n%s\n",
		    pic->file, (int)len, at != NULL ? at : "", url);
	}
	st = sql_end(&q);
	return st == ST_OK && found ? ST_DUPLICATE : st;
}

struct adding {
	struct picture *pic;
	const char     *url, *caption, *credit;
};

/*
 * The row and the files, together, inside sql_transaction()'s BEGIN
 * IMMEDIATE (so a second `image add` of the same file waits and then
 * finds the row): the row, then the renames.  ST_OK, ST_DUPLICATE, or a
 * failure after its message; after anything but ST_OK the caller removes
 * the files.
 */
static enum st
record(struct sql_conn *c, void *ctx)
{
	static struct sql_def insert_sql = {
		.sql = "INSERT INTO images (url, width, height, variants, "
		       "caption, credit) VALUES (:url, :width, :height, "
		       ":variants, :caption, :credit)",
	};
	struct adding *a = ctx;
	struct sql     q;
	enum st        st;

	if ((st = already_added(c, a->pic, a->url)) != ST_OK)
		return st;
	sql_begin(&q, c, &insert_sql, "adding a picture");
	sql_text(&q, ":url", a->url);
	sql_int(&q, ":width", a->pic->width);
	sql_int(&q, ":height", a->pic->height);
	sql_text(&q, ":variants", a->pic->variants);
	sql_text(&q, ":caption", a->caption);
	sql_text(&q, ":credit", a->credit);
	if ((st = sql_run(&q)) != ST_OK)
		return st;
	/* A file not in place rolls the row back. */
	return place_all(a->pic) == 0 ? ST_OK : ST_DOWN;
}

/* --caption and --credit as NFC into *out (malloc'd); 0 or 2. */
static int
option_text(const char *name, const char *value, char **out)
{
	if (*out != NULL) {
		fprintf(stderr, "bantin-admin: %s is given twice\n", name);
		return 2;
	}
	if ((*out = text_nfc(value, strlen(value), NULL)) == NULL) {
		fprintf(stderr, "bantin-admin: %s is not valid UTF-8\n", name);
		return 2;
	}
	return 0;
}

static int
image_add(struct sql_conn *c, int argc, char **argv)
{
	struct picture pic;
	struct adding  a = { .pic = &pic };
	char          *caption = NULL, *credit = NULL, url[128];
	enum st        st;
	int            rc = 2;

	memset(&pic, 0, sizeof(pic));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--caption") == 0 && i + 1 < argc)
			rc = option_text("--caption", argv[++i], &caption);
		else if (strcmp(argv[i], "--credit") == 0 && i + 1 < argc)
			rc = option_text("--credit", argv[++i], &credit);
		else if (argv[i][0] != '-' && pic.file == NULL) {
			pic.file = argv[i];
			rc = 0;
		} else
			rc = 2;
		if (rc != 0)
			goto out;
	}
	rc = 2;
	if (pic.file == NULL)
		goto out;
	rc = 1;
	if (read_source(&pic) != 0 || plan(&pic) != 0)
		goto out;
	image_url(&pic, url, sizeof(url));
	if ((st = already_added(c, &pic, url)) != ST_OK) {
		rc = st == ST_DUPLICATE ? 0 : 1;
		goto out;
	}
	if (render(&pic) != 0)
		goto out;
	a.url = url;
	a.caption = caption;
	a.credit = credit;
	if (write_all(&pic) != 0 ||
	    (st = sql_transaction(c, record, &a, "adding a picture")) !=
	        ST_OK) {
		remove_all(&pic);
		rc = st == ST_DUPLICATE ? 0 : 1;
		goto out;
	}
	printf("%s: %d×%d, written %s pixels wide as WebP and JPEG\n%s\n",
	    pic.file, pic.width, pic.height, pic.variants, url);
	rc = 0;
out:
	if (rc == 1)
		fprintf(stderr, "bantin-admin: %s: nothing was written\n",
		    pic.file);
	for (int i = 0; i < pic.n; i++)
		for (int f = 0; f < 2; f++)
			g_free(pic.out[i][f].data);
	free(pic.bytes);
	free(caption);
	free(credit);
	return rc;
}

static void
drop_warning(const char *domain, GLogLevelFlags level, const char *message,
    void *data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

int
cmd_image(int argc, char **argv)
{
	struct sql_conn c = { .h = NULL };
	int             rc;

	if (argc < 3 || strcmp(argv[1], "add") != 0)
		return 2;
	if (access(config.db_path, F_OK) == -1) {
		fprintf(stderr,
		    "bantin-admin: %s does not exist; create it "
		    "with `bantin-admin create` or set BANTIN_DB\n",
		    config.db_path);
		return 1;
	}
	if (VIPS_INIT(argv[0]) != 0) {
		fprintf(stderr, "bantin-admin: libvips failed to start\n");
		return 1;
	}
	/* Besides the list of loaders above: none that libvips itself
	 * deems unsafe on hostile files may run. */
	vips_block_untrusted_set(TRUE);
	/* Its warnings (a colour box a HEIC loader skips, each damaged tile
	 * of a broken file) are noise here: a failure comes back as an
	 * error, said once with the file's name. */
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, drop_warning, NULL);
	if (admin_connect(&c) != 0) {
		vips_shutdown();
		return 1;
	}
	rc = image_add(&c, argc - 1, argv + 1);
	sql_conn_close(&c);
	vips_shutdown();
	return rc;
}
