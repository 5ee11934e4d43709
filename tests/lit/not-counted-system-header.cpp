// Classes declared in system headers are left out by default: the standard
// library and third-party code seen through -isystem are not the program's
// own types, and inline constructors of such classes may come from
// uninstrumented objects at link time. The same header included with -I is
// counted, which shows it is the header's status that decides. No remark is
// printed for system classes: there would be thousands.
//
// RUN: %clangxx -fplugin=%plugin -isystem %S/Inputs/system -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=SYS,SYS-O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTSN6vendor6WidgetE
// RUN: %clangxx -fplugin=%plugin -isystem %S/Inputs/system -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=SYS \
// RUN:       --implicit-check-not=__leaktrace_type._ZTSN6vendor6WidgetE
// RUN: %clangxx -fplugin=%plugin -I %S/Inputs/system -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=USER,USER-O0
// RUN: %clangxx -fplugin=%plugin -I %S/Inputs/system -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=USER,USER-O2
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -isystem %S/Inputs/system \
// RUN:   -fsyntax-only %s 2>&1 | count 0

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
// there, uninstrumented.
// SYS:          @__leaktrace_type._ZTS6Holder = linkonce_odr hidden global
// SYS-O0:       define linkonce_odr dso_local void @_ZN6vendor6WidgetC1Ev(
// SYS-O0:       define linkonce_odr dso_local void @_ZN6vendor6WidgetD1Ev(
// SYS-LABEL:    define dso_local void @_ZN6HolderC1Ev(
// SYS-NOT:      __leaktrace
// SYS:          call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS6Holder)
// SYS-NEXT:     ret void
// SYS-LABEL:    define dso_local void @_ZN6HolderD1Ev(
// SYS-NEXT:     call void @__leaktrace_destruct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS6Holder)

// USER:          @__leaktrace_type._ZTSN6vendor6WidgetE = linkonce_odr hidden global
// USER-O0-LABEL: define linkonce_odr dso_local void @_ZN6vendor6WidgetC1Ev(
// USER-O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSN6vendor6WidgetE)
// USER-O0-NEXT:  ret void
// USER-O0-LABEL: define linkonce_odr dso_local void @_ZN6vendor6WidgetD1Ev(
// USER-O0-NEXT:  call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTSN6vendor6WidgetE)
// USER-O2-LABEL: define {{.*}}@_Z10makeWidgetv(
// USER-O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSN6vendor6WidgetE)
// USER-O2-LABEL: define {{.*}}@_Z10dropWidgetPN6vendor6WidgetE(
// USER-O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTSN6vendor6WidgetE)
