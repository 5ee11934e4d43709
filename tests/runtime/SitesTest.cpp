// Creation sites (runtime/sites.cpp), through the hooks themselves: which
// objects a recording keeps, and how it follows copies. LEAKTRACE_WATCH is
// set before the first count, as the tool sets it for a second run.

#include "leaktrace/leaktrace.h"

#include <gtest/gtest.h>

#include <execinfo.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

const bool WatchSet =
    setenv(LEAKTRACE_WATCH_VAR, "sites::Watched\nsites::Unused\n", 1) == 0;

__leaktrace_type Watched = {0, 0, "sites::Watched"};
__leaktrace_type Other = {0, 0, "sites::Other"};

// Objects are only addresses to the runtime.
char A, B, C, D, E;

// Each helper is a creation site of its own.
__attribute__((noinline)) void makeHere(const void *Object) {
  __leaktrace_construct(&Watched, Object);
}
__attribute__((noinline)) void makeThere(const void *Object) {
  __leaktrace_construct(&Watched, Object);
}
__attribute__((noinline)) void copyHere(const void *Object, const void *From) {
  __leaktrace_construct_copy(&Watched, Object, From);
}

// Makes an object, then takes backtrace() right after: its frames from the
// second on are the site's callers.
__attribute__((noinline)) int makeAndTrace(const void *Object, void **Trace,
                                           int Max) {
  __leaktrace_construct(&Watched, Object);
  int N = backtrace(Trace, Max);
  asm volatile("" : "+r"(N)::"memory"); // no tail call: this frame stays
  return N;
}

std::vector<leaktrace_site> sites() {
  std::vector<leaktrace_site> Out(leaktrace_sites(nullptr, 0));
  size_t N = leaktrace_sites(Out.data(), Out.size());
  EXPECT_EQ(N, Out.size());
  return Out;
}

int64_t liveWatched() {
  leaktrace_type_count Counts[64];
  size_t N = leaktrace_snapshot(Counts, 64);
  for (size_t I = 0; I < N && I < 64; ++I)
    if (strcmp(Counts[I].name, "sites::Watched") == 0)
      return Counts[I].insts;
  return -1;
}

class Sites : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_TRUE(WatchSet); }
  void TearDown() override { leaktrace_record_sites(0); }
};

TEST_F(Sites, OnlyWatchedTypesLeaveTheInlinePath) {
  EXPECT_EQ(leaktrace_watched_types(), 2u);
  __leaktrace_construct(&Other, &A);
  __leaktrace_construct(&Watched, &B);
  EXPECT_NE(Other.slot, 0u);   // the inline update can count it now
  EXPECT_EQ(Watched.slot, 0u); // every count comes to the hooks
  int64_t Before = liveWatched();
  __leaktrace_destruct(&Other, &A);
  __leaktrace_destruct(&Watched, &B);
  // Counted all the same.
  EXPECT_EQ(liveWatched(), Before - 1);
}

TEST_F(Sites, WhatIsLeftAliveByWhereItWasMade) {
  leaktrace_record_sites(1);
  makeHere(&A);
  makeThere(&B);
  makeThere(&C);
  __leaktrace_destruct(&Watched, &C);
  std::vector<leaktrace_site> S = sites();
  ASSERT_EQ(S.size(), 2u);
  EXPECT_STREQ(S[0].type, "sites::Watched");
  EXPECT_EQ(S[0].objects, 1);
  EXPECT_EQ(S[1].objects, 1);
  EXPECT_NE(S[0].frames[0], S[1].frames[0]);
  EXPECT_GT(S[0].depth, 1u); // the callers too
  __leaktrace_destruct(&Watched, &A);
  __leaktrace_destruct(&Watched, &B);
  EXPECT_EQ(sites().size(), 0u);
}

// The site's stack starts at the return address into the code that
// counted and is the unwinder's from there: what backtrace() gives.
TEST_F(Sites, ASiteIsItsMakersStackOutwards) {
  leaktrace_record_sites(1);
  void *Trace[LEAKTRACE_SITE_FRAMES];
  int N = makeAndTrace(&A, Trace, LEAKTRACE_SITE_FRAMES);
  std::vector<leaktrace_site> S = sites();
  ASSERT_EQ(S.size(), 1u);
  ASSERT_GE(N, 3);
  ASSERT_EQ(S[0].depth, uint32_t(N));
  // Frame 0 is in makeAndTrace, before the call of backtrace().
  EXPECT_LT(S[0].frames[0], Trace[0]);
  EXPECT_GT(S[0].frames[0],
            static_cast<const char *>(Trace[0]) - 64);
  for (int I = 1; I < N; ++I)
    EXPECT_EQ(S[0].frames[I], Trace[I]) << "frame " << I;
  __leaktrace_destruct(&Watched, &A);
}

TEST_F(Sites, NotRecordingRecordsNothing) {
  makeHere(&A);
  leaktrace_record_sites(1);
  // Made before recording: its end is no site's business.
  __leaktrace_destruct(&Watched, &A);
  EXPECT_EQ(sites().size(), 0u);
  leaktrace_record_sites(0);
  makeHere(&B);
  EXPECT_EQ(sites().size(), 0u);
  __leaktrace_destruct(&Watched, &B);
}

TEST_F(Sites, ACopyThatTookOverFromAnOlderObjectIsNoNewObject) {
  makeHere(&A); // an element made before recording
  makeHere(&D); // another, that stays
  leaktrace_record_sites(1);
  // A vector grows: the element is copied, the original destroyed.
  copyHere(&B, &A);
  __leaktrace_destruct(&Watched, &A);
  EXPECT_EQ(sites().size(), 0u);
  // A copy of an older object that is still alive is a new object.
  copyHere(&C, &D);
  std::vector<leaktrace_site> S = sites();
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].objects, 1);
  for (const char *Object : {&B, &C, &D})
    __leaktrace_destruct(&Watched, Object);
}

TEST_F(Sites, ACopyThatTookOverKeepsTheFirstSite) {
  leaktrace_record_sites(1);
  makeHere(&A);
  std::vector<leaktrace_site> First = sites();
  ASSERT_EQ(First.size(), 1u);
  // Moved twice (a temporary into a vector, the vector grows), the
  // sources destroyed each time: still made where A was made.
  copyHere(&B, &A);
  __leaktrace_destruct(&Watched, &A);
  copyHere(&C, &B);
  __leaktrace_destruct(&Watched, &B);
  // A new object at a source's old address changes nothing of that.
  makeThere(&A);
  __leaktrace_destruct(&Watched, &A);
  std::vector<leaktrace_site> S = sites();
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].objects, 1);
  ASSERT_EQ(S[0].depth, First[0].depth);
  EXPECT_EQ(memcmp(S[0].frames, First[0].frames, S[0].depth * sizeof(void *)),
            0);
  __leaktrace_destruct(&Watched, &C);
}

TEST_F(Sites, ArraysCountTheirElements) {
  leaktrace_record_sites(1);
  __leaktrace_insts_add(&Watched, 3, &E);
  std::vector<leaktrace_site> S = sites();
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].objects, 3);
  __leaktrace_insts_add(&Watched, -3, &E);
  EXPECT_EQ(sites().size(), 0u);
}

} // namespace
