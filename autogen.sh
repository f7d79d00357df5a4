#!/bin/sh
# Generate configure and Makefile.in from a fresh clone.
set -e
cd "$(dirname "$0")"
autoreconf -fi
