"""lawkb: a knowledge base and training tool for Chinese environmental law enforcement."""

__version__ = "0.1.0"
