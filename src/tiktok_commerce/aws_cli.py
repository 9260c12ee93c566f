"""`tiktok-commerce aws ...`: look at (and, for local development, create) the AWS bus.

tiktok-commerce aws status      can this machine reach the production topics and queues? depths
tiktok-commerce aws provision   create the topology on AWS_ENDPOINT_URL (moto, LocalStack)
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    aws = sub.add_parser("aws", help="the AWS bus (BUS=aws): status, provision for local development")
    aws_sub = aws.add_subparsers(dest="aws_command", required=True, metavar="ACTION")
    aws_sub.add_parser(
        "status", help="check the SNS topics and SQS queues are reachable; print queue depths"
    ).set_defaults(func=cmd_status)
    provision = aws_sub.add_parser(
        "provision",
        help="create topics, queues, DLQs, subscriptions (and S3_BUCKET) from the topology; "
        "for moto or LocalStack (production uses deploy/terraform)",
    )
    provision.add_argument(
        "--allow-real-aws",
        action="store_true",
        help="also when AWS_ENDPOINT_URL is not set (creates resources in the real account)",
    )
    provision.set_defaults(func=cmd_provision)
    announce = aws_sub.add_parser(
        "announce-dead-letters",
        help="the same as `dlq announce`: publish processing.failed for every message in the workers' "
        "DLQs (they stay there); for messages a worker died on during its last try",
    )
    announce.set_defaults(func=cmd_announce_dead_letters)


def _clear_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError

    from tiktok_commerce.bus.aws import AwsBusError

    return (AwsBusError, BotoCoreError, ClientError, RuntimeError)


def cmd_status(_args: argparse.Namespace) -> int:
    from tiktok_commerce.bus.aws import SqsBus
    from tiktok_commerce.settings import get_settings

    settings = get_settings()
    try:
        bus = SqsBus.from_settings(settings)
        if not bus.healthy():
            print(
                f"error: the AWS bus in {settings.aws_region} is not reachable or incomplete "
                "(see the warning above); check credentials, AWS_REGION and the SNS_*/SQS_* settings",
                file=sys.stderr,
            )
            return 1
        stats = bus.stats()
    except _clear_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"AWS bus reachable in {settings.aws_region}")
    print(f"{'queue':<22}{'waiting':>9}{'in flight':>11}{'dead':>6}")
    for s in stats:
        print(f"{s.queue:<22}{s.depth:>9}{s.in_flight:>11}{s.dlq_depth:>6}")
    return 0


def cmd_provision(args: argparse.Namespace) -> int:
    from tiktok_commerce.aws_provision import provision
    from tiktok_commerce.settings import get_settings

    settings = get_settings()
    if not settings.aws_endpoint_url and not args.allow_real_aws:
        print(
            "error: AWS_ENDPOINT_URL is not set, so this would create resources in your real AWS "
            "account; production is built by deploy/terraform. Pass --allow-real-aws to do it anyway.",
            file=sys.stderr,
        )
        return 2
    try:
        done = provision(settings)
    except _clear_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for topic, arn in done.topics.items():
        print(f"topic {topic:<22} {arn}")
    for queue, url in done.queues.items():
        print(f"queue {queue:<22} {url}")
    if done.bucket:
        print(f"bucket {done.bucket}")
    return 0


def cmd_announce_dead_letters(_args: argparse.Namespace) -> int:
    from tiktok_commerce import topology
    from tiktok_commerce.bus.aws import SqsBus
    from tiktok_commerce.settings import get_settings

    try:
        bus = SqsBus.from_settings(get_settings())
        for queue in topology.WORKER_QUEUES.values():
            print(f"{queue}: {bus.announce_dead_letters(queue)} dead letter(s) announced")
    except _clear_errors() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
