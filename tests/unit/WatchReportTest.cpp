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

// --- a live program's recording, named (nameRecording) ------------------------

/// A recording as the control socket's "scan" answers it (recording.h) for
/// a pool's type of an anonymous namespace, counted in two files (two
/// slots, a census entry each): 30 objects made in the window, each over
/// the last one in its slot, 10 of them alive at its end and 20 made over
/// since; 64 slots really alive at the window's start (40 + 24) and at its
/// end. No frame has a module, so nothing needs symbolising.
const char *PoolRecording =
    R"({"sites":[{"type":"(anonymous namespace)::Pooled","objects":30,)"
    R"("frames":[],"fates":{"replacing":10,"reused":20}}],)"
    R"("scan":{"heap":1,"threads":2,"threads_missed":0,"blocks":5,)"
    R"("bytes":100,"unlisted":0},)"
    R"("census":[{"type":"(anonymous namespace)::Pooled","live_start":40,)"
    R"("live_end":40,"ended_start":0,"ended_end":0,"replaced":20},)"
    R"({"type":"(anonymous namespace)::Pooled","live_start":24,)"
    R"("live_end":24,"ended_start":0,"ended_end":0,"replaced":10}],)"
    R"("paths":[]})";

TEST(WatchReport, RecordingCensusSumsTheSlotsOfOneName) {
  llvm::Expected<llvm::json::Value> J = llvm::json::parse(PoolRecording);
  ASSERT_TRUE(bool(J)) << llvm::toString(J.takeError());
  llvm::Expected<SitesOfRun> Named =
      nameRecording(*J->getAsObject(), {"(anonymous namespace)::Pooled"},
                    "watch", "/nonexistent", DefaultSiteFrames);
  ASSERT_TRUE(bool(Named)) << llvm::toString(Named.takeError());
  ASSERT_TRUE(Named->Scanned);
  EXPECT_EQ(Named->NoHeap, "");
  const TypeRetention &T =
      Named->Retention["watch"]["(anonymous namespace)::Pooled"];
  EXPECT_EQ(T.Count.LiveStart, 64);
  EXPECT_EQ(T.Count.LiveEnd, 64);
  EXPECT_EQ(T.Count.Replaced, 30);
  EXPECT_EQ(T.Of[Fate::Replacing], 10);
  EXPECT_EQ(T.Of[Fate::Reused], 20);
  EXPECT_TRUE(T.endedOnly());
  ASSERT_EQ(Named->ByLayer["watch"].size(), 1u);
  EXPECT_EQ(Named->ByLayer["watch"][0].Objects, 30);

  // The summary calls it no leak, in the census' words: 20 of the window's
  // objects made over, and the replaced 30 less those 20 made over older
  // ones of their type.
  WatchRecord R = record();
  R.Growing[0].Type = "(anonymous namespace)::Pooled";
  WatchRecord::SitesWindow &W = R.Sites["(anonymous namespace)::Pooled"];
  W.From = 1;
  W.To = 2;
  W.Sites = Named->ByLayer["watch"];
  W.Retention = T;
  EXPECT_TRUE(R.endsWithoutDestructor("(anonymous namespace)::Pooled"));
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printWatchSummary(OS, R, nullptr);
  EXPECT_NE(Out.find("    the window left 30: 10 alive, each made over an "
                     "older one of its type in the same storage (no more "
                     "than before), 20 ended without their destructor (made "
                     "over by another of their type)\n"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("    not a leak: its objects end without their "
                     "destructor (the window: 64 really alive before it, 64 "
                     "after; 20 ended without their destructor (made over by "
                     "another of their type), 10 made over older ones of "
                     "their type, which ended so)\n"),
            std::string::npos)
      << Out;
  EXPECT_EQ(Out.find("the leak"), std::string::npos) << Out;
}

TEST(WatchReport, HandlesThatGrowAreALeakWhateverTheObjects) {
  // The pool's census says no more objects are really alive, but its
  // handles (refs) went from 0 to 5 over the window (1 s to 2 s): a leak of
  // handles, as a test run judges it.
  llvm::Expected<llvm::json::Value> J = llvm::json::parse(PoolRecording);
  ASSERT_TRUE(bool(J));
  llvm::Expected<SitesOfRun> Named =
      nameRecording(*J->getAsObject(), {"(anonymous namespace)::Pooled"},
                    "watch", "/nonexistent", DefaultSiteFrames);
  ASSERT_TRUE(bool(Named));
  WatchRecord R = record();
  const std::string Pooled = "(anonymous namespace)::Pooled";
  WatchRecord::Step C;
  C.Seconds = 2;
  C.Changed[Pooled] = {64, 5, 0};
  R.Steps[1].Changed[Pooled] = {64, 0, 0};
  R.Steps.push_back(C);
  R.Growing[0].Type = Pooled;
  WatchRecord::SitesWindow &W = R.Sites[Pooled];
  W.From = 1;
  W.To = 2;
  W.Retention = Named->Retention["watch"][Pooled];
  ASSERT_TRUE(W.Retention->endedOnly());
  EXPECT_FALSE(R.endsWithoutDestructor(Pooled));
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printWatchSummary(OS, R, nullptr);
  EXPECT_EQ(Out.find("not a leak"), std::string::npos) << Out;
  // The same handles over a window that ends before they grew: no leak.
  W.To = 1.5;
  EXPECT_TRUE(R.endsWithoutDestructor(Pooled));
}

TEST(WatchReport, MalformedRecordingIsAnError) {
  llvm::json::Object NoSites{{"paths", llvm::json::Array{}}};
  llvm::Expected<SitesOfRun> Named =
      nameRecording(NoSites, {"T"}, "watch", "/nonexistent", 8);
  ASSERT_FALSE(bool(Named));
  EXPECT_EQ(llvm::toString(Named.takeError()),
            "the program sent a malformed recording");
}

} // namespace
