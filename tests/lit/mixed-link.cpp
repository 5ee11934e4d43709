// Instrumentation changes no ABI: an object compiled with the plugin links
// and runs with one compiled without it (here the one with main), layouts
// agree, and the counts are those of the instrumented constructors and
// destructor, whoever calls them.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -fplugin=%plugin -O0 -c -I %S/Inputs -o %t.dir/widget-O0.o %s
// RUN: %clangxx -O0 -c -I %S/Inputs -I %rt_include -o %t.dir/main-O0.o %S/Inputs/mixed-link-main.cpp
// RUN: %clangxx -o %t.dir/O0 %t.dir/widget-O0.o %t.dir/main-O0.o %rt
// RUN: %t.dir/O0 | FileCheck %s
//
// RUN: %clangxx -fplugin=%plugin -O2 -c -I %S/Inputs -o %t.dir/widget-O2.o %s
// RUN: %clangxx -O2 -c -I %S/Inputs -I %rt_include -o %t.dir/main-O2.o %S/Inputs/mixed-link-main.cpp
// RUN: %clangxx -o %t.dir/O2 %t.dir/widget-O2.o %t.dir/main-O2.o %rt
// RUN: %t.dir/O2 | FileCheck %s
//
// Mixed optimisation levels, and the plain object linked first.
// RUN: %clangxx -o %t.dir/mixed %t.dir/main-O0.o %t.dir/widget-O2.o %rt
// RUN: %t.dir/mixed | FileCheck %s

// CHECK:      sizeof plain [[SIZE:[0-9]+]] instrumented [[SIZE]]
// CHECK-NEXT: alignof plain [[ALIGN:[0-9]+]] instrumented [[ALIGN]]
// CHECK-NEXT: live 4: heap#1 stack#2
// CHECK-NEXT: live 4: special:special#3
// CHECK-NEXT: live 1
// CHECK-NOT:  {{.}}

#include "mixed-link.h"

#include <utility>

static int NextSerial = 1;

Widget::Widget(std::string Name)
    : Name(std::move(Name)), Serial(NextSerial++) {}
Widget::Widget(const Widget &O) : Name(O.Name), Serial(O.Serial) {}
Widget::~Widget() {}
std::string Widget::describe() const {
  return Name + "#" + std::to_string(Serial);
}

std::size_t widgetSizeInInstrumented() { return sizeof(Widget); }
std::size_t widgetAlignInInstrumented() { return alignof(Widget); }
Widget *makeWidget(const char *Name) { return new Widget(Name); }
void dropWidget(Widget *W) { delete W; }
