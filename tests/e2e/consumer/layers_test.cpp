#include <leaktrace/layers.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace consumer {
class Record {
public:
  Record() : Text("r") {}
  ~Record() {}

private:
  std::string Text;
};

struct Database : leaktrace::Layer {
  Database() : Layer("consumer.Database") {}
  void setUp() override { Rows.assign(3, Record()); }
  void tearDown() override { Rows.clear(); }
  std::vector<Record> Rows;
};

std::vector<Record *> Cache;
class DatabaseTest : public ::testing::Test {};
} // namespace consumer

using consumer::DatabaseTest;
LEAKTRACE_TEST_LAYER(DatabaseTest, consumer::Database);

TEST_F(DatabaseTest, Balanced) { consumer::Record R; }
TEST_F(DatabaseTest, Caches) { consumer::Cache.push_back(new consumer::Record); }
