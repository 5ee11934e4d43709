// Precompiled by pch.cpp, with and without the plugin.
#ifndef PCH_TYPES_H
#define PCH_TYPES_H

class Session {
public:
  Session() : Data(new int(0)) {}
  Session(const Session &) = delete;
  ~Session() { delete Data; }

private:
  int *Data;
};

class [[clang::annotate("leaktrace::ignore")]] Pool {
public:
  Pool() : Data(new int(0)) {}
  Pool(const Pool &) = delete;
  ~Pool() { delete Data; }

private:
  int *Data;
};

// Counted by its objects made with new, here in inline functions of the
// PCH: the file that uses them generates them.
struct Point {
  int X, Y;
};
inline Point *makePoint() { return new Point{1, 2}; }
inline void dropPoint(Point *P) { delete P; }

#endif
