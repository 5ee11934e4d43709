// The runner's JSON writer (runner/core/JsonWriter.h): commas, nesting and
// escapes, checked byte for byte and by parsing the output back with LLVM's
// JSON parser.
#include "JsonWriter.h"

#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

using leaktrace::runner::JsonWriter;

namespace {

TEST(JsonWriter, NestingAndCommas) {
  std::string Out;
  JsonWriter W(Out);
  W.object([&] {
    W.attribute("event", "iteration");
    W.attribute("ran", 3);
    W.attributeBegin("seconds");
    W.rawValue("0.250");
    W.attributeArray("counts", [&] {
      W.object([&] {
        W.attribute("type", std::string("A"));
        W.attribute("insts", -1L);
      });
      W.object([&] { W.attribute("refs", 18446744073709551615ULL); });
    });
    W.attributeArray("empty", [] {});
    W.attributeObject("fates", [&] { W.attribute("cycle", true); });
    W.attributeArray("run", [&] {
      W.value(1u);
      W.value(2u);
    });
  });
  EXPECT_EQ(Out, R"({"event":"iteration","ran":3,"seconds":0.250,)"
                 R"("counts":[{"type":"A","insts":-1},)"
                 R"({"refs":18446744073709551615}],"empty":[],)"
                 R"("fates":{"cycle":true},"run":[1,2]})");
  EXPECT_TRUE(bool(llvm::json::parse(Out)));
}

TEST(JsonWriter, EscapesWhatJsonMust) {
  std::string Out;
  JsonWriter W(Out);
  std::string Name = "a\"b\\c\nd\te\rf";
  Name += '\x01';
  Name += '\0';
  Name += "g";
  W.array([&] { W.value(Name); });
  EXPECT_EQ(Out, "[\"a\\\"b\\\\c\\nd\\te\\rf\\u0001\\u0000g\"]");
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Out);
  ASSERT_TRUE(bool(V));
  EXPECT_EQ((*V->getAsArray())[0].getAsString()->str(), Name);
}

TEST(JsonWriter, AppendsToTheCallersString) {
  std::string Out = "prefix ";
  JsonWriter W(Out);
  W.object([] {});
  EXPECT_EQ(Out, "prefix {}");
}

} // namespace
