# care: a PostgreSQL extension that turns CaRE audit evidence into funding
# decisions.  `make test` sets up a fresh Debian 12 machine and runs every
# test; `make` builds care.so and carec; see README.md.

EXTENSION  = care
EXTVERSION = 0.1

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

# `make test` first installs what a fresh machine lacks (Debian packages),
# then runs the suite in a new make that can see the PostgreSQL build files.
.PHONY: test
test:
	@sh tests/setup-debian.sh
	@$(MAKE) --no-print-directory test-suite

ifeq ($(PGXS),)

.DEFAULT_GOAL := missing-pgxs
.PHONY: missing-pgxs
missing-pgxs:
	@echo "PostgreSQL server development files not found (pg_config --pgxs)." >&2
	@echo "Run 'make test' to install them, or install postgresql-server-dev-15." >&2
	@exit 1

else

# ---------------------------------------------------------------------------
# Sources.  PostgreSQL-free code (the language and the algorithms) is linked
# into care.so and, compiled a second time without any server header, into
# carec and the Check unit tests: that second build proves it stays free.

GRAMMAR_GEN  =
GRAMMAR_SRCS =
CORE_SRCS    = extension/finess.c extension/cvss.c $(GRAMMAR_SRCS) $(GRAMMAR_GEN)
FMGR_SRCS    = extension/care.c extension/finess_sql.c extension/cvss_sql.c

MODULE_big = care
OBJS       = $(CORE_SRCS:.c=.o) $(FMGR_SRCS:.c=.o)
# PostgreSQL headers are not -Wextra clean: include them as system headers.
PG_CPPFLAGS = -Iextension -Igrammar -isystem $(includedir_server) -isystem $(includedir_internal) \
              -Wall -Wextra -Werror

# The install script is the concatenation of extension/sql/*.sql in name
# order; update scripts (care--X--Y.sql) are shipped as they are.
INSTALL_PARTS = $(sort $(wildcard extension/sql/*.sql))
DATA_built    = care--$(EXTVERSION).sql
DATA          = $(wildcard extension/care--*--*.sql)
# care-import FORMAT ESTABLISHMENT FILE: load a report file with psql.
SCRIPTS       = extension/care-import

# pg_regress suites, in order; the first creates the extension.
REGRESS = create_extension finess finess_examples enums region establishment \
          campaign candidacy evidence cvss reference_data kev import import_fixtures \
          import_roles
REGRESS_OPTS = --inputdir=. --encoding=UTF8

EXTRA_CLEAN = care--$(EXTVERSION).sql $(GRAMMAR_GEN) .build results \
              regression.diffs regression.out

include $(PGXS)

.DEFAULT_GOAL := all

# CVSS 3.x scores must round as FIRST's calculators do: no fused
# multiply-add (cvss.c says the same to clang by a pragma).
extension/cvss.o: CFLAGS += -ffp-contract=off

care--$(EXTVERSION).sql: $(INSTALL_PARTS)
	cat $^ > $@

# ---------------------------------------------------------------------------
# PostgreSQL-free build: .build/ holds objects compiled with no server
# include path, for carec and the unit tests.

HOST_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -Wall -Wextra -Werror \
              -Iextension -Igrammar
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

HOST_OBJS  = $(patsubst %.c,.build/%.o,$(CORE_SRCS))
UNIT_TESTS = $(patsubst tests/%.c,.build/%,$(sort $(wildcard tests/check_*.c)))

.build/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

.build/libcarecore.a: $(HOST_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

.build/check_%: tests/check_%.c tests/check_util.h .build/libcarecore.a
	$(CC) $(HOST_CFLAGS) $(CHECK_CFLAGS) -Itests -o $@ $< .build/libcarecore.a $(CHECK_LIBS)

# Check unit tests: each binary runs its suites and fails on any failure.
.PHONY: unit
unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; CARE_SHARED=$(CURDIR)/../shared $$t; done

# The whole suite, as `make test` runs it after setup: build, unit tests,
# install, pg_regress against a throwaway UTF-8 cluster.
.PHONY: test-suite
test-suite: all
	@$(MAKE) --no-print-directory unit
	@sh tests/run-regress.sh

endif
