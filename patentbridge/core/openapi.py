"""The API object and its OpenAPI document: who may call each operation, and the error envelopes it answers."""

from __future__ import annotations

from typing import Any

from ninja import Field, NinjaAPI, Schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema

from patentbridge.core.api_support import anonymous

ENVELOPE = "ErrorEnvelope"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ERROR_DESCRIPTIONS = {
    400: "The request breaks a rule (`validation_error` with `details` per field, or a domain code).",
    401: "`not_authenticated`: sign in (session cookie) or send `Authorization: Bearer <token>`.",
    403: "`permission_denied` for your role or organisation, or `csrf_failed` for a session without `X-CSRFToken`.",
    404: "`not_found` (or a more specific code, e.g. `not_assessed`).",
    409: "The current state forbids it (`conflict`, `invalid_transition` with `details.allowed`, …).",
    422: "`validation_error`: a parameter or the body does not match the schema; `details` lists each problem.",
    500: "`internal_error`: logged on the server.",
}


class ErrorBody(Schema):
    code: str = Field(description="Stable machine-readable code, e.g. `not_authenticated`.")
    message: str = Field(description="Human-readable message in the caller's language.")
    details: Any = Field(description="More about the error: fields and their problems, allowed steps, …")


class ErrorEnvelope(Schema):
    """The one shape of every API error."""

    error: ErrorBody


def is_public(operation: Operation) -> bool:
    return anonymous in operation.auth_callbacks


def error_statuses(operation: Operation) -> list[int]:
    """The error statuses an operation can answer, from how it is declared."""
    statuses = [] if is_public(operation) else [401, 403]
    if operation.models:
        statuses += [400, 422]
    if "{" in operation.path:
        statuses.append(404)
    if UNSAFE_METHODS & set(operation.methods):
        statuses.append(409)
    return sorted(statuses + [500])


class PlatformOpenAPISchema(OpenAPISchema):
    """Ninja's document, plus each operation's error responses and anonymous access on public reads."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        reference = {"$ref": REF_TEMPLATE.format(model=self._envelope())}
        for status in error_statuses(operation):
            result.setdefault(status, {"description": ERROR_DESCRIPTIONS[status],
                                       "content": {"application/json": {"schema": reference}}})
        return result

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if security and is_public(operation):
            # The empty requirement is OpenAPI's "or no authentication at all".
            security.insert(0, {})
        return security

    def _envelope(self) -> str:
        if ENVELOPE not in self.schemas:
            schema = ErrorEnvelope.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema,
                                                     mode="serialization")
            self.add_schema_definitions(schema.pop("$defs", {}))
            self.schemas[ENVELOPE] = schema
        return ENVELOPE


class PlatformAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document states each operation's authentication and error responses."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return PlatformOpenAPISchema(api=self, path_prefix=path_prefix)
