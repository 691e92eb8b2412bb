"""plankg: a knowledge graph of Vietnamese policy documents (Resolution 57-NQ/TW and its cascade)."""

__version__ = "0.1.0"
