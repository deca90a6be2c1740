"""Base classes for request and response bodies."""

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class InputModel(BaseModel):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL; refuse it for every backend alike.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    def changes(self, *, clearable: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The fields the caller sent; null means "unchanged" unless the field is clearable."""
        return {
            name: value
            for name, value in self.model_dump(exclude_unset=True).items()
            if value is not None or name in clearable
        }


class OutputModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
