# FsFreeze: every entry point a developer or CI uses. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

DOTNET ?= dotnet
CONFIGURATION ?= Release
ARTIFACTS := artifacts
IUT ?= reference
BENCH_FILTER ?= *
FUZZ_SECONDS ?= 60
DEMO_SEED ?= 1
# make mutation: every row of tools/mutation/layers.tsv in turn (name, project, test filter, mutate globs);
# MUTATION_LAYER= one row by name (Virtio.Packed) or every row of one project (reference/FsFreeze.Virtio; MUTATION_DIR is
# the older name of the same setting). MUTATION_FILTER replaces that layer's test filter (the whole suite per mutant did not finish in 25 minutes:
# its end-to-end runs take minutes, so each row leaves the long generated properties out).
MUTATION_DIR ?=
MUTATION_LAYER ?= $(MUTATION_DIR)
MUTATION_FILTER ?=
DEMO_RUNS ?= 20
DEMO_REAL_RUNS ?= 3
DEMO_UML_RUNS ?= 2
FUZZ_TARGET ?=
SEED ?=
# Where make conformance writes report.md, junit.xml and nunit/ (make check puts the IUT=uml run with the other results).
CONFORMANCE_RESULTS ?= $(ARTIFACTS)/conformance
# NO_BUILD=1: skip the restore and build steps (tools/check.sh builds once and runs every target after it).
NO_BUILD ?=
# The tests make test runs (make check runs the Uml category on its own, beside the kernel build).
TEST_FILTER ?= TestCategory!=RealKernel
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: help restore build check test real-kernel conformance conformance-vhost-user selfcheck vectors coverage mutation bench fuzz demo uml uml-test clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

restore: ## Restore NuGet packages and the local dotnet tools
	$(if $(NO_BUILD),@true,$(DOTNET) restore FsFreeze.sln)
	$(if $(NO_BUILD),@true,$(DOTNET) tool restore)

build: restore ## Build everything (warnings are errors)
	$(if $(NO_BUILD),@true,$(DOTNET) build FsFreeze.sln -c $(CONFIGURATION) --no-restore)

check: ## Every test (the README's test command, run by .ci/run): make uml, test, real-kernel, selfcheck, conformance-vhost-user; ends with "N passed, N failed, N skipped"
	tools/check.sh

test: build ## Run every test but the real-kernel ones; the last line is "N passed, N failed" counted from the result files
	rm -rf $(ARTIFACTS)/test-results
	status=0; \
	$(DOTNET) test FsFreeze.sln -c $(CONFIGURATION) --no-build --filter "$(TEST_FILTER)" \
	  --logger "junit;LogFilePath=$(CURDIR)/$(ARTIFACTS)/test-results/junit/{assembly}.xml" \
	  -- NUnit.TestOutputXml=$(CURDIR)/$(ARTIFACTS)/test-results/nunit || status=$$?; \
	tools/hostile-count.sh $(ARTIFACTS)/test-results; \
	tools/count-results.sh $(ARTIFACTS)/test-results || status=1; \
	exit $$status

real-kernel: ## The driver model on this machine's kernel (category RealKernel): loop-mounted ext4/xfs/btrfs scratch images, as root; skipped with the reason otherwise
	rm -rf $(ARTIFACTS)/test-results/real-kernel
	tools/real-kernel-deps.sh
	$(if $(NO_BUILD),@true,$(DOTNET) build conformance/FsFreeze.RealKernel.Tests -c $(CONFIGURATION))
	status=0; \
	$(DOTNET) test conformance/FsFreeze.RealKernel.Tests -c $(CONFIGURATION) --no-build --filter "TestCategory=RealKernel" \
	  --logger "console;verbosity=normal" \
	  --logger "junit;LogFilePath=$(CURDIR)/$(ARTIFACTS)/test-results/real-kernel/junit/{assembly}.xml" \
	  -- NUnit.TestOutputXml=$(CURDIR)/$(ARTIFACTS)/test-results/real-kernel/nunit || status=$$?; \
	tools/count-results.sh $(ARTIFACTS)/test-results/real-kernel || status=1; \
	exit $$status

conformance: restore ## The main job: the conformance suite against IUT (default: reference; IUT=list lists them; IUT=uml the C driver in User-Mode Linux), with its report
	$(if $(filter uml,$(IUT)),tools/uml/build.sh $(CURDIR)/$(ARTIFACTS)/uml/module || [ $$? -eq 3 ],)
	$(if $(filter uml:%,$(IUT)),tools/uml/build-kernel.sh >/dev/null || [ $$? -eq 3 ],)
	$(if $(NO_BUILD),@true,$(DOTNET) build conformance/FsFreeze.Conformance/FsFreeze.Conformance.csproj -c $(CONFIGURATION) --no-restore)
	$(if $(NO_BUILD),@true,$(DOTNET) build conformance/FsFreeze.Conformance.Runner/FsFreeze.Conformance.Runner.csproj -c $(CONFIGURATION) --no-restore)
	$(DOTNET) run --project conformance/FsFreeze.Conformance.Runner -c $(CONFIGURATION) --no-build -- \
	  --iut $(IUT) --no-build --results $(CONFORMANCE_RESULTS) $(if $(SEED),--seed $(SEED),)

