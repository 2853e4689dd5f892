"""Signs in to the local Cognito emulator with pycognito, unchanged.

Run by crates/cognito-emulator/tests/independent_clients.rs, which starts the
emulator, creates the users and passes them in the environment:

  COGNITO_ENDPOINT  http://127.0.0.1:PORT (no trailing slash)
  POOL_ID, CLIENT_ID
  USERNAME, PASSWORD        a confirmed user without MFA
  TOTP_USERNAME, TOTP_SECRET a confirmed user with TOTP (Base32 secret)
  UNKNOWN_USERNAME          a name no user has

`Cognito.authenticate` runs USER_SRP_AUTH through pycognito's `AWSSRP` and
then verifies both tokens against `<endpoint>/<pool id>/.well-known/jwks.json`
with issuer `<endpoint>/<pool id>`. Each step prints one `ok:` line; any
surprise raises, and the exit status is not 0.
"""

import base64
import hashlib
import hmac
import os
import struct
import time

from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.exceptions import SoftwareTokenMFAChallengeException

ENDPOINT = os.environ["COGNITO_ENDPOINT"]
POOL_ID = os.environ["POOL_ID"]
CLIENT_ID = os.environ["CLIENT_ID"]


def cognito(username):
    return Cognito(
        POOL_ID,
        CLIENT_ID,
        username=username,
        boto3_client_kwargs={"endpoint_url": ENDPOINT},
    )


def totp(secret_base32, at):
    """RFC 6238 with the authenticator defaults: HMAC-SHA-1, 30 s, 6 digits."""
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    counter = struct.pack(">Q", int(at) // 30)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def expect_tokens(user, username):
    # authenticate() has verified both tokens with the JWKS by now.
    assert user.id_token and user.access_token and user.refresh_token, "tokens missing"
    assert user.token_type == "Bearer", user.token_type
    assert user.id_claims["email"] == username, user.id_claims
    assert user.id_claims["token_use"] == "id", user.id_claims
    assert user.access_claims["token_use"] == "access", user.access_claims
    assert user.id_claims["iss"] == f"{ENDPOINT}/{POOL_ID}", user.id_claims["iss"]


def expect_not_authorized(username, password):
    try:
        cognito(username).authenticate(password=password)
    except ClientError as error:
        code = error.response["Error"]["Code"]
        message = error.response["Error"]["Message"]
        assert code == "NotAuthorizedException", (code, message)
        assert message == "Incorrect username or password.", message
        return
    raise AssertionError(f"{username}: signed in with a wrong password")


def main():
    username, password = os.environ["USERNAME"], os.environ["PASSWORD"]

    user = cognito(username)
    user.authenticate(password=password)
    expect_tokens(user, username)
    print(f"ok: right password: verified tokens for sub {user.id_claims['sub']}")

    expect_not_authorized(username, password + "x")
    print("ok: wrong password: NotAuthorizedException")

    expect_not_authorized(os.environ["UNKNOWN_USERNAME"], password)
    print("ok: unknown user: NotAuthorizedException")

    totp_username = os.environ["TOTP_USERNAME"]
    user = cognito(totp_username)
    try:
        user.authenticate(password=password)
        raise AssertionError("no SOFTWARE_TOKEN_MFA challenge for a user with TOTP")
    except SoftwareTokenMFAChallengeException:
        pass
    user.respond_to_software_token_mfa_challenge(
        totp(os.environ["TOTP_SECRET"], time.time())
    )
    expect_tokens(user, totp_username)
    print("ok: SOFTWARE_TOKEN_MFA: verified tokens after the code")


if __name__ == "__main__":
    main()
