# SPDX-License-Identifier: MIT
"""The normal form of interest tags, the same rule as `contracts/routing/Tags.sol`.

A tag is 1 to 32 bytes of `a-z`, `0-9` and single inner hyphens. `normalize_tag` turns free text
("Foam  Material", "V8_engine") into it; the contracts refuse anything not already normal, so a
key (keccak256 of the tag) always has exactly one spelling and tags match exactly."""

from __future__ import annotations

import re

from eth_utils import keccak

MAX_LENGTH = 32
_NORMAL = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def is_normal(tag: str) -> bool:
    """Whether `tag` is in normal form (what the contracts accept)."""
    return len(tag.encode()) <= MAX_LENGTH and bool(_NORMAL.match(tag))


def normalize_tag(text: str) -> str:
    """Lower-case ASCII letters and digits, any run of anything else as one hyphen, trimmed.
    Raises ValueError when nothing is left or the result is longer than 32 bytes."""
    tag = _SEPARATORS.sub("-", text.strip().lower()).strip("-")
    if not is_normal(tag):
        raise ValueError(f"{text!r} has no tag form of 1 to {MAX_LENGTH} bytes (got {tag!r})")
    return tag


def tag_key(tag: str) -> bytes:
    """keccak256 of a tag in normal form (the contracts' key)."""
    if not is_normal(tag):
        raise ValueError(f"{tag!r} is not a normal tag")
    return keccak(text=tag)


def normal_tags(texts: list[str]) -> set[str]:
    """The normal forms of the tags a project or option emits; text with no tag form is left out
    (the factory does not check its tags, so the watcher must not trust them)."""
    tags = set()
    for text in texts:
        try:
            tags.add(normalize_tag(text))
        except ValueError:
            continue
    return tags
