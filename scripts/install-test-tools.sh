#!/bin/sh
# Installs the Debian packages some tests use, when they are missing and this user may install
# (root, or sudo without a password). Each is a real server or tool the tests start on loopback:
#   coturn    - its turnserver is the STUN server of the STUN client tests
#   iproute2  - `ip netns`: the cross-host discovery test makes its own network namespaces (root)
#   iptables  - the session fault tests reset, and delay or drop, packets inside those namespaces
#   python3   - json and pickle bytes compared with CPython's; the fault tests' packet impairer
#   dnsmasq-base - its dnsmasq is the DNS server (SRV and A/AAAA records) of the DNS peer source tests
#   chromium, chromium-driver - the sample app's browser test drives its page in headless Chromium
#               through Debian's own chromedriver (Selenium never downloads a browser or driver)
# Without them those tests are skipped (or fail when CI=true, where a missing tool must not hide a
# test). Safe to run again: it installs only what is missing.
set -eu

need=""
command -v turnserver >/dev/null 2>&1 || [ -x /usr/bin/turnserver ] || need="$need coturn"
command -v ip >/dev/null 2>&1 || need="$need iproute2"
command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || need="$need iptables"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || need="$need dnsmasq-base"
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need="$need chromium"
command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || need="$need chromium-driver"

if [ -z "$need" ]; then
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  echo "install-test-tools: cannot install$need (not root, no password-less sudo); the tests that need them are skipped" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: no apt-get; install$need by hand to run the tests that need them" >&2
  exit 0
fi

echo "install-test-tools: installing$need"
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split
$as_root apt-get install -y -qq --no-install-recommends $need >/dev/null
