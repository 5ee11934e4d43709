// A library-like nest for the creation-site tests (nest_test.cpp), laid out
// as yaml-cpp makes its nodes: a test asks a Document for a node, and the
// objects are made four and five calls deep in this directory, a Node by
// Memory::createNode(), and the Ref each Node owns (yaml-cpp's node_ref) by
// Node's constructor. An Anchor is made two calls deep. The shared
// document keeps everything it made: every test that adds to it leaks.
#ifndef NEST_NEST_H
#define NEST_NEST_H

#include <cstddef>
#include <memory>
#include <vector>

namespace nest {

class Ref {
public:
  Ref();
  ~Ref();
  int Value;
};

class Node {
public:
  Node();
  ~Node();
  int value() const;

private:
  std::unique_ptr<Ref> R;
};

class Anchor {
public:
  Anchor();
  ~Anchor();
};

class Memory {
public:
  Node &createNode();
  size_t size() const;

private:
  std::vector<std::unique_ptr<Node>> Nodes;
};

class MemoryHolder {
public:
  Node &createNode();
  Anchor &anchor();
  size_t size() const;

private:
  Memory Mem;
  std::vector<std::unique_ptr<Anchor>> Anchors;
  int Made = 0;
};

class Document {
public:
  Node &add();
  Anchor &anchor();
  size_t size() const;

private:
  MemoryHolder Holder;
  int Added = 0;
};

/// The document the tests add to, which nothing clears.
Document &sharedDocument();

} // namespace nest

#endif
