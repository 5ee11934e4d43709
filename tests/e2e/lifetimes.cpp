// End-to-end: compiled with the plugin and run with LEAKTRACE_REPORT=exit;
// the report must equal lifetimes.expected exactly.
#include "lifetimes.h"

#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace life {

Widget::Widget() : Widget(0) {}
Widget::Widget(int N) : S(std::to_string(N)) {}
Widget::Widget(const Widget &Other) : S(Other.S) {}
Widget::~Widget() = default;

Base::Base(std::string B) : B(std::move(B)) {}
Base::~Base() = default;
Inheriting::~Inheriting() = default;

VBase::VBase() : V("v") {}
VBase::~VBase() = default;
Left::Left() = default;
Left::~Left() = default;
Right::Right() = default;
Right::~Right() = default;
Diamond::Diamond() = default;
Diamond::~Diamond() = default;

TryBlock::TryBlock(bool Fail) try : S("try") {
  if (Fail)
    throw std::runtime_error("TryBlock failed");
} catch (...) {
  // A function-try-block handler of a constructor always rethrows.
}
TryBlock::~TryBlock() = default;

Thrower::Thrower() : S("thrower") { throw std::runtime_error("Thrower"); }
Thrower::~Thrower() = default;

StaticLeak::StaticLeak() : S("static") {}
StaticLeak::~StaticLeak() = default;

} // namespace life

namespace {
class Impl {
public:
  Impl() : S("impl") {}
  ~Impl() {}

private:
  std::string S;
};
} // namespace

using namespace life;

// Built before main and destroyed after it: counted, and absent at exit.
static StaticLeak Survivor;
// Built before main and never destroyed: present at exit.
static StaticLeak *Leaked = new StaticLeak;

int main() {
  // Balanced: nothing of this outlives the block.
  {
    std::vector<Widget> Ws(10);
    std::vector<Widget> Copy = Ws;
    Copy.push_back(Widget(7));
    Inheriting I("i");
    Diamond D;
    Box<int> B;
    Box<std::string> BS;
    TryBlock T(false);
    Impl Im;
    std::unique_ptr<Base> P = std::make_unique<Inheriting>("p");
    auto Shared = std::make_shared<Diamond>();
  }
  for (int I = 0; I < 3; ++I) {
    try {
      TryBlock T(true);
    } catch (const std::exception &) {
    }
    try {
      Thrower Th;
    } catch (const std::exception &) {
    }
  }

  // Leaks, by type: the report must show exactly these.
  new Widget;                  // life::Widget +1 (delegating constructor)
  new Inheriting("leak");      // life::Inheriting +1 (CI1)
  new Diamond;                 // life::Diamond +1 (virtual bases)
  new Box<int>;                // life::Box<int> +2
  new Box<int>;
  new TryBlock(false);         // life::TryBlock +1
  new Impl;                    // (anonymous namespace)::Impl +1, this file's
  leakOtherImpls();            // (anonymous namespace)::Impl +2, the other's
  std::thread([] {             // life::Widget +3, from a thread that exits
    for (int I = 0; I < 3; ++I)
      new Widget(I);
  }).join();
  // Built on one thread, destroyed on another: balanced.
  Widget *Moved = new Widget(42);
  std::thread([Moved] { delete Moved; }).join();
  (void)Leaked;
  return 0;
}
