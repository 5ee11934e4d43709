// The other translation unit of construction_paths.cpp: it alone
// instantiates OtherUnit's constructor template and defines Specialized's
// explicit specialisation and destructor.
#include "construction_paths.h"

namespace paths {

OtherUnit *makeOtherUnit() { return new OtherUnit(2.5); }

template <> Specialized::Specialized(int x) : S("int " + std::to_string(x)) {}
Specialized::~Specialized() {}

} // namespace paths
