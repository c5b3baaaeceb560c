"""HTTPS for the desk (desk/tls.py, ``shebao serve --https``): the desk's own certificate is
made once for this computer's names, kept, renewed when a name is missing or it nears its
end, its key private; a real ``shebao serve --https`` answers over TLS with it (verified
against the certificate, not with verification off), the cookie is ``Secure``, and plain
HTTP gets no page."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from cryptography import x509
from shebao.desk.cli import certificate_names
from shebao.desk.tls import RENEW_DAYS, VALID_DAYS, desk_certificate, given_certificate

from shebao.errors import UsageError

from .conftest import _free_port


def _san(path: Path) -> tuple[set[str], set[str]]:
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return ({str(ip) for ip in san.get_values_for_type(x509.IPAddress)},
            set(san.get_values_for_type(x509.DNSName)))


def test_certificate_names_the_lan_address_and_this_computer(tmp_path: Path) -> None:
    cert = desk_certificate(tmp_path, certificate_names("192.168.1.20"))
    ips, dns = _san(cert.cert)
    assert ips == {"192.168.1.20", "127.0.0.1"}
    assert "localhost" in dns
    assert stat.S_IMODE(os.stat(cert.key).st_mode) == 0o600
    parsed = x509.load_pem_x509_certificate(cert.cert.read_bytes())
    assert parsed.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == \
        "192.168.1.20"
    days = (parsed.not_valid_after_utc - parsed.not_valid_before_utc).days
    assert VALID_DAYS - 1 <= days <= VALID_DAYS
    assert len(cert.fingerprint.split(":")) == 32


def test_certificate_is_kept_until_a_name_is_missing_or_it_nears_its_end(
        tmp_path: Path) -> None:
    first = desk_certificate(tmp_path, certificate_names("192.168.1.20"))
    again = desk_certificate(tmp_path, certificate_names("192.168.1.20"))
    assert again.fingerprint == first.fingerprint  # a phone that accepted it is not asked again
    assert desk_certificate(tmp_path, ["localhost"]).fingerprint == first.fingerprint
    moved = desk_certificate(tmp_path, certificate_names("10.0.0.7"))
    assert moved.fingerprint != first.fingerprint
    assert "10.0.0.7" in _san(moved.cert)[0]
    late = dt.datetime.now(dt.UTC) + dt.timedelta(days=VALID_DAYS - RENEW_DAYS + 1)
    renewed = desk_certificate(tmp_path, certificate_names("10.0.0.7"), now=late)
    assert renewed.fingerprint != moved.fingerprint


def test_a_damaged_certificate_is_made_anew(tmp_path: Path) -> None:
    first = desk_certificate(tmp_path, ["127.0.0.1"])
    first.cert.write_text("not a certificate")
    assert desk_certificate(tmp_path, ["127.0.0.1"]).fingerprint != first.fingerprint


def test_a_given_certificate_that_does_not_load_is_refused_by_name(tmp_path: Path) -> None:
    good = desk_certificate(tmp_path / "own", ["127.0.0.1"])
    assert given_certificate(good.cert, good.key).fingerprint == good.fingerprint
    bad = tmp_path / "bad.pem"
    bad.write_text("hello")
    with pytest.raises(UsageError) as err:
        given_certificate(bad, good.key)
    assert err.value.file == str(bad) and "证书" in err.value.zh
    with pytest.raises(UsageError) as err:
        given_certificate(good.cert, bad)
    assert err.value.file == str(bad) and "私钥" in err.value.zh


def test_cert_without_key_is_a_usage_error(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "shebao", "serve", "--store",
                          str(tmp_path / "s"), "--cert", str(tmp_path / "c.pem")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "--cert 和 --key 要一起给出" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_serve_https_answers_over_tls_with_its_own_certificate(tmp_path: Path) -> None:
    store, port = tmp_path / "store", _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "SHEBAO_CACHE": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shebao", "serve", "--store", str(store), "--port",
             str(port), "--https"], stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            if (store / "tls.crt").exists():
                try:
                    trust = ssl.create_default_context(cafile=str(store / "tls.crt"))
                    page = httpx.get(f"{base}/setup", verify=trust, timeout=2)
                    break
                except httpx.TransportError:
                    pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        assert page.status_code == 200
        assert "设置" in page.text
        printed = log.read_text()
        fingerprint = desk_certificate(store, ["127.0.0.1"]).fingerprint
        assert f"HTTPS 证书指纹（SHA-256）：{fingerprint}" in printed
        assert f"{base}/" in printed
        # the session cookie (set by the login page's CSRF token) is Secure over HTTPS
        login = httpx.get(f"{base}/login", verify=trust, timeout=5)
        cookies = login.headers.get_list("set-cookie")
        assert cookies and all("secure" in c.lower() for c in cookies)
        # the certificate is what the server presents, for the names it claims
        assert ipaddress.ip_address("127.0.0.1") in {
            ipaddress.ip_address(ip) for ip in _san(store / "tls.crt")[0]}
        with pytest.raises(httpx.TransportError):  # plain HTTP on the TLS port: no page
            httpx.get(f"http://127.0.0.1:{port}/", timeout=5).raise_for_status()
    finally:
        process.terminate()
        process.wait(15)
