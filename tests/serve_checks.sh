#!/usr/bin/env bash
# Checks of eligo serve run as a user runs it (CTest: serve.signals, serve.curl_examples).
#   serve_checks.sh signals ELIGO SRC   SIGTERM and SIGINT stop it cleanly (exit 0, "stopped")
#   serve_checks.sh curl ELIGO SRC      every curl line of docs/server.md answers the status it documents
set -uo pipefail
mode=$1 eligo=$2 src=$3
cd "$src" || exit 1
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT

start() {
  "$eligo" serve --port 0 >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1 300); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$work/out")
    [ -n "$port" ] && return 0
    kill -0 $pid 2>/dev/null || { echo "eligo serve exited early:"; cat "$work/err"; exit 1; }
    sleep 0.1
  done
  echo "eligo serve did not print its address in 30 s"; exit 1
}

fail=0
case $mode in
signals)
  for sig in TERM INT; do
    start
    exec 3<>/dev/tcp/127.0.0.1/$port || { echo "cannot connect"; exit 1; }
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    answer=$(cat <&3)
    exec 3>&-
    case $answer in "HTTP/1.1 200"*) ;; *) echo "SIG$sig: /healthz answered: $answer"; fail=1 ;; esac
    kill -$sig $pid
    wait $pid; code=$?
    if [ $code -ne 0 ]; then echo "SIG$sig: exit code $code, expected 0"; fail=1; fi
    grep -q "SIG$sig: stopping" "$work/err" || { echo "SIG$sig: no 'stopping' line"; fail=1; }
    grep -q "eligo serve: stopped" "$work/err" || { echo "SIG$sig: no 'stopped' line"; fail=1; }
    grep -q " GET /healthz 200 " "$work/err" || { echo "SIG$sig: the request was not logged"; fail=1; }
    echo "SIG$sig: exit $code; $(tail -1 "$work/err")"
  done
  ;;
curl)
  command -v curl >/dev/null || { echo "curl is missing: run scripts/install-deps.sh --test"; exit 1; }
  start
  n=0
  while IFS= read -r line; do
    expect=${line##*# }
    cmd=${line% #*}
    cmd=${cmd//127.0.0.1:8080/127.0.0.1:$port}
    got=$(bash -c "$cmd -o '$work/body' -w '%{http_code}'" 2>&1)
    n=$((n + 1))
    if [ "$got" != "$expect" ] || ! grep -q '^{' "$work/body"; then
      echo "FAIL ($got, expected $expect): $line"; head -c 400 "$work/body"; echo; fail=1
    else
      echo "ok $got  $(head -c 120 "$work/body" | tr -d '\n' | tr -s ' ')  <- ${line:0:100}"
    fi
  done < <(awk '/^```sh/{on=1; next} /^```/{on=0} on && /curl / && /# [0-9][0-9][0-9]$/' docs/server.md)
  [ $n -ge 14 ] || { echo "only $n curl examples found in docs/server.md"; fail=1; }
  echo "$n curl examples"
  ;;
*) echo "unknown mode $mode"; exit 2 ;;
esac
exit $fail
