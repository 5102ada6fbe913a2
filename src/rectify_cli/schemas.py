"""JSON Schemas generated from the models (schemas/*.schema.json), for editors and check-jsonschema."""

from __future__ import annotations

import json


def schema_texts() -> dict[str, str]:
    from rectify_cli.model import Ledger, Policy

    texts = {}
    for name, model in (("ledger.schema.json", Ledger), ("policy.schema.json", Policy)):
        schema = model.model_json_schema(by_alias=True, mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        texts[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return texts
