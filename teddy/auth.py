"""Toy authentication: ``Authorization: Bearer <device token>``."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

from . import hotdb
from .models import Device, hash_token

# Writing last_seen_at on every request would turn reads into writes; once a minute is plenty.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class ToyPrincipal:
    """What ``request.user`` is for a toy: not a person, never staff."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, device: Device) -> None:
        self.device = device

    def __str__(self) -> str:
        return f"toy:{self.device.pk}"


def device_by_token(token: str) -> Device | None:
    """The device holding ``token``, with its child, read from the database on every request
    (a revoked token stops working at once), on the hot path's connection (``teddy/hotdb.py``)."""
    return hotdb.run(_device_by_token_hash, hash_token(token))


def _device_by_token_hash(token_hash: str) -> Device | None:
    """One plain query for the device and its child, its values converted as the ORM converts
    them: the ORM's ``select_related`` costs ~0.9 ms per request, mostly compiling the query."""
    from safety.models import Child

    sql, device_columns, child_columns = _device_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(device_columns)
    device = _from_row(Device, device_columns, row[:split])
    if device.child_id is not None and row[split] is not None:
        device.child = _from_row(Child, child_columns, row[split:])
    return device


Columns = list[tuple[str, Any, list]]  # (attname, column expression, converters)


def _from_row(model: Any, columns: Columns, values: tuple) -> Any:
    converted = []
    for (_, column, converters), value in zip(columns, values, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [name for name, _, _ in columns], converted)


@functools.cache
def _device_query() -> tuple[str, Columns, Columns]:
    from safety.models import Child

    def columns(model: Any, alias: str) -> Columns:
        found = []
        for field in model._meta.concrete_fields:
            column = field.get_col(alias)
            converters = connection.ops.get_db_converters(column)
            converters += field.get_db_converters(connection)
            found.append((field.attname, column, converters))
        return found

    select = [f"d.{f.column}" for f in Device._meta.concrete_fields]
    select += [f"c.{f.column}" for f in Child._meta.concrete_fields]
    # Table and column names come from the models; the token is a parameter.
    sql = (
        f"SELECT {', '.join(select)} FROM {Device._meta.db_table} d "  # noqa: S608
        f"LEFT JOIN {Child._meta.db_table} c ON c.{Child._meta.pk.column} = d.child_id "
        "WHERE d.token_hash = %s"
    )
    return sql, columns(Device, "d"), columns(Child, "c")


def active_device(token: str) -> Device | None:
    """The device of a valid, unrevoked token (its last-seen time kept up to date), or None."""
    device = device_by_token(token)
    if device is None or not device.is_active:
        return None
    _touch(device)
    return device


def _touch(device: Device) -> None:
    now = timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_RESOLUTION:
        hotdb.run(_mark_seen, device.pk, now)


def _mark_seen(device_id: int, now: Any) -> None:
    Device.objects.filter(pk=device_id).update(last_seen_at=now)


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[ToyPrincipal, Device] | None:
        header = authentication.get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword.lower().encode():
            raise exceptions.AuthenticationFailed("Use 'Authorization: Bearer <device token>'.")
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header holds exactly one token."
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        device = device_by_token(token)
        if device is None:
            raise exceptions.AuthenticationFailed("The token is not valid.")
        if not device.is_active:
            raise exceptions.AuthenticationFailed("This device has been revoked.")
        _touch(device)
        return ToyPrincipal(device), device

    def authenticate_header(self, request: Any) -> str:
        return f'{self.keyword} realm="toy-api"'


class IsToy(permissions.BasePermission):
    message = "A device token is required."

    def has_permission(self, request: Any, view: Any) -> bool:
        return isinstance(request.auth, Device)
