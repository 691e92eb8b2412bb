"""Loaders: read policy texts and extract documents, references, agencies, tasks and indicators.

The pipeline is a chain of small stages, each testable alone:
``textio`` (bytes to text) -> ``normalize`` (NFC, dashes, OCR folding) -> ``outline`` (numbered
sections) -> recognisers (``docnumbers``, ``dates``, ``agencies``, ``deadlines``) -> extractors
(``document``, ``assignments``, ``indicators``) -> ``models`` (dataclasses) -> ``report`` (JSON).
"""
