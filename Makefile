# Thin wrapper around CMake. `make LLVM=22 test` builds and tests against LLVM 22
# in its own build tree; LLVM 19 (the default) builds into build/.
LLVM  ?= 19
BUILD ?= $(if $(filter 19,$(LLVM)),build,build-llvm$(LLVM))
LLVM_PREFIX := /usr/lib/llvm-$(LLVM)
CMAKE_ARGS ?=

.PHONY: all deps configure demo test update-goldens bench clean
all: configure
	cmake --build $(BUILD)

deps:
	@scripts/install-deps $(LLVM)

configure: deps
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=$(LLVM_PREFIX)/bin/clang \
	  -DCMAKE_CXX_COMPILER=$(LLVM_PREFIX)/bin/clang++ \
	  -DLLVM_DIR=$(LLVM_PREFIX)/lib/cmake/llvm \
	  -DClang_DIR=$(LLVM_PREFIX)/lib/cmake/clang $(CMAKE_ARGS)

# Only what the demo runs: the tool (and the heap shim its second run
# preloads), the plugin and the example; not the tests and benchmarks.
demo: configure
	cmake --build $(BUILD) --target leaktrace leaktrace_heap leaktrace_plugin \
	  samplelayers samplelayers_tests
	@scripts/demo $(BUILD)

test: all
	@scripts/run-tests $(BUILD)

# Rewrites every expected output that differs from what the current build
# prints (tests/RunAndCompare.cmake), but the ones worked out by hand
# (tests/hand-worked-goldens.txt), then shows what changed: review it with
# `git diff tests/`.
update-goldens: all
	@LEAKTRACE_UPDATE_GOLDENS=1 scripts/run-tests $(BUILD) | grep -E "^updated |worked out by hand|passed, .* failed" || true
	@git status --short -- tests

bench: configure
	@scripts/install-deps $(LLVM) bench
	cmake $(BUILD) > /dev/null
	cmake --build $(BUILD) --target bench

clean:
	rm -rf $(BUILD)
