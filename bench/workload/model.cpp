// The workload's code under test; see model.h.
#include "model.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <queue>
#include <set>
#include <stdexcept>

namespace workload {

bool leakOn() {
  static const bool On = [] {
    const char *V = std::getenv("LEAKTRACE_WORKLOAD_LEAK");
    return V && *V;
  }();
  return On;
}

std::string Generator::word(int MinLen, int MaxLen) {
  static const char Letters[] = "etaoinshrdlucmfwypvbgkjqxz";
  int Len = number(MinLen, MaxLen);
  std::string W;
  for (int I = 0; I < Len; ++I)
    // Skewed towards common letters, so that words repeat as in prose.
    W += Letters[std::min(number(0, 25), number(0, 25))];
  return W;
}

std::string Generator::sentence(int Words) {
  std::string S;
  for (int I = 0; I < Words; ++I) {
    if (I)
      S += ' ';
    S += word();
  }
  return S;
}

// --- catalog and orders ----------------------------------------------------

Product::Product(std::string Sku, std::string Name, long PriceCents,
                 std::vector<std::string> Tags)
    : Sku(std::move(Sku)), Name(std::move(Name)), PriceCents(PriceCents),
      Tags(std::move(Tags)) {}

Customer::Customer(std::string Id, std::string Name)
    : Id(std::move(Id)), Name(std::move(Name)) {}

std::string Customer::get(const std::string &Key) const {
  auto It = Attributes.find(Key);
  return It == Attributes.end() ? std::string() : It->second;
}

Order::Order(std::string Id, std::shared_ptr<Customer> Buyer)
    : Id(std::move(Id)), Buyer(std::move(Buyer)) {}

void Order::add(std::shared_ptr<const Product> Item, int Quantity) {
  Lines.emplace_back(std::move(Item), Quantity);
}

long Order::total() const {
  long Sum = 0;
  for (const OrderLine &L : Lines)
    Sum += L.total();
  return Sum;
}

Order Order::consolidated() const {
  std::map<std::string, std::pair<std::shared_ptr<const Product>, int>> BySku;
  for (const OrderLine &L : Lines) {
    auto &Slot = BySku[L.item().sku()];
    Slot.first = L.itemHandle();
    Slot.second += L.quantity();
  }
  Order Out(Id, Buyer);
  for (auto &[Sku, Entry] : BySku)
    Out.add(Entry.first, Entry.second);
  return Out;
}

void Catalog::add(std::shared_ptr<Product> P) {
  for (const std::string &Tag : P->tags())
    ByTag[Tag].push_back(P);
  BySku[P->sku()] = std::move(P);
}

std::shared_ptr<Product> Catalog::find(const std::string &Sku) const {
  auto It = BySku.find(Sku);
  return It == BySku.end() ? nullptr : It->second;
}

std::vector<std::shared_ptr<Product>>
Catalog::tagged(const std::string &Tag) const {
  auto It = ByTag.find(Tag);
  return It == ByTag.end() ? std::vector<std::shared_ptr<Product>>()
                           : It->second;
}

std::vector<std::string> Catalog::skus() const {
  std::vector<std::string> Out;
  for (const auto &[Sku, P] : BySku)
    Out.push_back(Sku);
  return Out;
}

Catalog makeCatalog(unsigned Seed, size_t Products) {
  Generator G(Seed);
  Catalog C;
  static const char *const Tags[] = {"red",   "blue",  "large", "small",
                                     "sale",  "new",   "eco",   "import",
                                     "local", "fresh", "spare", "bundle"};
  for (size_t I = 0; I < Products; ++I) {
    std::vector<std::string> T;
    int NTags = G.number(1, 4);
    for (int J = 0; J < NTags; ++J)
      T.push_back(Tags[G.number(0, 11)]);
    std::sort(T.begin(), T.end());
    T.erase(std::unique(T.begin(), T.end()), T.end());
    C.add(std::make_shared<Product>(
        "SKU-" + std::to_string(Seed) + "-" + std::to_string(I),
        G.sentence(G.number(1, 3)), G.number(50, 50000), std::move(T)));
  }
  return C;
}

std::vector<Order> makeOrders(const Catalog &C, unsigned Seed, size_t Customers,
                              size_t Orders) {
  Generator G(Seed * 31 + 7);
  std::vector<std::shared_ptr<Customer>> People;
  for (size_t I = 0; I < Customers; ++I) {
    auto P = std::make_shared<Customer>("C" + std::to_string(I),
                                        G.word(4, 8) + " " + G.word(5, 10));
    P->set("city", G.word(4, 9));
    P->set("segment", G.number(0, 1) ? "retail" : "trade");
    People.push_back(std::move(P));
  }
  std::vector<std::string> Skus = C.skus();
  std::vector<Order> Out;
  for (size_t I = 0; I < Orders; ++I) {
    Order O("O" + std::to_string(I),
            People[G.number(0, int(People.size()) - 1)]);
    int Lines = G.number(1, 8);
    for (int L = 0; L < Lines; ++L)
      O.add(C.find(Skus[G.number(0, int(Skus.size()) - 1)]), G.number(1, 5));
    Out.push_back(std::move(O));
  }
  return Out;
}

SalesReport::SalesReport(const std::vector<Order> &Orders) {
  for (const Order &O : Orders) {
    ByCustomer[O.buyer().id()] += O.total();
    for (const OrderLine &L : O.lines())
      UnitsBySku[L.item().sku()] += L.quantity();
  }
}

long SalesReport::revenue() const {
  long Sum = 0;
  for (const auto &[Id, Amount] : ByCustomer)
    Sum += Amount;
  return Sum;
}

std::vector<std::pair<std::string, long>>
SalesReport::topCustomers(size_t N) const {
  std::vector<std::pair<std::string, long>> All(ByCustomer.begin(),
                                                ByCustomer.end());
  std::sort(All.begin(), All.end(), [](const auto &A, const auto &B) {
    return A.second != B.second ? A.second > B.second : A.first < B.first;
  });
  if (All.size() > N)
    All.resize(N);
  return All;
}

// --- documents ---------------------------------------------------------------

void Node::append(std::shared_ptr<Node> Child) {
  Child->Parent = weak_from_this();
  Children.push_back(std::move(Child));
}

std::shared_ptr<Node> Node::clone() const {
  auto Copy = std::make_shared<Node>(Tag);
  Copy->Text = Text;
  Copy->Attrs = Attrs;
  for (const auto &C : Children)
    Copy->append(C->clone());
  return Copy;
}

namespace {

void markup(Generator &G, int Depth, int Fanout, std::string &Out) {
  static const char *const Tags[] = {"section", "para", "list", "item",
                                     "table",   "row",  "cell", "note"};
  std::string Tag = Tags[G.number(0, 7)];
  Out += '<' + Tag;
  int Attrs = G.number(0, 3);
  for (int I = 0; I < Attrs; ++I)
    Out += ' ' + G.word(2, 5) + "=\"" + G.word(1, 8) + '"';
  Out += '>';
  Out += G.sentence(G.number(0, 6));
  if (Depth > 0) {
    int Children = G.number(1, Fanout);
    for (int I = 0; I < Children; ++I)
      markup(G, Depth - 1, Fanout, Out);
  }
  Out += "</" + Tag + '>';
}

class Parser {
public:
  explicit Parser(const std::string &S) : S(S) {}

