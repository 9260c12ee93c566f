#!/usr/bin/env bash
# Deploy the AI workers to AWS: Terraform, images, Lambdas, ECS service, and .env.local for the API.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TF_DIR="$ROOT/deploy/terraform"
DOCKER_DIR="$ROOT/deploy/docker"
ENV_OUT="$ROOT/.env.local"

usage() {
    cat <<'USAGE'
Usage: scripts/deploy-ai-workers.sh [--allow-dirty] [--skip-build] [--help]

Deploys the production pipeline to AWS, step by step:
  1. checks the tools (terraform, aws, docker, git, python3), the variables and the credentials;
  2. terraform init, then creates the ECR repositories and the secret first;
  3. stores OPENROUTER_API_KEY in Secrets Manager (when set; never in Terraform state);
  4. builds and pushes the three images tagged with the git commit;
  5. terraform apply of everything (topics, queues, bucket, Lambdas, ECS service, ...);
  6. waits for the Lambdas and the ECS service to run the new images;
  7. writes .env.local with the production endpoints for the API (BUS=aws, BLOBS=s3).

Environment:
  AWS_REGION           required, e.g. us-east-1
  AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
                       credentials allowed to create the stack (`aws sts get-caller-identity` works)
  NAME_PREFIX          resource name prefix (default tiktok-commerce)
  OPENROUTER_API_KEY   optional: turns on the LLM paths of the caption parser and the tagger
  ALARM_EMAIL          optional: who gets the alarms (DLQ not empty, Lambda errors)
  YOLO_MODEL_URL, YOLO_MODEL_SHA256
                       optional: where the thumbnail image's build pulls the detector from
  TF_VAR_*             any other Terraform variable (see docs/deploy-aws.md)

Options:
  --allow-dirty   deploy uncommitted changes (the image tag gets a -dirty-<time> suffix)
  --skip-build    reuse images already pushed for this commit
  -h, --help      this text
USAGE
}

say() { printf '==> %s\n' "$*"; }
die() { printf 'deploy-ai-workers: error: %s\n' "$*" >&2; exit 1; }

ALLOW_DIRTY=false
SKIP_BUILD=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --allow-dirty) ALLOW_DIRTY=true ;;
        --skip-build) SKIP_BUILD=true ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done

# ---- 1. tools, variables, credentials ------------------------------------------------------------

[[ -n "${AWS_REGION:-}" ]] || die "AWS_REGION is not set (e.g. export AWS_REGION=us-east-1)"
[[ "$AWS_REGION" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || die "AWS_REGION '$AWS_REGION' does not look like a region (e.g. us-east-1)"
NAME_PREFIX="${NAME_PREFIX:-tiktok-commerce}"
[[ "$NAME_PREFIX" =~ ^[a-z][a-z0-9-]{1,30}[a-z0-9]$ ]] || die "NAME_PREFIX '$NAME_PREFIX' must be 3-32 lowercase letters, digits or dashes"

for tool in terraform aws docker git python3; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed or not on PATH"
done

say "checking AWS credentials"
ACCOUNT="$(aws sts get-caller-identity --query Account --output text 2>/dev/null)" \
    || die "no working AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and retry"
say "account $ACCOUNT, region $AWS_REGION, prefix $NAME_PREFIX"

TAG="$(git -C "$ROOT" rev-parse --short=12 HEAD)"
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]]; then
    $ALLOW_DIRTY || die "the work tree has uncommitted changes; commit them or pass --allow-dirty"
    TAG="$TAG-dirty-$(date +%Y%m%d%H%M%S)"
fi
say "image tag $TAG"

export TF_VAR_region="$AWS_REGION"
export TF_VAR_name_prefix="$NAME_PREFIX"
export TF_VAR_image_tag="$TAG"
export TF_VAR_enable_llm=false
if [[ -n "${OPENROUTER_API_KEY:-}" ]]; then export TF_VAR_enable_llm=true; fi
if [[ -n "${ALARM_EMAIL:-}" ]]; then export TF_VAR_alarm_email="$ALARM_EMAIL"; fi

tf() { terraform -chdir="$TF_DIR" "$@"; }
tf_output() { tf output -json "$1"; }
json_get() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# ---- 2. Terraform: repositories and secret first (the functions need images to exist) ------------

