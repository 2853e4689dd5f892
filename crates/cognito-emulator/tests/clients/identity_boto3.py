"""boto3's cognito-identity client against the local Cognito emulator,
unchanged: GetId and GetCredentialsForIdentity with the ID token of an
InitiateAuth, the same identity for the same user, refusals of wrong
logins, an expired ID token, and the administrator's group role.

Run by crates/cognito-emulator/tests/identity_clients.rs with
COGNITO_ENDPOINT, COGNITO_POOL_ID, COGNITO_CLIENT_ID and
COGNITO_IDENTITY_POOL_ID set. To move the emulator's clock it prints
`ADVANCE <seconds>` and waits for a line on stdin.
"""

import datetime
import json
import os
import sys
import urllib.parse
import urllib.request

import boto3
import botocore

ENDPOINT = os.environ["COGNITO_ENDPOINT"]
POOL_ID = os.environ["COGNITO_POOL_ID"]
CLIENT_ID = os.environ["COGNITO_CLIENT_ID"]
IDENTITY_POOL_ID = os.environ["COGNITO_IDENTITY_POOL_ID"]
REGION = POOL_ID.split("_")[0]
PROVIDER = f"cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"
# The emulator's issuer without its scheme names the same provider.
ISSUER_KEY = f"{urllib.parse.urlparse(ENDPOINT).netloc}/{POOL_ID}"

EMAIL = "identity-boto3@example.com"
PASSWORD = "Identity-Passw0rd!"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "Local-Admin-Passw0rd!"
AUTHENTICATED_ROLE = "arn:aws:iam::000000000000:role/LocalAuthenticated"
ADMIN_ROLE = "arn:aws:iam::000000000000:role/LocalAdmin"

idp = boto3.client("cognito-idp", region_name=REGION, endpoint_url=ENDPOINT)
identity = boto3.client("cognito-identity", region_name=REGION, endpoint_url=ENDPOINT)


def local_json(path):
    with urllib.request.urlopen(f"{ENDPOINT}{path}") as r:
        return json.load(r)


def refused(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError(f"{call.__name__} should have failed")


def sign_in(email, password):
    return idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=CLIENT_ID,
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )["AuthenticationResult"]


def role_of(identity_id):
    for entry in local_json("/_local/identities"):
        if entry["identityId"] == identity_id:
            return entry["lastCredentials"]["roleArn"]
    raise AssertionError(f"{identity_id} is not in /_local/identities")


def advance_clock(seconds):
    print(f"ADVANCE {seconds}", flush=True)
    if sys.stdin.readline().strip() != "ok":
        raise AssertionError("the test runner did not move the clock")


# A user signs up, confirms with the mailed code and signs in.
idp.sign_up(
    ClientId=CLIENT_ID,
    Username=EMAIL,
    Password=PASSWORD,
    UserAttributes=[{"Name": "email", "Value": EMAIL}, {"Name": "name", "Value": "Boto"}],
)
code = local_json("/_local/messages?" + urllib.parse.urlencode({"to": EMAIL}))[-1]["code"]
idp.confirm_sign_up(ClientId=CLIENT_ID, Username=EMAIL, ConfirmationCode=code)
tokens = sign_in(EMAIL, PASSWORD)
id_token = tokens["IdToken"]

# GetId: one identity per user, under either key form.
identity_id = identity.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins={PROVIDER: id_token})[
    "IdentityId"
]
assert identity_id.startswith(f"{REGION}:"), identity_id
assert (
    identity.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins={ISSUER_KEY: id_token})["IdentityId"]
    == identity_id
)

