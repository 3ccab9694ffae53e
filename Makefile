# bantin — a Vietnamese news portal in C.
#
#   make            build everything into build/
#   make run        install the missing Debian packages running needs, build
#                   the four programs (no tests), create the database if
#                   missing, serve http://127.0.0.1:$(PORT)
#   make test       install what the tests need and run every test
#   make bench      wrk over loopback (not part of make test)
#   make SAN=1 …    the same with AddressSanitizer + UBSan, into build-san/
#
# Local overrides (CC, CFLAGS, PORT, …) go in config.mk.
-include config.mk

CC      ?= cc
PORT    ?= 8080
BANTIN_DB ?= $(CURDIR)/var/bantin.db
export PORT BANTIN_DB

PKGS    := icu-uc icu-i18n sqlite3 libcmark libsodium
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla
CPPFLAGS += -Icgi -D_GNU_SOURCE
BASE_CFLAGS := -std=c11 $(OPT) $(WARN) $(shell pkg-config --cflags $(PKGS))
LDLIBS  := $(shell pkg-config --libs $(PKGS)) -lm

ifeq ($(SAN),1)
BUILD   ?= build-san
BASE_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else
BUILD   ?= build
endif
CFLAGS  ?=
ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS)

LIB_SRC  := $(wildcard cgi/core/*.c cgi/store/*.c cgi/text/*.c cgi/html/*.c cgi/pages/*.c cgi/live/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
ADMIN_SRC := $(wildcard cgi/admin/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

PROGRAMS := $(BUILD)/bantin.fcgi $(BUILD)/bantin-live.fcgi $(BUILD)/bantin-dev $(BUILD)/bantin-admin

.PHONY: all run test unit integration bench clean deps db
all: $(PROGRAMS) $(UNIT_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libbantin.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bantin.fcgi: $(BUILD)/obj/cgi/front/main_pages.o $(BUILD)/obj/cgi/front/fcgi.o $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ -lfcgi $(LDLIBS)

$(BUILD)/bantin-live.fcgi: $(BUILD)/obj/cgi/front/main_live.o $(BUILD)/obj/cgi/front/fcgi.o $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ -lfcgi $(LDLIBS)

$(BUILD)/bantin-dev: $(BUILD)/obj/cgi/front/devserver.o $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libmicrohttpd) $(LDLIBS)

$(BUILD)/bantin-admin: $(ADMIN_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/libbantin.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ -lcmocka $(LDLIBS)

# The search benchmark (bench/search.sh, run by make bench).
$(BUILD)/bench-search: $(BUILD)/obj/bench/search.o $(BUILD)/libbantin.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
-include $(BUILD)/obj/bench/search.d

# Debian packages needed to build, run and test; installed only when missing.
deps:
	@sh tests/deps.sh build

# The database is created once from schema.sql + db/sample.sql.
db: $(BUILD)/bantin-admin
	@if [ -e "$(BANTIN_DB)" ]; then echo "database: $(BANTIN_DB) (exists, kept)"; \
	else mkdir -p "$(dir $(BANTIN_DB))" && \
	     $(BUILD)/bantin-admin create db/sample.sql; fi

# Only what running needs: the programs, not the cmocka tests (whose
# package tests/deps.sh installs for `make test` only).
run: deps
	@$(MAKE) --no-print-directory programs
	@$(MAKE) --no-print-directory db
	$(BUILD)/bantin-dev

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

test:
	@sh tests/deps.sh test
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@BUILD=$(BUILD) sh tests/integration/run.sh
	@BUILD=$(BUILD) sh tests/config.sh
	@BUILD=$(BUILD) sh tests/install.sh
	@BUILD=$(BUILD) sh tests/deploy/systemd.sh
	@sh tests/docs.sh
	@bash tests/operator.sh

bench:
	@sh tests/deps.sh bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench-search
	@BUILD=$(BUILD) sh bench/run.sh; a=$$?; \
	BUILD=$(BUILD) sh bench/search.sh; b=$$?; \
	if [ $$a -ne 0 ]; then exit $$a; fi; exit $$b

clean:
	rm -rf build build-san

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
$(BUILD)/obj/cgi/core/config.o: CPPFLAGS += $(PATH_DEFS)
$(BUILD)/obj/cgi/core/config.o: $(BUILD)/paths
# Rewritten only when the paths change, so that config.o is rebuilt then.
$(BUILD)/paths: FORCE
	@mkdir -p $(@D)
	@echo '$(PATH_DEFS)' | cmp -s - $@ || echo '$(PATH_DEFS)' >$@
endif

.PHONY: programs install uninstall FORCE
programs: $(PROGRAMS)
FORCE:

install:
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

-include $(LIB_OBJ:.o=.d) $(wildcard $(BUILD)/obj/cgi/front/*.d $(BUILD)/obj/cgi/admin/*.d $(BUILD)/obj/tests/unit/*.d)
