"""The thumbnails worker."""
