"""The parts of bench/run-bench, one module per role, used in this order:

  measure   runs the benchmarks; returns raw measurements as plain JSON-able
            data (every repetition's numbers, the commands, the machine)
  analyse   raw measurements -> figures: medians, ratios, spreads, noise flags
  goals     the goal constants, and figures -> verdicts
  render    figures + verdicts -> the Markdown of RESULTS.md and the console

Only measure starts processes or reads the clock, so a recording made with
`--save-raw` gives the same RESULTS.md every time (`--from-raw`), and the
analysis can be tested on recorded inputs (bench/tests). catalog and
sections describe what is measured; recording reads and writes the raw JSON;
report chains analyse, goals and render for one section.
"""