  std::shared_ptr<Node> element() {
    expect('<');
    auto N = std::make_shared<Node>(name());
    while (peek() == ' ') {
      ++Pos;
      std::string Key = name();
      expect('=');
      expect('"');
      size_t End = S.find('"', Pos);
      if (End == std::string::npos)
        throw std::runtime_error("unterminated attribute");
      N->setAttr(Key, S.substr(Pos, End - Pos));
      Pos = End + 1;
    }
    if (peek() == '/') {
      ++Pos;
      expect('>');
      return N;
    }
    expect('>');
    for (;;) {
      size_t Lt = S.find('<', Pos);
      if (Lt == std::string::npos)
        throw std::runtime_error("unterminated element " + N->tag());
      N->text() += S.substr(Pos, Lt - Pos);
      Pos = Lt;
      if (S.compare(Pos, 2, "</") == 0)
        break;
      N->append(element());
    }
    Pos += 2;
    if (name() != N->tag())
      throw std::runtime_error("mismatched end of " + N->tag());
    expect('>');
    return N;
  }

private:
  char peek() const { return Pos < S.size() ? S[Pos] : '\0'; }
  void expect(char C) {
    if (peek() != C)
      throw std::runtime_error(std::string("expected '") + C + "' at " +
                               std::to_string(Pos));
    ++Pos;
  }
  std::string name() {
    size_t Start = Pos;
    while (Pos < S.size() && std::isalnum(static_cast<unsigned char>(S[Pos])))
      ++Pos;
    if (Start == Pos)
      throw std::runtime_error("expected a name at " + std::to_string(Pos));
    return S.substr(Start, Pos - Start);
  }

