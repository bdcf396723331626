# Maillage — one GNU Makefile (STYLE §9).
#   make            build build/maillage
#   make demo       install what is missing, build, seed demo.db, serve :8080
#   make check      install what is missing, build, run every test
#   make check SANITIZE=address,undefined   the same under ASan+UBSan
#   make bench      benchmarks (not tests), see docs/PERFORMANCE.md

CC	?= cc
ifeq ($(V),1)
Q	 =
else
Q	 = @
endif
PKGS	 = libmicrohttpd jansson sqlite3 libpq libsodium libical zlib libqrencode
VERSION	:= $(shell git describe --always --dirty 2>/dev/null || echo dev)

WARN	 = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	   -Wshadow -Wpointer-arith -Wcast-qual -Wformat=2 -Wvla \
	   -Wwrite-strings -fno-common -fstack-protector-strong
ifdef SANITIZE
BUILD	?= build/san
OPT	?= -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZE) \
	   -fno-sanitize-recover=all
LDSAN	 = -fsanitize=$(SANITIZE)
else
BUILD	?= build
OPT	?= -O2 -g -D_FORTIFY_SOURCE=2
endif
ifdef DEBUG
OPT	 = -O0 -g
endif
ifdef COVERAGE
OPT	+= --coverage
LDSAN	+= --coverage
endif

CPPFLAGS += -D_GNU_SOURCE -DMAILLAGE_VERSION='"$(VERSION)"' \
	    $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Isrc -Isrc/base
CFLAGS	+= -std=c17 $(WARN) $(OPT) -MMD -MP
LDLIBS	+= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

# Every .c under src/ at any depth (src/domain/<context>/...), main.c apart.
SRC	 = $(filter-out src/main.c,$(sort $(shell find src -name '*.c')))
OBJ	 = $(SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/migrations.o \
	   $(BUILD)/obj/gen/web.o $(BUILD)/obj/gen/pwlist.o
# Common passwords refused by the policy (Debian package john-data).
PWLIST	?= /usr/share/john/password.lst
MIGR	 = $(sort $(wildcard src/db/migrations/*.sql))
WEB	 = $(sort $(wildcard web/*.* web/*/*.* web/*/*/*.*))
UNIT	 = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,\
	   $(sort $(shell find tests/unit -name 'test_*.c')))

.PHONY: all demo check check-unit check-http check-pg check-browser check-schema \
	check-crash check-static checksrc check-layers check-layers-selftest \
	check-api-doc \
	fmt-check fmt deps deps-test bench bench-expand fuzz clean

all: $(BUILD)/maillage

$(BUILD)/maillage: $(OBJ) $(BUILD)/obj/main.o
	@echo "  LD  $@"
	$(Q)$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -O1 -o $@ $<

$(BUILD)/gen/migrations.c: $(MIGR) $(BUILD)/embed
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/embed migrate_files $@ -s src/db/migrations/ $(MIGR)

# web/ with versioned URLs (index.html's import map), gzip forms and
# ETags: tools/web-build.mjs (issue 10 §12, docs/ARCHITECTURE.md).
$(BUILD)/gen/web.c: $(WEB) tools/web-build.mjs
	@mkdir -p $(dir $@)
	$(Q)node tools/web-build.mjs $@ web/ $(WEB)

$(BUILD)/gen/pwlist.c: $(PWLIST) $(BUILD)/embed
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/embed password_lists $@ -s $(dir $(PWLIST)) $(PWLIST)

$(PWLIST):
	@echo "missing $(PWLIST): install the Debian package john-data" \
	    "(sh tools/deps.sh) or set PWLIST=" >&2
	@exit 1

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(OBJ) $(LDSAN) $(LDLIBS) \
	    -lcmocka

# A year of visit series expanded in process (issue 11).
$(BUILD)/bench/expand: bench/expand.c $(OBJ)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(OBJ) $(LDSAN) $(LDLIBS)

bench-expand: $(BUILD)/bench/expand
	$(BUILD)/bench/expand

deps:
	@sh tools/deps.sh

demo: deps all
	@rm -f demo.db.lock
	$(BUILD)/maillage demo --db sqlite:demo.db
	@echo "Ouvrez http://127.0.0.1:8080 (Ctrl-C pour arrêter)"
	exec $(BUILD)/maillage serve --db sqlite:demo.db --listen 127.0.0.1:8080 --allow-local-key

check: deps all $(UNIT) check-static check-unit check-http check-pg \
	check-crash check-browser
	@echo "make check: all suites passed"

check-static: checksrc check-layers check-api-doc check-schema check-web \
	fmt-check

