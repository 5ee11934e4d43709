// Classes of system directories are left out: the standard library and
// prebuilt third-party code are not the program's own types, and inline
// constructors of such classes may come from uninstrumented objects at link
// time. What decides is where the header is, never how this translation unit
// found it: a vendored library's headers are -isystem for its users and -I
// for its own sources, and copies of its inline constructors from both meet
// at link time, so -isystem and -I give the same verdict. A directory is
// a system one when it is the system's or the compiler's (/usr/include,
// /usr/lib, clang's resource directory) or is named with
// -fplugin-arg-leaktrace-system=DIR. No remark is printed for system classes:
// there would be thousands.
//
// Not a system directory: counted, included either way.
// RUN: %clangxx -fplugin=%plugin -isystem %S/Inputs/system -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=USER,USER-O0
// RUN: %clangxx -fplugin=%plugin -isystem %S/Inputs/system -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=USER,USER-O2
// RUN: %clangxx -fplugin=%plugin -I %S/Inputs/system -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=USER,USER-O0
// RUN: %clangxx -fplugin=%plugin -I %S/Inputs/system -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=USER,USER-O2
//
// Named a system directory: left out, included either way.
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-system=%S/Inputs/system \
// RUN:   -isystem %S/Inputs/system -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=SYS,SYS-O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTSN6vendor6WidgetE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-system=%S/Inputs/system \
// RUN:   -I %S/Inputs/system -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=SYS,SYS-O2 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTSN6vendor6WidgetE
// A symbolic link to the directory names the same directory.
// RUN: rm -rf %t.link && ln -s %S/Inputs/system %t.link
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-system=%t.link \
// RUN:   -I %S/Inputs/system -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=SYS,SYS-O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTSN6vendor6WidgetE
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks \
// RUN:   -fplugin-arg-leaktrace-system=%S/Inputs/system -I %S/Inputs/system \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=REMARK \
// RUN:       --implicit-check-not=remark:
// No remark for the library's class; the summary counts the program's own.
// REMARK: remark: leaktrace: this file counts 1 class and leaves out 0

#include <vendor_widget.h>

vendor::Widget *makeWidget() { return new vendor::Widget; }
void dropWidget(vendor::Widget *W) { delete W; }

// The program's own class around the library's is counted either way.
class Holder {
public:
  Holder();
  ~Holder();

private:
  vendor::Widget W;
};
Holder::Holder() {}
Holder::~Holder() {}

// Any count of vendor::Widget would name its descriptor, which the
// --implicit-check-not above forbids; its constructor and destructor are
// there, uninstrumented (C2 and D2, below). A count is the runtime's fast
// path inline (inline-fast-path.cpp pins it whole): the descriptor's slot,
// the insts counter (offset 0, folded away at -O2) changed by the delta, and
// the hook with the same descriptor as the fallback.
// SYS:          @__leaktrace_type._ZTS6Holder = linkonce_odr hidden global
// SYS-LABEL:    define dso_local void @_ZN6HolderC1Ev(
// SYS-NOT:      __leaktrace
// SYS:          load atomic i32, ptr @__leaktrace_type._ZTS6Holder monotonic
// SYS-O0:       add i64 %{{[0-9]+}}, 0{{$}}
// SYS:          add i64 %{{[0-9]+}}, 1{{$}}
// SYS:          call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS6Holder, ptr {{[^)]*}})
// SYS-NEXT:     br label %[[RET:[0-9]+]]
// SYS-EMPTY:
// SYS-NEXT:     {{^}}[[RET]]:
// SYS-NEXT:     ret void
// SYS-LABEL:    define dso_local void @_ZN6HolderD1Ev(
// SYS-O0-NEXT:  alloca
// SYS-O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Holder monotonic
// SYS-O2-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Holder monotonic
// SYS-O0:       add i64 %{{[0-9]+}}, 0{{$}}
// SYS:          add i64 %{{[0-9]+}}, -1{{$}}
// SYS:          call void @__leaktrace_destruct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS6Holder, ptr {{[^)]*}})
// vendor::Widget's inline C1 and D1 count nothing: as without the plugin
// (clang's constructor aliases), its objects are built and destroyed through
// C2 and D2 and no C1 or D1 is emitted.
// SYS-O0:       define linkonce_odr dso_local void @_ZN6vendor6WidgetC2Ev(
// SYS-O0:       define linkonce_odr dso_local void @_ZN6vendor6WidgetD2Ev(

// USER:          @__leaktrace_type._ZTSN6vendor6WidgetE = linkonce_odr hidden global
// USER-O0-LABEL: define linkonce_odr dso_local void @_ZN6vendor6WidgetC1Ev(
// USER-O0:       load atomic i32, ptr @__leaktrace_type._ZTSN6vendor6WidgetE monotonic
// USER-O0:       add i64 %{{[0-9]+}}, 0{{$}}
// USER-O0:       add i64 %{{[0-9]+}}, 1{{$}}
// USER-O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSN6vendor6WidgetE, ptr {{[^)]*}})
// USER-O0-NEXT:  br label %[[RET:[0-9]+]]
// USER-O0-EMPTY:
// USER-O0-NEXT:  {{^}}[[RET]]:
// USER-O0-NEXT:  ret void
// USER-O0-LABEL: define linkonce_odr dso_local void @_ZN6vendor6WidgetD1Ev(
// USER-O0-NEXT:  alloca
// USER-O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTSN6vendor6WidgetE monotonic
// USER-O0:       add i64 %{{[0-9]+}}, 0{{$}}
// USER-O0:       add i64 %{{[0-9]+}}, -1{{$}}
// USER-O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTSN6vendor6WidgetE, ptr {{[^)]*}})
// USER-O2-LABEL: define {{.*}}@_Z10makeWidgetv(
// USER-O2:       load atomic i32, ptr @__leaktrace_type._ZTSN6vendor6WidgetE monotonic
// USER-O2:       add i64 %{{[0-9]+}}, 1{{$}}
// USER-O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSN6vendor6WidgetE, ptr {{[^)]*}})
// USER-O2-LABEL: define {{.*}}@_Z10dropWidgetPN6vendor6WidgetE(
// USER-O2:       load atomic i32, ptr @__leaktrace_type._ZTSN6vendor6WidgetE monotonic
// USER-O2:       add i64 %{{[0-9]+}}, -1{{$}}
// USER-O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTSN6vendor6WidgetE, ptr {{[^)]*}})
