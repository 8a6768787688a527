"""Former home of :mod:`gis.fs`; import from :mod:`gis.fs` (kept until nothing uses it)."""

from .fs import atomic_path, atomic_write, sha256_file, sha256_text

__all__ = ["atomic_path", "atomic_write", "sha256_file", "sha256_text"]