  const std::string &S;
  size_t Pos = 0;
};

} // namespace

std::string makeMarkup(unsigned Seed, int Depth, int Fanout) {
  Generator G(Seed);
  std::string Out;
  markup(G, Depth, Fanout, Out);
  return Out;
}

std::shared_ptr<Node> parse(const std::string &Markup) {
  return Parser(Markup).element();
}

std::string serialize(const Node &N) {
  std::string Out = '<' + N.tag();
  for (const auto &[K, V] : N.attrs())
    Out += ' ' + K + "=\"" + V + '"';
  if (N.text().empty() && N.children().empty())
    return Out + "/>";
  Out += '>';
  Out += N.text();
  for (const auto &C : N.children())
    Out += serialize(*C);
  return Out + "</" + N.tag() + '>';
}

size_t countNodes(const Node &N) {
  size_t Count = 1;
  for (const auto &C : N.children())
    Count += countNodes(*C);
  return Count;
}

std::vector<std::shared_ptr<Node>> findAll(const std::shared_ptr<Node> &Root,
                                           const std::string &Tag) {
  std::vector<std::shared_ptr<Node>> Found;
  std::vector<std::shared_ptr<Node>> Stack = {Root};
  while (!Stack.empty()) {
    std::shared_ptr<Node> N = Stack.back();
    Stack.pop_back();
    if (N->tag() == Tag)
      Found.push_back(N);
    for (auto It = N->children().rbegin(); It != N->children().rend(); ++It)
      Stack.push_back(*It);
  }
  return Found;
}

// --- graphs ------------------------------------------------------------------

void Vertex::connect(const std::shared_ptr<Vertex> &To, int Weight) {
  Edges.emplace_back(To, Weight);
}

void Graph::add(std::shared_ptr<Vertex> V) {
  V->setIndex(Vertices.size());
  Index.emplace(V->name(), Vertices.size());
  Vertices.push_back(std::move(V));
}

Graph Graph::random(unsigned Seed, size_t NVertices, size_t NEdges) {
  Generator G(Seed);
  Graph Out;
  for (size_t I = 0; I < NVertices; ++I)
    Out.add(
        std::make_shared<Vertex>("v" + std::to_string(I) + "-" + G.word(2, 6)));
  for (size_t I = 0; I < NEdges; ++I) {
    auto &From = Out.Vertices[G.number(0, int(NVertices) - 1)];
    From->connect(Out.Vertices[G.number(0, int(NVertices) - 1)],
                  G.number(1, 100));
  }
  return Out;
}

std::shared_ptr<Vertex> Graph::byName(const std::string &Name) const {
  auto It = Index.find(Name);
  return It == Index.end() ? nullptr : Vertices[It->second];
}

std::vector<long> Graph::distances(size_t From) const {
  std::vector<long> Dist(Vertices.size(), -1);
  using Item = std::pair<long, size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> Queue;
  Queue.emplace(0, From);
  while (!Queue.empty()) {
    auto [D, V] = Queue.top();
    Queue.pop();
    if (Dist[V] != -1)
      continue;
    Dist[V] = D;
    for (const auto &[Weak, W] : Vertices[V]->edges())
      if (std::shared_ptr<Vertex> To = Weak.lock())
        if (Dist[To->index()] == -1)
          Queue.emplace(D + W, To->index());
  }
  return Dist;
}

size_t Graph::reachable(size_t From) const {
  std::vector<bool> Seen(Vertices.size());
  std::vector<std::shared_ptr<Vertex>> Stack = {Vertices[From]};
  Seen[From] = true;
  size_t Count = 0;
  while (!Stack.empty()) {
    std::shared_ptr<Vertex> V = Stack.back();
    Stack.pop_back();
    ++Count;
    for (const auto &[Weak, W] : V->edges())
      if (auto To = Weak.lock(); To && !Seen[To->index()]) {
        Seen[To->index()] = true;
        Stack.push_back(To);
      }
  }
  return Count;
}

Graph Graph::deepCopy() const {
  Graph Out;
  for (const auto &V : Vertices)
    Out.add(std::make_shared<Vertex>(V->name()));
  for (const auto &V : Vertices)
    for (const auto &[Weak, W] : V->edges())
      if (auto To = Weak.lock())
        Out.Vertices[V->index()]->connect(Out.Vertices[To->index()], W);
  return Out;
}

// --- events --------------------------------------------------------------

Listener::~Listener() = default;

void CountingListener::on(const Event &E) {
  ++Count;
  Bytes += E.payload().size();
}

void FilteringListener::on(const Event &E) {
  if (E.payload().find(Word) != std::string::npos)
    Next->on(E);
}

void EventBus::subscribe(const std::string &Topic,
                         std::shared_ptr<Listener> L) {
  Subscribers.emplace(Topic, std::move(L));
}

void EventBus::unsubscribe(const std::string &Topic, const Listener *L) {
  auto [First, Last] = Subscribers.equal_range(Topic);
  for (auto It = First; It != Last;)
    It = It->second.get() == L ? Subscribers.erase(It) : std::next(It);
}

size_t EventBus::publish(const Event &E) const {
  size_t Delivered = 0;
  auto [First, Last] = Subscribers.equal_range(E.topic());
  for (auto It = First; It != Last; ++It, ++Delivered)
    It->second->on(E);
  return Delivered;
}

std::vector<Event> makeEvents(unsigned Seed, size_t N,
                              const std::vector<std::string> &Topics) {
  Generator G(Seed);
  std::vector<Event> Out;
  for (size_t I = 0; I < N; ++I)
    Out.emplace_back(Topics[G.number(0, int(Topics.size()) - 1)],
                     G.sentence(G.number(2, 12)));
  return Out;
}

// --- text index --------------------------------------------------------------

std::vector<std::string> tokenize(const std::string &Text) {
  std::vector<std::string> Words;
  std::string Cur;
  for (char C : Text) {
    if (std::isalpha(static_cast<unsigned char>(C))) {
      Cur += char(std::tolower(static_cast<unsigned char>(C)));
    } else if (!Cur.empty()) {
      Words.push_back(std::move(Cur));
      Cur.clear();
    }
  }
  if (!Cur.empty())
    Words.push_back(std::move(Cur));
  return Words;
}

void TextIndex::add(const std::string &Doc, const std::string &Text) {
  std::map<std::string, std::vector<int>> Positions;
  std::vector<std::string> Words = tokenize(Text);
  for (size_t I = 0; I < Words.size(); ++I)
    Positions[Words[I]].push_back(int(I));
  for (auto &[Word, Where] : Positions)
    Terms[Word].emplace_back(Doc, std::move(Where));
}

std::vector<std::string>
TextIndex::query(const std::vector<std::string> &Words) const {
  std::vector<std::string> Result;
  bool First = true;
  for (const std::string &W : Words) {
    auto It = Terms.find(W);
    if (It == Terms.end())
      return {};
    std::vector<std::string> Docs;
    for (const Posting &P : It->second)
      Docs.push_back(P.doc());
    std::sort(Docs.begin(), Docs.end());
    if (First) {
      Result = std::move(Docs);
      First = false;
    } else {
      std::vector<std::string> Both;
      std::set_intersection(Result.begin(), Result.end(), Docs.begin(),
                            Docs.end(), std::back_inserter(Both));
      Result = std::move(Both);
    }
  }
  return Result;
}

size_t TextIndex::occurrences(const std::string &Word) const {
  auto It = Terms.find(Word);
  if (It == Terms.end())
    return 0;
  size_t N = 0;
  for (const Posting &P : It->second)
    N += P.positions().size();
  return N;
}

} // namespace workload
