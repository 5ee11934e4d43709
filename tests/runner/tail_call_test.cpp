// Creation sites of objects whose counting call would be the test's last
// call: at -O2 the constructor is inlined into the test body and the
// runtime's hook after it ends the function, a tail call unless the plugin
// forbids it. As a tail call its return address is in GoogleTest, and the
// site showed GoogleTest's frames instead of the constructor and the test.
// Under `leaktrace -N4 -r` at -O2 both sites name the maker and the test:
// an Orphan (counted by its constructor) and a Stray (its destructor is
// trivial: counted by the new-expression, in the test body itself; made
// default-initialised, so that no store of its member follows the count).

#include <gtest/gtest.h>

class Orphan {
public:
  Orphan() {}
  ~Orphan() {}
};

struct Stray {
  int Id;
};

TEST(Lost, Orphan) { new Orphan(); }

TEST(Lost, Stray) { new Stray; }
