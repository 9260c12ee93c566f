"""The Ingestion API: FastAPI app, results consumer, outbox relay, caption resolution, shop page."""
