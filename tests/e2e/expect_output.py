#!/usr/bin/env python3
"""Runs a program and compares what it writes to one stream with a file.

usage: expect_output.py [--stream stderr|stdout] [--env K=V]... EXPECTED -- PROGRAM [ARGS...]
Fails (exit 1) with a unified diff when the text differs, or when the program
exits non-zero.
"""
import argparse
import difflib
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stream", choices=["stderr", "stdout"], default="stderr")
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("expected")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no program to run")
    env = dict(os.environ)
    for item in args.env:
        key, _, value = item.partition("=")
        env[key] = value
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    actual = proc.stderr if args.stream == "stderr" else proc.stdout
    with open(args.expected) as f:
        expected = f.read()
    ok = True
    if proc.returncode != 0:
        print(f"{command[0]} exited with status {proc.returncode}")
        ok = False
    if actual != expected:
        sys.stdout.writelines(difflib.unified_diff(
            expected.splitlines(True), actual.splitlines(True),
            args.expected, f"{args.stream} of {command[0]}"))
        ok = False
    if not ok:
        print("--- stdout ---\n" + proc.stdout + "--- stderr ---\n" + proc.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
