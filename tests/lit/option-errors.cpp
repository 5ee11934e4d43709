// Wrong plugin options stop the compilation with an error that says what is
// wrong, never silently compile without instrumentation.
//
// An unknown option lists the valid ones.
// RUN: not %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-bogus -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: leaktrace: unknown option 'bogus'; valid options are -fplugin-arg-leaktrace-include=REGEX, -fplugin-arg-leaktrace-exclude=REGEX, -fplugin-arg-leaktrace-system=DIR and -fplugin-arg-leaktrace-remarks
// UNKNOWN: 1 error generated.
//
// A flag given a value is not the flag.
// RUN: not %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks=yes -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FLAG-VALUE
// FLAG-VALUE: error: leaktrace: unknown option 'remarks=yes'; valid options are
//
// The error holds at every optimisation level and when compiling to objects:
// no object is written.
// RUN: rm -f %t.o
// RUN: not %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-Include=x -O2 -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CASE
// CASE: error: leaktrace: unknown option 'Include=x'; valid options are
// RUN: not ls %t.o
//
// A bad regular expression names the option and the regex error.
// RUN: not %clangxx -fplugin=%plugin '-fplugin-arg-leaktrace-include=(' -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD-INCLUDE
// BAD-INCLUDE: error: leaktrace: bad regular expression in 'include=(': parentheses not balanced
// RUN: not %clangxx -fplugin=%plugin '-fplugin-arg-leaktrace-exclude=[ab' -O0 -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD-EXCLUDE
// BAD-EXCLUDE: error: leaktrace: bad regular expression in 'exclude=[ab': brackets ([ ]) not balanced
// RUN: not ls %t.o
// RUN: not %clangxx -fplugin=%plugin '-fplugin-arg-leaktrace-exclude=*Cache' -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD-REPEAT
// BAD-REPEAT: error: leaktrace: bad regular expression in 'exclude=*Cache': repetition-operator operand invalid
//
// An empty one would match every name.
// RUN: not %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-exclude= -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: leaktrace: bad regular expression in 'exclude=': it is empty
//
// system=DIR names a directory that exists.
// RUN: not %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-system=%t.nowhere -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD-SYSTEM
// BAD-SYSTEM: error: leaktrace: 'system={{.*}}.nowhere' names no directory: system=DIR takes a directory whose headers are not the program's own (a prebuilt library's include directory)
// RUN: not %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-system= -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EMPTY-SYSTEM
// EMPTY-SYSTEM: error: leaktrace: 'system=' names no directory
//
// Several bad options: the first one is reported and compilation stops.
// RUN: not %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-bogus \
// RUN:   '-fplugin-arg-leaktrace-include=(' -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FIRST
// FIRST:     error: leaktrace: unknown option 'bogus'
// FIRST-NOT: error:

class Widget {
public:
  Widget();
  ~Widget();
};
