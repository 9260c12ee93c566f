# Least privilege: each worker may read only its own queue (and send a poison message to its own
# DLQ), publish only to its output topic and processing-failed, and touch only its S3 prefixes.

locals {
  # worker -> S3 object prefixes it may read and write
  worker_s3_prefixes = {
    "caption-parser" = ["events/"]
    "thumbnails"     = ["events/", "thumbnails/"]
    "tagger"         = ["events/"]
  }
  llm_workers = ["caption-parser", "tagger"]
}

data "aws_iam_policy_document" "worker" {
  for_each = local.workers

  statement {
    sid = "ConsumeOwnQueue"
    actions = [
      "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
    ]
    resources = [aws_sqs_queue.queue[each.value.queue].arn]
  }

  statement {
    sid       = "DeadLetterPoisonToOwnDlq"
    actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = [aws_sqs_queue.dlq[each.value.queue].arn]
  }

  statement {
    sid       = "PublishOwnOutputs"
    actions   = ["sns:Publish"]
    resources = [for topic in each.value.publishes : aws_sns_topic.topic[topic].arn]
  }

  statement {
    sid       = "EncryptedTopics"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }

  statement {
    sid       = "OwnBlobs"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = [for prefix in local.worker_s3_prefixes[each.key] : "${aws_s3_bucket.blobs.arn}/${prefix}*"]
  }

  dynamic "statement" {
    for_each = contains(local.llm_workers, each.key) ? [1] : []
    content {
      sid       = "OpenRouterKey"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [aws_secretsmanager_secret.openrouter.arn]
    }
  }
}

# ---- Lambda workers ---------------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  for_each           = local.lambda_workers
  name               = "${var.name_prefix}-${each.key}-lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy" "lambda" {
  for_each = local.lambda_workers
  role     = aws_iam_role.lambda[each.key].id
  policy   = data.aws_iam_policy_document.worker[each.key].json
}

# ENIs in the VPC and writing its logs; X-Ray traces. (AWS-managed: they need "*" resources.)
resource "aws_iam_role_policy_attachment" "lambda_vpc" {
  for_each   = local.lambda_workers
  role       = aws_iam_role.lambda[each.key].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_iam_role_policy_attachment" "lambda_xray" {
  for_each   = local.lambda_workers
  role       = aws_iam_role.lambda[each.key].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

# ---- ECS thumbnail generator ------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:ecs:${var.region}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

# What the thumbnail generator's code may do.
resource "aws_iam_role" "thumbnails_task" {
  name               = "${var.name_prefix}-thumbnails-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

resource "aws_iam_role_policy" "thumbnails_task" {
  role   = aws_iam_role.thumbnails_task.id
  policy = data.aws_iam_policy_document.worker["thumbnails"].json
}

# What ECS itself needs to start the task: pull the image, write the logs.
resource "aws_iam_role" "thumbnails_execution" {
  name               = "${var.name_prefix}-thumbnails-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

resource "aws_iam_role_policy_attachment" "thumbnails_execution" {
  role       = aws_iam_role.thumbnails_execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# ---- the Ingestion API (runs anywhere: attach this policy to its role or user) ----------------

data "aws_iam_policy_document" "api" {
  statement {
    sid       = "PublishVideoPosted"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.topic["video-posted"].arn]
  }

  statement {
    sid = "ConsumeResults"
    actions = [
      "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
    ]
    resources = [aws_sqs_queue.queue["results"].arn]
  }

  statement {
    sid       = "DeadLetterPoisonResults"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq["results"].arn]
  }

  # Queue depths for the API's status page and health check.
  statement {
    sid       = "QueueStats"
    actions   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = concat([for q in aws_sqs_queue.queue : q.arn], [for q in aws_sqs_queue.dlq : q.arn])
  }

  statement {
    sid       = "EncryptedTopics"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }

  # Presigned thumbnail URLs are signed with the API's credentials; large events travel via events/.
  statement {
    sid       = "ReadThumbnailsAndLargeEvents"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.blobs.arn}/thumbnails/*", "${aws_s3_bucket.blobs.arn}/events/*"]
  }

  statement {
    sid       = "WriteLargeEvents"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.blobs.arn}/events/*"]
  }
}

resource "aws_iam_policy" "api" {
  name        = "${var.name_prefix}-api"
  description = "What the tiktok-commerce Ingestion API needs on AWS (BUS=aws, BLOBS=s3)"
  policy      = data.aws_iam_policy_document.api.json
}

# ---- operators: `tiktok-commerce monitor` and `tiktok-commerce dlq` (attach to their role or user) ----

data "aws_iam_policy_document" "operator" {
  statement {
    sid = "QueuesAndDeadLetters"
    actions = [
      "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility", "sqs:SendMessage", "sqs:PurgeQueue",
      "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks",
    ]
    resources = concat([for q in aws_sqs_queue.queue : q.arn], [for q in aws_sqs_queue.dlq : q.arn])
  }

  statement {
    sid       = "AnnounceFailures"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.topic["processing-failed"].arn]
  }

  statement {
    sid       = "Workers"
    actions   = ["lambda:GetFunction", "lambda:GetFunctionConcurrency", "ecs:DescribeServices"]
    resources = concat([for fn in aws_lambda_function.worker : fn.arn], [aws_ecs_service.thumbnails.id])
  }

  statement {
    sid       = "WorkerLogs"
    actions   = ["logs:FilterLogEvents"]
    resources = concat([for g in aws_cloudwatch_log_group.lambda : "${g.arn}:*"], ["${aws_cloudwatch_log_group.thumbnails.arn}:*"])
  }

  # GetMetricData has no resource-level permissions: AWS documents "*" as its only resource.
  statement {
    sid       = "Metrics"
    actions   = ["cloudwatch:GetMetricData"]
    resources = ["*"]
  }

  statement {
    sid       = "EncryptedTopicsAndLogs"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }

  statement {
    sid       = "LargeEvents"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.blobs.arn}/events/*"]
  }
}

resource "aws_iam_policy" "operator" {
  name        = "${var.name_prefix}-operator"
  description = "What tiktok-commerce monitor and dlq need on AWS: queues, DLQs, workers, logs, metrics"
  policy      = data.aws_iam_policy_document.operator.json
}
