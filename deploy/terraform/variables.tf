variable "region" {
  description = "AWS region for everything (AWS_REGION of the API must match)."
  type        = string
  default     = "us-east-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name; topics and queues are <name_prefix>-<topology name> (NAME_PREFIX in the app)."
  type        = string
  default     = "tiktok-commerce"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}

variable "image_tag" {
  description = "Tag of the images in ECR to run; scripts/deploy-ai-workers.sh pushes and passes the git commit (tags are immutable)."
  type        = string

  validation {
    condition     = length(var.image_tag) > 0
    error_message = "image_tag must name an image pushed to the ECR repositories."
  }
}

# ---- network ----------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR of the VPC the workers run in."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Availability zones to spread the private subnets (and the interface endpoints) over."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 1 && var.az_count <= 3
    error_message = "az_count must be 1, 2 or 3."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (survives a zone outage)."
  type        = bool
  default     = true
}

variable "enable_interface_endpoints" {
  description = "Interface VPC endpoints for SQS, SNS, ECR (api, dkr), CloudWatch Logs and Secrets Manager, so the workers' AWS traffic stays in the VPC (about 7.3 USD per endpoint per zone per month)."
  type        = bool
  default     = true
}

# ---- workers ----------------------------------------------------------------------------------

variable "lambda_timeout_s" {
  description = "Timeout of the two Lambda workers. At most a sixth of the queues' 900 s visibility timeout (AWS's guidance)."
  type        = number
  default     = 150

  validation {
    condition     = var.lambda_timeout_s >= 10 && var.lambda_timeout_s <= 150
    error_message = "lambda_timeout_s must be 10-150 s: SQS visibility (900 s) must stay >= 6x the Lambda timeout."
  }
}

variable "caption_parser_memory_mb" {
  description = "Memory of the caption parser Lambda (CPU scales with it)."
  type        = number
  default     = 512
}

variable "tagger_memory_mb" {
  description = "Memory of the auto tagger Lambda."
  type        = number
  default     = 1024
}

variable "lambda_reserved_concurrency" {
  description = "Reserved (and event-source maximum) concurrency of each Lambda worker."
  type        = number
  default     = 100
}

variable "thumbnails_cpu" {
  description = "CPU units of a thumbnail generator task (1024 = 1 vCPU)."
  type        = number
  default     = 1024
}

variable "thumbnails_memory_mb" {
  description = "Memory of a thumbnail generator task (MiB)."
  type        = number
  default     = 2048
}

variable "thumbnails_min_tasks" {
  description = "Fewest thumbnail generator tasks (autoscaling floor)."
  type        = number
  default     = 1
}

variable "thumbnails_max_tasks" {
  description = "Most thumbnail generator tasks (autoscaling ceiling)."
  type        = number
  default     = 5
}

variable "thumbnails_use_spot" {
  description = "Run thumbnail tasks on Fargate Spot (about 70% cheaper; a reclaimed task's message is redelivered)."
  type        = bool
  default     = false
}

variable "queue_backlog_scale_out" {
  description = "Visible messages on the thumbnail queue at which one more task starts."
  type        = number
  default     = 20
}

variable "llm_model" {
  description = "LLM_MODEL for the caption parser and tagger when the OpenRouter key is set."
  type        = string
  default     = "anthropic/claude-3.5-sonnet"
}

# ---- storage, logs, alerts --------------------------------------------------------------------

variable "thumbnail_retention_days" {
  description = "Thumbnails older than this are deleted (they move to Infrequent Access after 30 days)."
  type        = number
  default     = 365
}

variable "s3_public_base_url" {
  description = "Base URL of a CDN in front of the bucket; empty means the API hands out presigned GET URLs."
  type        = string
  default     = ""
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log groups."
  type        = number
  default     = 30
}

variable "alarm_email" {
  description = "Email subscribed to the alarms topic (dead letters, errors); empty for none."
  type        = string
  default     = ""
}

variable "enable_llm" {
  description = "Give the caption parser and tagger the OpenRouter key from Secrets Manager (put its value first: scripts/deploy-ai-workers.sh does)."
  type        = bool
  default     = false
}
