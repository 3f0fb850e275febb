"""Citation-only question answering over Swedish municipal articles."""

__version__ = "0.1.0"
