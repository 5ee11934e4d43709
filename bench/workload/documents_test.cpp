// Document tests: trees of shared nodes with weak parent links, parsed from
// and written back to strings.
#include "model.h"

#include <gtest/gtest.h>

namespace workload {
namespace {

constexpr int kDepth = 5;
constexpr int kFanout = 4;

// Nodes bookmarked by tests, in a global list nobody clears: with the opt-in
// leak (model.h) only.
std::vector<std::shared_ptr<Node>> &bookmarks() {
  static std::vector<std::shared_ptr<Node>> Marks;
  return Marks;
}

class DocumentTest : public ::testing::TestWithParam<unsigned> {
protected:
  void SetUp() override {
    Markup = makeMarkup(GetParam(), kDepth, kFanout);
    Root = parse(Markup);
  }
  std::string Markup;
  std::shared_ptr<Node> Root;
};

TEST_P(DocumentTest, RoundTrips) {
  std::string Written = serialize(*Root);
  std::shared_ptr<Node> Again = parse(Written);
  EXPECT_EQ(serialize(*Again), Written);
  EXPECT_EQ(countNodes(*Again), countNodes(*Root));
}

TEST_P(DocumentTest, CloneIsDeep) {
  std::shared_ptr<Node> Copy = Root->clone();
  EXPECT_EQ(serialize(*Copy), serialize(*Root));
  for (const auto &N : findAll(Copy, "para"))
    N->text() += " (edited)";
  for (const auto &N : findAll(Root, "para"))
    EXPECT_EQ(N->text().find("(edited)"), std::string::npos);
}

TEST_P(DocumentTest, FindAllCoversEveryNode) {
  size_t Found = 0;
  for (const char *Tag :
       {"section", "para", "list", "item", "table", "row", "cell", "note"})
    for (const auto &N : findAll(Root, Tag)) {
      EXPECT_EQ(N->tag(), Tag);
      ++Found;
    }
  EXPECT_EQ(Found, countNodes(*Root));
}

TEST_P(DocumentTest, ParentsAreWeak) {
  std::vector<std::shared_ptr<Node>> Leaves;
  for (const auto &N : findAll(Root, "item"))
    if (N->children().empty())
      Leaves.push_back(N);
  for (const auto &L : Leaves)
    EXPECT_TRUE(L->parent());
  if (leakOn()) {
    // The first leaf: the root always has children (kDepth > 0), so the
    // bookmark keeps a leaf and no parent (parent links are weak).
    std::shared_ptr<Node> Leaf = Root;
    while (!Leaf->children().empty())
      Leaf = Leaf->children().front();
    bookmarks().push_back(Leaf);
  }
  std::weak_ptr<Node> WeakRoot = Root;
  Root.reset();
  EXPECT_TRUE(WeakRoot.expired());
  for (const auto &L : Leaves)
    EXPECT_FALSE(L->parent());
}

TEST_P(DocumentTest, AttributesSurviveTheRoundTrip) {
  std::shared_ptr<Node> Again = parse(serialize(*Root));
  std::vector<std::shared_ptr<Node>> A = findAll(Root, "cell"),
                                     B = findAll(Again, "cell");
  ASSERT_EQ(A.size(), B.size());
  for (size_t I = 0; I < A.size(); ++I)
    EXPECT_EQ(A[I]->attrs(), B[I]->attrs());
}

TEST_P(DocumentTest, RejectsTruncatedMarkup) {
  for (size_t Cut : {Markup.size() / 3, Markup.size() / 2, Markup.size() - 1})
    EXPECT_THROW(parse(Markup.substr(0, Cut)), std::runtime_error) << Cut;
}

INSTANTIATE_TEST_SUITE_P(Seeds, DocumentTest, ::testing::Range(0u, 14u));

} // namespace
} // namespace workload
