#!/bin/sh
# Builds (unless told not to) and runs the benchmarks; arguments go to the jar (--quick, --json FILE, --check).
# idle-10k needs about 10 100 file descriptors in each of two processes: raise the soft limit to the hard one.
set -e
cd "$(dirname "$0")/.."
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 10500 ]; then
  ulimit -n "$hard" 2>/dev/null || true
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10500 ]; then
  echo "warning: ulimit -n is $(ulimit -n); idle-10k needs about 10500 (it will fail and say so)" >&2
fi
if [ -z "$SKIP_BUILD" ]; then
  ./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
fi
# The heap is touched once at start: on a VM, first touching a page costs far more than using it,
# and a heap still growing would bill that to whichever side allocates (see docs/benchmarks.md).
exec java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -jar benchmarks/target/benchmarks.jar "$@"