say "terraform init"
tf init -input=false >/dev/null
say "creating the ECR repositories and the secret"
tf apply -input=false -auto-approve \
    -target=aws_ecr_repository.repo -target=aws_ecr_lifecycle_policy.repo \
    -target=aws_secretsmanager_secret.openrouter

# ---- 3. the OpenRouter key -------------------------------------------------------------------------

if [[ -n "${OPENROUTER_API_KEY:-}" ]]; then
    say "storing OPENROUTER_API_KEY in Secrets Manager"
    SECRET_ARN="$(tf output -raw openrouter_secret_arn)"
    secret_file="$(mktemp)"
    trap 'rm -f "$secret_file"' EXIT
    chmod 600 "$secret_file"
    printf '%s' "$OPENROUTER_API_KEY" >"$secret_file"  # a file, so the key never shows in `ps`
    aws secretsmanager put-secret-value --region "$AWS_REGION" --secret-id "$SECRET_ARN" \
        --secret-string "file://$secret_file" >/dev/null
    rm -f "$secret_file"
else
    say "OPENROUTER_API_KEY not set: the workers use the offline rules"
fi

# ---- 4. images ----------------------------------------------------------------------------------------

REPOS_JSON="$(tf_output ecr_repositories)"
REGISTRY="$ACCOUNT.dkr.ecr.$AWS_REGION.amazonaws.com"
if $SKIP_BUILD; then
    say "skipping the image builds (--skip-build)"
else
    say "logging in to $REGISTRY"
    aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$REGISTRY" >/dev/null
    for image in thumbnails lambda-workers api; do
        dockerfile="$DOCKER_DIR/${image%-workers}.Dockerfile"
        repo="$(json_get "$image" <<<"$REPOS_JSON")"
        say "building $image ($dockerfile) -> $repo:$TAG"
        # Lambda and Fargate run linux/amd64 (the Terraform's architectures).
        build_args=()
        if [[ "$image" == thumbnails ]]; then
            if [[ -n "${YOLO_MODEL_URL:-}" ]]; then build_args+=(--build-arg "YOLO_MODEL_URL=$YOLO_MODEL_URL"); fi
            if [[ -n "${YOLO_MODEL_SHA256:-}" ]]; then build_args+=(--build-arg "YOLO_MODEL_SHA256=$YOLO_MODEL_SHA256"); fi
        fi
        docker build --platform linux/amd64 --provenance=false "${build_args[@]}" \
            -f "$dockerfile" -t "$repo:$TAG" "$ROOT"
        docker push "$repo:$TAG"
    done
fi

# ---- 5. everything else ---------------------------------------------------------------------------

say "terraform apply (topics, queues, bucket, Lambdas, ECS service, ...)"
tf apply -input=false -auto-approve

# ---- 6. wait for the new code to run ----------------------------------------------------------------

FUNCTIONS_JSON="$(tf_output lambda_functions)"
for worker in caption-parser tagger; do
    fn="$(json_get "$worker" <<<"$FUNCTIONS_JSON")"
    say "waiting for Lambda $fn"
    aws lambda wait function-updated-v2 --region "$AWS_REGION" --function-name "$fn"
done
CLUSTER="$(tf output -raw ecs_cluster)"
SERVICE="$(tf output -raw ecs_service)"
say "waiting for ECS service $SERVICE to be stable"
aws ecs wait services-stable --region "$AWS_REGION" --cluster "$CLUSTER" --services "$SERVICE"

# ---- 7. .env.local for the API ---------------------------------------------------------------------------

say "writing $ENV_OUT"
tf_output api_env | python3 -c '
import json, sys
env = json.load(sys.stdin)
print("# Written by scripts/deploy-ai-workers.sh: the API against the production AWS pipeline.")
for key in sorted(env):
    print(f"{key}={env[key]}")
' >"$ENV_OUT"

POLICY_ARN="$(tf output -raw api_policy_arn)"
say "done. The workers run the image tag $TAG."
cat <<DONE

Next:
  - give the API's AWS identity the policy $POLICY_ARN
  - scripts/start-local-dev.sh   (PostgreSQL, migrations, the API on :3001 against this stack)
DONE
