// A library class seen through a header. The lit test includes this
// directory once with -isystem (a system header: not counted) and once with
// -I (a user header: counted).
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
