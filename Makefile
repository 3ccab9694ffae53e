# bantin — a Vietnamese news portal in C.
#
#   make            build everything into build/
#   make run        install the missing Debian packages running needs, build
#                   the four programs (no tests) and the sample pictures,
#                   create the database if missing, serve
#                   http://127.0.0.1:$(PORT)
#   make test       install what the tests need and run every test
#   make test-cluster  two web nodes sharing Redis behind a balancer, in
#                   network namespaces (root; docs/SCALING.md)
#   make bench      wrk over loopback (not part of make test)
#   make SAN=1 …    the same with AddressSanitizer + UBSan, into build-san/
#   make fuzz       the libFuzzer harnesses of tests/fuzz/, FUZZ_SECONDS each
#
# Local overrides (CC, CFLAGS, PORT, …) go in config.mk.
-include config.mk

CC      ?= cc
PORT    ?= 8080
BANTIN_DB ?= $(CURDIR)/var/bantin.db
export PORT BANTIN_DB

PKGS    := icu-uc icu-i18n sqlite3 libcmark libsodium hiredis
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla
CPPFLAGS += -Icgi -D_GNU_SOURCE
BASE_CFLAGS := -std=c11 $(OPT) $(WARN) $(shell pkg-config --cflags $(PKGS))
LDLIBS  := $(shell pkg-config --libs $(PKGS)) -lm

ifeq ($(FUZZING),1)
# Set by make fuzz: clang's coverage for libFuzzer, ASan and UBSan.
BUILD   ?= build-fuzz
BASE_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined \
           -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else ifeq ($(SAN),1)
BUILD   ?= build-san
BASE_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else
BUILD   ?= build
endif
CFLAGS  ?=
ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS)