# GetCredentialsForIdentity: botocore parses Expiration into a datetime.
before = datetime.datetime.now(datetime.timezone.utc)
response = identity.get_credentials_for_identity(
    IdentityId=identity_id, Logins={PROVIDER: id_token}
)
assert response["IdentityId"] == identity_id, response
credentials = response["Credentials"]
assert credentials["AccessKeyId"].startswith("ASIA"), credentials["AccessKeyId"]
assert len(credentials["AccessKeyId"]) == 20
assert len(credentials["SecretKey"]) == 40 and credentials["SessionToken"]
expiration = credentials["Expiration"]
assert isinstance(expiration, datetime.datetime) and expiration.tzinfo is not None, expiration
lifetime = (expiration - before).total_seconds()
assert 3590 <= lifetime <= 3610, lifetime
assert role_of(identity_id) == AUTHENTICATED_ROLE

# Refusals, with botocore's modelled exception classes.
admin_tokens = sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
try:
    identity.get_credentials_for_identity(
        IdentityId=identity_id, Logins={PROVIDER: admin_tokens["IdToken"]}
    )
    raise AssertionError("another user's login must not get this identity's credentials")
except identity.exceptions.NotAuthorizedException as e:
    assert e.response["Error"]["Message"] == (
        "Logins don't match. Please include at least one valid login for this identity or "
        "identity pool."
    ), e
assert refused(identity.get_credentials_for_identity, IdentityId=identity_id) == (
    "NotAuthorizedException",
    f"Access to Identity '{identity_id}' is forbidden.",
)
assert refused(identity.get_id, IdentityPoolId=IDENTITY_POOL_ID) == (
    "NotAuthorizedException",
    "Unauthenticated access is not supported for this identity pool.",
)
assert refused(
    identity.get_id, IdentityPoolId=IDENTITY_POOL_ID, Logins={PROVIDER: tokens["AccessToken"]}
) == ("NotAuthorizedException", "Invalid login token. Missing a required claim: aud")
unknown_pool = f"{REGION}:00000000-0000-4000-8000-0000000000aa"
try:
    identity.get_id(IdentityPoolId=unknown_pool, Logins={PROVIDER: id_token})
    raise AssertionError("an unknown identity pool must be refused")
except identity.exceptions.ResourceNotFoundException as e:
    assert e.response["Error"]["Message"] == f"IdentityPool '{unknown_pool}' not found.", e
code, message = refused(identity.get_id, IdentityPoolId="not-an-identity-pool")
assert code == "InvalidParameterException", (code, message)
assert message.startswith("1 validation error detected: Value 'not-an-identity-pool'"), message

# The administrator gets the role of the admin group, and an identity of
# their own.
admin_identity = identity.get_id(
    IdentityPoolId=IDENTITY_POOL_ID, Logins={PROVIDER: admin_tokens["IdToken"]}
)["IdentityId"]
assert admin_identity != identity_id
identity.get_credentials_for_identity(
    IdentityId=admin_identity, Logins={PROVIDER: admin_tokens["IdToken"]}
)
assert role_of(admin_identity) == ADMIN_ROLE, role_of(admin_identity)

# An hour later the ID token has expired; a refresh gives a new one, and the
# identity is still the same.
advance_clock(3601)
code, message = refused(
    identity.get_credentials_for_identity, IdentityId=identity_id, Logins={PROVIDER: id_token}
)
assert code == "NotAuthorizedException", (code, message)
assert message.startswith("Invalid login token. Token expired: "), message
now, exp = message.removeprefix("Invalid login token. Token expired: ").split(" >= ")
assert int(now) >= int(exp), message
refreshed = idp.initiate_auth(
    AuthFlow="REFRESH_TOKEN_AUTH",
    ClientId=CLIENT_ID,
    AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
)["AuthenticationResult"]
assert (
    identity.get_id(IdentityPoolId=IDENTITY_POOL_ID, Logins={PROVIDER: refreshed["IdToken"]})[
        "IdentityId"
    ]
    == identity_id
)
identity.get_credentials_for_identity(
    IdentityId=identity_id, Logins={PROVIDER: refreshed["IdToken"]}
)

print(
    f"boto3 {boto3.__version__} / botocore {botocore.__version__}: "
    "cognito-identity GetId and GetCredentialsForIdentity OK"
)
