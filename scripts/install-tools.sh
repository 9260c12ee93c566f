#!/usr/bin/env bash
# Install the tools the tests call but the project must not depend on, each where it cannot clash
# with the project's own pins:
#   - checkov (Terraform security scanner) in its own venv, .venv-tools/, because its strict pins
#     (boto3, botocore, ...) conflict with the project's;
#   - shellcheck from Debian's packages, when it is missing and we may install system packages.
# Safe to run again: it does nothing when the tools are already there.
set -euo pipefail

CHECKOV_VERSION="3.3.30"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS_VENV="${TOOLS_VENV:-$ROOT/.venv-tools}"
PYTHON="${PYTHON:-python3}"

usage() {
    cat <<USAGE
Usage: scripts/install-tools.sh [--help]

Installs checkov ${CHECKOV_VERSION} into ${TOOLS_VENV} (a venv of its own, kept apart from the
project's .venv) and shellcheck (apt-get, when run as root and it is missing).
Environment: TOOLS_VENV (where the venv goes), PYTHON (the interpreter that creates it).
USAGE
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    "") ;;
    *) echo "install-tools: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

if [[ -x "$TOOLS_VENV/bin/checkov" ]] && "$TOOLS_VENV/bin/checkov" --version 2>/dev/null | grep -qx "$CHECKOV_VERSION"; then
    echo "install-tools: checkov $CHECKOV_VERSION already in $TOOLS_VENV"
else
    echo "install-tools: installing checkov $CHECKOV_VERSION into $TOOLS_VENV ..."
    "$PYTHON" -m venv "$TOOLS_VENV"
    "$TOOLS_VENV/bin/pip" install --quiet --upgrade pip
    "$TOOLS_VENV/bin/pip" install --quiet "checkov==$CHECKOV_VERSION"
    echo "install-tools: checkov $("$TOOLS_VENV/bin/checkov" --version) ready"
fi

if command -v shellcheck >/dev/null 2>&1; then
    echo "install-tools: shellcheck already installed"
elif [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: installing shellcheck with apt-get ..."
    apt-get update -qq >/dev/null
    apt-get install -y -qq shellcheck >/dev/null
else
    echo "install-tools: shellcheck is missing and cannot be installed here (not root or no apt-get);" >&2
    echo "install-tools: the shell-script lint test will be skipped" >&2
fi