# The layers below the handlers, then each program's handlers apart, so
# that bantin-live.fcgi cannot link a page handler (make depcheck).
LIB_SRC  := $(wildcard cgi/base/*.c cgi/core/*.c cgi/store/*.c cgi/text/*.c cgi/html/*.c cgi/site/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
PAGES_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard cgi/pages/*.c))
LIVE_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard cgi/live/*.c))
ADMIN_SRC := $(wildcard cgi/admin/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

PROGRAMS := $(BUILD)/bantin.fcgi $(BUILD)/bantin-live.fcgi $(BUILD)/bantin-dev $(BUILD)/bantin-admin

.PHONY: all run test unit integration bench clean deps db depcheck mutants \
    codecheck stylecheck formatcheck format slugcheck pictures test-cluster
all: $(PROGRAMS) $(UNIT_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libbantin.a: $(LIB_OBJ)
$(BUILD)/libpages.a: $(PAGES_OBJ)
$(BUILD)/liblive.a: $(LIVE_OBJ)
$(BUILD)/libbantin.a $(BUILD)/libpages.a $(BUILD)/liblive.a:
	@rm -f $@
	ar rcs $@ $^

# The FastCGI front end: front/fastcgi.c reads the records (see its
# header for why not libfcgi).
FCGI_OBJ := $(BUILD)/obj/cgi/front/fcgi.o $(BUILD)/obj/cgi/front/fastcgi.o
$(BUILD)/bantin.fcgi: $(BUILD)/obj/cgi/front/main_pages.o $(FCGI_OBJ) $(BUILD)/libpages.a $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bantin-live.fcgi: $(BUILD)/obj/cgi/front/main_live.o $(FCGI_OBJ) $(BUILD)/liblive.a $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bantin-dev: $(BUILD)/obj/cgi/front/devserver.o $(BUILD)/obj/cgi/front/ssi.o \
    $(BUILD)/libpages.a $(BUILD)/liblive.a $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libmicrohttpd) $(LDLIBS)

# Only bantin-admin links libvips and libwebpmux (image add): the workers
# never decode a picture.  Their headers are system headers, outside
# -Werror's reach.
IMAGE_PKGS := vips libwebpmux
$(BUILD)/obj/cgi/admin/image.o: ALL_CFLAGS += \
    $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(IMAGE_PKGS)))
# It renders pages too (sql --dry-run --preview): the page handlers.
$(BUILD)/bantin-admin: $(ADMIN_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/libpages.a \
    $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs $(IMAGE_PKGS))

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/libpages.a $(BUILD)/liblive.a $(BUILD)/libbantin.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) -lcmocka $(LDLIBS)
$(BUILD)/tests/test_sql_split: $(BUILD)/obj/cgi/admin/sql.o \
    $(BUILD)/obj/cgi/admin/backup.o $(BUILD)/obj/cgi/admin/preview.o
$(BUILD)/tests/test_ssi: $(BUILD)/obj/cgi/front/ssi.o
$(BUILD)/tests/test_fastcgi: $(BUILD)/obj/cgi/front/fastcgi.o

# The search benchmark (bench/search.sh) and the in-process render
# (bench/render.c), both run by make bench.
$(BUILD)/bench-search $(BUILD)/bench-render: $(BUILD)/bench-%: \
    $(BUILD)/obj/bench/%.o $(BUILD)/obj/bench/bench.o $(BUILD)/libpages.a \
    $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
# The floor under a page (bench/floor.sh): a libfcgi responder that
# answers from memory, alone or in threads.
$(BUILD)/bench-floor: $(BUILD)/obj/bench/floor.o
	$(CC) $(LDFLAGS) -pthread -o $@ $^ -lfcgi
-include $(BUILD)/obj/bench/search.d $(BUILD)/obj/bench/render.d \
    $(BUILD)/obj/bench/bench.d $(BUILD)/obj/bench/floor.d

# Debian packages needed to build, run and test; installed only when missing.
deps:
	@sh tests/deps.sh build

# The sample's pictures go through bantin-admin image add like an editor's
# (db/sample-images.sh): their variants under www/img/, made again when a
# source or image add changes.
pictures: $(BUILD)/pictures.stamp
$(BUILD)/pictures.stamp: db/sample-images.sh $(wildcard www/img/articles/*.jpg) \
    $(BUILD)/obj/cgi/admin/image.o | $(BUILD)/bantin-admin
	sh db/sample-images.sh $(BUILD)/bantin-admin
	@touch $@

# The database is created once from schema.sql + db/sample.sql.
db: $(BUILD)/bantin-admin pictures
	@if [ -e "$(BANTIN_DB)" ]; then echo "database: $(BANTIN_DB) (exists, kept)"; \
	else mkdir -p "$(dir $(BANTIN_DB))" && \
	     $(BUILD)/bantin-admin create db/sample.sql; fi

# Only what running needs: the programs, not the cmocka tests (whose
# package tests/deps.sh installs for `make test` only).
run: deps
	@$(MAKE) --no-print-directory programs
	@$(MAKE) --no-print-directory db
	$(BUILD)/bantin-dev

# The live store's contract runs once more, against Redis.
unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done
	@echo "== $(BUILD)/tests/test_live_store (redis)"
	@LIVE_BACKEND=redis $(BUILD)/tests/test_live_store

# Known bugs planted one at a time; the unit suite must catch each.
mutants:
	@sh tests/mutants.sh

# The layering docs/ARCHITECTURE.md draws, checked (tests/depcheck.py).
depcheck: $(BUILD)/bantin-live.fcgi
	@python3 tests/depcheck.py $(BUILD)
	@python3 tests/depcheck_test.py $(BUILD)

test:
	@sh tests/deps.sh test
	@$(MAKE) --no-print-directory all pictures
	@$(MAKE) --no-print-directory depcheck
	@$(MAKE) --no-print-directory unit codecheck stylecheck formatcheck \
	    slugcheck
	@BUILD=$(BUILD) sh tests/integration/run.sh
	@BUILD=$(BUILD) sh tests/config.sh
	@BUILD=$(BUILD) sh tests/install.sh
	@BUILD=$(BUILD) sh tests/deploy/systemd.sh
	@sh tests/docs.sh
	@bash tests/operator.sh

# Two web nodes, one Redis, an editorial node and a balancer, each in a
# network namespace of its own (tests/cluster/run.sh, docs/SCALING.md).
test-cluster:
	@sh tests/deps.sh test
	@$(MAKE) --no-print-directory programs
	@BUILD=$(BUILD) sh tests/cluster/run.sh

# No raw HTML writes in the page code (tests/codecheck.py, its allow-list
# tests/codecheck.allow), no 500 that logs no reason, and proof that the
# check catches planted ones.
codecheck:
	@python3 tests/codecheck.py
	@python3 tests/codecheck_test.py

# No line of C under cgi/ past 80 columns, tabs of 8 (tests/stylecheck.py),
# and proof that the check catches planted ones.
stylecheck:
	@python3 tests/stylecheck.py
	@python3 tests/stylecheck_test.py

# Every C file as clang-format formats it with .clang-format
# (tests/formatcheck.py), and proof that the check catches planted
# mistakes; make format rewrites them.
formatcheck:
	@python3 tests/formatcheck.py
	@python3 tests/formatcheck_test.py

format:
	@python3 tests/formatcheck.py --fix

# Every first path segment a route, www/ or a shipped server owns is a
# reserved section slug (tests/slugcheck.py), and proof that the check
# catches planted ones.
slugcheck:
	@python3 tests/slugcheck.py
	@python3 tests/slugcheck_test.py

# The cluster's part (two web nodes beside one, through the balancer)
# runs in network namespaces: as root only.
bench:
	@sh tests/deps.sh bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench-search \
	    $(BUILD)/bench-render
	@BUILD=$(BUILD) sh bench/run.sh; a=$$?; \
	BUILD=$(BUILD) sh bench/search.sh; b=$$?; \
	c=0; if [ "$$(id -u)" -eq 0 ]; then \
	    BUILD=$(BUILD) sh tests/cluster/run.sh --bench; c=$$?; \
	else echo "bench: the cluster's runs need root (ip netns)"; fi; \
	for s in $$a $$b $$c; do [ $$s -eq 0 ] || exit $$s; done

# What nginx + libfcgi cost at best, beside nginx's static file and the
# page alone (bench/floor.sh, docs/PERFORMANCE.md): about 3 minutes.
.PHONY: bench-floor
bench-floor:
	@sh tests/deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/bantin.fcgi \
	    $(BUILD)/bantin-admin $(BUILD)/bench-floor
	@BUILD=$(BUILD) sh bench/floor.sh

# make fuzz: every harness of tests/fuzz/ built with clang into build-fuzz/
# and run for FUZZ_SECONDS from its seed corpus and dictionary (new inputs
# are kept in build-fuzz/corpus/); any crash, leak, timeout or sanitizer
# report fails, leaving the input in build-fuzz/crash/.  FUZZ_NAMES=url
# runs only that harness.
FUZZ_SECONDS ?= 60
FUZZ_NAMES ?= $(basename $(notdir $(wildcard tests/fuzz/*.c)))
FUZZ_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
.PHONY: fuzz fuzz-run

fuzz:
	@$(MAKE) --no-print-directory FUZZING=1 CC=clang BUILD=build-fuzz fuzz-run

fuzz-run: $(FUZZ_BIN)
	@BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_BIN)

$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/libpages.a \
    $(BUILD)/liblive.a $(BUILD)/libbantin.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $(filter %.o,$^) \
	    $(filter %.a,$^) $(LDLIBS)
$(BUILD)/fuzz/ssi: $(BUILD)/obj/cgi/front/ssi.o
$(BUILD)/fuzz/fastcgi: $(BUILD)/obj/cgi/front/fastcgi.o
$(BUILD)/fuzz/sqlsplit: $(BUILD)/obj/cgi/admin/sql.o \
    $(BUILD)/obj/cgi/admin/backup.o $(BUILD)/obj/cgi/admin/preview.o

# make analyze: clang's static analyzer over every C file of cgi/, with
# the build's own flags; any report fails (its path is printed).  A file
# is analyzed again only when it or a header it includes changed.
ANALYZE_SRC := $(wildcard cgi/*/*.c)
ANALYZE_OUT := $(ANALYZE_SRC:%.c=$(BUILD)/analyze/%.ok)
.PHONY: analyze
analyze: $(ANALYZE_OUT)

