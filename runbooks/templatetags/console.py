from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    """``{{ mapping|get_item:key }}`` for keys that are not identifiers."""
    return mapping.get(key) if hasattr(mapping, "get") else None
