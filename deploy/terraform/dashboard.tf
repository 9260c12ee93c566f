# One CloudWatch dashboard beside the alarms (messaging.tf, lambda.tf): the queues and their DLQs,
# the Lambda workers, the ECS thumbnail generator, and the stages' own embedded metrics
# (namespace TiktokCommerce, written by Powertools in the Lambdas). `tiktok-commerce monitor`
# shows the same figures in a terminal.

locals {
  dashboard_period = 300
  queue_names      = { for name, queue in aws_sqs_queue.queue : name => queue.name }
  dlq_names        = { for name, queue in aws_sqs_queue.dlq : name => queue.name }
  function_names   = { for name, fn in aws_lambda_function.worker : name => fn.function_name }
  ecs_dimensions   = ["ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.thumbnails.name]

  dashboard_widgets = [
    {
      type = "metric", x = 0, y = 0, width = 12, height = 6
      properties = {
        title   = "Queue depth (messages waiting)"
        region  = var.region, view = "timeSeries", stat = "Maximum", period = local.dashboard_period
        metrics = [for name, queue in local.queue_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue, { label = name }]]
      }
    },
    {
      type = "metric", x = 12, y = 0, width = 12, height = 6
      properties = {
        title   = "Age of the oldest message (s)"
        region  = var.region, view = "timeSeries", stat = "Maximum", period = local.dashboard_period
        metrics = [for name, queue in local.queue_names : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", queue, { label = name }]]
      }
    },
    {
      type = "metric", x = 0, y = 6, width = 12, height = 6
      properties = {
        title   = "Dead-letter queue depth"
        region  = var.region, view = "timeSeries", stat = "Maximum", period = local.dashboard_period
        metrics = [for name, queue in local.dlq_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue, { label = "${name}-dlq" }]]
      }
    },
    {
      type = "metric", x = 12, y = 6, width = 12, height = 6
      properties = {
        title   = "Messages in flight"
        region  = var.region, view = "timeSeries", stat = "Maximum", period = local.dashboard_period
        metrics = [for name, queue in local.queue_names : ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", queue, { label = name }]]
      }
    },
    {
      type = "metric", x = 0, y = 12, width = 8, height = 6
      properties = {
        title   = "Lambda errors"
        region  = var.region, view = "timeSeries", stat = "Sum", period = local.dashboard_period
        metrics = [for name, fn in local.function_names : ["AWS/Lambda", "Errors", "FunctionName", fn, { label = name }]]
      }
    },
    {
      type = "metric", x = 8, y = 12, width = 8, height = 6
      properties = {
        title   = "Lambda duration p95 (ms)"
        region  = var.region, view = "timeSeries", stat = "p95", period = local.dashboard_period
        metrics = [for name, fn in local.function_names : ["AWS/Lambda", "Duration", "FunctionName", fn, { label = name }]]
      }
    },
    {
      type = "metric", x = 16, y = 12, width = 8, height = 6
      properties = {
        title   = "Lambda throttles"
        region  = var.region, view = "timeSeries", stat = "Sum", period = local.dashboard_period
        metrics = [for name, fn in local.function_names : ["AWS/Lambda", "Throttles", "FunctionName", fn, { label = name }]]
      }
    },
    {
      type = "metric", x = 0, y = 18, width = 8, height = 6
      properties = {
        title  = "Thumbnail generator CPU and memory (%)"
        region = var.region, view = "timeSeries", stat = "Average", period = local.dashboard_period
        metrics = [
          concat(["AWS/ECS", "CPUUtilization"], local.ecs_dimensions, [{ label = "CPU" }]),
          concat(["AWS/ECS", "MemoryUtilization"], local.ecs_dimensions, [{ label = "memory" }]),
        ]
      }
    },
    {
      type = "metric", x = 8, y = 18, width = 8, height = 6
      properties = {
        title  = "Thumbnail generator tasks"
        region = var.region, view = "timeSeries", stat = "Average", period = local.dashboard_period
        metrics = [
          concat(["ECS/ContainerInsights", "RunningTaskCount"], local.ecs_dimensions, [{ label = "running" }]),
          concat(["ECS/ContainerInsights", "DesiredTaskCount"], local.ecs_dimensions, [{ label = "desired" }]),
          concat(["ECS/ContainerInsights", "PendingTaskCount"], local.ecs_dimensions, [{ label = "pending" }]),
        ]
      }
    },
    {
      type = "metric", x = 16, y = 18, width = 8, height = 6
      properties = {
        title  = "Events handled and failed by the Lambda stages"
        region = var.region, view = "timeSeries", stat = "Sum", period = local.dashboard_period
        metrics = flatten([for name in keys(local.function_names) : [
          ["TiktokCommerce", "EventsHandled", "service", var.name_prefix, "stage", local.workers[name].queue, { label = "${local.workers[name].queue} handled" }],
        ]])
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = var.name_prefix
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}

output "dashboard_url" {
  description = "The CloudWatch dashboard of queues, DLQs, Lambdas and the ECS service."
  value       = "https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards:name=${aws_cloudwatch_dashboard.main.dashboard_name}"
}
