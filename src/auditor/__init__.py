"""auditor: static production-readiness and security audits of web backends."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.1"
