# Entry points: make deps | test-deps | build | demo | check
# | install PREFIX=... | uninstall PREFIX=... | deb | fuzz
# | bench [ONLY=...] | soak [SOAK_SECONDS=...]
BAZEL ?= bazel
PREFIX ?= /usr/local
BAZEL_FLAGS ?=
VERSION := $(shell cat VERSION)
# Where install puts the systemd unit (the Debian package: /lib/...).
UNITDIR ?= $(PREFIX)/lib/systemd/system
UNIT = hardened-daemontools.service
# The release build (.bazelrc's build:release) has its own output links, so
# it never replaces bazel-bin, which the tests use.
RELEASE_FLAGS = --config=release --symlink_prefix=out/release-
RELEASE_BIN = out/release-bin
MANPAGES := $(shell python3 -c 'import sys; sys.path.insert(0, "man"); \
	import pages; print(" ".join(p + ".8" for p in pages.PAGES), \
	" ".join(p + ".5" for p in pages.FILE_PAGES))' 2>/dev/null)

# Programs installed under their daemontools names: bazel target -> name.
PROGRAMS = \
	supervise/supervise \
	svscan/svscan \
	svscan/readproctitle \
	svc/svc \
	svc/svstat \
	svc/svok \
	svc/svwait \
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

# Debian packages the build needs (Bazel, compiler, libraries, man pages,
# strip and package tools)...
DEB_PACKAGES = bazel-bootstrap g++ binutils googletest libseccomp-dev \
	libcap-ng-dev python3 dpkg-dev
# ...and what the tests, fuzzers and benchmarks add: clang for fuzzing, the
# reference suites they compare against, hardening-check and lintian.
TEST_DEB_PACKAGES = clang libclang-rt-14-dev daemontools runit s6 \
	util-linux procps gnuplot-nox devscripts lintian

SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Seconds of fuzzing per target: in `make check` (CI) and in `make fuzz`.
CHECK_FUZZ_SECONDS ?= 30
FUZZ_SECONDS ?= 60

.PHONY: all deps test-deps build release check demo install uninstall \
	deb clean format fuzz bench soak

all: build

# Installs whichever of the packages $(1) are missing.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt_install,$(DEB_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_DEB_PACKAGES))

build: deps
	$(BAZEL) build $(BAZEL_FLAGS) //...

# Every test: the Bazel tests (unit, integration, differential, corpus
# replay), then each fuzzer for CHECK_FUZZ_SECONDS under ASan+UBSan.
# Then the release tests (tests/*_test.sh: the installed, hardened build,
# the Debian package, the demo's directory), one result line each.
RELEASE_TESTS = tests/install_test.sh tests/deb_test.sh tests/demo_test.sh
check: test-deps
	@set +e; \
	$(BAZEL) test $(BAZEL_FLAGS) --keep_going --cache_test_results=no //... ; \
	FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) FUZZ_JOBS=2 BAZEL=$(BAZEL) tools/run_fuzzers.sh; \
	tools/check_oss_fuzz_build.sh; \
	tests/run_shell_tests.sh out/shell-tests $(RELEASE_TESTS); \
	targets=$$($(BAZEL) query 'tests(//...)' 2>/dev/null); \
	python3 tools/test_summary.py --fuzz-results out/fuzz/results.txt \
	  --results out/shell-tests/results.txt \
	  "$$(readlink -f bazel-testlogs)" $$targets

fuzz: test-deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) BAZEL=$(BAZEL) tools/run_fuzzers.sh

# The soak test for longer than `make check` runs it (30 s there).
SOAK_SECONDS ?= 600
soak: test-deps
	$(BAZEL) test $(BAZEL_FLAGS) --cache_test_results=no --test_output=all \
	  --test_env=SOAK_SECONDS=$(SOAK_SECONDS) \
	  --test_timeout=$$(( $(SOAK_SECONDS) + 300 )) //tests:soak_test

# The programs as shipped: -c opt with Debian's hardening flags (see
# .bazelrc). Bazel must already be there: this installs nothing.
release:
	$(BAZEL) build $(BAZEL_FLAGS) $(RELEASE_FLAGS) //:programs \
	  //sandbox:print_syscall_groups //man:print_control_commands \
	  //sandbox:print_policy_keys

