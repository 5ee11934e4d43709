"""Tests of bench/runbench on recorded and hand-made raw measurements."""
