// The doctest.h the runner's doctest files compile against: the very copy
// the tests include, LEAKTRACE_DOCTEST_HEADER when the build names one (a
// vendored copy, found by leaktraceProject.cmake), doctest-dev's
// <doctest/doctest.h> otherwise. doctest_main.cpp defines
// DOCTEST_CONFIG_IMPLEMENT before it includes this.
#ifdef LEAKTRACE_DOCTEST_HEADER
#include LEAKTRACE_DOCTEST_HEADER
#else
#include <doctest/doctest.h>
#endif
