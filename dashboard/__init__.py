"""An interactive atlas of relations between China and Soviet power, 1917-1991."""

from .app import create_app

__all__ = ["create_app", "__version__"]
__version__ = "0.1.0"
