# Sourced by tests/omop_parity.sh: the sharded setup of docs/scale.md. A coordinator PostgreSQL whose OMOP tables are
# partitioned by person (hash of person_id) over two worker PostgreSQL servers through postgres_fdw, all three on
# loopback ports; the vocabulary (concept) stays on the coordinator. eligo sql's script runs there unchanged.
#   shard_setup DIR   DIR holds load.sql and the CSV files (eligo synth --format omop / eligo export)
#   shard_stop
shard_dirs=() shard_ports=()

# A server of its own on a free loopback port (a busy one is tried again).
shard_start() {
  local name=$1 dir="$cluster/$1" port
  "${as_user[@]}" "$pgbin/initdb" -D "$dir" -A trust -U eligo --no-sync >"$work/initdb-$name.log" 2>&1 || { cat "$work/initdb-$name.log"; return 1; }
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    if "${as_user[@]}" "$pgbin/pg_ctl" -D "$dir" -l "$cluster/$name.log" -w \
      -o "-k $cluster -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
      shard_dirs+=("$dir") shard_ports+=("$port")
      echo "$port"
      return 0
    fi
  done
  cat "$cluster/$name.log"
  return 1
}

shard_stop() {
  for d in "${shard_dirs[@]}"; do "${as_user[@]}" "$pgbin/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1; done
}

shard_psql() { local port=$1 dir=$2; shift 2; (cd "$dir" && PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -p "$port" -U eligo -d postgres -X -q -v ON_ERROR_STOP=1 "$@"); }

shard_setup() {
  local dir=$1 coordinator w1 w2
  coordinator=$(shard_start coordinator) || return 1
  w1=$(shard_start worker1) || return 1
  w2=$(shard_start worker2) || return 1
  # The tables of load.sql: the person tables on the workers, partitioned on the coordinator; concept on the coordinator.
  local ddl person_tables=()
  ddl=$(grep '^CREATE TABLE' "$dir/load.sql")
  mapfile -t person_tables < <(grep '^CREATE TABLE' "$dir/load.sql" | grep 'person_id BIGINT' | sed 's/^CREATE TABLE \([a-z_]*\) .*/\1/')
  for port in $w1 $w2; do
    grep 'person_id BIGINT' <<<"$ddl" | shard_psql "$port" "$dir" -f - || return 1
  done
  {
    echo "CREATE EXTENSION postgres_fdw;"
    local k=0
    for port in $w1 $w2; do
      k=$((k + 1))
      echo "CREATE SERVER shard$k FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '$port', dbname 'postgres', async_capable 'true', fetch_size '10000', batch_size '1000');"
      echo "CREATE USER MAPPING FOR CURRENT_USER SERVER shard$k OPTIONS (user 'eligo');"
    done
    grep -v 'person_id BIGINT' <<<"$ddl"
    for t in "${person_tables[@]}"; do
      grep "^CREATE TABLE $t " <<<"$ddl" | sed 's/;$/ PARTITION BY HASH (person_id);/'
      echo "CREATE FOREIGN TABLE ${t}_shard1 PARTITION OF $t FOR VALUES WITH (MODULUS 2, REMAINDER 0) SERVER shard1 OPTIONS (table_name '$t');"
      echo "CREATE FOREIGN TABLE ${t}_shard2 PARTITION OF $t FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard2 OPTIONS (table_name '$t');"
    done
    # Rows are routed to their worker by the partition key as they are copied in.
    grep '^\\copy' "$dir/load.sql"
    echo "ALTER SYSTEM SET enable_partitionwise_join = on;"
    echo "ALTER SYSTEM SET enable_partitionwise_aggregate = on;"
    echo "SELECT pg_reload_conf();"
  } | shard_psql "$coordinator" "$dir" -f - >/dev/null || return 1
  for port in $w1 $w2; do shard_psql "$port" "$dir" -c "ANALYZE" || return 1; done
  shard_coordinator=$coordinator shard_workers="$w1 $w2"
}
