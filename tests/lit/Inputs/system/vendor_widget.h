// A library class seen through a header. The lit test includes this
// directory with -isystem and with -I (the same verdict either way), and
// names it a system directory with -fplugin-arg-leaktrace-system (not
// counted).
#ifndef VENDOR_WIDGET_H
#define VENDOR_WIDGET_H

namespace vendor {
class Widget {
public:
  Widget() : Id(++Created) {}
  Widget(const Widget &O) : Id(O.Id) {}
  ~Widget() { --Created; }

private:
  static inline int Created = 0;
  int Id;
};
} // namespace vendor

#endif
