# The topology, mirrored from src/tiktok_commerce/topology.py. tests/test_terraform.py parses this
# file and holds it equal to the Python module: change both together.
locals {
  retention_s       = 1209600 # 14 days
  max_receive_count = 3
  # 900 s, as in DESIGN.md. AWS asks for a queue visibility timeout of at least six times the Lambda
  # timeout, so the Lambda timeout (var.lambda_timeout_s) shrinks to 150 s, not this.
  visibility_timeout_s = 900

  # topic -> subscribed queues
  topics = {
    "video-posted"         = ["caption-parser"]
    "caption-parsed"       = ["thumbnail-generator", "results"]
    "thumbnails-generated" = ["auto-tagger", "results"]
    "products-tagged"      = ["results"]
    "processing-failed"    = ["results"]
  }

  queues = {
    "caption-parser"      = { visibility_timeout_s = 900, max_receive_count = 3, retention_s = 1209600 }
    "thumbnail-generator" = { visibility_timeout_s = 900, max_receive_count = 3, retention_s = 1209600 }
    "auto-tagger"         = { visibility_timeout_s = 900, max_receive_count = 3, retention_s = 1209600 }
    "results"             = { visibility_timeout_s = 900, max_receive_count = 3, retention_s = 1209600 }
  }

  # One subscription per (topic, queue) pair, keyed "topic/queue".
  subscriptions = merge([
    for topic, queues in local.topics : { for queue in queues : "${topic}/${queue}" => { topic = topic, queue = queue } }
  ]...)

  # What each worker consumes and the only topics it may publish to (its output, and
  # processing-failed for a video it gives up on).
  workers = {
    "caption-parser" = { queue = "caption-parser", publishes = ["caption-parsed", "processing-failed"] }
    "thumbnails"     = { queue = "thumbnail-generator", publishes = ["thumbnails-generated", "processing-failed"] }
    "tagger"         = { queue = "auto-tagger", publishes = ["products-tagged", "processing-failed"] }
  }
}
