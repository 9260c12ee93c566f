# One customer-managed key for everything at rest that supports it: SNS topics, CloudWatch logs,
# ECR images, the secret, Lambda environment variables. (The queues use SQS-managed SSE: SNS can
# deliver to those without extra key grants, and it costs no KMS calls per message.)
resource "aws_kms_key" "main" {
  description             = "${var.name_prefix}: SNS, logs, ECR, Secrets Manager, Lambda environment"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "main" {
  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.main.key_id
}

data "aws_iam_policy_document" "kms" {
  #checkov:skip=CKV_AWS_111:A key policy's "*" resource means this key only; write access is limited to the account root (delegating to IAM) and to the logs/CloudWatch services under conditions.
  #checkov:skip=CKV_AWS_356:A key policy's "*" resource means this key only (AWS requires "*" there).
  #checkov:skip=CKV_AWS_109:The account root administers its own key (AWS's default key policy); without it the key could become unmanageable.
  # The account administers the key and delegates use to IAM policies (the roles below).
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"] # in a key policy, "*" is this key
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogsEncrypt"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }

  # CloudWatch alarms publish to the (encrypted) alarms topic.
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}
