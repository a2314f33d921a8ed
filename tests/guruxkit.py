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


def secure_client(sap, password, interface):
    """The client of SAP for PASSWORD: '-' no authentication, 'hls:EK:AK' HLS-GMAC with authenticated and encrypted
    APDUs (hex keys; the invocation counter is read from 0.0.43.1.0.255 first, as Gurux's -v does), else LLS.
    Returns the client and the counter's logical name for GXDLMSReader (None without HLS)."""
    from gurux_dlms.secure import GXDLMSSecureClient
    from gurux_dlms.enums import Authentication, Security
    hls = password.startswith("hls:")
    auth = Authentication.NONE if password == "-" else Authentication.HIGH_GMAC if hls else Authentication.LOW
    client = GXDLMSSecureClient(True, sap, 1, auth, None if password == "-" or hls else password, interface)
    if not hls:
        return client, None
    _, ek, ak = password.split(":")
    client.ciphering.security = Security.AUTHENTICATION_ENCRYPTION
    client.ciphering.systemTitle = bytes.fromhex("4D4D4D0000000001")
    client.ciphering.blockCipherKey = bytes.fromhex(ek)
    client.ciphering.authenticationKey = bytes.fromhex(ak)
    return client, "0.0.43.1.0.255"


def read_specs(reader, specs):
    """Each "CLASS/OBIS/ATTR" read: its value, or the refusal the client's exception names."""
    from gurux_dlms.enums import ObjectType
    from gurux_dlms._GXObjectFactory import _GXObjectFactory
    out = {}
    for spec in specs:
        class_id, ln, attr = spec.split("/")
        obj = _GXObjectFactory.createObject(ObjectType(int(class_id)))
        obj.logicalName = ln
        try:
            out[spec] = plain(reader.read(obj, int(attr)))
        except Exception as ex:  # a refusal: the client's exception names the data-access-result
            out[spec] = {"error": str(ex)}
    return out


def set_clock(reader, utc_s):
    """A SET of the clock's time to UTC_S, and the time read back."""
    import datetime
    from gurux_dlms.objects import GXDLMSClock
    out = {}
    clock = GXDLMSClock("0.0.1.0.0.255")
    clock.time = GXDateTime(datetime.datetime.fromtimestamp(int(utc_s), datetime.timezone.utc))
    try:
        reader.write(clock, 2)
        out["set"] = "ok"
    except Exception as ex:
        out["set"] = {"error": str(ex)}
    out["time"] = plain(reader.read(clock, 2))
    return out
