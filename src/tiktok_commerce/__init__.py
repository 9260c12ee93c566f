"""tiktok-commerce: seller videos in, shop listings out."""

__version__ = "0.1.0"
