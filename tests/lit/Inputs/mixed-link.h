// Shared by mixed-link.cpp (compiled with the plugin) and
// Inputs/mixed-link-main.cpp (compiled without it).
#ifndef MIXED_LINK_H
#define MIXED_LINK_H

#include <cstddef>
#include <string>

class Widget {
public:
  explicit Widget(std::string Name);
  Widget(const Widget &O);
  virtual ~Widget();
  virtual std::string describe() const;

private:
  std::string Name;
  int Serial;
};

// Layout as the instrumented translation unit sees it.
std::size_t widgetSizeInInstrumented();
std::size_t widgetAlignInInstrumented();
Widget *makeWidget(const char *Name);
void dropWidget(Widget *W);

#endif
