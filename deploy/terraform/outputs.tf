output "region" {
  description = "The region everything is in (AWS_REGION)."
  value       = var.region
}

output "topic_arns" {
  description = "Topology topic -> SNS topic ARN."
  value       = { for name, topic in aws_sns_topic.topic : name => topic.arn }
}

output "queue_urls" {
  description = "Topology queue -> SQS queue URL."
  value       = { for name, queue in aws_sqs_queue.queue : name => queue.url }
}

output "dlq_urls" {
  description = "Topology queue -> its dead-letter queue URL."
  value       = { for name, queue in aws_sqs_queue.dlq : name => queue.url }
}

output "bucket" {
  description = "The S3 bucket for thumbnails and large events (S3_BUCKET)."
  value       = aws_s3_bucket.blobs.bucket
}

output "ecr_repositories" {
  description = "Image name -> ECR repository URL (thumbnails, lambda-workers, api)."
  value       = { for name, repo in aws_ecr_repository.repo : name => repo.repository_url }
}

output "lambda_functions" {
  description = "Worker -> Lambda function name."
  value       = { for name, fn in aws_lambda_function.worker : name => fn.function_name }
}

output "ecs_cluster" {
  description = "ECS cluster of the thumbnail generator."
  value       = aws_ecs_cluster.main.name
}

output "ecs_service" {
  description = "ECS service of the thumbnail generator."
  value       = aws_ecs_service.thumbnails.name
}

output "openrouter_secret_arn" {
  description = "Secrets Manager secret holding OPENROUTER_API_KEY (value set outside Terraform)."
  value       = aws_secretsmanager_secret.openrouter.arn
}

output "api_policy_arn" {
  description = "IAM policy with what the Ingestion API needs; attach it to the API's role or user."
  value       = aws_iam_policy.api.arn
}

output "alarms_topic_arn" {
  description = "SNS topic the alarms (DLQ not empty, stale queues, Lambda errors) notify."
  value       = aws_sns_topic.alarms.arn
}

output "api_env" {
  description = "Environment for the Ingestion API against this stack (scripts/deploy-ai-workers.sh writes it to .env.local)."
  value = merge(
    {
      BUS                = "aws"
      BLOBS              = "s3"
      AWS_REGION         = var.region
      NAME_PREFIX        = var.name_prefix
      S3_BUCKET          = aws_s3_bucket.blobs.bucket
      S3_PUBLIC_BASE_URL = var.s3_public_base_url
      POLL_WAIT_S        = "20" # SQS long polls of 20 s: an idle consumer makes 3 requests a minute
    },
    { for name, topic in aws_sns_topic.topic : "SNS_${upper(replace(name, "-", "_"))}_TOPIC" => topic.arn },
    { for name, queue in aws_sqs_queue.queue : "SQS_${upper(replace(name, "-", "_"))}_QUEUE" => queue.url },
  )
}

output "operator_policy_arn" {
  description = "Attach to whoever runs `tiktok-commerce monitor` and `tiktok-commerce dlq` against AWS."
  value       = aws_iam_policy.operator.arn
}
