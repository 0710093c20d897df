# care: a PostgreSQL extension that turns CaRE audit evidence into funding
# decisions.  `make test` sets up a fresh Debian 12 machine and runs every
# test; `make` builds care.so and carec; see README.md.

EXTENSION  = care
# The version whose install script is built from extension/sql/ (the first
# release, frozen: tests/released.sha256); later versions are update
# scripts extension/care--X--Y.sql, and care.control names the newest.
EXTVERSION = 0.1

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

# `make test` first installs what a fresh machine lacks (Debian packages),
# then runs the suite in a new make that can see the PostgreSQL build files.
.PHONY: test demo
test:
	@sh tests/setup-debian.sh
	@$(MAKE) --no-print-directory test-suite

# `make demo` likewise sets the machine up first, then runs the demo.
demo:
	@sh tests/setup-debian.sh
	@$(MAKE) --no-print-directory demo-run

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

GRAMMAR_GEN  = grammar/care_scan.c grammar/care_gram.c
GRAMMAR_SRCS = grammar/care_mem.c grammar/care_schema.c grammar/care_schema_text.c \
               grammar/care_check.c grammar/care_sql.c grammar/care_emit.c \
               grammar/care_fmt.c grammar/care_compile.c
CORE_SRCS    = extension/finess.c extension/cvss.c $(GRAMMAR_SRCS) $(GRAMMAR_GEN)
FMGR_SRCS    = extension/care.c extension/finess_sql.c extension/cvss_sql.c \
               extension/catalog_schema.c extension/ruleset_compile.c extension/evaluate.c

MODULE_big = care
OBJS       = $(CORE_SRCS:.c=.o) $(FMGR_SRCS:.c=.o)
# PostgreSQL headers are not -Wextra clean: include them as system headers.
PG_CPPFLAGS = -Iextension -Igrammar -isystem $(includedir_server) -isystem $(includedir_internal) \
              -Wall -Wextra -Werror

