"""Shared helpers of the Ed-Fi tests: the official JSON Schemas and the hand-written bodies."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from iepmodel.interop import edfi

DATA = Path(__file__).parent / "data" / "edfi"


@cache
def _validator(folder: str, entity: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((DATA / folder / f"{entity}.insert.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validator(version: str, resource: str) -> jsonschema.Draft202012Validator:
    """The official schema a *resource* body of *version* must meet."""
    entity = edfi.RESOURCES[resource]
    if version == "4.0" or (
        version == "5.2" and resource == "studentSpecialEducationProgramEligibilityAssociations"
    ):
        # DS 4.0: the 5.1 shape minus the exit fields; DS 5.2's eligibility association
        # is the 5.1 one (the 5.2 release did not change it).
        return _validator("ds-5.1.0", entity)
    return _validator(f"ds-{version}.0", entity)


def schema_errors(version: str, resources: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every schema violation of the exported *resources* (resource, message)."""
    errors: list[str] = []
    for resource, bodies in resources.items():
        check = validator(version, resource)
        for body in bodies:
            errors.extend(f"{resource}: {error.message}" for error in check.iter_errors(body))
    return errors


def hand_bodies(name: str) -> dict[str, Any]:
    """The hand-written bodies of ``data/edfi/api/<name>.json``."""
    data: dict[str, Any] = json.loads((DATA / "api" / f"{name}.json").read_text("utf-8"))
    return data


def canonical(bodies: list[dict[str, Any]]) -> list[str]:
    """Bodies as sorted canonical JSON texts (1 and 1.0 stay apart)."""
    return sorted(json.dumps(body, sort_keys=True) for body in bodies)


def flat(resources: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """All bodies of all resources."""
    return [body for bodies in resources.values() for body in bodies]
