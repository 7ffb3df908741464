from core.cache import Cache
from core.reports.summary import count_keys
from framework.middleware.audit import AuditMiddleware


def test_cache_returns_stored_value():
    cache = Cache()
    cache.set("candles:ES", 4200.5)
    assert cache.get("candles:ES") == 4200.5


def test_audit_middleware_counts_requests():
    middleware = AuditMiddleware()
    middleware.record("/health")
    assert middleware.record("/health") == 2


def test_summary_in_namespace_folder_counts_keys():
    cache = Cache()
    cache.set("audit:/a", 1)
    cache.set("candles:ES", 2)
    assert count_keys(cache, "audit:") == 1