# Stripped programs, their debug information under lib/debug/.build-id,
# svscanboot, the systemd unit (not enabled) and the man pages. Touches
# nothing outside $(DESTDIR)$(PREFIX) and $(DESTDIR)$(UNITDIR).
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/debug
	@for p in $(PROGRAMS); do \
	  echo "install $$p -> $(DESTDIR)$(PREFIX)/bin/$${p##*/}"; \
	  packaging/strip-install.sh $(RELEASE_BIN)/$$p \
	    $(DESTDIR)$(PREFIX)/bin/$${p##*/} $(DESTDIR)$(PREFIX)/lib/debug \
	    || exit 1; \
	done
	sed 's|@BINDIR@|$(PREFIX)/bin|' svscan/svscanboot.sh > $(DESTDIR)$(PREFIX)/bin/svscanboot
	chmod 755 $(DESTDIR)$(PREFIX)/bin/svscanboot
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@BINDIR@|$(PREFIX)/bin|' packaging/$(UNIT).in > $(DESTDIR)$(UNITDIR)/$(UNIT)
	chmod 644 $(DESTDIR)$(UNITDIR)/$(UNIT)
	python3 man/pages.py --groups-from $(RELEASE_BIN)/sandbox/print_syscall_groups \
	  --commands-from $(RELEASE_BIN)/man/print_control_commands \
	  --keys-from $(RELEASE_BIN)/sandbox/print_policy_keys $(DESTDIR)$(PREFIX)/share/man/man8

# Removes what install put there (debug files found by each installed
# program's build id), then whichever of install's directories are empty.
uninstall:
	@for p in $(PROGRAMS); do \
	  f=$(DESTDIR)$(PREFIX)/bin/$${p##*/}; \
	  [ -e "$$f" ] || continue; \
	  d=$$(packaging/debug-file.sh "$$f" $(DESTDIR)$(PREFIX)/lib/debug); \
	  rm -f "$$f" $$d; \
	  [ -z "$$d" ] || rmdir --ignore-fail-on-non-empty "$${d%/*}"; \
	done
	rm -f $(DESTDIR)$(PREFIX)/bin/svscanboot $(DESTDIR)$(UNITDIR)/$(UNIT)
	rm -f $(foreach m,$(MANPAGES),$(DESTDIR)$(PREFIX)/share/man/man$(subst .,,$(suffix $(m)))/$(m))
	-@for d in $(DESTDIR)$(PREFIX)/lib/debug/.build-id \
	  $(DESTDIR)$(PREFIX)/lib/debug $(DESTDIR)$(UNITDIR) \
	  $(DESTDIR)$(PREFIX)/lib/systemd $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 \
	  $(DESTDIR)$(PREFIX)/share/man $(DESTDIR)$(PREFIX)/share; do \
	  [ ! -d "$$d" ] || rmdir --ignore-fail-on-non-empty "$$d"; \
	done

# out/deb/hardened-daemontools_VERSION_ARCH.deb and its -dbgsym package,
# built offline with dpkg-deb from the release build.
deb: release
	packaging/build-deb.sh out/deb

# svscan over a copy of examples/service (supervise/ directories are made
# in the copy, not in the tree), in the foreground. Ctrl-C stops it all.
# DEMO_SECONDS=N stops it after N seconds. Each run gets a new private
# directory (mktemp -d: mode 0700, owned by the caller), printed first;
# nobody else can replace what root's svscan runs from it.
demo: test-deps release
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/hardened-daemontools-demo.XXXXXXXXXX") \
	  || exit 1; \
	echo "demo directory: $$dir"; \
	cp -R examples/service "$$dir/service" && \
	$(MAKE) --no-print-directory install PREFIX="$$dir" >/dev/null || exit 1; \
	echo "svscan $$dir/service  (control: PATH=$$dir/bin:\$$PATH svstat $$dir/service/*)"; \
	cd "$$dir/service" && \
	  if [ -n "$(DEMO_SECONDS)" ]; then \
	    PATH="$$dir/bin:$$PATH" timeout --foreground -s INT $(DEMO_SECONDS) svscan . || true; \
	  else \
	    exec env PATH="$$dir/bin:$$PATH" svscan .; \
	  fi

# Side-by-side benchmark against daemontools, runit and s6; writes
# docs/PERFORMANCE.md and docs/latency.png. ONLY=memory,restart,... runs
# a subset (memory allup restart control crashloop idle detect status).
bench: test-deps
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
