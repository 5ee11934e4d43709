// The uninstrumented half of mixed-link.cpp: it uses Widget through its
// public interface, derives from it and reads the counts.
#include "mixed-link.h"

#include <leaktrace/leaktrace.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace {
class Special : public Widget {
public:
  Special() : Widget("special") {}
  std::string describe() const override {
    return "special:" + Widget::describe();
  }
};

long long live(const char *Name) {
  leaktrace_type_count Counts[16];
  std::size_t N = leaktrace_snapshot(Counts, 16);
  for (std::size_t I = 0; I < N && I < 16; ++I)
    if (std::strcmp(Counts[I].name, Name) == 0)
      return Counts[I].insts;
  return 0;
}
} // namespace

int main() {
  std::printf("sizeof plain %zu instrumented %zu\n", sizeof(Widget),
              widgetSizeInInstrumented());
  std::printf("alignof plain %zu instrumented %zu\n", alignof(Widget),
              widgetAlignInInstrumented());

  Widget *Heap = makeWidget("heap");
  Widget Stack("stack");
  std::vector<Widget> Copies(2, Stack);
  std::printf("live %lld: %s %s\n", live("Widget"), Heap->describe().c_str(),
              Copies[1].describe().c_str());

  {
    // Built here, without the plugin: a Special is not a complete Widget,
    // so it counts nothing, and virtual calls cross the boundary both ways.
    Special S;
    Widget *Base = &S;
    std::printf("live %lld: %s\n", live("Widget"), Base->describe().c_str());
  }

  dropWidget(Heap);
  Copies.clear();
  std::printf("live %lld\n", live("Widget"));
  return 0;
}
