"""Binding parameters by VALUES blocks, for engines without substitution (a SPARQL server) and
for parameters a query does not project (Oxigraph's substitution needs them projected).

The terms go in as N-Triples terms written by the RDF library (``str(term)``): escaped, never
a user's text pasted into the query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from plankg.errors import UsageError

# Braces that do not open a group graph pattern: a VALUES data block, a CONSTRUCT template.
_DATA_BLOCK = re.compile(r"VALUES\s*(\?\w+|\((\s*\?\w+)*\s*\))\s*$", re.IGNORECASE)
_TEMPLATE = re.compile(r"CONSTRUCT\s*$", re.IGNORECASE)
_SHORT_CONSTRUCT = re.compile(r"CONSTRUCT\s+WHERE\s*$", re.IGNORECASE)
_SUB_SELECT = re.compile(r"\s*SELECT\b", re.IGNORECASE)


def with_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """Put ``VALUES (?a …) { (term …) }`` at the head of every group graph pattern.

    Oxigraph's substitution gives a parameter its value everywhere; SPARQL evaluates each
    group (a sub-query, a UNION branch, a nested group) before joining it, so a value given
    only to the outer group never reaches a FILTER inside one of them. One VALUES per group
    does: every group is then restricted to the same single value.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(bindings[n]) for n in names)}) }} "
    k, quote = 0, None
    while k < len(sparql):
        ch = sparql[k]
        if quote:
            if ch == "\\":
                k += 1
            elif sparql.startswith(quote, k):
                k += len(quote) - 1
                quote = None
        elif ch == "#":
            k = sparql.find("\n", k) if "\n" in sparql[k:] else len(sparql)
            continue
        elif ch == "<" and sparql.find(">", k) > k and " " not in sparql[k : sparql.find(">", k)]:
            k = sparql.find(">", k)
        elif ch in "\"'":
            quote = ch * 3 if sparql.startswith(ch * 3, k) else ch
            k += len(quote) - 1
        elif ch == "{":
            before = sparql[:k].rstrip()
            if _SHORT_CONSTRUCT.search(before):
                raise UsageError(
                    "parameters cannot be bound in a CONSTRUCT WHERE { … } short form on a "
                    "remote store: write CONSTRUCT { … } WHERE { … }"
                )
            if not (_DATA_BLOCK.search(before) or _TEMPLATE.search(before) or _SUB_SELECT.match(sparql, k + 1)):
                sparql = sparql[: k + 1] + block + sparql[k + 1 :]
                k += len(block)
        k += 1
    return sparql
