"""Errors the CLI turns into a one-line message and exit code 2."""


class AuditorError(Exception):
    """A usage, configuration or target error: reported without a traceback, exit 2."""


class ConfigError(AuditorError):
    pass
