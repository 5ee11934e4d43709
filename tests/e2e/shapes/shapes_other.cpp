#include "shapes.h"

namespace shapes {
Fd::~Fd() {}
Fd makeFd(int F) {
  Fd Local(F);
  return Local; // a copy or move, or elided: each built object is counted
}
} // namespace shapes
