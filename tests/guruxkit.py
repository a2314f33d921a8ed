# What the Gurux test tools share: the unmodified client's path (../shared/clients/gurux-python) and its values as JSON.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "clients", "gurux-python"))

from gurux_dlms import GXDateTime  # noqa: E402


def plain(value, epoch=False):
    """A Gurux value as JSON: octet strings in hex, date-times ISO 8601 (or UTC seconds with epoch=True)."""
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [plain(v, epoch) for v in value]
    if isinstance(value, GXDateTime):
        return int(value.value.timestamp()) if epoch else value.value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
