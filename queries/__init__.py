"""Named SPARQL queries shipped with plankg (each .rq file starts with a comment block:
title, description, parameters)."""
