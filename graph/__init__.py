"""Graph layer: turn extraction reports into RDF, store it, query, validate, reason, export and view."""
