// Cache tests: a class template instantiated for several key and value
// types, including shared handles to user classes.
#include "model.h"

#include <gtest/gtest.h>

namespace workload {
namespace {

constexpr int kLookups = 6000;

// How each cache type makes keys and values.
template <class K, class V> struct Cached {
  using Cache = LruCache<K, V>;
  static K key(int I);
  static V make(const K &Key);
};

template <> std::string Cached<int, std::string>::make(const int &K) {
  return "value of " + std::to_string(K);
}
template <> int Cached<int, std::string>::key(int I) { return I; }

template <> std::string Cached<std::string, std::string>::key(int I) {
  return "key-" + std::to_string(I);
}
template <>
std::string Cached<std::string, std::string>::make(const std::string &K) {
  return K + K;
}

template <> std::string Cached<std::string, Customer>::key(int I) {
  return "C" + std::to_string(I);
}
template <> Customer Cached<std::string, Customer>::make(const std::string &K) {
  Customer C(K, "name of " + K);
  C.set("source", "cache");
  return C;
}

template <> int Cached<int, std::shared_ptr<Product>>::key(int I) { return I; }
template <>
std::shared_ptr<Product>
Cached<int, std::shared_ptr<Product>>::make(const int &K) {
  return std::make_shared<Product>("P" + std::to_string(K), "product", K,
                                   std::vector<std::string>{"cached"});
}

template <class T> class CacheTest : public ::testing::Test {};
using CacheTypes =
    ::testing::Types<Cached<int, std::string>, Cached<std::string, std::string>,
                     Cached<std::string, Customer>,
                     Cached<int, std::shared_ptr<Product>>>;
TYPED_TEST_SUITE(CacheTest, CacheTypes);

TYPED_TEST(CacheTest, HitsAfterAMiss) {
  typename TypeParam::Cache C(kLookups);
  for (int I = 0; I < kLookups / 2; ++I)
    C.get(TypeParam::key(I), TypeParam::make);
  for (int I = 0; I < kLookups / 2; ++I)
    C.get(TypeParam::key(I), TypeParam::make);
  EXPECT_EQ(C.misses(), size_t(kLookups / 2));
  EXPECT_EQ(C.hits(), size_t(kLookups / 2));
}

TYPED_TEST(CacheTest, EvictsTheLeastRecentlyUsed) {
  typename TypeParam::Cache C(100);
  for (int I = 0; I < kLookups; ++I) {
    C.get(TypeParam::key(I), TypeParam::make);
    C.get(TypeParam::key(0), TypeParam::make); // keeps 0 recent
  }
  EXPECT_TRUE(C.contains(TypeParam::key(0)));
  EXPECT_FALSE(C.contains(TypeParam::key(1)));
  EXPECT_TRUE(C.contains(TypeParam::key(kLookups - 1)));
}

TYPED_TEST(CacheTest, NeverExceedsItsCapacity) {
  for (size_t Capacity : {1, 10, 500}) {
    typename TypeParam::Cache C(Capacity);
    for (int I = 0; I < kLookups / 3; ++I) {
      C.get(TypeParam::key(I * 7 % 1000), TypeParam::make);
      ASSERT_LE(C.size(), Capacity);
    }
  }
}

TYPED_TEST(CacheTest, SkewedKeysMostlyHit) {
  typename TypeParam::Cache C(64);
  Generator G(7);
  for (int I = 0; I < kLookups; ++I)
    C.get(TypeParam::key(std::min(G.number(0, 1000), G.number(0, 1000)) / 8),
          TypeParam::make);
  EXPECT_GT(C.hits(), C.misses());
}

// The last customer each capacity test saw, kept for diagnostics and never
// trimmed: with the opt-in leak (model.h) only.
std::vector<Customer> &seenTrail() {
  static std::vector<Customer> Trail;
  return Trail;
}

// The capacity sweep: one cache of customers per capacity.
class CacheCapacityTest : public ::testing::TestWithParam<size_t> {
protected:
  using Fill = Cached<std::string, Customer>;
};

TEST_P(CacheCapacityTest, KeepsTheMostRecent) {
  Fill::Cache C(GetParam());
  for (int I = 0; I < kLookups / 2; ++I)
    C.get(Fill::key(I), Fill::make);
  EXPECT_EQ(C.size(), std::min<size_t>(GetParam(), kLookups / 2));
  for (int I = kLookups / 2 - 1;
       I >= 0 && size_t(kLookups / 2 - I) <= GetParam(); --I)
    EXPECT_TRUE(C.contains(Fill::key(I)));
}

TEST_P(CacheCapacityTest, ValuesAreWhatMakeReturned) {
  Fill::Cache C(GetParam());
  for (int I = 0; I < kLookups / 2; ++I) {
    const Customer &Got = C.get(Fill::key(I % 300), Fill::make);
    EXPECT_EQ(Got.id(), Fill::key(I % 300));
    EXPECT_EQ(Got.get("source"), "cache");
    if (leakOn() && I == kLookups / 2 - 1)
      seenTrail().push_back(Got);
  }
}

TEST_P(CacheCapacityTest, CountsHitsAndMisses) {
  Fill::Cache C(GetParam());
  for (int I = 0; I < kLookups / 2; ++I)
    C.get(Fill::key(I % 200), Fill::make);
  EXPECT_EQ(C.hits() + C.misses(), size_t(kLookups / 2));
  if (GetParam() >= 200)
    EXPECT_EQ(C.misses(), 200u);
}

INSTANTIATE_TEST_SUITE_P(Capacities, CacheCapacityTest,
                         ::testing::Values(1, 2, 4, 8, 16, 32, 64, 128, 199,
                                           200, 256, 1000));

} // namespace
} // namespace workload
