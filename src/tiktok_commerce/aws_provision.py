"""Create the topology's SNS topics, SQS queues, DLQs and subscriptions (and the bucket) on an endpoint.

Production uses deploy/terraform; this builds the same topology from topology.py with boto3 for
tests (moto's server) and local development against LocalStack or moto. Every call is idempotent:
running it again changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tiktok_commerce import topology
from tiktok_commerce.awsclient import make_client
from tiktok_commerce.settings import Settings


@dataclass
class Provisioned:
    topics: dict[str, str] = field(default_factory=dict)  # topology topic -> ARN
    queues: dict[str, str] = field(default_factory=dict)  # queue and DLQ name -> URL
    bucket: str | None = None


def queue_attributes(queue: topology.Queue, dlq_arn: str) -> dict[str, str]:
    """The attributes a topology queue gets on SQS (the Terraform sets the same)."""
    return {
        "VisibilityTimeout": str(queue.visibility_timeout_s),
        "MessageRetentionPeriod": str(queue.retention_s),
        "ReceiveMessageWaitTimeSeconds": "20",
        "SqsManagedSseEnabled": "true",
        "RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": queue.max_receive_count}
        ),
    }


def _allow_topics(queue_arn: str, topic_arns: list[str]) -> str:
    """A queue policy letting only these SNS topics send to the queue."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AllowSnsTopics",
                    "Effect": "Allow",
                    "Principal": {"Service": "sns.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": queue_arn,
                    "Condition": {"ArnEquals": {"aws:SourceArn": topic_arns}},
                }
            ],
        }
    )


def provision(settings: Settings, *, sns: Any = None, sqs: Any = None, s3: Any = None) -> Provisioned:
    sns = sns or make_client(settings, "sns")
    sqs = sqs or make_client(settings, "sqs")
    prefix = settings.name_prefix
    done = Provisioned()

    for topic in topology.TOPICS:
        done.topics[topic] = sns.create_topic(Name=f"{prefix}-{topic}")["TopicArn"]

    queue_arns: dict[str, str] = {}
    for queue in topology.QUEUES.values():
        dlq_url = sqs.create_queue(
            QueueName=f"{prefix}-{queue.dlq}",
            Attributes={"MessageRetentionPeriod": str(queue.retention_s), "SqsManagedSseEnabled": "true"},
        )["QueueUrl"]
        dlq_arn = _arn(sqs, dlq_url)
        url = sqs.create_queue(QueueName=f"{prefix}-{queue.name}")["QueueUrl"]
        sqs.set_queue_attributes(QueueUrl=url, Attributes=queue_attributes(queue, dlq_arn))
        done.queues[queue.name], done.queues[queue.dlq] = url, dlq_url
        queue_arns[queue.name] = _arn(sqs, url)

    for queue_name, arn in queue_arns.items():
        sources = [done.topics[t] for t, subscribers in topology.TOPICS.items() if queue_name in subscribers]
        sqs.set_queue_attributes(
            QueueUrl=done.queues[queue_name], Attributes={"Policy": _allow_topics(arn, sources)}
        )

    for topic, subscribers in topology.TOPICS.items():
        for queue_name in subscribers:
            sns.subscribe(
                TopicArn=done.topics[topic],
                Protocol="sqs",
                Endpoint=queue_arns[queue_name],
                Attributes={"RawMessageDelivery": "true"},
                ReturnSubscriptionArn=True,
            )

    if settings.s3_bucket:
        s3 = s3 or make_client(settings, "s3")
        try:
            s3.head_bucket(Bucket=settings.s3_bucket)
        except s3.exceptions.ClientError:
            kwargs: dict[str, Any] = {"Bucket": settings.s3_bucket}
            if settings.aws_region != "us-east-1":  # us-east-1 refuses an explicit location
                kwargs["CreateBucketConfiguration"] = {"LocationConstraint": settings.aws_region}
            s3.create_bucket(**kwargs)
        done.bucket = settings.s3_bucket
    return done


def _arn(sqs: Any, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
