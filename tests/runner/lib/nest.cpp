// The library of lib/nest.h. Every call here has work after it: none is a
// tail call, so each caller keeps its frame at -O2 as at -O0, and the
// expected creation sites are the same at both.
#include "nest.h"

namespace nest {

Ref::Ref() : Value(0) {}
Ref::~Ref() { Value = -1; }

Node::Node() : R(new Ref) {}
Node::~Node() {}
int Node::value() const { return R->Value; }

Anchor::Anchor() {}
Anchor::~Anchor() {}

Node &Memory::createNode() {
  Nodes.push_back(std::make_unique<Node>());
  return *Nodes.back();
}

size_t Memory::size() const { return Nodes.size(); }

Node &MemoryHolder::createNode() {
  Node &N = Mem.createNode();
  ++Made;
  return N;
}

Anchor &MemoryHolder::anchor() {
  Anchors.push_back(std::make_unique<Anchor>());
  ++Made;
  return *Anchors.back();
}

size_t MemoryHolder::size() const { return Mem.size() + Anchors.size(); }

Node &Document::add() {
  Node &N = Holder.createNode();
  ++Added;
  return N;
}

Anchor &Document::anchor() {
  Anchor &A = Holder.anchor();
  ++Added;
  return A;
}

size_t Document::size() const { return Holder.size(); }

Document &sharedDocument() {
  static Document D;
  return D;
}

} // namespace nest
