"""XML from devices, parsed without DTDs or entities (the defusedxml rules, on the standard library).

A document that declares a DOCTYPE or an entity is refused outright: no device needs one, and refusing
them closes entity expansion ("billion laughs") and external entity (XXE) attacks.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

MAX_XML_BYTES = 1 << 20


class XmlRejected(ValueError):
    """Not well-formed, too large, or declares a DTD or an entity."""


def parse_xml(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> Element:
    """The root element, with `{namespace}local` tags as ElementTree writes them."""
    if len(data) > max_bytes:
        raise XmlRejected(f"document of {len(data)} bytes is over {max_bytes}")
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_: Any) -> None:
        raise XmlRejected("DTDs and entity declarations are not accepted")

    def refuse_external(*_: Any) -> int:
        raise XmlRejected("external entities are not accepted")

    def start(name: str, attributes: dict[str, str]) -> None:
        builder.start(_qualified(name), {_qualified(key): value for key, value in attributes.items()})

    def end(name: str) -> None:
        builder.end(_qualified(name))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse_external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
        root: Element | None = builder.close()
    except expat.ExpatError as exc:
        raise XmlRejected(str(exc)) from exc
    if root is None:
        raise XmlRejected("no root element")
    return root


def local_name(tag: str) -> str:
    """`{namespace}local` -> `local`."""
    return tag.rpartition("}")[2]


def _qualified(name: str) -> str:
    namespace, separator, local = name.rpartition("}")
    return f"{{{namespace}}}{local}" if separator else name
