from django import template

register = template.Library()

NO_DATA = "\N{EN DASH}"


@register.filter
def get_item(mapping: dict, key: str):
    """``{{ mapping|get_item:key }}`` for keys that are not identifiers."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def percent(share: float | None, digits: int = 2) -> str:
    """``0.99912|percent`` → ``99.91 %``; None (no data) → an en dash."""
    if share is None:
        return NO_DATA
    return f"{share * 100:.{int(digits)}f} %"
