// leaktrace watch's renderers (tool/Watch.h) on a record made by hand.
#include "Watch.h"

#include <gtest/gtest.h>

using namespace leaktrace;

namespace {

/// Two samples 1 s apart: Widget 1 then 3 objects, a type whose name needs
/// escaping with 2 handles throughout; Widget grows.
WatchRecord record() {
  WatchRecord R;
  R.Command = {"./server"};
  R.Pid = 42;
  R.Every = 1;
  R.Ended = "interrupted";
  WatchRecord::Step A, B;
  A.Seconds = 0;
  A.Changed["app::Widget"] = {1, 0, 0};
  A.Changed["ns::Odd<\"q\\\">"] = {0, 2, 0};
  B.Seconds = 1;
  B.Changed["app::Widget"] = {3, 0, 0};
  R.Steps = {A, B};
  R.Last = {{"app::Widget", {3, 0, 0}}, {"ns::Odd<\"q\\\">", {0, 2, 0}}};
  GrowingType G;
  G.Type = "app::Widget";
  G.Start = 1;
  G.End = 3;
  G.PerMinute = 120;
  R.Growing = {G};
  return R;
}

TEST(WatchReport, SeriesFollowTheChanges) {
  WatchRecord R = record();
  EXPECT_EQ(R.series("app::Widget"), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(R.series("ns::Odd<\"q\\\">"), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(R.series("absent"), (std::vector<int64_t>{0, 0}));
}

TEST(WatchReport, PrometheusEscapesLabelValues) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writePrometheus(OS, record());
  EXPECT_NE(Out.find("leaktrace_live_objects{pid=\"42\",type=\"app::Widget\"} "
                     "3\n"),
            std::string::npos)
      << Out;
  // A quote and a backslash in a name are escaped, as the format wants.
  EXPECT_NE(Out.find("leaktrace_live_handles{pid=\"42\",type=\"ns::Odd<\\\"q"
                     "\\\\\\\">\"} 2\n"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("leaktrace_growing_per_minute{pid=\"42\",type=\"app::"
                     "Widget\"} 120.000\n"),
            std::string::npos)
      << Out;
  // No objects line for a type with handles only.
  EXPECT_EQ(Out.find("leaktrace_live_objects{pid=\"42\",type=\"ns::Odd"),
            std::string::npos);
}

TEST(WatchReport, JsonHoldsSamplesAndGrowth) {
  llvm::json::Value V = watchToJSON(record(), nullptr);
  const llvm::json::Object &O = *V.getAsObject();
  EXPECT_EQ(O.getString("schema"), "leaktrace-watch/1");
  EXPECT_EQ(O.getString("ended"), "interrupted");
  const llvm::json::Array &Samples = *O.getArray("samples");
  ASSERT_EQ(Samples.size(), 2u);
  const llvm::json::Object &Second = *Samples[1].getAsObject();
  EXPECT_EQ(Second.getNumber("seconds"), 1.0);
  // Only what changed: Widget.
  EXPECT_EQ(Second.getObject("counts")->size(), 1u);
  const llvm::json::Object &G = *(*O.getArray("growing"))[0].getAsObject();
  EXPECT_EQ(G.getString("type"), "app::Widget");
  EXPECT_EQ(G.getInteger("start"), 1);
  EXPECT_EQ(G.getInteger("end"), 3);
  EXPECT_EQ(G.getNumber("per_minute"), 120.0);
}

TEST(WatchReport, SummarySaysWhatGrewAndWhy) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printWatchSummary(OS, record(), nullptr);
  EXPECT_EQ(Out,
            "Watched ./server (pid 42) for 1.0 seconds: 2 samples, every "
            "1.000 s; interrupted.\n"
            "Growing: types whose floor (the fewest alive in a window of 60.0 "
            "s) rose in each of the last 3 windows or more:\n"
            "  app::Widget: 1 at the start, 3 at the end, +120.0 per minute "
            "since 0.0 s\n"
            "Sampling cost the program 0.000 s of CPU (0.00% of one core).\n");
}

} // namespace
