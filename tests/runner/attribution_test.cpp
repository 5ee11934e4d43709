// Which test leaks: two tests leak different types (one through a
// function-local static, one through a shared_ptr kept in a global), one
// warms a lazy static on its first run, the rest are clean; a fixture's
// SetUpTestSuite, which GoogleTest runs once per run of the tests, keeps one
// more Ledger each time. Under `leaktrace -N 4 -r -v` the leak summary names
// exactly the two leaking tests under exactly their types, the Ledger's
// growth as outside the tests, and the warming and clean tests nowhere.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace orders {

class Order {
public:
  explicit Order(int Id) : Id(Id) {}
  ~Order() { Id = -1; }
  int Id;
};

class Session {
public:
  Session() {}
  ~Session() {}
};

class Ledger {
public:
  Ledger() {}
  ~Ledger() {}
};

/// Built on first use, with three orders: what a warming test touches.
class Catalog {
public:
  Catalog() {
    for (int I = 0; I < 3; ++I)
      Items.emplace_back(100 + I);
  }
  ~Catalog() {}
  size_t size() const { return Items.size(); }

private:
  std::vector<Order> Items;
};

} // namespace orders

namespace {

std::vector<orders::Order> &history() {
  static std::vector<orders::Order> History;
  return History;
}

std::vector<std::shared_ptr<orders::Session>> Sessions;

const orders::Catalog &catalog() {
  static orders::Catalog C;
  return C;
}

std::vector<std::unique_ptr<orders::Ledger>> Ledgers;

class Books : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Ledgers.push_back(std::make_unique<orders::Ledger>());
  }
};

} // namespace

TEST_F(Books, Balanced) { EXPECT_FALSE(Ledgers.empty()); }

TEST(Orders, LeaksOrder) {
  history().emplace_back(1);
  EXPECT_FALSE(history().empty());
}

TEST(Orders, LeaksSession) {
  Sessions.push_back(std::make_shared<orders::Session>());
  EXPECT_FALSE(Sessions.empty());
}

TEST(Orders, WarmsCatalog) { EXPECT_EQ(catalog().size(), 3u); }

TEST(Orders, Clean) {
  orders::Order O(2);
  auto S = std::make_shared<orders::Session>();
  auto Copy = S;
  EXPECT_EQ(O.Id, 2);
}

TEST(Orders, CleanToo) {
  std::vector<orders::Order> Local;
  Local.emplace_back(3);
  EXPECT_EQ(Local.size(), 1u);
}
