#!/bin/sh
# wikisync under valgrind, for "make check-valgrind": the same arguments,
# input, output and exit status as $VALGRIND_WIKISYNC, except that a
# memory error or a leak (definite, indirect or possible) makes it exit 99.
# Each process writes its report to $VALGRIND_LOGDIR/vg.PID.log, which
# tests/valgrind-report.sh reads; -q leaves a clean process's log empty.
# The options are those of tests/t/t0820-valgrind.sh.  "possible" counts
# too: wikisync frees every block before it exits, so a block that only
# an interior pointer reaches is a leak, and no library leaves one (the
# first full run had none in 703 processes).
: "${VALGRIND_WIKISYNC:?VALGRIND_WIKISYNC must name the built wikisync}"
: "${VALGRIND_LOGDIR:?VALGRIND_LOGDIR must name a directory for the logs}"

exec valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --track-fds=no \
    --log-file="$VALGRIND_LOGDIR/vg.%p.log" \
    "$VALGRIND_WIKISYNC" "$@"
