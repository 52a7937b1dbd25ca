#!/usr/bin/env bash
# eligo serve behind TLS, as docs/server.md sets it up: Debian's nginx with a self-signed certificate in
# front of `eligo serve --token-file`, on loopback ports, as the user running the tests (CTest: serve.tls).
# curl checks the certificate, the token and the headers; then chromium uses the page through the proxy.
#   serve_tls.sh ELIGO SRC ARTIFACTS
set -uo pipefail
eligo=$1 src=$2 artifacts=$3
cd "$src" || exit 1
for tool in nginx openssl curl node; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "$tool is missing: run scripts/install-deps.sh --test"; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
trap 'kill $eligo_pid $nginx_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
fail=0

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null || { echo "openssl could not make a certificate"; exit 1; }
head -c 32 /dev/urandom | base64 | tr -d '=+/\n' >"$work/token"
token=$(cat "$work/token")

"$eligo" serve --port 0 --token-file "$work/token" >"$work/eligo.out" 2>"$work/eligo.err" &
eligo_pid=$!
for _ in $(seq 1 300); do
  eport=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$work/eligo.out")
  [ -n "$eport" ] && break
  kill -0 $eligo_pid 2>/dev/null || { echo "eligo serve exited:"; cat "$work/eligo.err"; exit 1; }
  sleep 0.1
done
[ -n "${eport:-}" ] || { echo "eligo serve did not start"; exit 1; }

# nginx as this user: one process, no daemon, everything under $work. A busy port is tried again.
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  mkdir -p "$work/tmp"
  cat >"$work/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
$(sed -n '/^  # BEGIN proxy example/,/^  # END proxy example/p' docs/server.md | sed -e "s|listen 443 ssl|listen 127.0.0.1:$port ssl|" -e "s|/etc/ssl/eligo/cert.pem|$work/cert.pem|" \
    -e "s|/etc/ssl/eligo/key.pem|$work/key.pem|" -e "s|127.0.0.1:8080|127.0.0.1:$eport|" -e "s|eligo.hospital.example|localhost|")
}
CONF
  "$nginx_bin" -p "$work" -c "$work/nginx.conf" 2>"$work/nginx.stderr" &
  nginx_pid=$!
  for _ in $(seq 1 50); do
    curl -s -o /dev/null --cacert "$work/cert.pem" "https://localhost:$port/" && break
    kill -0 $nginx_pid 2>/dev/null || break
    sleep 0.1
  done
  kill -0 $nginx_pid 2>/dev/null && break
  grep -q "Address already in use" "$work/nginx.stderr" "$work/nginx-error.log" 2>/dev/null || { echo "nginx did not start:"; cat "$work/nginx.stderr" "$work/nginx-error.log"; exit 1; }
done
grep -q "listen" "$work/nginx.conf" || { echo "docs/server.md has no proxy example between its BEGIN/END markers"; exit 1; }
echo "nginx https://localhost:$port/ -> eligo serve 127.0.0.1:$eport"

check() {  # check NAME EXPECTED_STATUS CURL_ARGS...
  local name=$1 want=$2; shift 2
  local got
  got=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' --cacert "$work/cert.pem" "$@")
  if [ "$got" = "$want" ]; then echo "ok   $name ($got)"; else echo "FAIL $name: $got, expected $want"; head -c 300 "$work/body"; echo; fail=1; fi
}
base="https://localhost:$port"
check "the page over TLS, certificate verified" 200 "$base/"
grep -qi "^content-security-policy:.*frame-ancestors 'none'" "$work/headers" || { echo "FAIL no frame-ancestors in the CSP through the proxy"; fail=1; }
grep -qi "^strict-transport-security:" "$work/headers" || { echo "FAIL the proxy sends no Strict-Transport-Security"; fail=1; }
check "an API call without the token" 401 "$base/api/trials"
check "an API call with a wrong token" 401 -H "Authorization: Bearer wrong-token-0000000000" "$base/api/trials"
check "an API call with the token" 200 -H "Authorization: Bearer $token" "$base/api/trials"
check "a screening with the token" 200 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @patients/examples/ineligible.json "$base/api/check/NCT03838796"
grep -q '"verdict": *"ineligible"' "$work/body" || { echo "FAIL the screening through the proxy did not say ineligible"; fail=1; }
check "plain HTTP to the TLS port is refused" 400 "http://localhost:$port/"
# The proxy's own name is the only one it passes on; eligo refuses any other Host it is sent directly.
check "a Host eligo does not answer to, sent straight to eligo" 421 -H "Host: attacker.example" "http://127.0.0.1:$eport/healthz"

node "$src/tests/browser/tls.test.mjs" "$base" "$token" "$src/patients/examples/ineligible.json" "$artifacts" || fail=1
if grep -q "$token" "$work/eligo.err"; then echo "FAIL the token is in eligo's log"; fail=1; fi
exit $fail
