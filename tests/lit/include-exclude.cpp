// -fplugin-arg-leaktrace-exclude=REGEX leaves out the classes whose
// qualified name it matches; -fplugin-arg-leaktrace-include=REGEX keeps only
// those it matches; with both, a class must match include= and not exclude=.
// Both search the name (anchors are the user's to write) and see template
// arguments.
//
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-exclude='Cache$' \
// RUN:   -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=EXCL \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN3app5CacheE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-exclude='Cache$' \
// RUN:   -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=EXCL \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN3app5CacheE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks \
// RUN:   -fplugin-arg-leaktrace-exclude='Cache$' -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EXCL-REMARK --implicit-check-not=remark:
//
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-include='^app::' \
// RUN:   -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=INCL \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN5other5ThingE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-include='^app::' \
// RUN:   -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=INCL \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN5other5ThingE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks \
// RUN:   -fplugin-arg-leaktrace-include='^app::' -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INCL-REMARK --implicit-check-not=remark:
//
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-include='^app::' \
// RUN:   -fplugin-arg-leaktrace-exclude='Cache|<long>' \
// RUN:   -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=BOTH \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN3app5CacheE \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN3app3BoxIlEE \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN5other5ThingE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-include='^app::' \
// RUN:   -fplugin-arg-leaktrace-exclude='Cache|<long>' \
// RUN:   -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=BOTH \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN3app5CacheE \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN3app3BoxIlEE \
// RUN:     --implicit-check-not=__leaktrace_type._ZTSN5other5ThingE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks \
// RUN:   -fplugin-arg-leaktrace-include='^app::' \
// RUN:   -fplugin-arg-leaktrace-exclude='Cache|<long>' -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BOTH-REMARK --implicit-check-not=remark:

// INCL-REMARK: include-exclude.cpp:[[@LINE+2]]:8: remark: leaktrace: 'Resource' is not counted: its name does not match include=
// BOTH-REMARK: include-exclude.cpp:[[@LINE+1]]:8: remark: leaktrace: 'Resource' is not counted: its name does not match include=
struct Resource {
  Resource();
  Resource(const Resource &);
  ~Resource();
};

namespace app {
class Widget {
public:
  Widget();
  ~Widget();

private:
  Resource R;
};
// EXCL-REMARK: include-exclude.cpp:[[@LINE+2]]:7: remark: leaktrace: 'app::Cache' is not counted: its name matches exclude=
// BOTH-REMARK: include-exclude.cpp:[[@LINE+1]]:7: remark: leaktrace: 'app::Cache' is not counted: its name matches exclude=
class Cache {
public:
  Cache();
  ~Cache();

private:
  Resource R;
};
// Instantiations are reported where the template is defined.
// BOTH-REMARK: include-exclude.cpp:[[@LINE+1]]:29: remark: leaktrace: 'app::Box<long>' is not counted: its name matches exclude=
template <typename T> class Box {
public:
  Box() {}
  ~Box() {}

private:
  T Value;
  Resource R;
};
} // namespace app

namespace other {
// INCL-REMARK: include-exclude.cpp:[[@LINE+2]]:7: remark: leaktrace: 'other::Thing' is not counted: its name does not match include=
// BOTH-REMARK: include-exclude.cpp:[[@LINE+1]]:7: remark: leaktrace: 'other::Thing' is not counted: its name does not match include=
class Thing {
public:
  Thing();
  ~Thing();

private:
  Resource R;
};
} // namespace other

app::Widget::Widget() {}
app::Widget::~Widget() {}
app::Cache::Cache() {}
app::Cache::~Cache() {}
other::Thing::Thing() {}
other::Thing::~Thing() {}
app::Box<int> *makeIntBox() { return new app::Box<int>; }
app::Box<long> *makeLongBox() { return new app::Box<long>; }

// EXCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app6WidgetE, ptr {{[^)]*}})
// EXCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN5other5ThingE, ptr {{[^)]*}})
// EXCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app3BoxIiEE, ptr {{[^)]*}})
// EXCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app3BoxIlEE, ptr {{[^)]*}})

// INCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app6WidgetE, ptr {{[^)]*}})
// INCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app5CacheE, ptr {{[^)]*}})
// INCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app3BoxIiEE, ptr {{[^)]*}})
// INCL-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app3BoxIlEE, ptr {{[^)]*}})

// BOTH-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app6WidgetE, ptr {{[^)]*}})
// BOTH-DAG: call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTSN3app3BoxIiEE, ptr {{[^)]*}})

// Six classes: Resource, app::Widget, app::Cache, app::Box<int>,
// app::Box<long>, other::Thing; each run counts those it keeps.
// EXCL-REMARK: remark: leaktrace: this file counts 5 classes and leaves out 1
// INCL-REMARK: remark: leaktrace: this file counts 4 classes and leaves out 2
// BOTH-REMARK: remark: leaktrace: this file counts 2 classes and leaves out 4
