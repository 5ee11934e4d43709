// The benchmark workload's code under test: ordinary object-heavy C++ of the
// kind leaktrace is meant for. Classes with std::string, container and
// std::shared_ptr members (so the plugin counts them), polymorphic listeners
// held by shared ownership, trees and graphs whose back links are weak (so
// nothing leaks and LeakSanitizer and Valgrind stay quiet), and a template.
// Everything is generated from a seed, so every build does the same work.
#ifndef LEAKTRACE_BENCH_WORKLOAD_MODEL_H
#define LEAKTRACE_BENCH_WORKLOAD_MODEL_H

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace workload {

// The opt-in leak. With LEAKTRACE_WORKLOAD_LEAK set to anything non-empty, a
// few tests of the default layer keep one object each per run for good, as
// tests that forget to clean up do: EventTest.CountsEveryDelivery leaves a
// CountingListener subscribed to a process-wide audit bus,
// CacheCapacityTest.ValuesAreWhatMakeReturned appends a Customer to a static
// trail, DocumentTest.ParentsAreWeak bookmarks a leaf Node in a global list.
// So CountingListener, Customer and Node grow by 14, 12 and 14 objects per
// iteration in leaktrace.layer.UnitTests (SharedCatalogTest's layer leaks
// nothing), and `leaktrace -N 4 -r` finds the leak and runs its second pass:
// bench/run-bench's "retention" section times that. Unset, the workload
// leaks nothing (sections workload, tiny and compile run it so). The variable
// is read once, at the first call.
bool leakOn();

// Deterministic pseudo-random words and numbers.
class Generator {
public:
  explicit Generator(unsigned Seed) : Engine(Seed) {}
  int number(int Lo, int Hi) {
    return std::uniform_int_distribution<int>(Lo, Hi)(Engine);
  }
  std::string word(int MinLen = 3, int MaxLen = 9);
  std::string sentence(int Words);

private:
  std::mt19937 Engine;
};

// --- catalog and orders ----------------------------------------------------

class Product {
public:
  Product(std::string Sku, std::string Name, long PriceCents,
          std::vector<std::string> Tags);
  const std::string &sku() const { return Sku; }
  const std::string &name() const { return Name; }
  long price() const { return PriceCents; }
  const std::vector<std::string> &tags() const { return Tags; }
  void reprice(long Cents) { PriceCents = Cents; }

private:
  std::string Sku;
  std::string Name;
  long PriceCents;
  std::vector<std::string> Tags;
};

class Customer {
public:
  Customer(std::string Id, std::string Name);
  const std::string &id() const { return Id; }
  const std::string &name() const { return Name; }
  void set(const std::string &Key, std::string Value) {
    Attributes[Key] = std::move(Value);
  }
  std::string get(const std::string &Key) const;

private:
  std::string Id;
  std::string Name;
  std::map<std::string, std::string> Attributes;
};

class OrderLine {
public:
  OrderLine(std::shared_ptr<const Product> Item, int Quantity)
      : Item(std::move(Item)), Quantity(Quantity) {}
  const Product &item() const { return *Item; }
  const std::shared_ptr<const Product> &itemHandle() const { return Item; }
  int quantity() const { return Quantity; }
  long total() const { return Item->price() * Quantity; }

private:
  std::shared_ptr<const Product> Item;
  int Quantity;
};

class Order {
public:
  Order(std::string Id, std::shared_ptr<Customer> Buyer);
  void add(std::shared_ptr<const Product> Item, int Quantity);
  const std::string &id() const { return Id; }
  const Customer &buyer() const { return *Buyer; }
  const std::shared_ptr<Customer> &buyerHandle() const { return Buyer; }
  const std::vector<OrderLine> &lines() const { return Lines; }
  long total() const;
  // Lines for the same product merged into one.
  Order consolidated() const;

private:
  std::string Id;
  std::shared_ptr<Customer> Buyer;
  std::vector<OrderLine> Lines;
};

class Catalog {
public:
  void add(std::shared_ptr<Product> P);
  std::shared_ptr<Product> find(const std::string &Sku) const;
  std::vector<std::shared_ptr<Product>> tagged(const std::string &Tag) const;
  std::vector<std::string> skus() const;
  size_t size() const { return BySku.size(); }

private:
  std::map<std::string, std::shared_ptr<Product>> BySku;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Product>>> ByTag;
};

Catalog makeCatalog(unsigned Seed, size_t Products);
std::vector<Order> makeOrders(const Catalog &C, unsigned Seed, size_t Customers,
                              size_t Orders);

class SalesReport {
public:
  explicit SalesReport(const std::vector<Order> &Orders);
  long revenue() const;
  const std::map<std::string, long> &byCustomer() const { return ByCustomer; }
  const std::map<std::string, int> &unitsBySku() const { return UnitsBySku; }
  std::vector<std::pair<std::string, long>> topCustomers(size_t N) const;

private:
  std::map<std::string, long> ByCustomer;
  std::map<std::string, int> UnitsBySku;
};

// --- documents ---------------------------------------------------------------

// A markup tree: children are owned, the parent link is weak.
class Node : public std::enable_shared_from_this<Node> {
public:
  explicit Node(std::string Tag) : Tag(std::move(Tag)) {}
  const std::string &tag() const { return Tag; }
  std::string &text() { return Text; }
  const std::string &text() const { return Text; }
  void setAttr(const std::string &K, std::string V) { Attrs[K] = std::move(V); }
  const std::map<std::string, std::string> &attrs() const { return Attrs; }
  const std::vector<std::shared_ptr<Node>> &children() const {
    return Children;
  }
  std::shared_ptr<Node> parent() const { return Parent.lock(); }
  void append(std::shared_ptr<Node> Child);
  std::shared_ptr<Node> clone() const;

private:
  std::string Tag;
  std::string Text;
  std::map<std::string, std::string> Attrs;
  std::vector<std::shared_ptr<Node>> Children;
  std::weak_ptr<Node> Parent;
};

std::string makeMarkup(unsigned Seed, int Depth, int Fanout);
// Parses what serialize() writes: <tag k="v">text<child/>...</tag>.
std::shared_ptr<Node> parse(const std::string &Markup);
std::string serialize(const Node &N);
size_t countNodes(const Node &N);
std::vector<std::shared_ptr<Node>> findAll(const std::shared_ptr<Node> &Root,
                                           const std::string &Tag);

// --- graphs ------------------------------------------------------------------

// Vertices are owned by the graph; edges are weak, so cycles do not leak.
class Vertex {
public:
  explicit Vertex(std::string Name) : Name(std::move(Name)) {}
  const std::string &name() const { return Name; }
  void connect(const std::shared_ptr<Vertex> &To, int Weight);
  const std::vector<std::pair<std::weak_ptr<Vertex>, int>> &edges() const {
    return Edges;
  }
  size_t index() const { return Index; }
  void setIndex(size_t I) { Index = I; }

private:
  std::string Name;
  std::vector<std::pair<std::weak_ptr<Vertex>, int>> Edges;
  size_t Index = 0;
};

class Graph {
public:
  static Graph random(unsigned Seed, size_t Vertices, size_t Edges);
  size_t size() const { return Vertices.size(); }
  const std::shared_ptr<Vertex> &vertex(size_t I) const { return Vertices[I]; }
  std::shared_ptr<Vertex> byName(const std::string &Name) const;
  // Dijkstra from one vertex; -1 for unreachable ones.
  std::vector<long> distances(size_t From) const;
  size_t reachable(size_t From) const;
  // A graph of new vertices with the same names and edges.
  Graph deepCopy() const;

private:
  void add(std::shared_ptr<Vertex> V);
  std::vector<std::shared_ptr<Vertex>> Vertices;
  std::unordered_map<std::string, size_t> Index;
};

// --- events --------------------------------------------------------------

class Event {
public:
  Event(std::string Topic, std::string Payload)
      : Topic(std::move(Topic)), Payload(std::move(Payload)) {}
  const std::string &topic() const { return Topic; }
  const std::string &payload() const { return Payload; }

private:
  std::string Topic;
  std::string Payload;
};

class Listener {
public:
  virtual ~Listener();
  virtual void on(const Event &E) = 0;
};

class CountingListener : public Listener {
public:
  void on(const Event &E) override;
  size_t count() const { return Count; }
  size_t bytes() const { return Bytes; }

private:
  size_t Count = 0;
  size_t Bytes = 0;
};

class RecordingListener : public Listener {
public:
  void on(const Event &E) override { Seen.push_back(E); }
  const std::vector<Event> &seen() const { return Seen; }

private:
  std::vector<Event> Seen;
};

// Forwards events whose payload contains a word to another listener.
class FilteringListener : public Listener {
public:
  FilteringListener(std::string Word, std::shared_ptr<Listener> Next)
      : Word(std::move(Word)), Next(std::move(Next)) {}
  void on(const Event &E) override;

private:
  std::string Word;
  std::shared_ptr<Listener> Next;
};

class EventBus {
public:
  void subscribe(const std::string &Topic, std::shared_ptr<Listener> L);
  void unsubscribe(const std::string &Topic, const Listener *L);
  size_t publish(const Event &E) const;
  size_t subscriptions() const { return Subscribers.size(); }

private:
  std::multimap<std::string, std::shared_ptr<Listener>> Subscribers;
};

std::vector<Event> makeEvents(unsigned Seed, size_t N,
                              const std::vector<std::string> &Topics);

// --- text index --------------------------------------------------------------

class Posting {
public:
  Posting(std::string Doc, std::vector<int> Positions)
      : Doc(std::move(Doc)), Positions(std::move(Positions)) {}
  const std::string &doc() const { return Doc; }
  const std::vector<int> &positions() const { return Positions; }

private:
  std::string Doc;
  std::vector<int> Positions;
};

class TextIndex {
public:
  void add(const std::string &Doc, const std::string &Text);
  // Documents that contain every word, sorted.
  std::vector<std::string> query(const std::vector<std::string> &Words) const;
  size_t terms() const { return Terms.size(); }
  size_t occurrences(const std::string &Word) const;

private:
  std::map<std::string, std::vector<Posting>> Terms;
};

std::vector<std::string> tokenize(const std::string &Text);

// --- a cache -----------------------------------------------------------------

// Least-recently-used cache: a list in use order, and an index into it.
template <class K, class V> class LruCache {
public:
  explicit LruCache(size_t Capacity) : Capacity(Capacity) {}

  // The value for K, computing and storing it with Make() when absent.
  template <class F> const V &get(const K &Key, F Make) {
    auto It = Index.find(Key);
    if (It != Index.end()) {
      ++Hits;
      Items.splice(Items.begin(), Items, It->second);
      return It->second->second;
    }
    ++Misses;
    Items.emplace_front(Key, Make(Key));
    Index.emplace(Key, Items.begin());
    if (Items.size() > Capacity) {
      Index.erase(Items.back().first);
      Items.pop_back();
    }
    return Items.front().second;
  }
  size_t size() const { return Items.size(); }
  size_t hits() const { return Hits; }
  size_t misses() const { return Misses; }
  bool contains(const K &Key) const { return Index.count(Key) != 0; }

private:
  using Entry = std::pair<K, V>;
  size_t Capacity;
  size_t Hits = 0, Misses = 0;
  std::list<Entry> Items;
  std::unordered_map<K, typename std::list<Entry>::iterator> Index;
};

} // namespace workload

#endif
