"""Schemathesis against the app, with all its checks: every answer is documented, none is a 5xx,
and requests the schema calls valid are not refused. Bounded and seeded, so a run is repeatable.

On SQLite and PostgreSQL. The URL guard resolves no names here (the test settings allow private
addresses, so nothing needs looking up): no generated host name is ever asked of a resolver.
"""

from __future__ import annotations

from pathlib import Path

import schemathesis
from api_support import make_services, settings_for
from hypothesis import HealthCheck, given, settings

from tiktok_commerce.api.app import create_app

EXAMPLES = 300


def test_the_api_holds_to_its_schema(database_url: str, tmp_path: Path) -> None:
    services = make_services(settings_for(database_url, tmp_path))
    try:
        schema = schemathesis.openapi.from_asgi(
            "/openapi.json", create_app(services.settings, services=services)
        )
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 6
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            def holds(case: schemathesis.Case) -> None:
                case.call_and_validate()

            holds()
    finally:
        services.close()
