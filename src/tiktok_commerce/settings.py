"""One Settings object, read from the environment (and `.env`).

Every setting has a default that runs the whole system on one machine with no network:
SQLite under ./data, the SQL-backed bus in the same database, blobs in ./data/blobs, offline AI.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]

TIKTOK_HOSTS = (
    "tiktok.com,www.tiktok.com,m.tiktok.com,vm.tiktok.com,vt.tiktok.com,"
    "*.tiktokcdn.com,*.tiktokcdn-us.com,*.tiktokv.com,*.byteoversea.com,*.ibyteimg.com"
)


def shared_dir() -> Path:
    """The read-only shared folder beside the project root (models, fixtures, labelled data)."""
    import os

    return Path(os.environ.get("TIKTOK_COMMERCE_SHARED", PROJECT_ROOT.parent / "shared"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Storage and transport
    database_url: str = "sqlite:///./data/tiktok_commerce.db"
    bus: Literal["sql", "aws"] = "sql"
    blobs: Literal["local", "s3"] = "local"
    blob_dir: Path = Path("./data/blobs")
    public_base_url: str = "http://localhost:3001"

    # API
    host: str = "127.0.0.1"
    port: int = 3001
    max_body_bytes: int = 64 * 1024
    # Posting and editing for a seller need one of its API keys. Production keeps it on (and the
    # Docker image says so); `make run` and the demo turn it off on one machine.
    auth_required: bool = True

    # Video fetching
    video_allowed_hosts: str = TIKTOK_HOSTS
    video_allow_private_networks: bool = False
    # Ports a fetch may connect to, comma-separated, or "*" for any (redirects included).
    video_allowed_ports: str = "80,443"
    # 200 MB: 90 s of 1080p H.264 at a phone's 17 Mbit/s (a 30 s seller video is 50-70 MB).
    video_max_bytes: int = 200 * 1024 * 1024
    # Most pixels a video frame may have (2560x1440 either way; 10-bit 4:4:4 and deeper formats get
    # fewer, by their decoded bytes): larger ones are refused before the decoder allocates them, so
    # a small file of huge frames cannot take the worker's memory (docs/thumbnails.md).
    video_max_pixels: int = Field(default=2560 * 1440, ge=64 * 64)
    fetch_connect_timeout_s: float = 10.0
    fetch_read_timeout_s: float = 30.0
    # Wall-clock bound on one fetch (every hop and read together), held even when no byte arrives.
    fetch_deadline_s: float = Field(default=120.0, gt=0)
    # Most bytes read of a web page (oEmbed answer, a page yt-dlp reads): pages are small.
    fetch_page_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    oembed_url: str = "https://www.tiktok.com/oembed"
    oembed_attempts: int = Field(default=3, ge=1)
    oembed_backoff_s: float = 0.5  # doubles after each failed attempt
    oembed_timeout_s: float = 5.0

    # The SQL bus's visibility timeout. Production queues keep topology's 900 s; locally a message
    # whose worker died comes back after a minute. Workers extend a claim while they run (heartbeat),
    # so a short timeout never hands a slow video to a second worker.
    visibility_timeout_s: int = Field(default=60, ge=1)
    worker_concurrency: int = 1
    # How often the API announces messages SQS dead-lettered without a report (BUS=aws only).
    dead_letter_check_s: float = Field(default=300.0, gt=0)
    poll_wait_s: float = 1.0
    # Log lines as JSON objects or text; unset: JSON when stderr is not a terminal and on Lambda/ECS.
    log_format: Literal["json", "text"] | None = None
    # A worker run alone (`tiktok-commerce worker NAME`) serves Prometheus metrics on HOST:METRICS_PORT.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)

    # AI
    yolo_model: Path | None = None
    # Longest side each frame is scaled to for the detector. Below the model's fixed 640 input,
    # frames are packed side by side: at 560 two portrait frames (315x560) share one inference.
    detector_input_size: int = 560
    # Ultralytics' official weights (PyTorch; `models pull` exports them to ONNX), or any ONNX export.
    yolo_model_url: str = "https://github.com/ultralytics/assets/releases/download/v8.3.0/yolov8n.pt"
    yolo_model_sha256: str | None = None
    thumbnail_threads: int = Field(default=1, ge=1)  # PyAV and onnxruntime threads (production: 1 vCPU)
    thumbnail_count: int = Field(default=5, ge=1)  # per product
    thumbnail_size: int = Field(default=400, ge=16, le=4096)  # side of a thumbnail (never enlarged)
    # Side of a larger listing image cut around the same pick (TikTok Shop asks for 600 x 600 or
    # more); unset: none. Never enlarged: a smaller video gives smaller images, and says so.
    listing_image_size: int | None = Field(default=None, ge=16, le=4096)
    openrouter_api_key: str | None = None
    llm_base_url: str | None = None
    llm_model: str = "anthropic/claude-3.5-sonnet"
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 3
    # What the monitor multiplies the tokens by for an estimated cost (the default model's list price).
    llm_prompt_usd_per_mtok: float = Field(default=3.0, ge=0)
    llm_completion_usd_per_mtok: float = Field(default=15.0, ge=0)
    tag_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    max_tags: int = Field(default=10, ge=1)
    taxonomy_file: Path | None = None
    # A folder of more language packs (<code>.toml): adds a language with no code change.
    language_packs_dir: Path | None = None
    # False: the built-in packs are not read, only LANGUAGE_PACKS_DIR's (a test runs the parser with
    # no pack at all, to show that every word of a language comes from the packs).
    language_packs_builtin: bool = True

    # AWS (used when bus=aws / blobs=s3)
    aws_region: str = "us-east-1"
    aws_endpoint_url: str | None = None
    s3_bucket: str | None = None
    s3_public_base_url: str | None = None
    name_prefix: str = "tiktok-commerce"
    sns_video_posted_topic: str | None = None
    sns_caption_parsed_topic: str | None = None
    sns_thumbnails_generated_topic: str | None = None
    sns_products_tagged_topic: str | None = None
    sns_processing_failed_topic: str | None = None
    sqs_caption_parser_queue: str | None = None
    sqs_thumbnail_generator_queue: str | None = None
    sqs_auto_tagger_queue: str | None = None
    sqs_results_queue: str | None = None

    @field_validator("listing_image_size", mode="before")
    @classmethod
    def _optional_size(cls, value: object) -> object:
        return None if value in ("", "0", 0) else value

    @field_validator("video_allowed_ports")
    @classmethod
    def _ports(cls, value: str) -> str:
        for word in (w.strip() for w in value.split(",")):
            if word and word != "*" and not (word.isdigit() and 0 < int(word) < 65536):
                raise ValueError(f"VIDEO_ALLOWED_PORTS: {word!r} is not a port (1-65535) or '*'")
        return value

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openrouter_api_key or self.llm_base_url)

    @property
    def allowed_hosts(self) -> list[str]:
        return [h.strip().lower() for h in self.video_allowed_hosts.split(",") if h.strip()]

    @property
    def allowed_ports(self) -> frozenset[int] | None:
        """The ports fetches may use; None means any (VIDEO_ALLOWED_PORTS=*)."""
        words = [w.strip() for w in self.video_allowed_ports.split(",") if w.strip()]
        if "*" in words:
            return None
        return frozenset(int(w) for w in words)

    def model_path(self) -> Path | None:
        """The detector to load: YOLO_MODEL, else one pulled into ./data/models, else the shared one."""
        candidates = [
            self.yolo_model,
            Path("./data/models/yolov8n.onnx"),
            shared_dir() / "models" / "yolov8n_int8.onnx",
        ]
        for path in candidates:
            if path is not None and Path(path).is_file():
                return Path(path)
        return None


@lru_cache
def get_settings() -> Settings:
    return Settings()
