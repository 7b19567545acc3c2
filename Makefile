# Entry points: make deps | build | demo | check | install PREFIX=... | fuzz
# | bench [ONLY=...] | soak [SOAK_SECONDS=...]
BAZEL ?= bazel
PREFIX ?= /usr/local
BAZEL_FLAGS ?=
DEMO_DIR ?= /tmp/hardened-daemontools-demo

# Programs installed under their daemontools names: bazel target -> name.
PROGRAMS = \
	supervise/supervise \
	svscan/svscan \
	svscan/readproctitle \
	svc/svc \
	svc/svstat \
	svc/svok \
	svc/svpolicy \
	svc/svgroup \
	chain/applypolicy \
	chain/envdir \
	chain/envuidgid \
	chain/fghack \
	chain/pgrphack \
	chain/setlock \
	chain/setuidgid \
	chain/softlimit \
	log/multilog \
	log/tai64n \
	log/tai64nlocal

# Debian packages: the build (Bazel, compilers, libraries) and the
# reference suites the tests and benchmarks compare against.
DEB_PACKAGES = bazel-bootstrap g++ clang libclang-rt-14-dev googletest \
	libseccomp-dev libcap-ng-dev python3 daemontools runit s6 \
	util-linux procps gnuplot-nox

SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Seconds of fuzzing per target: in `make check` (CI) and in `make fuzz`.
CHECK_FUZZ_SECONDS ?= 30
FUZZ_SECONDS ?= 60

.PHONY: all deps build check demo install clean format fuzz bench soak

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(BAZEL) build $(BAZEL_FLAGS) //...

# Every test: the Bazel tests (unit, integration, differential, corpus
# replay), then each fuzzer for CHECK_FUZZ_SECONDS under ASan+UBSan.
check: deps
	@set +e; \
	$(BAZEL) test $(BAZEL_FLAGS) --keep_going --cache_test_results=no //... ; \
	FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) FUZZ_JOBS=2 BAZEL=$(BAZEL) tools/run_fuzzers.sh; tools/check_oss_fuzz_build.sh; \
	targets=$$($(BAZEL) query 'tests(//...)' 2>/dev/null); \
	python3 tools/test_summary.py --fuzz-results out/fuzz/results.txt \
	  "$$(readlink -f bazel-testlogs)" $$targets

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) BAZEL=$(BAZEL) tools/run_fuzzers.sh

# The soak test for longer than `make check` runs it (30 s there).
SOAK_SECONDS ?= 600
soak: deps
	$(BAZEL) test $(BAZEL_FLAGS) --cache_test_results=no --test_output=all \
	  --test_env=SOAK_SECONDS=$(SOAK_SECONDS) \
	  --test_timeout=$$(( $(SOAK_SECONDS) + 300 )) //tests:soak_test

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	@for p in $(PROGRAMS); do \
	  echo "install $$p -> $(DESTDIR)$(PREFIX)/bin/$${p##*/}"; \
	  install -m 755 bazel-bin/$$p $(DESTDIR)$(PREFIX)/bin/$${p##*/}; \
	done
	sed 's|@BINDIR@|$(PREFIX)/bin|' svscan/svscanboot.sh > $(DESTDIR)$(PREFIX)/bin/svscanboot
	chmod 755 $(DESTDIR)$(PREFIX)/bin/svscanboot
	python3 man/pages.py --groups-from bazel-bin/sandbox/print_syscall_groups $(DESTDIR)$(PREFIX)/share/man/man8

# svscan over a copy of examples/service (supervise/ directories are made
# in the copy, not in the tree), in the foreground. Ctrl-C stops it all.
# DEMO_SECONDS=N stops it after N seconds.
demo: build
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)/bin
	cp -R examples/service $(DEMO_DIR)/service
	$(MAKE) --no-print-directory install PREFIX=$(DEMO_DIR) >/dev/null
	@echo "svscan $(DEMO_DIR)/service  (control: PATH=$(DEMO_DIR)/bin:\$$PATH svstat $(DEMO_DIR)/service/*)"
	@cd $(DEMO_DIR)/service && \
	  if [ -n "$(DEMO_SECONDS)" ]; then \
	    PATH=$(DEMO_DIR)/bin:$$PATH timeout --foreground -s INT $(DEMO_SECONDS) svscan . || true; \
	  else \
	    exec env PATH=$(DEMO_DIR)/bin:$$PATH svscan .; \
	  fi

# Side-by-side benchmark against daemontools, runit and s6; writes
# docs/PERFORMANCE.md and docs/latency.png. ONLY=memory,restart,... runs
# a subset (memory allup restart control crashloop idle detect status).
bench: build
	$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/out/bench >/dev/null
	python3 bench/bench.py --bin $(CURDIR)/out/bench/bin $(if $(ONLY),--only $(ONLY))
	python3 bench/report.py

format:
	find . -path ./third_party -prune -o \( -name '*.cc' -o -name '*.h' \) -print \
	  | grep -v '^./bazel-' | xargs clang-format -i

clean:
	$(BAZEL) clean

# CI fuzzing and corpus maintenance (fuzz/README.md): replay every corpus
# under ASan+UBSan; merge out/fuzz/new into fuzz/corpus; coverage report
# and table; the OSS-Fuzz/ClusterFuzzLite build run locally.
DEB_PACKAGES += python3-yaml
.PHONY: fuzz-replay fuzz-merge fuzz-coverage oss-fuzz-check
fuzz-replay: deps
	FUZZ_SECONDS=0 BAZEL=$(BAZEL) tools/run_fuzzers.sh
fuzz-merge: deps
	BAZEL=$(BAZEL) tools/run_fuzzers.sh merge
fuzz-coverage: deps
	tools/fuzz_coverage.sh
oss-fuzz-check: deps
	tools/check_oss_fuzz_build.sh