# The install script is the concatenation of extension/sql/*.sql in name
# order; update scripts (care--X--Y.sql) are shipped as they are.
INSTALL_PARTS = $(sort $(wildcard extension/sql/*.sql))
DATA_built    = care--$(EXTVERSION).sql
DATA          = $(wildcard extension/care--*--*.sql) extension/care.schema
# care-import FORMAT ESTABLISHMENT FILE: load a report file with psql.
SCRIPTS       = extension/care-import

# pg_regress suites, in order; the first creates the extension.
REGRESS = create_extension finess finess_examples enums region establishment \
          campaign candidacy evidence cvss reference_data kev import import_fixtures \
          import_roles rulesets d1_edges dashboards verdicts security
REGRESS_OPTS = --inputdir=. --encoding=UTF8

# Isolation suites (concurrent sessions): tests/isolation/specs/*.spec.
ISOLATION = ruleset_activation
ISOLATION_OPTS = --inputdir=tests/isolation --outputdir=tests/isolation/output --encoding=UTF8

EXTRA_CLEAN = care--$(EXTVERSION).sql $(GRAMMAR_GEN) grammar/care_gram.h carec \
              fuzz-compile .build results \
              regression.diffs regression.out

include $(PGXS)

.DEFAULT_GOAL := all

# CVSS 3.x scores must round as FIRST's calculators do: no fused
# multiply-add (cvss.c says the same to clang by a pragma).
extension/cvss.o: CFLAGS += -ffp-contract=off

# Rulesets care ships (extension/rulesets/*.care) are defined and activated
# by the end of the install script.
SHIPPED_RULESETS = $(sort $(wildcard extension/rulesets/*.care))

care--$(EXTVERSION).sql: $(INSTALL_PARTS) $(SHIPPED_RULESETS) extension/ship-rulesets.sh
	cat $(INSTALL_PARTS) > $@.tmp
	sh extension/ship-rulesets.sh $(SHIPPED_RULESETS) >> $@.tmp
	mv $@.tmp $@

# ---------------------------------------------------------------------------
# The rules language (grammar/): flex and bison outputs are build products.
# Generated code is not ours to fix: care_scan.c keeps flex's own fatal
# error function although YY_FATAL_ERROR no longer calls it, hence the one
# narrowly scoped warning switch below (that file only).

GRAMMAR_HDRS = grammar/carelang.h grammar/care_int.h grammar/care_sql.h grammar/care_gram.h

grammar/care_gram.c grammar/care_gram.h &: grammar/care_gram.y
	$(BISON) -Wall -Werror --header=grammar/care_gram.h -o grammar/care_gram.c $<

grammar/care_scan.c: grammar/care_scan.l
	$(FLEX) -o $@ $<

GEN_WARNINGS = -Wno-unused-function
grammar/care_scan.o grammar/care_scan.bc: override CPPFLAGS += $(GEN_WARNINGS)
.build/grammar/care_scan.o: HOST_CFLAGS += $(GEN_WARNINGS)

$(CORE_SRCS:.c=.o) $(CORE_SRCS:.c=.bc) $(patsubst %.c,.build/%.o,$(CORE_SRCS)): $(GRAMMAR_HDRS)

# carec: the command-line compiler, installed beside PostgreSQL's programs.
CAREC_CFLAGS = -DCARE_SCHEMA_DEFAULT='"$(shell $(PG_CONFIG) --sharedir)/extension/care.schema"'

carec: grammar/carec.c grammar/care_malloc.h .build/libcarecore.a
	$(CC) $(HOST_CFLAGS) $(CAREC_CFLAGS) -o $@ $< .build/libcarecore.a

all: carec

install: install-carec
.PHONY: install-carec
install-carec: carec
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) carec '$(DESTDIR)$(bindir)/carec'

# libFuzzer target over parse + check + compile + fmt (clang only; not a test).
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=undefined -Igrammar -Wno-unused-function
FUZZ_LIB_SRCS = $(GRAMMAR_SRCS) $(GRAMMAR_GEN)

fuzz-compile: tests/fuzz_compile.c $(FUZZ_LIB_SRCS) grammar/care_malloc.h $(GRAMMAR_HDRS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz_compile.c $(FUZZ_LIB_SRCS)

.PHONY: fuzz
fuzz: fuzz-compile
	@mkdir -p fuzz-corpus
	cp -n tests/rulesets/*.care tests/rulesets/regress/*.care fuzz-corpus/ 2>/dev/null || true
	CARE_FUZZ_SCHEMA=tests/rulesets/care.schema ./fuzz-compile -max_total_time=$(FUZZ_SECONDS) \
		-max_len=65536 -rss_limit_mb=4096 -timeout=20 -dict=tests/fuzz_compile.dict fuzz-corpus

# Compile benchmark: a generated 10,000-line ruleset (not a test).
.PHONY: bench-compile
# The library is compiled -O2 here, as in care.so (the unit-test build is -O1).
bench-compile: tests/bench_compile.c $(GRAMMAR_SRCS) $(GRAMMAR_GEN) $(GRAMMAR_HDRS)
	@mkdir -p .build
	$(CC) $(HOST_CFLAGS) -O2 -Wno-unused-function -o .build/bench_compile $< $(GRAMMAR_SRCS) $(GRAMMAR_GEN)
	.build/bench_compile tests/rulesets/care.schema

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

.build/check_%: tests/check_%.c tests/check_util.h tests/check_lang.h grammar/care_malloc.h .build/libcarecore.a
	$(CC) $(HOST_CFLAGS) $(CHECK_CFLAGS) -Itests -o $@ $< .build/libcarecore.a $(CHECK_LIBS)

# Check unit tests: each binary runs its suites and fails on any failure.
.PHONY: unit
unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; CARE_SHARED=$(CURDIR)/../shared CARE_RULESETS=$(CURDIR)/tests/rulesets $$t; done

# The demo: the first CaRE call at its real scale, evaluated (see README).
.PHONY: demo-run
demo-run: all
	sh tests/with-cluster.sh sh extension/demo/demo.sh

# extension/care.schema, the schema carec checks rules against offline, is
# what care.schema_export() says; regenerate it after changing the data
# model (the rulesets suite fails until it matches).
.PHONY: schema
schema: all
	sh tests/with-cluster.sh sh -c 'createdb care_schema && psql -X -q -At -d care_schema \
		-c "CREATE EXTENSION care" -c "SELECT care.schema_export()" | sed "$$ d" > extension/care.schema.tmp; \
		status=$$?; dropdb care_schema; exit $$status'
	mv extension/care.schema.tmp extension/care.schema

# Benchmarks (not tests): the compiled D1 ruleset against hand-written SQL
# on ESTABLISHMENTS (default 10,000) generated establishments.
.PHONY: bench
bench: all
	CLUSTER_OPTIONS="shared_buffers=1GB work_mem=64MB" sh tests/with-cluster.sh sh tests/bench/run.sh

# The whole suite, as `make test` runs it after setup: build, unit tests,
# install, pg_regress against a throwaway UTF-8 cluster.
.PHONY: test-suite
test-suite: all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory check-released
	@sh tests/run-regress.sh

# A released install script never changes: what it builds to must hash as
# when it was released.  A change belongs in an update script.
.PHONY: check-released
check-released: care--$(EXTVERSION).sql
	@sha256sum --check --quiet tests/released.sha256 || { \
		echo "care--$(EXTVERSION).sql differs from the released $(EXTVERSION): extension/sql/ and" \
		     "extension/rulesets/ are frozen; put the change in an update script" >&2; exit 1; }
	@echo "released install scripts unchanged"

endif
