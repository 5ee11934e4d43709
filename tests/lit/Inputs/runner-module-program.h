// A class of the program that a runner translation unit uses.
struct ProgramWidget {
  ProgramWidget() {}
  ~ProgramWidget() {}
  int Size = 0;
};
