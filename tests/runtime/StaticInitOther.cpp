//===- StaticInitOther.cpp - A global of a second translation unit --------===//
//
// The order of dynamic initialisation across translation units is
// unspecified; both globals are built before main whichever comes first.
//
//===----------------------------------------------------------------------===//

#include "StaticInit.h"

init::Other OtherGlobal("other unit");
