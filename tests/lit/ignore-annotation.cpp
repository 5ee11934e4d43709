// [[clang::annotate("leaktrace::ignore")]] (LEAKTRACE_IGNORE in
// leaktrace/leaktrace.h) leaves a class out. The annotation belongs to that
// class only: a class derived from it, or carrying another annotation, is
// counted.
//
// RUN: %clangxx -fplugin=%plugin -I %rt_include -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS5Cache \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS4Pool
// RUN: %clangxx -fplugin=%plugin -I %rt_include -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS5Cache \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS4Pool
// leaktrace.h's own C structs are plain data and would be reported too:
// -isystem keeps this check to the classes below.
// RUN: %clangxx -fplugin=%plugin -isystem %rt_include -fplugin-arg-leaktrace-remarks \
// RUN:   -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
//
// Without the plugin the annotation compiles silently.
// RUN: %clangxx -I %rt_include -Werror -fsyntax-only %s

#include <leaktrace/leaktrace.h>

struct Resource {
  Resource();
  Resource(const Resource &);
  ~Resource();
};

// REMARK: ignore-annotation.cpp:[[@LINE+1]]:24: remark: leaktrace: 'Cache' is not counted: annotated leaktrace::ignore
class LEAKTRACE_IGNORE Cache {
public:
  Cache();
  ~Cache();

private:
  Resource R;
};

// REMARK: ignore-annotation.cpp:[[@LINE+1]]:48: remark: leaktrace: 'Pool' is not counted: annotated leaktrace::ignore
class [[clang::annotate("leaktrace::ignore")]] Pool {
public:
  Pool();
  ~Pool();

private:
  Resource R;
};

class BigCache : public Cache {
public:
  BigCache();
  ~BigCache();
};

class [[clang::annotate("hot")]] Hot {
public:
  Hot();
  ~Hot();

private:
  Resource R;
};

Cache::Cache() {}
Cache::~Cache() {}
Pool::Pool() {}
Pool::~Pool() {}
BigCache::BigCache() {}
BigCache::~BigCache() {}
Hot::Hot() {}
Hot::~Hot() {}

// Left out, Cache and Pool get what clang makes without the plugin: C1 and
// D1 are aliases of C2 and D2, which count nothing.
// O0:       @_ZN5CacheC1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN5CacheC2Ev
// O0-NEXT:  @_ZN5CacheD1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN5CacheD2Ev
// O0-NEXT:  @_ZN4PoolC1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN4PoolC2Ev
// O0-NEXT:  @_ZN4PoolD1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN4PoolD2Ev
// O0-LABEL: define dso_local void @_ZN5CacheC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN5CacheD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4PoolC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4PoolD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8BigCacheC2Ev(

// Checked after the last label: the counted classes come last.
// CHECK-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS8BigCache, ptr {{[^)]*}})
// CHECK-DAG: call void @__leaktrace_destruct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS8BigCache, ptr {{[^)]*}})
// CHECK-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS3Hot, ptr {{[^)]*}})
// CHECK-DAG: call void @__leaktrace_destruct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS3Hot, ptr {{[^)]*}})

// Counted: Resource, BigCache, Hot. Left out: Cache, Pool.
// REMARK: remark: leaktrace: this file counts 3 classes and leaves out 2
