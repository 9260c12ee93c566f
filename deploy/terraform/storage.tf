# The bucket for thumbnails (thumbnails/...) and for events too large for SNS/SQS (events/...).

resource "aws_s3_bucket" "blobs" {
  #checkov:skip=CKV_AWS_18:Access logs for thumbnail GETs would cost more than they tell; turn on CloudTrail S3 data events when an audit needs them.
  #checkov:skip=CKV_AWS_144:Cross-region replication is not worth it: every thumbnail can be regenerated from its video by redriving the events.
  #checkov:skip=CKV_AWS_145:SSE-S3 on purpose: browsers fetch thumbnails through presigned URLs or a CDN, and SSE-KMS would add a KMS call (and its cost and quota) to every image view of data that is public product imagery.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to object creation; the workers announce new thumbnails on the bus.
  bucket_prefix = "${var.name_prefix}-blobs-"
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "blobs" {
  bucket                  = aws_s3_bucket.blobs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "blobs" {
  bucket = aws_s3_bucket.blobs.id
  rule {
    object_ownership = "BucketOwnerEnforced" # no ACLs at all
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "blobs" {
  bucket = aws_s3_bucket.blobs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "blobs" {
  bucket = aws_s3_bucket.blobs.id
  versioning_configuration {
    status = "Enabled" # a bad deploy that overwrites thumbnails can be rolled back for 7 days
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "blobs" {
  bucket     = aws_s3_bucket.blobs.id
  depends_on = [aws_s3_bucket_versioning.blobs]

  rule {
    id     = "old-thumbnails"
    status = "Enabled"
    filter {
      prefix = "thumbnails/"
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = var.thumbnail_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
  }

  # Large events live as long as a message may (14 days' retention) plus a day.
  rule {
    id     = "large-events"
    status = "Enabled"
    filter {
      prefix = "events/"
    }
    expiration {
      days = 15
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# TLS only.
data "aws_iam_policy_document" "blobs" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.blobs.arn, "${aws_s3_bucket.blobs.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "blobs" {
  bucket     = aws_s3_bucket.blobs.id
  policy     = data.aws_iam_policy_document.blobs.json
  depends_on = [aws_s3_bucket_public_access_block.blobs]
}

# ---- secrets ----------------------------------------------------------------------------------

resource "aws_secretsmanager_secret" "openrouter" {
  #checkov:skip=CKV2_AWS_57:A third-party API key (OpenRouter) cannot be rotated by a Lambda; rotate it by hand at openrouter.ai and put the new value (docs/deploy-aws.md).
  name        = "${var.name_prefix}/openrouter-api-key"
  description = "OPENROUTER_API_KEY for the caption parser and the tagger. The value is set outside Terraform (scripts/deploy-ai-workers.sh), so it never lands in the state."
  kms_key_id  = aws_kms_key.main.arn
}

# ---- container images -------------------------------------------------------------------------

locals {
  repositories = ["thumbnails", "lambda-workers", "api"]
}

resource "aws_ecr_repository" "repo" {
  for_each             = toset(local.repositories)
  name                 = "${var.name_prefix}/${each.key}"
  image_tag_mutability = "IMMUTABLE" # a tag (the git commit) always means the same image

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.main.arn
  }
}

resource "aws_ecr_lifecycle_policy" "repo" {
  for_each   = aws_ecr_repository.repo
  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 20 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 20 }
      action       = { type = "expire" }
    }]
  })
}
