# The thumbnail generator on ECS Fargate: `tiktok-commerce worker thumbnails` long-polls its queue.
# ECS stops a task with SIGTERM, then SIGKILL after stopTimeout (120 s, Fargate's maximum); the
# worker finishes the message in hand and claims nothing new. A job cut short is redelivered after
# the visibility timeout and the idempotent handler redoes it with the same output ids.

resource "aws_ecs_cluster" "main" {
  name = var.name_prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
}

resource "aws_cloudwatch_log_group" "thumbnails" {
  #checkov:skip=CKV_AWS_338:Retention is var.log_retention_days (30 by default): a year of worker logs costs more than this pipeline; raise it where policy requires.
  name              = "/ecs/${var.name_prefix}/thumbnails"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_ecs_task_definition" "thumbnails" {
  family                   = "${var.name_prefix}-thumbnails"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.thumbnails_cpu
  memory                   = var.thumbnails_memory_mb
  task_role_arn            = aws_iam_role.thumbnails_task.arn
  execution_role_arn       = aws_iam_role.thumbnails_execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "tmp" # the root filesystem is read-only; downloads and frames go to /tmp
  }

  container_definitions = jsonencode([{
    name                   = "thumbnails"
    image                  = "${aws_ecr_repository.repo["thumbnails"].repository_url}:${var.image_tag}"
    command                = ["worker", "thumbnails"]
    essential              = true
    readonlyRootFilesystem = true
    stopTimeout            = 120
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    environment = [
      { name = "BUS", value = "aws" },
      { name = "BLOBS", value = "s3" },
      { name = "AWS_REGION", value = var.region },
      { name = "NAME_PREFIX", value = var.name_prefix },
      { name = "S3_BUCKET", value = aws_s3_bucket.blobs.bucket },
      { name = "SQS_THUMBNAIL_GENERATOR_QUEUE", value = aws_sqs_queue.queue["thumbnail-generator"].url },
      { name = "SNS_THUMBNAILS_GENERATED_TOPIC", value = aws_sns_topic.topic["thumbnails-generated"].arn },
      { name = "SNS_PROCESSING_FAILED_TOPIC", value = aws_sns_topic.topic["processing-failed"].arn },
      { name = "POLL_WAIT_S", value = "20" },
      { name = "WORKER_CONCURRENCY", value = "1" },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.thumbnails.name
        "awslogs-region"        = var.region
        "awslogs-stream-prefix" = "thumbnails"
      }
    }
  }])
}

resource "aws_ecs_service" "thumbnails" {
  name             = "${var.name_prefix}-thumbnails"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.thumbnails.arn
  desired_count    = var.thumbnails_min_tasks
  platform_version = "LATEST"

  capacity_provider_strategy {
    capacity_provider = var.thumbnails_use_spot ? "FARGATE_SPOT" : "FARGATE"
    weight            = 1
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.workers.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count] # autoscaling owns it after creation
  }

  depends_on = [aws_ecs_cluster_capacity_providers.main]
}

# ---- autoscaling 1-5 tasks on CPU, memory and queue depth -------------------------------------

resource "aws_appautoscaling_target" "thumbnails" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.thumbnails.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.thumbnails_min_tasks
  max_capacity       = var.thumbnails_max_tasks
}

resource "aws_appautoscaling_policy" "thumbnails_cpu" {
  name               = "${var.name_prefix}-thumbnails-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.thumbnails.service_namespace
  resource_id        = aws_appautoscaling_target.thumbnails.resource_id
  scalable_dimension = aws_appautoscaling_target.thumbnails.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 70
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "thumbnails_memory" {
  name               = "${var.name_prefix}-thumbnails-memory"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.thumbnails.service_namespace
  resource_id        = aws_appautoscaling_target.thumbnails.resource_id
  scalable_dimension = aws_appautoscaling_target.thumbnails.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 75
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

# A backlog on the queue adds tasks before CPU shows it (a task works one video at a time).
resource "aws_appautoscaling_policy" "thumbnails_backlog" {
  name               = "${var.name_prefix}-thumbnails-backlog"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.thumbnails.service_namespace
  resource_id        = aws_appautoscaling_target.thumbnails.resource_id
  scalable_dimension = aws_appautoscaling_target.thumbnails.scalable_dimension

  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = 120
    metric_aggregation_type = "Maximum"

    step_adjustment {
      metric_interval_lower_bound = 0
      metric_interval_upper_bound = var.queue_backlog_scale_out * 2
      scaling_adjustment          = 1
    }
    step_adjustment {
      metric_interval_lower_bound = var.queue_backlog_scale_out * 2
      scaling_adjustment          = 2
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "thumbnails_backlog" {
  alarm_name          = "${var.name_prefix}-thumbnails-backlog"
  alarm_description   = "Thumbnail queue backlog: scale the thumbnail generator out."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.queue["thumbnail-generator"].name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  threshold           = var.queue_backlog_scale_out
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_appautoscaling_policy.thumbnails_backlog.arn]
}
