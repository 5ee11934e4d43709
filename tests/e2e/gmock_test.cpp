// A GoogleTest + gMock suite linked the documented way (leaktrace's layer
// runner, Debian's prebuilt, uninstrumented libgmock): EXPECT_CALL, ON_CALL,
// InSequence, NiceMock and StrictMock, Expectation objects, matchers on
// strings, and mocked methods that take handles of the program's own types.
// The Mocks tests leave nothing behind: every iteration after the first must
// show change=0 and no table row. Leaky.keepsEntriesAndOrphans leaks one
// gm::Entry with its owning handle and one gm::Orphan per run: +1 insts and
// +1 refs of Entry and +1 insts of Orphan per iteration, nothing else.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gm {

class Entry {
public:
  explicit Entry(std::string Name) : Name(std::move(Name)) {}
  ~Entry() {}
  std::string Name;
};

class Orphan {
public:
  explicit Orphan(std::string Name) : Name(std::move(Name)) {}
  ~Orphan() {}
  std::string Name;
};

class Store {
public:
  virtual ~Store() = default;
  virtual std::string get(const std::string &Key) = 0;
  virtual void put(const std::string &Key, int Value) = 0;
  virtual void keep(std::shared_ptr<Entry> E) = 0;
};

class MockStore : public Store {
public:
  MOCK_METHOD(std::string, get, (const std::string &Key), (override));
  MOCK_METHOD(void, put, (const std::string &Key, int Value), (override));
  MOCK_METHOD(void, keep, (std::shared_ptr<Entry> E), (override));
};

// Code under test: reads through a Store and keeps what it read.
class Cache {
public:
  explicit Cache(Store &S) : S(S) {}
  ~Cache() {}
  const Entry &lookup(const std::string &Key) {
    std::shared_ptr<Entry> &E = Entries[Key];
    if (!E) {
      E = std::make_shared<Entry>(S.get(Key));
      S.keep(E);
    }
    return *E;
  }

private:
  Store &S;
  std::map<std::string, std::shared_ptr<Entry>> Entries;
};

std::vector<std::shared_ptr<Entry>> Kept; // grows: the leak

} // namespace gm

using namespace gm;
using ::testing::_;
using ::testing::Eq;
using ::testing::Expectation;
using ::testing::Gt;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::Invoke;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::StartsWith;
using ::testing::StrEq;
using ::testing::StrictMock;

TEST(Mocks, expectCallWithStringMatchers) {
  StrictMock<MockStore> S;
  EXPECT_CALL(S, get(StrEq("alpha"))).WillOnce(Return("1"));
  EXPECT_CALL(S, get(HasSubstr("et"))).WillRepeatedly(Return("2"));
  EXPECT_EQ(S.get("alpha"), "1");
  EXPECT_EQ(S.get("beta"), "2");
  EXPECT_EQ(S.get("metal"), "2");
}

TEST(Mocks, onCallDefaults) {
  NiceMock<MockStore> N;
  ON_CALL(N, get(_)).WillByDefault(Return("default"));
  ON_CALL(N, get(StartsWith("x"))).WillByDefault(Return("x"));
  EXPECT_EQ(N.get("a"), "default");
  EXPECT_EQ(N.get("xy"), "x");
  N.put("unexpected but nice", 3);
}

TEST(Mocks, inSequence) {
  MockStore S;
  {
    InSequence Seq;
    EXPECT_CALL(S, put("a", 1));
    EXPECT_CALL(S, put(Eq(std::string("b")), Gt(1))).Times(2);
  }
  S.put("a", 1);
  S.put("b", 2);
  S.put("b", 5);
}

TEST(Mocks, expectationObjects) {
  MockStore S;
  Expectation First = EXPECT_CALL(S, put("first", _));
  ::testing::ExpectationSet Both = First;
  Both += EXPECT_CALL(S, put("second", _));
  EXPECT_CALL(S, put("third", _)).After(Both);
  S.put("first", 1);
  S.put("second", 2);
  S.put("third", 3);
}

TEST(Mocks, handlesOfProgramTypes) {
  MockStore S;
  std::vector<std::shared_ptr<Entry>> Seen;
  EXPECT_CALL(S, keep(_)).Times(2).WillRepeatedly(
      Invoke([&](std::shared_ptr<Entry> E) { Seen.push_back(std::move(E)); }));
  S.keep(std::make_shared<Entry>("one"));
  auto Two = std::make_shared<Entry>("two");
  S.keep(Two);
  EXPECT_EQ(Seen.size(), 2u);
  EXPECT_EQ(Two.use_count(), 2);
}

TEST(Mocks, cacheUsesTheStore) {
  NiceMock<MockStore> S;
  EXPECT_CALL(S, get("k")).WillOnce(Return("v"));
  EXPECT_CALL(S, keep(_)).Times(1);
  Cache C(S);
  EXPECT_EQ(C.lookup("k").Name, "v");
  EXPECT_EQ(C.lookup("k").Name, "v");
}

TEST(Leaky, keepsEntriesAndOrphans) {
  Kept.push_back(std::make_shared<Entry>("kept"));
  new Orphan("orphan");
}
