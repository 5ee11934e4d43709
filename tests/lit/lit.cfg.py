# -*- Python -*-
# lit configuration of the leaktrace plugin tests. Loaded through the
# lit.site.cfg.py that CMake generates in the build directory, which sets the
# paths used below.

import os

import lit.formats

config.name = "leaktrace"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp"]
# Inputs/ holds headers and second translation units, not tests.
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))

# FileCheck, not, count, llvm-dis and llvm-nm of the LLVM under test come
# first, so a RUN line never picks up another LLVM's tools from PATH.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")]
)
# The tests check what the plugin emits, never the runtime's at-exit report
# unless they ask for it.
config.environment.pop("LEAKTRACE_REPORT", None)

# lit applies substitutions in order and a key may be a prefix of another:
# longer keys come first.
config.substitutions.append(("%other_clangxx", config.other_clangxx))
config.substitutions.append(("%other_major", config.other_major))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%plugin_impl", config.plugin_impl))
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%rt_include", config.runtime_include))
config.substitutions.append(("%runner_include", config.runner_include))
config.substitutions.append(("%rt", config.runtime))
config.substitutions.append(("%llvm_major", config.llvm_major))
# The GoogleTest headers the tests build against (the directory holding
# gtest/), for tests that copy them to stand for a vendored GoogleTest.
gtest_include = next(
    (d for d in config.gtest_includes.split(";")
     if os.path.exists(os.path.join(d, "gtest", "gtest.h"))), "")
config.substitutions.append(("%gtest_include", gtest_include))

config.available_features.add("clang-" + config.llvm_major)
# Only when a clang of another major is installed (see CMakeLists.txt).
if config.other_major:
    config.available_features.add("other-clang")