$(BUILD)/analyze/%.ok: %.c
	@mkdir -p $(@D)
	clang --analyze -Xclang -analyzer-werror -Xanalyzer \
	    -analyzer-output=text $(CPPFLAGS) -std=c11 \
	    $(shell pkg-config --cflags $(PKGS) libmicrohttpd) \
	    -MMD -MP -MF $(@:.ok=.d) -MT $@ -o /dev/null $<
	@touch $@
$(BUILD)/analyze/cgi/admin/image.ok: PKGS += $(IMAGE_PKGS)
-include $(ANALYZE_OUT:.ok=.d)

clean:
	rm -rf build build-san build-fuzz

# make install PREFIX=/usr/local DESTDIR=…: the four programs, built again
# into $(BUILD)/installed with the installed paths compiled in (config.c:
# www/, schema.sql and deploy/bots.txt under DATADIR, the database under
# STATEDIR, bantin.conf under SYSCONFDIR), and what they read.  Writes
# nothing outside $(DESTDIR)$(PREFIX): /etc/bantin and /var/lib/bantin are
# the operator's (docs/CONFIG.md).  make uninstall removes the same files.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/bantin
DOCDIR     ?= $(PREFIX)/share/doc/bantin
SYSCONFDIR ?= /etc/bantin
STATEDIR   ?= /var/lib/bantin
PROGRAM_NAMES := $(notdir $(PROGRAMS))

