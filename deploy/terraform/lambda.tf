# The caption parser and the auto tagger on Lambda, fed by their SQS queues in batches of 10 with
# partial batch failures (src/tiktok_commerce/workers/aws_lambda.py).

locals {
  lambda_workers = {
    "caption-parser" = {
      handler   = "tiktok_commerce.workers.aws_lambda.caption_parser_handler"
      memory_mb = var.caption_parser_memory_mb
    }
    "tagger" = {
      handler   = "tiktok_commerce.workers.aws_lambda.tagger_handler"
      memory_mb = var.tagger_memory_mb
    }
  }
}

resource "aws_cloudwatch_log_group" "lambda" {
  #checkov:skip=CKV_AWS_338:Retention is var.log_retention_days (30 by default): a year of worker logs costs more than this pipeline; raise it where policy requires.
  for_each          = local.lambda_workers
  name              = "/aws/lambda/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_lambda_function" "worker" {
  #checkov:skip=CKV_AWS_116:A DLQ on the function only serves asynchronous invocations; these are invoked by the SQS event source, whose queue has its own DLQ (redrive after 3 receives).
  #checkov:skip=CKV_AWS_272:Container images are deployed by tag from a private ECR repository with immutable tags and scan on push; Lambda code signing applies to zip packages only.
  for_each      = local.lambda_workers
  function_name = "${var.name_prefix}-${each.key}"
  role          = aws_iam_role.lambda[each.key].arn
  package_type  = "Image"
  image_uri     = "${aws_ecr_repository.repo["lambda-workers"].repository_url}:${var.image_tag}"
  architectures = ["x86_64"]
  memory_size   = each.value.memory_mb
  # 150 s by default: the queues keep DESIGN.md's 900 s visibility timeout and AWS asks for at
  # least six times the function timeout, so the function timeout is what shrinks.
  timeout                        = var.lambda_timeout_s
  reserved_concurrent_executions = var.lambda_reserved_concurrency
  kms_key_arn                    = aws_kms_key.main.arn

  image_config {
    command = [each.value.handler]
  }

  tracing_config {
    mode = "Active"
  }

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.workers.id]
  }

  # JSON: Powertools writes one JSON object per line (request id, video id, stage, outcome) and
  # embedded metrics; Lambda's own lines (START, REPORT) come as JSON too.
  logging_config {
    log_format            = "JSON"
    application_log_level = "INFO"
    system_log_level      = "WARN"
    log_group             = aws_cloudwatch_log_group.lambda[each.key].name
  }

  environment {
    variables = merge(
      {
        BUS         = "aws"
        BLOBS       = "s3"
        NAME_PREFIX = var.name_prefix
        S3_BUCKET   = aws_s3_bucket.blobs.bucket
        LLM_MODEL   = var.llm_model
        LOG_LEVEL   = "INFO"
        LOG_FORMAT  = "json"
        # Powertools: the service in every log line, the namespace of the embedded metrics.
        POWERTOOLS_SERVICE_NAME      = var.name_prefix
        POWERTOOLS_METRICS_NAMESPACE = "TiktokCommerce"
        # Its own queue by URL and the topics it publishes by ARN: no lookups at cold start.
        ("SQS_${upper(replace(local.workers[each.key].queue, "-", "_"))}_QUEUE") = aws_sqs_queue.queue[local.workers[each.key].queue].url
      },
      { for topic in local.workers[each.key].publishes : "SNS_${upper(replace(topic, "-", "_"))}_TOPIC" => aws_sns_topic.topic[topic].arn },
      var.enable_llm ? { OPENROUTER_SECRET_ARN = aws_secretsmanager_secret.openrouter.arn } : {},
    )
  }

  depends_on = [
    aws_iam_role_policy.lambda,
    aws_iam_role_policy_attachment.lambda_vpc,
    aws_cloudwatch_log_group.lambda,
  ]
}

resource "aws_lambda_event_source_mapping" "worker" {
  for_each                = local.lambda_workers
  event_source_arn        = aws_sqs_queue.queue[local.workers[each.key].queue].arn
  function_name           = aws_lambda_function.worker[each.key].arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"] # one bad record never fails its neighbours

  # Never poll more batches than the function may run at once: throttled batches would count as
  # receives and push healthy messages toward the DLQ.
  scaling_config {
    maximum_concurrency = var.lambda_reserved_concurrency
  }
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each            = local.lambda_workers
  alarm_name          = "${var.name_prefix}-${each.key}-errors"
  alarm_description   = "The ${each.key} Lambda failed whole invocations (crash, timeout, out of memory)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.worker[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 5
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}
