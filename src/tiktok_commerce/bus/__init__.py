"""The message bus port and its adapters (sql: SQLite/PostgreSQL; aws: SNS/SQS)."""
