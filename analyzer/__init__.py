"""archgov: architecture governance for microservice systems."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("archgov")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
