"""Forms from JSON Schema, and form posts back to JSON.

An ``ask`` request stores the JSON Schema of its pydantic model. :func:`fields_for` turns it into
field descriptions a template renders (text, number, date, email, phone, IBAN, choice,
multi-choice, yes/no, nested groups such as an address); :func:`answer_from_form` turns the posted
form back into the JSON the model validates. Validation itself stays with the model: this module
only converts, so every error message comes from one place.

Process authors translate labels with ``Field(json_schema_extra={"i18n": {"de": {"title": ...,
"description": ...}}})``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_FORMAT_INPUTS = {
    "email": "email",
    "date": "date",
    "date-time": "datetime-local",
    "uri": "url",
    "phone": "tel",
    "iban": "text",
}


@dataclass(kw_only=True)
class FormField:
    name: str
    """Dotted path, the input's name: ``address.postcode``."""
    label: str
    hint: str | None
    widget: str
    """``text``, ``email``, ``tel``, ``date``, ``number``, ``textarea``, ``select``, ``radio``,
    ``checkboxes``, ``yesno``, ``group``."""
    required: bool
    value: Any = None
    suggested: bool = False
    """The value is the AI's guess (prefill), shown as a suggestion to check."""
    options: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    children: list[FormField] = field(default_factory=list)
    error: str | None = None

    @property
    def dom_id(self) -> str:
        return "f-" + self.name.replace(".", "-")


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        resolved = schema.get("$defs", {}).get(ref.split("/")[-1], {})
        return {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
    options = node.get("anyOf")
    if isinstance(options, list):  # Optional[X]: X or null
        real = [o for o in options if o.get("type") != "null"]
        if len(real) == 1:
            merged = {
                **_resolve(schema, real[0]),
                **{k: v for k, v in node.items() if k != "anyOf"},
            }
            merged["nullable"] = True
            return merged
    return node


def _texts(node: Mapping[str, Any], name: str, lang: str) -> tuple[str, str | None]:
    i18n = node.get("i18n", {}).get(lang, {}) if isinstance(node.get("i18n"), dict) else {}
    label = i18n.get("title") or node.get("title") or name.replace("_", " ").capitalize()
    hint = i18n.get("description") or node.get("description")
    return str(label), (str(hint) if hint else None)


def fields_for(
    schema: Mapping[str, Any],
    *,
    lang: str = "en",
    values: Mapping[str, Any] | None = None,
    prefill: Mapping[str, Any] | None = None,
    only: list[str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[FormField]:
    """The fields of an object schema, with current values (a draft or the last post), the
    prefill marked as suggestions, and error messages by dotted field name."""
    return _object_fields(schema, schema, "", lang, values or {}, prefill or {}, only, errors or {})


def _object_fields(
    root: Mapping[str, Any],
    node: Mapping[str, Any],
    prefix: str,
    lang: str,
    values: Mapping[str, Any],
    prefill: Mapping[str, Any],
    only: list[str] | None,
    errors: Mapping[str, str],
) -> list[FormField]:
    required = set(node.get("required", []))
    out: list[FormField] = []
    for key, raw in node.get("properties", {}).items():
        if only is not None and not prefix and key not in only:
            continue
        spec = _resolve(root, raw)
        name = f"{prefix}{key}"
        label, hint = _texts(spec, key, lang)
        is_required = key in required and not spec.get("nullable")
        value = values.get(key) if isinstance(values, Mapping) else None
        guess = prefill.get(key) if isinstance(prefill, Mapping) else None
        suggested = value is None and guess is not None
        if is_file(spec) or (
            spec.get("type") == "array" and is_file(_resolve(root, spec.get("items", {})))
        ):
            out.append(
                FormField(
                    name=name,
                    label=label,
                    hint=hint,
                    widget="file",
                    required=is_required,
                    error=errors.get(name),
                    attrs={"multiple": spec.get("type") == "array"},
                )
            )
            continue
        if spec.get("type") == "object" and "properties" in spec:
            children = _object_fields(
                root,
                spec,
                f"{name}.",
                lang,
                value if isinstance(value, Mapping) else {},
                guess if isinstance(guess, Mapping) else {},
                None,
                errors,
            )
            out.append(
                FormField(
                    name=name,
                    label=label,
                    hint=hint,
                    widget="group",
                    required=is_required,
                    children=children,
                    error=errors.get(name),
                )
            )
            continue
        f = FormField(
            name=name,
            label=label,
            hint=hint,
            widget="text",
            required=is_required,
            value=value if value is not None else guess,
            suggested=suggested,
            error=errors.get(name),
        )
        _widget(f, spec)
        out.append(f)
    return out


_FILE_KEYS = {"id", "name", "content_type", "size", "sha256"}


def is_file(spec: Mapping[str, Any]) -> bool:
    """An ``UploadedFile`` field (a document the customer attaches in the form)."""
    return set(spec.get("properties", {})) >= _FILE_KEYS


def file_fields(schema: Mapping[str, Any]) -> dict[str, bool]:
    """Top-level file fields of an object schema: name -> whether several files are allowed."""
    out: dict[str, bool] = {}
    for key, raw in schema.get("properties", {}).items():
        spec = _resolve(schema, raw)
        if is_file(spec):
            out[key] = False
        elif spec.get("type") == "array" and is_file(_resolve(schema, spec.get("items", {}))):
            out[key] = True
    return out


def _widget(f: FormField, spec: Mapping[str, Any]) -> None:
    kind = spec.get("type")
    if "enum" in spec:
        f.widget = "radio" if len(spec["enum"]) <= 5 else "select"
        f.options = [(str(v), str(v)) for v in spec["enum"]]
        return
    if "const" in spec:
        f.widget, f.options = "radio", [(str(spec["const"]), str(spec["const"]))]
        return
    if kind == "array":
        items = spec.get("items", {})
        if "enum" in items:
            f.widget = "checkboxes"
            f.options = [(str(v), str(v)) for v in items["enum"]]
            f.value = f.value if isinstance(f.value, list) else []
            return
        f.widget = "textarea"
        f.attrs["rows"] = 3
        return
    if kind == "boolean":
        f.widget = "yesno"
        return
    if kind in ("integer", "number"):
        f.widget = "number"
        f.attrs["step"] = "1" if kind == "integer" else "any"
        for key, attr in (("minimum", "min"), ("maximum", "max")):
            if key in spec:
                f.attrs[attr] = spec[key]
        f.attrs["inputmode"] = "numeric" if kind == "integer" else "decimal"
        return
    fmt = spec.get("format")
    if fmt in _FORMAT_INPUTS:
        f.widget = _FORMAT_INPUTS[fmt]
        if fmt == "iban":
            f.attrs["autocomplete"] = "off"
            f.attrs["spellcheck"] = "false"
    elif spec.get("maxLength", 0) > 200:
        f.widget = "textarea"
        f.attrs["rows"] = 5
    if "maxLength" in spec:
        f.attrs["maxlength"] = spec["maxLength"]
    if "pattern" in spec:
        f.attrs["pattern_hint"] = spec["pattern"]


def answer_from_form(schema: Mapping[str, Any], form: Mapping[str, list[str]]) -> dict[str, Any]:
    """The posted form (name -> list of values) as JSON for the model. Empty optional inputs
    are left out; numbers and yes/no are converted; values that do not convert are passed on
    as text so the model reports them with its own message."""
    return _object_answer(schema, schema, "", form)


def _object_answer(
    root: Mapping[str, Any], node: Mapping[str, Any], prefix: str, form: Mapping[str, list[str]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw in node.get("properties", {}).items():
        spec = _resolve(root, raw)
        name = f"{prefix}{key}"
        if is_file(spec) or (
            spec.get("type") == "array" and is_file(_resolve(root, spec.get("items", {})))
        ):
            continue  # files come as uploads, not as form text
        if spec.get("type") == "object" and "properties" in spec:
            sub = _object_answer(root, spec, f"{name}.", form)
            if sub:
                out[key] = sub
            continue
        values = [v for v in form.get(name, []) if isinstance(v, str)]
        if spec.get("type") == "array":
            out[key] = [v for v in values if v != ""]
            if "enum" not in spec.get("items", {}) and len(values) == 1:
                out[key] = [line.strip() for line in values[0].splitlines() if line.strip()]
            continue
        if not values or values[-1].strip() == "":
            continue
        text = values[-1].strip()
        kind = spec.get("type")
        if kind == "boolean":
            out[key] = {"yes": True, "true": True, "no": False, "false": False}.get(text, text)
        elif kind == "integer":
            out[key] = _number(text, int)
        elif kind == "number":
            out[key] = _number(text, float)
        else:
            out[key] = text
    return out


def _number(text: str, kind: type[int] | type[float]) -> Any:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if kind is float and cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # 12,50 as written in German
    try:
        return kind(cleaned)
    except ValueError:
        return text
