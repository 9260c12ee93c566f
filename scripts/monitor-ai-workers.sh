#!/usr/bin/env bash
# Watch the pipeline: queues, services, recent errors and performance (tiktok-commerce monitor).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

usage() {
    cat <<'USAGE'
Usage: scripts/monitor-ai-workers.sh [--queues] [--services] [--errors] [--metrics]
                                     [--interval SECONDS] [--json] [--api URL] [--env-file PATH] [--help]

With no view flag: every view, refreshed in place every --interval seconds until Ctrl-C.
With view flags: those views, once (add --interval to keep refreshing them).

  --queues          every queue and its DLQ: waiting, in flight, oldest age, arrival/completion rates
  --services        the API and its loops; on AWS each Lambda (state, errors, throttles) and ECS tasks
  --errors          the most recent failed videos; on AWS also the workers' ERROR log lines
  --metrics         per stage p50/p95/p99 time and throughput, videos per minute, LLM tokens and cost
  --interval S      seconds between refreshes (default 5 in continuous mode)
  --json            JSON, one object per refresh, instead of tables
  --api URL         the API's base URL (default http://localhost:3001)
  --env-file PATH   settings to load first, e.g. .env.local from scripts/deploy-ai-workers.sh
                    (BUS=aws: the production queues, Lambdas and ECS service)
  -h, --help        this text

The bus is the one the settings name: BUS=sql (the database at DATABASE_URL) or BUS=aws.
USAGE
}

die() { printf 'monitor-ai-workers: error: %s\n' "$*" >&2; exit 1; }

views=()
extra=()
interval=""
env_file=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --queues | --services | --errors | --metrics) views+=("$1") ;;
        --json) extra+=("--json") ;;
        --interval) [[ $# -ge 2 ]] || die "--interval needs a number of seconds"; interval="$2"; shift ;;
        --api) [[ $# -ge 2 ]] || die "--api needs a URL"; extra+=("--api" "$2"); shift ;;
        --env-file) [[ $# -ge 2 ]] || die "--env-file needs a path"; env_file="$2"; shift ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done
if [[ -n "$interval" ]] && ! [[ "$interval" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    die "--interval must be a number of seconds, not '$interval'"
fi

if [[ -n "$env_file" ]]; then
    [[ -f "$env_file" ]] || die "$env_file not found"
    set -a
    # shellcheck disable=SC1090  # the file is chosen at run time
    source "$env_file"
    set +a
fi

# The command: TIKTOK_COMMERCE_PYTHON (an interpreter with the package), else the project's venv,
# else tiktok-commerce on the PATH.
if [[ -n "${TIKTOK_COMMERCE_PYTHON:-}" ]]; then
    tc=("$TIKTOK_COMMERCE_PYTHON" -m tiktok_commerce.cli)
elif [[ -x "$ROOT/.venv/bin/tiktok-commerce" ]]; then
    tc=("$ROOT/.venv/bin/tiktok-commerce")
elif command -v tiktok-commerce >/dev/null 2>&1; then
    tc=("$(command -v tiktok-commerce)")
else
    die "tiktok-commerce is not installed: run 'make install'"
fi

if [[ ${#views[@]} -eq 0 ]]; then
    extra+=("--watch" "${interval:-5}")  # the seed's continuous mode
elif [[ -n "$interval" ]]; then
    extra+=("--watch" "$interval")
fi
exec "${tc[@]}" monitor ${views[@]+"${views[@]}"} ${extra[@]+"${extra[@]}"}
