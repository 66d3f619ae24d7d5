# kmodlab — top-level targets. `make demo` and `make test` install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu linux-kbuild-6.1 kmod tmux openssl
BUILD := build
EXAMPLES := $(sort $(dir $(wildcard modules/examples/*/Kbuild)))
KMODLAB := tools/kmodlab
CLI_BUNDLE := $(BUILD)/cli/kmodlab.mjs
UNICORN := $(BUILD)/unicorn/.stamp
UNICORN_LIB = $(shell ls $(BUILD)/unicorn/usr/lib/*/libunicorn.so.2 2>/dev/null | head -n1)
CLI_SOURCES := $(shell find tools emu kernel -name '*.ts')

.PHONY: help setup kernel examples moddir real-modules headers test demo bench fuzz typecheck clean

help:
	@echo "make demo    play the default scenario on the dashboard (plain transcript without a terminal)"
	@echo "make test    run every test (installs what it needs)"
	@echo "make bench   print the figures; tables (CSV, Markdown) and plots (SVG, PNG) into $(BUILD)/bench"
	@echo "make setup   install Debian and npm packages (idempotent)"
	@echo "make kernel  cross-build the kernel image into $(BUILD)/kernel"
	@echo "make examples  cross-build the example modules"
	@echo "make fuzz    fuzz the loader: COUNT=100000 SEED=1 JOBS=2, reproducers under $(BUILD)/fuzz"
	@echo "make oracle  record Debian's kernel and kmod under QEMU running test/oracle/scenarios"
	@echo "make real-modules  fetch Debian's arm64 6.1 modules and Module.symvers into $(BUILD)/real-modules"
	@echo "make headers  Debian's linux-headers as a kbuild tree: make -C $(BUILD)/<release>/build M=DIR"

# Installs only what is missing; apt-get update runs once, only when something is.
setup: $(BUILD)/.stamp-apt $(UNICORN) node_modules/.package-lock.json $(BUILD)/native/libkmodlab-hooks.so $(CLI_BUNDLE) headers

# The command line bundled into ES modules (esbuild, a dependency of tsx): tools/kmodlab runs it
# while no .ts source is newer, and starts in a fraction of tsx's time, which transpiles at every
# run. koffi (a native addon found from its own folder), blessed (requires computed at run
# time) and the bench's plotting packages (vega, vega-lite, resvg's native binary) stay in
# node_modules. --splitting keeps what cli.ts imports lazily (the dashboard and
# blessed, fuzz, bench ...) in chunks of their own, out of every start. A fresh directory each
# time: no chunks of an older build left behind. CLI_SOURCES are those tools/kmodlab checks.
# scenario-help.txt is --help's list of scenario commands, made by the bundle itself from the
# command registries, so that --help need not load the machine to list them.
$(CLI_BUNDLE): $(CLI_SOURCES) node_modules/.package-lock.json Makefile
	@rm -rf $(BUILD)/cli.new
	node_modules/.bin/esbuild tools/cli.ts --bundle --splitting --platform=node --format=esm --target=node20 \
	  --external:koffi --external:blessed --external:vega --external:vega-lite --external:@resvg/resvg-js --log-level=warning \
	  --outdir=$(BUILD)/cli.new --entry-names=kmodlab --out-extension:.js=.mjs
	node $(BUILD)/cli.new/kmodlab.mjs --print-scenario-help > $(BUILD)/cli.new/scenario-help.txt
	@rm -rf $(BUILD)/cli && mv $(BUILD)/cli.new $(BUILD)/cli

# Block hooks in C: see emu/native/hooks.c for why they are not JavaScript.
$(BUILD)/native/libkmodlab-hooks.so: emu/native/hooks.c $(BUILD)/.stamp-apt $(UNICORN)
	@mkdir -p $(dir $@)
	gcc -O2 -Wall -shared -fPIC -I$(BUILD)/unicorn/usr/include -o $@ $< \
	  -L$(dir $(UNICORN_LIB)) -l:libunicorn.so.2 -Wl,-rpath,$(CURDIR)/$(dir $(UNICORN_LIB))

# Unicorn 2.1 from Debian trixie, extracted under build/unicorn (tools/unicorn.sh says why not
# bookworm's 2.0.1).
$(UNICORN):
	tools/unicorn.sh $(BUILD)/unicorn

$(BUILD)/.stamp-apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@mkdir -p $(BUILD) && touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

kernel: setup
	$(MAKE) -C kernel/core O=$(CURDIR)/$(BUILD)/kernel

# kbuild does not build the directories a Kbuild's KBUILD_EXTRA_SYMBOLS names: the modules
# other examples use (mathlib) are built first.
EXAMPLES_FIRST := $(foreach d,$(EXAMPLES),$(if $(shell grep -l KBUILD_EXTRA_SYMBOLS $(d)Kbuild),,$(d)))
EXAMPLES_THEN := $(filter-out $(EXAMPLES_FIRST),$(EXAMPLES))
examples: kernel
	@$(MAKE) --no-print-directory example-stamps
	@$(MAKE) --no-print-directory moddir

# kbuild knows exactly what to rebuild, but even with nothing to do it costs about 2 s a
# directory (the kernel's Makefiles and their compiler probes): two minutes for a `make examples`
# with nothing to do. A stamp per directory skips kbuild while none of its inputs is newer: the
# directory's sources, kmodlab's headers, the kbuild tree (its Makefile, and Module.symvers: the
# kernel's exports and CRCs), and the stamps of the directories whose exports it uses. kbuild's
# modules.order is one too: after `make -C modules M=DIR clean` the directory is built again.
example-stamp = $(BUILD)/examples/$(notdir $(patsubst %/,%,$(1))).stamp
EXAMPLE_INPUTS := modules/Makefile modules/scripts/kernel.mk $(shell find modules/include -type f) \
	$(wildcard $(BUILD)/*/build/Makefile $(BUILD)/*/build/Module.symvers)
define example-rule
$(call example-stamp,$(1)): $(wildcard $(1)*.[chS] $(1)Kbuild $(1)Makefile) $(1)modules.order $(EXAMPLE_INPUTS) \
		$(if $(filter $(1),$(EXAMPLES_THEN)),$(foreach d,$(EXAMPLES_FIRST),$(call example-stamp,$(d))))
	@$(MAKE) --no-print-directory -C modules M=$(CURDIR)/$(1)
	@mkdir -p $$(@D) && touch $$@
$(1)modules.order: ;
endef
$(foreach d,$(EXAMPLES),$(eval $(call example-rule,$(d))))
.PHONY: example-stamps
example-stamps: $(foreach d,$(EXAMPLES_FIRST) $(EXAMPLES_THEN),$(call example-stamp,$(d)))

# The machine's /lib/modules/<release> (tools/commands/kmod.ts; the release is the kernel's,
# build/kernel/kernel.release): the example modules installed under extra/, the kernel's
# modules.builtin*, and the indexes of kmodlab's depmod.
moddir: $(BUILD)/lib/modules/.stamp
$(BUILD)/lib/modules/.stamp: $(wildcard modules/examples/*/*.ko) $(BUILD)/kernel/modules.builtin \
		$(BUILD)/kernel/kernel.release \
		$(wildcard tools/kmod/depmod.ts tools/kmod/libkmod-index.ts tools/kmod/libkmod-elf.ts tools/kmod/libkmod-util.ts)
	@r=$$(cat $(BUILD)/kernel/kernel.release) && d=$(BUILD)/lib/modules/$$r && \
	rm -rf $(BUILD)/lib/modules && mkdir -p $$d/extra && \
	cp $(filter %.ko,$^) $$d/extra/ && \
	cp $(BUILD)/kernel/modules.builtin $(BUILD)/kernel/modules.builtin.modinfo $$d/ && \
	(cd $$d && ls extra/*.ko > modules.order) && \
	$(KMODLAB) depmod -b $(BUILD) $$r && touch $@

# Debian's signed arm64 6.1 modules (tools/real-modules.sh; idempotent, needs apt and root).
real-modules: $(BUILD)/.stamp-apt
	tools/real-modules.sh $(BUILD)/real-modules

# Debian's linux-headers-6.1.0-N-cloud-arm64 (fetched with the real modules) made a kbuild tree
# on this host: make -C build/<release>/build M=DIR builds a module as on Debian (tools/kernel-headers.sh).
headers: real-modules
	@tools/kernel-headers.sh $(BUILD)/real-modules $(BUILD)

# Records what Debian's real 6.1 kernel and kmod 30 print for test/oracle/scenarios under QEMU
# (tools/oracle/record.ts) into test/oracle/recorded, then prints how kmodlab compares; not part
# of `make test`, which compares (test/oracle.test.ts). SCENARIOS="a b" records only those.
oracle: kernel real-modules
	node --no-warnings --import "file://$(CURDIR)/node_modules/tsx/dist/esm/index.mjs" tools/oracle/record.ts $(SCENARIOS)

test: examples real-modules headers
	npx vitest run

# Structure-aware fuzzing of the loader with the example modules and Debian's (tools/fuzz/):
# COUNT inputs in all, SEED for the inputs, JOBS worker processes; reproducers under build/fuzz.
COUNT ?= 100000
SEED ?= 1
JOBS ?= 2
fuzz: examples real-modules
	$(KMODLAB) fuzz --count $(COUNT) --seed $(SEED) --jobs $(JOBS)

demo: examples
	$(KMODLAB) dash modules/examples/demo.kml

bench: examples
	$(KMODLAB) bench

typecheck: setup
	npx tsc --noEmit

clean:
	rm -rf $(BUILD)
	@for d in $(EXAMPLES); do $(MAKE) --no-print-directory -C modules M=$(CURDIR)/$$d clean; done
