#!/usr/bin/env bash
# Run the Ingestion API on this machine against the production workers on AWS.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

usage() {
    cat <<'USAGE'
Usage: scripts/start-local-dev.sh [--env-file PATH] [--port PORT] [--help]

Starts the Ingestion API locally, talking to the AWS pipeline (BUS=aws, BLOBS=s3):
  1. loads the production endpoints from .env.local (written by scripts/deploy-ai-workers.sh);
  2. starts PostgreSQL if it is not running (the system service, else a Docker container);
  3. checks this machine reaches the production topics and queues (`tiktok-commerce aws status`);
  4. migrates the database (`tiktok-commerce db upgrade`);
  5. runs the API on port 3001 (results consumer and outbox relay included) until Ctrl-C.

Environment:
  DATABASE_URL   default postgresql+psycopg://postgres:postgres@127.0.0.1:5432/tiktok_commerce
  AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
                 credentials with the policy Terraform outputs as api_policy_arn

Options:
  --env-file PATH   the endpoints file (default .env.local)
  --port PORT       the API's port (default 3001)
  -h, --help        this text
USAGE
}

say() { printf '==> %s\n' "$*"; }
die() { printf 'start-local-dev: error: %s\n' "$*" >&2; exit 1; }

ENV_FILE="$ROOT/.env.local"
PORT=3001
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --env-file) [[ $# -ge 2 ]] || die "--env-file needs a path"; ENV_FILE="$2"; shift ;;
        --port) [[ $# -ge 2 ]] || die "--port needs a number"; PORT="$2"; shift ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number, not '$PORT'"

# ---- 1. production endpoints --------------------------------------------------------------------

[[ -f "$ENV_FILE" ]] || die "$ENV_FILE not found: run scripts/deploy-ai-workers.sh first (it writes it), or pass --env-file"
set -a
# shellcheck disable=SC1090  # the file is generated, its path chosen at run time
source "$ENV_FILE"
set +a
[[ "${BUS:-}" == "aws" ]] || die "$ENV_FILE does not set BUS=aws: is it the file deploy-ai-workers.sh wrote?"
[[ -n "${AWS_REGION:-}" ]] || die "$ENV_FILE does not set AWS_REGION"

if [[ -x "$ROOT/.venv/bin/tiktok-commerce" ]]; then
    TC="$ROOT/.venv/bin/tiktok-commerce"
elif command -v tiktok-commerce >/dev/null 2>&1; then
    TC="$(command -v tiktok-commerce)"
else
    die "tiktok-commerce is not installed: run 'make install' (it creates .venv with the aws extra)"
fi

# ---- 2. PostgreSQL ----------------------------------------------------------------------------------

export DATABASE_URL="${DATABASE_URL:-postgresql+psycopg://postgres:postgres@127.0.0.1:5432/tiktok_commerce}"
PG_HOST=127.0.0.1
PG_PORT=5432

pg_up() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
    else
        (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
    fi
}

if pg_up; then
    say "PostgreSQL is running on $PG_HOST:$PG_PORT"
else
    say "PostgreSQL is not running: starting it"
    if command -v systemctl >/dev/null 2>&1 && systemctl list-unit-files postgresql.service >/dev/null 2>&1; then
        sudo systemctl start postgresql
    elif command -v service >/dev/null 2>&1 && [[ -x /etc/init.d/postgresql ]]; then
        sudo service postgresql start
    elif command -v docker >/dev/null 2>&1; then
        if docker container inspect tiktok-commerce-postgres >/dev/null 2>&1; then
            docker start tiktok-commerce-postgres >/dev/null
        else
            docker run -d --name tiktok-commerce-postgres -p "$PG_HOST:$PG_PORT:5432" \
                -e POSTGRES_PASSWORD=postgres -e POSTGRES_DB=tiktok_commerce postgres:16 >/dev/null
        fi
    else
        die "PostgreSQL is not running and neither a postgresql service nor docker is available; start it, or set DATABASE_URL"
    fi
    for _ in $(seq 1 30); do
        pg_up && break
        sleep 1
    done
    pg_up || die "PostgreSQL did not come up on $PG_HOST:$PG_PORT within 30 s"
    say "PostgreSQL is up"
fi

# ---- 3. the production workers' bus ---------------------------------------------------------------

say "checking the AWS bus in $AWS_REGION"
"$TC" aws status || die "cannot reach the production topics and queues: check your AWS credentials (the api_policy_arn policy) and $ENV_FILE"

# ---- 4. migrate, 5. serve ----------------------------------------------------------------------------

say "migrating the database"
"$TC" db upgrade || die "migration failed: is DATABASE_URL right and does the database exist? ($DATABASE_URL)"

say "starting the API on http://localhost:$PORT (Ctrl-C stops it)"
exec "$TC" api --port "$PORT"
