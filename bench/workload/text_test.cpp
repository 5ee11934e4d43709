// Text index tests: maps of words to postings, strings everywhere.
#include "model.h"

#include <gtest/gtest.h>

#include <set>

namespace workload {
namespace {

constexpr size_t kDocs = 60;
constexpr int kWordsPerDoc = 120;

class TextTest : public ::testing::TestWithParam<unsigned> {
protected:
  void SetUp() override {
    Generator G(GetParam());
    for (size_t I = 0; I < kDocs; ++I) {
      Docs.emplace_back("doc" + std::to_string(I), G.sentence(kWordsPerDoc));
      Index.add(Docs.back().first, Docs.back().second);
    }
  }
  std::vector<std::pair<std::string, std::string>> Docs;
  TextIndex Index;
};

TEST_P(TextTest, QueryFindsDocumentsWithEveryWord) {
  std::vector<std::string> First = tokenize(Docs.front().second);
  for (size_t I = 0; I + 1 < First.size(); I += 7) {
    std::vector<std::string> Words = {First[I], First[I + 1]};
    std::vector<std::string> Hits = Index.query(Words);
    std::vector<std::string> Expected;
    for (const auto &[Name, Text] : Docs) {
      std::vector<std::string> T = tokenize(Text);
      std::set<std::string> In(T.begin(), T.end());
      if (In.count(Words[0]) && In.count(Words[1]))
        Expected.push_back(Name);
    }
    std::sort(Expected.begin(), Expected.end());
    EXPECT_EQ(Hits, Expected);
  }
}

TEST_P(TextTest, OccurrencesMatchTheTokens) {
  std::map<std::string, size_t> Counts;
  for (const auto &[Name, Text] : Docs)
    for (const std::string &W : tokenize(Text))
      ++Counts[W];
  EXPECT_EQ(Index.terms(), Counts.size());
  for (const auto &[W, N] : Counts)
    EXPECT_EQ(Index.occurrences(W), N) << W;
}

TEST_P(TextTest, TokenizeLowercasesAndSplits) {
  for (const auto &[Name, Text] : Docs) {
    std::string Shouted;
    for (char C : Text)
      Shouted +=
          C == ' ' ? ',' : char(std::toupper(static_cast<unsigned char>(C)));
    EXPECT_EQ(tokenize(Shouted), tokenize(Text));
  }
}

TEST_P(TextTest, UnknownWordsFindNothing) {
  EXPECT_TRUE(Index.query({"zzzzzzzzzzzz"}).empty());
  EXPECT_EQ(Index.occurrences("zzzzzzzzzzzz"), 0u);
  std::vector<std::string> Words = tokenize(Docs[1].second);
  Words.push_back("zzzzzzzzzzzz");
  EXPECT_TRUE(Index.query(Words).empty());
}

INSTANTIATE_TEST_SUITE_P(Seeds, TextTest, ::testing::Range(0u, 14u));

} // namespace
} // namespace workload
