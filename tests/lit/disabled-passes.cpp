// -Xclang -disable-llvm-passes and -save-temps (which compiles to bitcode
// with LLVM passes disabled, then optimises that bitcode without the plugin)
// skip the instrumentation pass. The plugin cannot prevent that, so it says
// so instead of producing an uninstrumented file in silence.
//
// RUN: %clangxx -fplugin=%plugin -Xclang -disable-llvm-passes -O0 -S -emit-llvm \
// RUN:   -o %t.O0.ll %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: FileCheck %s --check-prefix=IR --implicit-check-not=__leaktrace < %t.O0.ll
// RUN: %clangxx -fplugin=%plugin -Xclang -disable-llvm-passes -O2 -S -emit-llvm \
// RUN:   -o %t.O2.ll %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: FileCheck %s --check-prefix=IR --implicit-check-not=__leaktrace < %t.O2.ll
//
// -save-temps=obj puts the temporaries beside %t.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -fplugin=%plugin -save-temps=obj -O0 -S -o %t.dir/O0.s %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN
// RUN: FileCheck %s --check-prefix=ASM --implicit-check-not=__leaktrace < %t.dir/O0.s
// Plain -save-temps writes them to the working directory.
// RUN: cd %t.dir && %clangxx -fplugin=%plugin -save-temps -O2 -c -o O2.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN
// RUN: llvm-nm %t.dir/O2.o | FileCheck %s --check-prefix=NM --implicit-check-not=__leaktrace
//
// The same file compiles instrumented, and without the warning, otherwise.
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o %t.ok.ll %s 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=OK < %t.ok.ll

// One warning per compilation, not per pipeline stage.
// WARN:     warning: leaktrace: LLVM passes are disabled (-save-temps or -Xclang -disable-llvm-passes), so this file is not instrumented; build it without them
// WARN-NOT: warning:

class Widget {
public:
  Widget();
  Widget(const Widget &) = delete;
  ~Widget();

private:
  int *Data;
};
Widget::Widget() : Data(new int(0)) {}
Widget::~Widget() { delete Data; }

// IR: define dso_local void @_ZN6WidgetC1Ev(
// IR: define dso_local void @_ZN6WidgetD1Ev(
// ASM: _ZN6WidgetC1Ev:
// ASM: _ZN6WidgetD1Ev:
// NM: T _ZN6WidgetC1Ev
// NM: T _ZN6WidgetD1Ev
// OK: call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// OK: call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
