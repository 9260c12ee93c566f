"""`tiktok-commerce monitor` with BUS=aws against moto's server: SQS attributes, Lambda
(get_function, get_function_concurrency), ECS (describe_services), CloudWatch (get_metric_data)
and CloudWatch Logs (filter_log_events), each seeded as production would fill it."""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from api_support import make_services, settings_for
from aws_support import AwsStack, aws_env, aws_stack, moto_endpoint  # noqa: F401

from tiktok_commerce.cli import main
from tiktok_commerce.db import models
from tiktok_commerce.db.session import transaction
from tiktok_commerce.events import CaptionParsed, Envelope
from tiktok_commerce.ops.monitor import ECS_WORKERS, LAMBDA_WORKERS
from tiktok_commerce.settings import get_settings


@pytest.fixture(autouse=True)
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def seed_workers(stack: AwsStack, prefix: str) -> None:
    """The Lambdas and the ECS service as deploy/terraform names them, with some CloudWatch data."""
    role = stack.client("iam").create_role(
        RoleName=f"{prefix}-lambda",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("handler.py", "def handle(event, context):\n    return {}\n")
    lam, cloudwatch = stack.client("lambda"), stack.client("cloudwatch")
    now = datetime.now(UTC)
    for worker in LAMBDA_WORKERS:
        name = f"{prefix}-{worker}"
        lam.create_function(
            FunctionName=name,
            Runtime="python3.11",
            Role=role,
            Handler="handler.handle",
            Code={"ZipFile": code.getvalue()},
        )
        lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=100)
        figures = {"Invocations": 10, "Errors": 2, "Throttles": 1} if worker == "caption-parser" else {}
        for metric, value in figures.items():
            cloudwatch.put_metric_data(
                Namespace="AWS/Lambda",
                MetricData=[
                    {
                        "MetricName": metric,
                        "Dimensions": [{"Name": "FunctionName", "Value": name}],
                        "Timestamp": now,
                        "Value": value,
                    }
                ],
            )
    cloudwatch.put_metric_data(
        Namespace="AWS/SQS",
        MetricData=[
            {
                "MetricName": "ApproximateAgeOfOldestMessage",
                "Dimensions": [{"Name": "QueueName", "Value": f"{prefix}-thumbnail-generator"}],
                "Timestamp": now,
                "Value": 42,
            }
        ],
    )
    ecs = stack.client("ecs")
    ecs.create_cluster(clusterName=prefix)
    ecs.register_task_definition(
        family=f"{prefix}-thumbnails",
        containerDefinitions=[{"name": "thumbnails", "image": "x", "memory": 2048}],
    )
    for worker in ECS_WORKERS:
        ecs.create_service(
            cluster=prefix,
            serviceName=f"{prefix}-{worker}",
            taskDefinition=f"{prefix}-thumbnails",
            desiredCount=1,
        )


def seed_logs(stack: AwsStack, prefix: str, video_id: str) -> None:
    logs = stack.client("logs")
    group = f"/aws/lambda/{prefix}-caption-parser"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s1")
    now = int(time.time() * 1000)
    lines = [
        {"level": "INFO", "message": "caption-parser: message m1 handled", "video_id": video_id},
        {
            "level": "ERROR",
            "message": "caption-parser: could not settle a failed message",
            "video_id": video_id,
        },
    ]
    logs.put_log_events(
        logGroupName=group,
        logStreamName="s1",
        logEvents=[{"timestamp": now + i, "message": json.dumps(line)} for i, line in enumerate(lines)],
    )


def test_every_view_on_aws(
    aws_env: dict[str, str], aws_stack: AwsStack, tmp_path: Path, monkeypatch, capsys
) -> None:
    prefix = aws_env["NAME_PREFIX"]
    database_url = f"sqlite:///{tmp_path / 'api.db'}"
    monkeypatch.setenv("DATABASE_URL", database_url)
    svc = make_services(settings_for(database_url, tmp_path))
    with transaction(svc.sessions) as session:
        session.add(models.Shop(seller_handle="mug_shop"))
        session.flush()
        video = models.Video(
            seller_handle="mug_shop",
            video_url="https://www.tiktok.com/@mug_shop/video/1",
            status="failed",
            error="thumbnail-generator: FetchFailed: the video host answered HTTP 503",
            stages={"received": datetime.now(UTC).isoformat(), "failed": datetime.now(UTC).isoformat()},
        )
        session.add(video)
        session.flush()
        video_id = video.id
    svc.close()
    parsed = Envelope.new(
        video_id, CaptionParsed(seller_handle="mug_shop", video_url="https://www.tiktok.com/x")
    )
    aws_stack.bus.sqs.send_message(
        QueueUrl=aws_stack.bus.queue_url("thumbnail-generator-dlq"), MessageBody=parsed.to_json()
    )
    seed_workers(aws_stack, prefix)
    seed_logs(aws_stack, prefix, video_id)

    capsys.readouterr()
    assert main(["monitor", "--json", "--api", "http://127.0.0.1:9"]) == 0
    snapshot = json.loads(capsys.readouterr().out)
    assert snapshot["bus"] == "aws"

    queues = {q["queue"]: q for q in snapshot["queues"]}
    assert queues["thumbnail-generator"]["dlq"] == 1
    assert queues["thumbnail-generator"]["oldest_age_s"] == 42  # CloudWatch's ApproximateAgeOfOldestMessage

    services = {s["name"]: s for s in snapshot["services"]}
    assert services["api"]["alive"] is False  # nothing listens on the discard port
    parser = services["lambda:caption-parser"]
    assert parser["alive"] and parser["concurrency"] == 100
    assert parser["detail"] == "Active, 10 invocations, 2 errors, 1 throttles"
    assert services["lambda:tagger"]["detail"] == "Active, 0 invocations, 0 errors, 0 throttles"
    ecs = services["ecs:thumbnails"]
    assert (
        ecs["detail"].startswith("ACTIVE: ") and "/ 1 desired /" in ecs["detail"] and ecs["concurrency"] == 1
    )

    [failure] = snapshot["errors"]
    assert failure["video_id"] == video_id and failure["dead_letter"] is True
    assert (failure["stage"], failure["error_kind"]) == ("thumbnail-generator", "FetchFailed")
    [line] = snapshot["error_logs"]  # the ERROR line only
    assert line["source"] == f"{prefix}-caption-parser" and line["video_id"] == video_id
    assert line["message"] == "caption-parser: could not settle a failed message"

    # The dead letter is still there for `dlq redrive` after the monitor looked at it.
    assert main(["dlq", "list", "thumbnails", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["video_id"] == video_id

    monkeypatch.setenv("COLUMNS", "160")
    assert main(["monitor", "--services", "--errors", "--api", "http://127.0.0.1:9"]) == 0
    screen = capsys.readouterr().out
    for words in ("lambda:caption-parser", "ecs:thumbnails", "Workers' ERROR log lines", "could not settle"):
        assert words in screen, words


def test_the_monitor_names_the_production_workers_as_terraform_does() -> None:
    text = (Path(__file__).resolve().parents[1] / "deploy" / "terraform" / "lambda.tf").read_text()
    for worker in LAMBDA_WORKERS:
        assert f'"{worker}" = {{' in text
    assert (
        'command                = ["worker", "thumbnails"]'
        in (Path(__file__).resolve().parents[1] / "deploy" / "terraform" / "ecs.tf").read_text()
    )
