"""Base classes for request and response bodies."""

from typing import Any

from pydantic import BaseModel, ConfigDict


class InputModel(BaseModel):
    """A request body: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    def changes(self, *, clearable: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The fields the caller sent; null means "unchanged" unless the field is clearable."""
        return {
            name: value
            for name, value in self.model_dump(exclude_unset=True).items()
            if value is not None or name in clearable
        }


class OutputModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