conformance-vhost-user: build ## The device conformance tests through a real socket against fsfreeze-vhost-user-backend in its own process; results in artifacts/test-results/vhost-user (counted by CI)
	tools/conformance-vhost-user.sh $(CONFIGURATION) $(ARTIFACTS)/test-results/vhost-user

selfcheck: build ## The suite checks itself: each known-bad implementation (IUT=bad:<name>) must be rejected on the requirement it breaks
	$(DOTNET) run --project conformance/FsFreeze.Conformance.Runner -c $(CONFIGURATION) --no-build -- \
	  --self-check --no-build --results $(ARTIFACTS)/conformance

vectors: ## Regenerate the portable JSON vectors under conformance/vectors/ and spec/requirements.json
	$(DOTNET) run --project conformance/FsFreeze.Conformance.Runner -c $(CONFIGURATION) -- --write-index
	$(DOTNET) run --project conformance/FsFreeze.Vectors -c $(CONFIGURATION) -- conformance/vectors

coverage: build ## Line coverage of reference/ (coverlet + ReportGenerator): HTML and text under artifacts/coverage/
	rm -rf $(ARTIFACTS)/coverage
	$(DOTNET) test FsFreeze.sln -c $(CONFIGURATION) --no-build --settings coverlet.runsettings \
	  --collect:"XPlat Code Coverage" --results-directory $(ARTIFACTS)/coverage/raw
	$(DOTNET) tool run reportgenerator -reports:"$(ARTIFACTS)/coverage/raw/**/coverage.cobertura.xml" \
	  -targetdir:$(ARTIFACTS)/coverage -reporttypes:"Html;TextSummary;MarkdownSummaryGithub"
	@cat $(ARTIFACTS)/coverage/Summary.txt

mutation: restore ## Mutation scores (dotnet-stryker, not in CI) of every row of tools/mutation/layers.tsv, or of MUTATION_LAYER only; reports under artifacts/mutation/<name>/
	MUTATION_FILTER='$(MUTATION_FILTER)' DOTNET=$(DOTNET) tools/mutation/run.sh $(MUTATION_LAYER)

bench: ## BenchmarkDotNet suite and the C baseline in one run; writes bench/RESULTS.md (BENCH_ARGS='--job short', BENCH_FILTER='*Virtqueue*')
	mkdir -p $(ARTIFACTS)/bench
	gcc -O2 -Wall -Wextra -o $(ARTIFACTS)/bench/ring_bench bench/c/ring_bench.c
	baseline=$$($(ARTIFACTS)/bench/ring_bench | sed -n 's/^ns_per_chain=\([0-9.]*\).*/\1/p'); \
	echo "C baseline: $$baseline ns per chain"; \
	$(DOTNET) run --project bench/FsFreeze.Benchmarks -c Release -- --filter '$(BENCH_FILTER)' --artifacts $(ARTIFACTS)/bench --buildTimeout 900 \
	  --c-baseline $$baseline --c-binary $(ARTIFACTS)/bench/ring_bench --results bench/RESULTS.md $(BENCH_ARGS)

demo: build ## The seed's claims side by side: mode x filesystem table of snapshot consistency, and one freeze exchange as ring traffic (artifacts/demo.md)
	$(DOTNET) run --project conformance/FsFreeze.Demo -c $(CONFIGURATION) --no-build -- --seed $(DEMO_SEED) --runs $(DEMO_RUNS) --real-runs $(DEMO_REAL_RUNS) --uml-runs $(DEMO_UML_RUNS) --out $(ARTIFACTS)/demo.md

fuzz: ## Coverage-guided fuzzing (AFL++ + SharpFuzz), FUZZ_SECONDS per target (FUZZ_TARGET=device-queue|driver-queue|protocol|mmio for one); findings go to fuzz/regressions/
	tools/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGET)

uml: ## The real driver: builds the User-Mode Linux kernel (cached outside the repo) and guest-module/linux/virtio_fsfreeze.ko against it
	tools/uml/build.sh $(CURDIR)/$(ARTIFACTS)/uml/module

uml-test: build ## The Uml test category: the C driver under User-Mode Linux against the reference device (vhost-user), after make uml; results in artifacts/test-results/uml
	rm -rf $(ARTIFACTS)/test-results/uml
	status=0; \
	tools/uml/build.sh $(CURDIR)/$(ARTIFACTS)/uml/module || { built=$$?; [ $$built -eq 3 ] || exit $$built; \
	  echo "uml: the kernel cannot be built here; the Uml tests are ignored with their reason"; }; \
	FSFREEZE_UML_MODULE=$(CURDIR)/$(ARTIFACTS)/uml/module/virtio_fsfreeze.ko \
	$(DOTNET) test guest-module/FsFreeze.Guest.Uml.Tests -c $(CONFIGURATION) --no-build \
	  --logger "junit;LogFilePath=$(CURDIR)/$(ARTIFACTS)/test-results/uml/junit/{assembly}.xml" \
	  -- NUnit.TestOutputXml=$(CURDIR)/$(ARTIFACTS)/test-results/uml/nunit || status=$$?; \
	tools/count-results.sh $(ARTIFACTS)/test-results/uml || status=1; \
	exit $$status

clean: ## Remove build outputs and artifacts
	$(DOTNET) clean FsFreeze.sln
	rm -rf $(ARTIFACTS)