# The web UI's import graph: sections import only web/core/, no cycle.
# With the binary: core/perm.js and every can() name match the server's
# permission table (`maillage permissions`).
check-web: $(BUILD)/maillage
	@node tools/check-web.mjs web $(BUILD)/maillage

check-schema: $(BUILD)/maillage
	@sh tools/check-schema.sh $(BUILD)/maillage sqlite

checksrc:
	@sh tools/checksrc.sh

check-layers: all
	@sh tools/check-layers.sh $(BUILD)

# By hand (a few minutes): plants each kind of violation in a copy of src/
# and expects check-layers to refuse it.
check-layers-selftest: all
	@sh tools/check-layers-selftest.sh $(BUILD)

check-api-doc: $(BUILD)/maillage
	@$(BUILD)/maillage routes --markdown | cmp -s - docs/API.md || \
	    { echo "docs/API.md is stale: run '$(BUILD)/maillage routes \
	--markdown > docs/API.md'"; exit 1; }

check-unit: $(UNIT)
	@sh tools/run-unit.sh $(UNIT)

# The HTTP suites validate replies against openapi.json (issue 9 §2);
# SCHEMA_SUM prints the run's totals.
SCHEMA_STATS = $(BUILD)/schema-stats
SCHEMA_SUM = awk '{ v += $$1; e += $$2; s += $$3 } END { printf "schema: %d \
	replies validated (2xx), %d error replies, %d skipped (not described \
	yet)\n", v, e, s }' $(SCHEMA_STATS) 2>/dev/null || true

check-http: all
	@rm -f $(SCHEMA_STATS)
	MAILLAGE_BIN=$(BUILD)/maillage MAILLAGE_SCHEMA_STATS=$(SCHEMA_STATS) \
	    node --test --test-concurrency=2 tests/http/; rc=$$?; \
	    $(SCHEMA_SUM); exit $$rc

check-pg: all
	@rm -f $(SCHEMA_STATS)
	MAILLAGE_BIN=$(BUILD)/maillage MAILLAGE_SCHEMA_STATS=$(abspath \
	    $(SCHEMA_STATS)) sh tools/with-pg.sh sh -c \
	    'sh tools/check-schema.sh $(BUILD)/maillage pg && \
	    node --test --test-concurrency=2 tests/http/'; rc=$$?; \
	    $(SCHEMA_SUM); exit $$rc

check-crash: all
	MAILLAGE_BIN=$(BUILD)/maillage node --test tests/crash/
	MAILLAGE_BIN=$(BUILD)/maillage sh tools/with-pg.sh node --test \
	    tests/crash/

check-browser: all
	MAILLAGE_BIN=$(BUILD)/maillage node --test tests/browser/

# The layout of every C file is .clang-format's (OpenBSD style, STYLE §2);
# `make fmt` rewrites them in place.
fmt-check:
	@clang-format --dry-run --Werror $(shell find src -name '*.[ch]') && \
	    echo "fmt-check: ok"

fmt:
	clang-format -i $(shell find src -name '*.[ch]')

bench: all $(BUILD)/bench/expand
	sh bench/run.sh $(BUILD)/maillage
	$(BUILD)/bench/expand
	MAILLAGE_BIN=$(BUILD)/maillage node bench/planning.mjs
	MAILLAGE_BIN=$(BUILD)/maillage node bench/search.mjs
	MAILLAGE_BIN=$(BUILD)/maillage node bench/volet2.mjs
	MAILLAGE_BIN=$(BUILD)/maillage node bench/web-load.mjs
	MAILLAGE_BIN=$(BUILD)/maillage node bench/live.mjs
	MAILLAGE_BIN=$(BUILD)/maillage node bench/alarms.mjs

# libFuzzer (clang): the JSON validation path. By hand, not a CI gate.
fuzz:
	@mkdir -p build/fuzz
	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
	    -Isrc -Isrc/base $(shell pkg-config --cflags jansson) \
	    -o build/fuzz/fuzz_json tests/fuzz/fuzz_json.c src/json/jv.c \
	    src/base/arena.c src/base/ctx.c src/base/err.c src/base/clock.c \
	    src/base/rnd.c src/base/xalloc.c \
	    $(shell pkg-config --libs jansson libsodium)
	cp -r tests/fuzz/corpus_json build/fuzz/ 2>/dev/null; \
	build/fuzz/fuzz_json build/fuzz/corpus_json \
	    -max_total_time=$${FUZZ_SECONDS:-60} \
	    -max_len=4096

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(BUILD)/obj/main.d $(UNIT:=.d)
