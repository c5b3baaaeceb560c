"""HTTPS for a desk on the local network: the desk's own certificate.

Contract
--------
A desk opened to the Wi-Fi (``shebao serve --lan``) carries the desk password, session cookies
and workers' documents across a network others share, so it answers over HTTPS by default.
There is no certificate authority on a drop-in desk's network, so the desk makes its own:

:func:`desk_certificate(store_dir, names)` returns a :class:`Certificate` (``cert`` and ``key``
paths in the data folder, its SHA-256 ``fingerprint`` as ``AB:CD:…``). The key (ECDSA P-256)
is ``tls.key``, written with mode 0600; the certificate ``tls.crt`` is self-signed, names
every host in ``names`` (IP addresses as IP SANs, other names as DNS SANs; the first is the
subject's common name) and is valid :data:`VALID_DAYS` days. It is made once and kept: the
same one comes back on the next start, so a phone that accepted it once is not asked again,
unless a name is missing from it (the computer got another address on another network) or
it expires within :data:`RENEW_DAYS` days; then a new key and certificate replace both.

Browsers warn about a certificate no authority signed. The desk prints the fingerprint at
start so a volunteer can compare it with what the phone shows before going on; a desk that
has a certificate from its own authority (e.g. mkcert installed on the desk's phones) passes
it with ``--cert``/``--key`` instead (:func:`given_certificate` checks both files load).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from shebao.errors import UsageError

VALID_DAYS = 397  # under the 398 days browsers accept for a server certificate
RENEW_DAYS = 30
CERT_FILE = "tls.crt"
KEY_FILE = "tls.key"


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path
    fingerprint: str


def fingerprint(cert: x509.Certificate) -> str:
    """The SHA-256 fingerprint as browsers show it: ``AB:CD:…`` (32 bytes)."""
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def _san(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _names_of(cert: x509.Certificate) -> set[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    return ({str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
            | set(san.get_values_for_type(x509.DNSName)))


def _still_good(cert_path: Path, key_path: Path, names: list[str], now: dt.datetime) -> bool:
    if not (cert_path.is_file() and key_path.is_file()):
        return False
    from .datafiles import read_bytes

    cert_bytes, key_bytes = read_bytes(cert_path), read_bytes(key_path)  # unreadable: refused
    try:
        cert = x509.load_pem_x509_certificate(cert_bytes)
        serialization.load_pem_private_key(key_bytes, password=None)
    except ValueError:
        return False
    return (set(names) <= _names_of(cert)
            and cert.not_valid_after_utc - now > dt.timedelta(days=RENEW_DAYS))


def _write_private(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, mode)
    tmp.replace(path)


def desk_certificate(store_dir: Path, names: list[str],
                     now: dt.datetime | None = None) -> Certificate:
    """The desk's certificate for ``names`` (kept, or made anew: see the module docstring)."""
    if not names:
        raise ValueError("a certificate needs at least one host name")
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = store_dir / CERT_FILE, store_dir / KEY_FILE
    now = now or dt.datetime.now(dt.UTC)
    if not _still_good(cert_path, key_path, names, now):
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0]),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "shebao-audit 接待台")])
        cert = (x509.CertificateBuilder()
                .subject_name(subject).issuer_name(subject)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(minutes=5))
                .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
                .add_extension(x509.SubjectAlternativeName([_san(n) for n in names]),
                               critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                               critical=False)
                .sign(key, hashes.SHA256()))
        _write_private(key_path, key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()), 0o600)
        _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return Certificate(cert_path, key_path, fingerprint(cert))


def given_certificate(cert_path: Path, key_path: Path) -> Certificate:
    """A certificate and key the desk was given (``--cert``/``--key``), checked to load."""
    try:
        cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
    except (OSError, ValueError) as exc:
        raise UsageError("证书文件读不出来（应当是 PEM 格式的证书）",
                         f"certificate cannot be read (PEM expected): {exc}",
                         file=cert_path, code="bad_certificate") from exc
    try:
        serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise UsageError("私钥文件读不出来（应当是不加密码的 PEM 私钥）",
                         f"key cannot be read (unencrypted PEM expected): {exc}",
                         file=key_path, code="bad_certificate") from exc
    return Certificate(Path(cert_path), Path(key_path), fingerprint(cert))
