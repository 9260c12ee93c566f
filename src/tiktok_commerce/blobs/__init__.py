"""The blob store port and its adapters (local folder, S3)."""
