"""The caption_parser worker."""
