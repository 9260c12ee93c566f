"""The bus on AWS: SNS topics fanning out to SQS queues (raw message delivery), per topology.py.

- publish: one SNS publish per event on its topic; the subscriptions deliver the event itself (raw
  message delivery) to every subscribed queue.
- receive: SQS long polling (at most 20 s, at most 10 messages, SQS's own limits).
- ack: DeleteMessage.
- fail: ChangeMessageVisibility to an exponential backoff. On the last allowed receive the bus
  publishes `processing.failed` (so the video visibly fails) and makes the message visible at once;
  SQS's redrive policy then moves it to `<queue>-dlq` on the next receive.
- Events over the SNS/SQS size limit go to S3 under `events/` and travel as a pointer in the
  format of the AWS "extended client" libraries, so the Java/Python extended clients can read them.

Names come from the settings (SNS_*_TOPIC / SQS_*_QUEUE, each a name, an ARN or a URL) or default
to `<NAME_PREFIX>-<topology name>`; ARNs and URLs are looked up once, on first use.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from typing import Any

from tiktok_commerce import topology
from tiktok_commerce.bus.base import Message, QueueStats, failure_event
from tiktok_commerce.events import Envelope
from tiktok_commerce.settings import Settings

log = logging.getLogger(__name__)

# SNS caps a message at 256 KiB including its attributes (SQS now takes 1 MiB, SNS does not).
SNS_MAX_BYTES = 256 * 1024
INLINE_LIMIT_BYTES = SNS_MAX_BYTES - 4 * 1024  # headroom for the message attributes
POINTER_CLASS = "software.amazon.payloadoffloading.PayloadS3Pointer"
PAYLOAD_PREFIX = "events/"
MAX_WAIT_S = 20  # SQS long-poll maximum
MAX_BATCH = 10  # SQS receive maximum
MAX_VISIBILITY_S = 12 * 3600  # SQS ChangeMessageVisibility maximum
RETRY_BACKOFF_S = 30.0  # first retry after 30 s, then 60 s, 120 s ...


class AwsBusError(RuntimeError):
    """A topic, queue or bucket the bus needs is missing or misconfigured (message says which)."""


def _setting_name(kind: str, name: str) -> str:
    suffix = "topic" if kind == "sns" else "queue"
    return f"{kind}_{name.replace('-', '_')}_{suffix}"


class SqsBus:
    def __init__(
        self,
        *,
        sns: Any,
        sqs: Any,
        s3: Any | None = None,
        bucket: str | None = None,
        topics: dict[str, str],
        queues: dict[str, str],
        retry_backoff_s: float = RETRY_BACKOFF_S,
        inline_limit_bytes: int = INLINE_LIMIT_BYTES,
    ) -> None:
        self.sns, self.sqs, self.s3, self.bucket = sns, sqs, s3, bucket
        self.topics = topics  # topology topic -> name or ARN
        self.queues = queues  # topology queue -> name or URL
        self.retry_backoff_s = retry_backoff_s
        self.inline_limit_bytes = inline_limit_bytes
        self._arns: dict[str, str] = {}
        self._urls: dict[str, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> SqsBus:
        from tiktok_commerce.awsclient import make_client

        prefix = settings.name_prefix
        topics = {
            t: getattr(settings, _setting_name("sns", t), None) or f"{prefix}-{t}" for t in topology.TOPICS
        }
        queues = {
            q: getattr(settings, _setting_name("sqs", q), None) or f"{prefix}-{q}" for q in topology.QUEUES
        }
        return cls(
            sns=make_client(settings, "sns"),
            sqs=make_client(settings, "sqs"),
            s3=make_client(settings, "s3") if settings.s3_bucket else None,
            bucket=settings.s3_bucket,
            topics=topics,
            queues=queues,
        )

    # ---- names -> ARNs and URLs ------------------------------------------------------------

    def topic_arn(self, topic: str) -> str:
        if topic not in self._arns:
            value = self.topics[topic]
            arn = value if value.startswith("arn:") else self._find_topic(topic, value)
            with self._lock:
                self._arns[topic] = arn
        return self._arns[topic]

    def _find_topic(self, topic: str, name: str) -> str:
        for page in self.sns.get_paginator("list_topics").paginate():
            for item in page.get("Topics", []):
                if item["TopicArn"].rsplit(":", 1)[-1] == name:
                    return item["TopicArn"]
        raise AwsBusError(
            f"SNS topic {name!r} not found in this account/region: apply deploy/terraform (or run "
            f"`tiktok-commerce aws provision`), or set {_setting_name('sns', topic).upper()}"
        )

    def queue_url(self, queue: str) -> str:
        if queue not in self._urls:
            if queue in self.queues:
                value = self.queues[queue]
            elif queue.endswith("-dlq") and queue.removesuffix("-dlq") in self.queues:
                value = self._dlq_name(queue.removesuffix("-dlq"))
            else:
                raise AwsBusError(f"unknown queue {queue!r}; the topology has {', '.join(self.queues)}")
            url = value if value.startswith(("http://", "https://")) else self._find_queue(value)
            with self._lock:
                self._urls[queue] = url
        return self._urls[queue]

    def _find_queue(self, name: str) -> str:
        try:
            return self.sqs.get_queue_url(QueueName=name)["QueueUrl"]
        except self.sqs.exceptions.QueueDoesNotExist as exc:
            raise AwsBusError(
                f"SQS queue {name!r} not found in this account/region: apply deploy/terraform (or run "
                "`tiktok-commerce aws provision`), or set the matching SQS_*_QUEUE setting"
            ) from exc

    def _dlq_name(self, queue: str) -> str:
        """The dead-letter queue named by the queue's own redrive policy (whatever it is called)."""
        attrs = self.sqs.get_queue_attributes(
            QueueUrl=self.queue_url(queue), AttributeNames=["RedrivePolicy"]
        )
        policy = attrs.get("Attributes", {}).get("RedrivePolicy")
        if not policy:
            raise AwsBusError(f"queue {queue!r} has no redrive policy, so no dead-letter queue")
        return json.loads(policy)["deadLetterTargetArn"].rsplit(":", 1)[-1]

    # ---- large events travel through S3 --------------------------------------------------------

    def _outgoing_body(self, event: Envelope) -> str:
        body = event.to_json()
        if len(body.encode()) <= self.inline_limit_bytes:
            return body
        if self.s3 is None or not self.bucket:
            raise AwsBusError(
                f"event {event.id} is {len(body.encode())} bytes, over the {self.inline_limit_bytes}-byte "
                "SNS/SQS limit, and no S3_BUCKET is set to carry it"
            )
        # The key is the event id, so a retried publish overwrites the same object.
        key = f"{PAYLOAD_PREFIX}{event.id}.json"
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode(), ContentType="application/json")
        return json.dumps([POINTER_CLASS, {"s3BucketName": self.bucket, "s3Key": key}])

    def resolve_body(self, body: str) -> str:
        """The event itself: the body as received, or the S3 object a pointer body names."""
        if not body.startswith(f'["{POINTER_CLASS}"'):
            return body
        pointer = json.loads(body)[1]
        if self.s3 is None:
            raise AwsBusError("received an S3 pointer to a large event but no S3 client (set S3_BUCKET)")
        # Objects are never deleted on ack: other queues got the same pointer. The bucket's
        # lifecycle rule expires events/ after the queues' retention.
        return (
            self.s3.get_object(Bucket=pointer["s3BucketName"], Key=pointer["s3Key"])["Body"].read().decode()
        )

    # ---- the Bus protocol ------------------------------------------------------------------

    def publish(self, event: Envelope) -> None:
        topic = topology.EVENT_TOPICS[event.type]
        self.sns.publish(
            TopicArn=self.topic_arn(topic),
            Message=self._outgoing_body(event),
            # Raw delivery passes these on as SQS message attributes: handy for filtering and logs.
            MessageAttributes={
                "event_type": {"DataType": "String", "StringValue": event.type},
                "video_id": {"DataType": "String", "StringValue": event.video_id},
            },
        )

    def receive(self, queue: str, max_messages: int = 1, wait_s: float = 0.0) -> list[Message]:
        response = self.sqs.receive_message(
            QueueUrl=self.queue_url(queue),
            MaxNumberOfMessages=max(1, min(max_messages, MAX_BATCH)),
            WaitTimeSeconds=max(0, min(math.ceil(wait_s), MAX_WAIT_S)),
            MessageSystemAttributeNames=["ApproximateReceiveCount"],
        )
        return [
            Message(
                queue=queue,
                body=self.resolve_body(raw["Body"]),
                receive_count=int(raw.get("Attributes", {}).get("ApproximateReceiveCount", 1)),
                receipt=raw["ReceiptHandle"],
                message_id=raw["MessageId"],
            )
            for raw in response.get("Messages", [])
        ]

    def ack(self, message: Message) -> None:
        self.sqs.delete_message(QueueUrl=self.queue_url(message.queue), ReceiptHandle=message.receipt)

    def fail(self, message: Message, error: str) -> None:
        policy = topology.QUEUES.get(message.queue)
        max_receives = policy.max_receive_count if policy else topology.MAX_RECEIVE_COUNT
        if message.receive_count >= max_receives:
            self._announce_failure(message, error)
            delay = 0  # the next receive hands it to the redrive policy: off to the DLQ now
        else:
            delay = min(int(self.retry_backoff_s * 2 ** (message.receive_count - 1)), MAX_VISIBILITY_S)
        self.sqs.change_message_visibility(
            QueueUrl=self.queue_url(message.queue), ReceiptHandle=message.receipt, VisibilityTimeout=delay
        )

    def _announce_failure(self, message: Message, error: str) -> None:
        """Publish processing.failed for a message on its last try, as the SQL bus does on dead-letter.

        Its id derives from the failed event's, so a repeat (or the worker's own PermanentError
        report of the same event) is one event for the results consumer.
        """
        if message.queue == topology.RESULTS.name:
            return  # the results queue's own failures would loop back into it
        failure = failure_event(message.queue, message.body, error, message.message_id)
        if failure is None:
            log.error("poison message %s on %s goes to the DLQ: %s", message.message_id, message.queue, error)
            return  # names no video: the DLQ depth (stats, CloudWatch alarm) is the signal
        self.publish(failure)

    def dead_letter(self, message: Message, error: str) -> None:
        """Move a message that can never succeed (an unparseable body) to its DLQ now, not after 3 tries."""
        dlq = f"{message.queue}-dlq"
        self.sqs.send_message(
            QueueUrl=self.queue_url(dlq),
            MessageBody=message.body,
            MessageAttributes={
                "source_queue": {"DataType": "String", "StringValue": message.queue},
                "error": {"DataType": "String", "StringValue": error[:1000] or "dead-lettered"},
            },
        )
        self.ack(message)
        self._announce_failure(message, error)
        log.error("dead-lettered message %s from %s to %s: %s", message.message_id, message.queue, dlq, error)

    def visibility_timeout(self, queue: str) -> float:
        """The queue's visibility timeout (the runtime heartbeats at a third of it)."""
        policy = topology.QUEUES.get(queue)
        return float(policy.visibility_timeout_s if policy else topology.VISIBILITY_TIMEOUT_S)

    def extend(self, message: Message) -> bool:
        """Keep a message being handled invisible for another visibility timeout (a heartbeat).

        False when the receipt is no longer valid: the message came back and someone else has it.
        """
        from botocore.exceptions import ClientError

        try:
            self.sqs.change_message_visibility(
                QueueUrl=self.queue_url(message.queue),
                ReceiptHandle=message.receipt,
                VisibilityTimeout=int(self.visibility_timeout(message.queue)),
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if "ReceiptHandleIsInvalid" in code or "MessageNotInflight" in code:
                return False
            raise
        return True

    def announce_dead_letters(self, queue: str, limit: int = 1000) -> int:
        """Publish processing.failed for the messages in `queue`'s DLQ, leaving them there.

        For the one gap SQS leaves: a worker that dies on the last try (out of memory, killed)
        never calls `fail`, and SQS dead-letters the message silently. Ids are stable per failed
        event, so announcing one twice is one event for the results consumer (which also never
        fails a complete video). Returns how many messages were announced.
        """
        if queue == topology.RESULTS.name:
            return 0  # failures of results announce nothing (they would loop into results)
        dlq_url, seen = self.queue_url(f"{queue}-dlq"), set[str]()
        error = "gave up after the last try: the worker stopped (crash, out of memory) before reporting"
        while len(seen) < limit:
            # Hidden only for a minute: they stay in the DLQ for inspection and redrive.
            batch = self.sqs.receive_message(
                QueueUrl=dlq_url, MaxNumberOfMessages=MAX_BATCH, VisibilityTimeout=60, WaitTimeSeconds=0
            ).get("Messages", [])
            fresh = [m for m in batch if m["MessageId"] not in seen]
            if not fresh:
                break
            for raw in fresh:
                seen.add(raw["MessageId"])
                failure = failure_event(queue, self.resolve_body(raw["Body"]), error, raw["MessageId"])
                if failure is not None:
                    self.publish(failure)
        return len(seen)

    def release(self, message: Message) -> None:
        """Give a claimed message back at once (a stopping worker). SQS still counts the receive."""
        self.sqs.change_message_visibility(
            QueueUrl=self.queue_url(message.queue), ReceiptHandle=message.receipt, VisibilityTimeout=0
        )

    def stats(self) -> list[QueueStats]:
        result = []
        for name in topology.QUEUES:
            attrs = self._attributes(name)
            dlq = self._attributes(f"{name}-dlq")
            result.append(
                QueueStats(
                    queue=name,
                    depth=int(attrs.get("ApproximateNumberOfMessages", 0)),
                    in_flight=int(attrs.get("ApproximateNumberOfMessagesNotVisible", 0)),
                    dlq_depth=int(dlq.get("ApproximateNumberOfMessages", 0)),
                    # SQS has no such attribute; it is CloudWatch's ApproximateAgeOfOldestMessage.
                    oldest_age_s=None,
                )
            )
        return result

    def _attributes(self, queue: str) -> dict[str, str]:
        return self.sqs.get_queue_attributes(
            QueueUrl=self.queue_url(queue),
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        ).get("Attributes", {})

    def healthy(self) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            for topic in topology.TOPICS:
                self.topic_arn(topic)
            for queue in topology.QUEUES:
                self._attributes(queue)
        except (AwsBusError, BotoCoreError, ClientError) as exc:
            log.warning("AWS bus unhealthy: %s", exc)
            return False
        return True
