"""The plankg ontology (OWL 2, Turtle) and its SHACL shapes, shipped as package data."""

from __future__ import annotations

from importlib import resources


def ontology_text() -> str:
    return resources.files(__name__).joinpath("plankg.ttl").read_text("utf-8")


def shapes_text() -> str:
    return resources.files(__name__).joinpath("shapes.ttl").read_text("utf-8")


def themes_text() -> str:
    """The SKOS scheme of indicator themes, with the rules that recognise them (loaders/themes.py)."""
    return resources.files(__name__).joinpath("themes.ttl").read_text("utf-8")
