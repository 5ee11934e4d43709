// The Catch2 header the Catch2 adapter is compiled against, chosen in one
// place: the project's own copy when the build names it
// (LEAKTRACE_CATCH2_HEADER: a vendored catch.hpp or catch_amalgamated.hpp),
// the installed v3 headers, or the installed v2 single header.
//
// v2's single header declares its internals (the Session among them) only
// where it is implemented (CATCH_CONFIG_MAIN / CATCH_CONFIG_RUNNER); the
// adapter asks only for its reporter interfaces and reaches the Session by
// its symbols (catch2_adapter.cpp). Defines LEAKTRACE_CATCH2_V3 for v3.
#ifndef LEAKTRACE_CATCH2_HEADER_H
#define LEAKTRACE_CATCH2_HEADER_H

#ifdef LEAKTRACE_CATCH2_HEADER
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include LEAKTRACE_CATCH2_HEADER
#if defined(CATCH_VERSION_MAJOR) && CATCH_VERSION_MAJOR >= 3
#define LEAKTRACE_CATCH2_V3 1
#endif
#elif __has_include(<catch2/catch_session.hpp>)
#define LEAKTRACE_CATCH2_V3 1
#include <catch2/catch_session.hpp>
#include <catch2/catch_test_case_info.hpp>
#include <catch2/catch_test_spec.hpp>
#include <catch2/internal/catch_context.hpp>
#include <catch2/internal/catch_run_context.hpp>
#include <catch2/internal/catch_test_case_registry_impl.hpp>
#include <catch2/reporters/catch_reporter_event_listener.hpp>
#else
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>
#endif

#endif // LEAKTRACE_CATCH2_HEADER_H
