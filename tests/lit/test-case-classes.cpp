// The class GoogleTest's TEST(), TEST_F() and TEST_P() macros write for each
// test is left out: GoogleTest makes its one object before the test and
// deletes it after, so it can never pile up, and counting it would cost
// every test file compile time and give the runtime one type per test.
// The program's own classes are counted as ever, fixtures and hand-written
// subclasses of testing::Test included. Being the framework's, these classes
// are not reported as left out.
//
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -O0 -S \
// RUN:   -emit-llvm -o - %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=remark: \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS15Suite_Name_Test \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS17Fixture_Uses_Test \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS16Params_Each_Test
//
// The same with GoogleTest vendored in the project (a copy of its headers
// found with -I, outside any system directory), as most projects have it.
// RUN: rm -rf %t && mkdir -p %t && cp -R %gtest_include/gtest %t/gtest
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -I %t -O0 -S \
// RUN:   -emit-llvm -o - %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=remark: \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS15Suite_Name_Test \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS17Fixture_Uses_Test \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS16Params_Each_Test

#include <gtest/gtest.h>

struct Resource {
  Resource();
  ~Resource();
};

class Fixture : public ::testing::Test {
protected:
  Resource R;
};

class Params : public ::testing::TestWithParam<int> {};

TEST(Suite, Name) { Resource R; }
TEST_F(Fixture, Uses) {}
TEST_P(Params, Each) {}
INSTANTIATE_TEST_SUITE_P(All, Params, ::testing::Values(1, 2));

class Hand : public ::testing::Test {
  void TestBody() override {}
  Resource R;
};
Hand *makeHand() { return new Hand; }

// CHECK: remark: leaktrace: this file counts 4 classes and leaves out 0
// CHECK-DAG: @__leaktrace_type._ZTS8Resource = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS7Fixture = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS4Hand = linkonce_odr hidden global
// CHECK-LABEL: define {{.*}}@_Z8makeHandv(
// CHECK:       invoke void @_ZN4HandC1Ev(