ifeq ($(INSTALLED),1)
PATH_DEFS := -DBANTIN_DATADIR='"$(DATADIR)"' -DBANTIN_STATEDIR='"$(STATEDIR)"' \
             -DBANTIN_SYSCONFDIR='"$(SYSCONFDIR)"'
$(BUILD)/obj/cgi/base/config.o: CPPFLAGS += $(PATH_DEFS)
$(BUILD)/obj/cgi/base/config.o: $(BUILD)/paths
# Rewritten only when the paths change, so that config.o is rebuilt then.
$(BUILD)/paths: FORCE
	@mkdir -p $(@D)
	@echo '$(PATH_DEFS)' | cmp -s - $@ || echo '$(PATH_DEFS)' >$@
endif

.PHONY: programs install uninstall FORCE
programs: $(PROGRAMS)
FORCE:

install: pictures
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/installed INSTALLED=1 programs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/db $(DESTDIR)$(DOCDIR)
	install -m 0755 $(PROGRAM_NAMES:%=$(BUILD)/installed/%) $(DESTDIR)$(BINDIR)/
	cp -R www deploy schema.sql $(DESTDIR)$(DATADIR)/
	cp -R db/sample.sql db/examples $(wildcard db/migrations) $(DESTDIR)$(DATADIR)/db/
	$(BUILD)/installed/bantin-admin check-config --example \
	    >$(DESTDIR)$(DATADIR)/deploy/bantin.conf.example
	install -m 0644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	chmod -R a+rX $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

uninstall:
	rm -f $(PROGRAM_NAMES:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(DATADIR)/schema.sql \
	    $(addprefix $(DESTDIR)$(DOCDIR)/,README.md $(notdir $(wildcard docs/*.md)))
	rm -rf $(DESTDIR)$(DATADIR)/www $(DESTDIR)$(DATADIR)/deploy $(DESTDIR)$(DATADIR)/db
	-rmdir $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

-include $(LIB_OBJ:.o=.d) $(PAGES_OBJ:.o=.d) $(LIVE_OBJ:.o=.d) \
    $(wildcard $(BUILD)/obj/cgi/front/*.d $(BUILD)/obj/cgi/admin/*.d \
    $(BUILD)/obj/tests/unit/*.d $(BUILD)/obj/tests/fuzz/*.d)
