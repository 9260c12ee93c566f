"""moto's server on loopback for the AWS tests: real boto3 HTTP calls, no in-process patching.

Imported by tests/test_aws_*.py (`from aws_support import ...`); pytest puts tests/ on sys.path.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tiktok_commerce.aws_provision import Provisioned, provision
from tiktok_commerce.awsclient import make_client
from tiktok_commerce.bus.aws import SqsBus
from tiktok_commerce.settings import Settings

REGION = "us-east-1"


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access-log line per call is noise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@dataclass
class AwsStack:
    settings: Settings
    provisioned: Provisioned
    bus: SqsBus

    def client(self, service: str):
        return make_client(self.settings, service)


@pytest.fixture
def aws_env(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Credentials and settings of a fresh, uniquely named stack on the moto server."""
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }.items():
        monkeypatch.setenv(key, value)
    suffix = uuid.uuid4().hex[:8]
    env = {
        "BUS": "aws",
        "BLOBS": "s3",
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": moto_endpoint,
        "NAME_PREFIX": f"tc-{suffix}",
        "S3_BUCKET": f"tc-{suffix}-blobs",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def aws_stack(aws_env: dict[str, str]) -> AwsStack:
    settings = Settings(_env_file=None)
    provisioned = provision(settings)
    bus = SqsBus.from_settings(settings)
    bus.retry_backoff_s = 0  # retries come back at once in tests
    return AwsStack(settings, provisioned, bus)


# ---- Lambda's SQS event source, as the Lambda service shapes it --------------------------------


def lambda_batch(stack: AwsStack, queue: str, max_messages: int = 10, wait_s: int = 1) -> dict:
    """Receive like the Lambda service and build its SQS event (records with attributes)."""
    sqs = stack.client("sqs")
    url = stack.bus.queue_url(queue)
    raw = sqs.receive_message(
        QueueUrl=url,
        MaxNumberOfMessages=max_messages,
        WaitTimeSeconds=wait_s,
        MessageSystemAttributeNames=["All"],
    ).get("Messages", [])
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": "us-east-1",
            }
            for m in raw
        ]
    }


def delete_successes(stack: AwsStack, queue: str, batch: dict, result: dict) -> None:
    failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
    sqs = stack.client("sqs")
    for record in batch["Records"]:
        if record["messageId"] not in failed:
            sqs.delete_message(QueueUrl=stack.bus.queue_url(queue), ReceiptHandle=record["receiptHandle"])
