// Catalog and order tests: maps of shared products, orders that share them,
// and a layer that owns a catalog for the tests that only read it.
#include "model.h"

#include <leaktrace/layers.h>

#include <gtest/gtest.h>

#include <numeric>
#include <set>

namespace workload {
namespace {

constexpr size_t kProducts = 300;
constexpr size_t kCustomers = 40;
constexpr size_t kOrders = 300;

class CatalogTest : public ::testing::TestWithParam<unsigned> {
protected:
  void SetUp() override {
    C = makeCatalog(GetParam(), kProducts);
    Orders = makeOrders(C, GetParam(), kCustomers, kOrders);
  }
  Catalog C;
  std::vector<Order> Orders;
};

TEST_P(CatalogTest, FindsEveryProduct) {
  std::vector<std::string> Skus = C.skus();
  ASSERT_EQ(Skus.size(), kProducts);
  for (const std::string &Sku : Skus) {
    std::shared_ptr<Product> P = C.find(Sku);
    ASSERT_TRUE(P);
    EXPECT_EQ(P->sku(), Sku);
  }
  EXPECT_FALSE(C.find("no such sku"));
}

TEST_P(CatalogTest, TagsIndexEveryProduct) {
  std::map<std::string, size_t> Expected;
  for (const std::string &Sku : C.skus())
    for (const std::string &Tag : C.find(Sku)->tags())
      ++Expected[Tag];
  for (const auto &[Tag, N] : Expected) {
    std::vector<std::shared_ptr<Product>> Tagged = C.tagged(Tag);
    EXPECT_EQ(Tagged.size(), N) << Tag;
    for (const auto &P : Tagged)
      EXPECT_NE(std::find(P->tags().begin(), P->tags().end(), Tag),
                P->tags().end());
  }
}

TEST_P(CatalogTest, OrderTotalsAddUp) {
  for (const Order &O : Orders) {
    long Sum = 0;
    for (const OrderLine &L : O.lines())
      Sum += L.item().price() * L.quantity();
    EXPECT_EQ(O.total(), Sum) << O.id();
  }
}

TEST_P(CatalogTest, ConsolidationKeepsTotals) {
  for (const Order &O : Orders) {
    Order Merged = O.consolidated();
    EXPECT_EQ(Merged.total(), O.total());
    std::set<std::string> Skus;
    for (const OrderLine &L : Merged.lines())
      EXPECT_TRUE(Skus.insert(L.item().sku()).second);
    EXPECT_LE(Merged.lines().size(), O.lines().size());
  }
}

TEST_P(CatalogTest, ReportRevenueMatchesOrders) {
  SalesReport R(Orders);
  long Sum = 0;
  for (const Order &O : Orders)
    Sum += O.total();
  EXPECT_EQ(R.revenue(), Sum);
  int Units = 0;
  for (const Order &O : Orders)
    for (const OrderLine &L : O.lines())
      Units += L.quantity();
  int Counted = 0;
  for (const auto &[Sku, N] : R.unitsBySku())
    Counted += N;
  EXPECT_EQ(Counted, Units);
}

TEST_P(CatalogTest, TopCustomersAreSorted) {
  SalesReport R(Orders);
  auto Top = R.topCustomers(10);
  ASSERT_FALSE(Top.empty());
  for (size_t I = 1; I < Top.size(); ++I)
    EXPECT_GE(Top[I - 1].second, Top[I].second);
  for (const auto &[Id, Amount] : R.byCustomer())
    EXPECT_LE(Amount, Top.front().second);
}

TEST_P(CatalogTest, ProductsOutliveTheCatalog) {
  std::vector<std::shared_ptr<const Product>> Held;
  for (const Order &O : Orders)
    for (const OrderLine &L : O.lines())
      Held.push_back(L.itemHandle());
  long Before = 0;
  for (const auto &P : Held)
    Before += P->price();
  C = Catalog();
  long After = 0;
  for (const auto &P : Held)
    After += P->price();
  EXPECT_EQ(Before, After);
  Orders.clear();
  for (const auto &P : Held)
    EXPECT_GE(P.use_count(), 1);
}

TEST_P(CatalogTest, RepricingIsSeenByOrders) {
  std::vector<long> Before;
  for (const Order &O : Orders)
    Before.push_back(O.total());
  for (const std::string &Sku : C.skus()) {
    auto P = C.find(Sku);
    P->reprice(P->price() * 2);
  }
  for (size_t I = 0; I < Orders.size(); ++I)
    EXPECT_EQ(Orders[I].total(), Before[I] * 2);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CatalogTest, ::testing::Range(0u, 12u));

// A catalog built once per layer set-up and shared by the tests in it.
struct CatalogLayer : leaktrace::Layer {
  CatalogLayer() : Layer("workload.SharedCatalog") {}
  void setUp() override {
    Shared = std::make_shared<Catalog>(makeCatalog(1234, 2000));
  }
  void tearDown() override { Shared.reset(); }
  std::shared_ptr<Catalog> Shared;
};

class SharedCatalogTest : public ::testing::TestWithParam<unsigned> {
protected:
  std::shared_ptr<Catalog> catalog() {
    return leaktrace::layer<CatalogLayer>().Shared;
  }
};

TEST_P(SharedCatalogTest, OrdersFromTheSharedCatalog) {
  std::shared_ptr<Catalog> C = catalog();
  ASSERT_TRUE(C);
  std::vector<Order> Orders = makeOrders(*C, GetParam(), 25, 200);
  SalesReport R(Orders);
  long Sum =
      std::accumulate(Orders.begin(), Orders.end(), 0L,
                      [](long S, const Order &O) { return S + O.total(); });
  EXPECT_EQ(R.revenue(), Sum);
}

TEST_P(SharedCatalogTest, CustomersKeepTheirAttributes) {
  std::vector<Order> Orders = makeOrders(*catalog(), GetParam(), 60, 200);
  for (const Order &O : Orders) {
    EXPECT_FALSE(O.buyer().get("city").empty());
    std::string Segment = O.buyer().get("segment");
    EXPECT_TRUE(Segment == "retail" || Segment == "trade") << Segment;
    EXPECT_TRUE(O.buyer().get("missing").empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, SharedCatalogTest, ::testing::Range(0u, 12u));

} // namespace
} // namespace workload

using workload::SharedCatalogTest;
LEAKTRACE_TEST_LAYER(SharedCatalogTest, workload::CatalogLayer);
