"""boto3 against the local Cognito emulator: the admin operations (signed
with dummy credentials), an administrator-created user's first sign-in
through NEW_PASSWORD_REQUIRED, ListUsers with a filter, a reset that the
next sign-in reports, disabling, deleting, groups in the tokens, and an app
client's settings read and changed (DescribeUserPoolClient,
UpdateUserPoolClient).

Run by crates/cognito-emulator/tests/clients.rs with COGNITO_ENDPOINT,
COGNITO_POOL_ID and COGNITO_CLIENT_ID set, and AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY = local (any value is accepted locally).
"""

import base64
import datetime
import json
import os
import sys
import urllib.parse
import urllib.request

import boto3
import botocore
from botocore import UNSIGNED
from botocore.config import Config

ENDPOINT = os.environ["COGNITO_ENDPOINT"]
POOL_ID = os.environ["COGNITO_POOL_ID"]
CLIENT_ID = os.environ["COGNITO_CLIENT_ID"]
REGION = POOL_ID.split("_")[0]

EMAIL = "boto3-user@example.com"
TEMPORARY = "Temporary-Passw0rd!"
NEW = "Brand-New-Passw0rd!"
RESET = "After-Reset-Passw0rd!"
EDITOR_ROLE = "arn:aws:iam::123456789012:role/Editor"

idp = boto3.client("cognito-idp", region_name=REGION, endpoint_url=ENDPOINT)


def claims(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def error_code(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError(f"{call.__name__} should have failed")


def last_code(email):
    query = urllib.parse.urlencode({"to": email})
    with urllib.request.urlopen(f"{ENDPOINT}/_local/messages?{query}") as r:
        return json.load(r)[-1]["code"]


def password_sign_in(email, password):
    return idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=CLIENT_ID,
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )


# AdminCreateUser: FORCE_CHANGE_PASSWORD, timestamps parsed by botocore.
created = idp.admin_create_user(
    UserPoolId=POOL_ID,
    Username=EMAIL,
    TemporaryPassword=TEMPORARY,
    MessageAction="SUPPRESS",
    UserAttributes=[{"Name": "email_verified", "Value": "true"}],
)["User"]
assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD", created
assert isinstance(created["UserCreateDate"], datetime.datetime), created
username = created["Username"]

# First sign-in: NEW_PASSWORD_REQUIRED, answered with the required `name`.
challenge = password_sign_in(EMAIL, TEMPORARY)
assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED", challenge
params = challenge["ChallengeParameters"]
assert params["USER_ID_FOR_SRP"] == username, params
assert json.loads(params["requiredAttributes"]) == ["userAttributes.name"], params
assert json.loads(params["userAttributes"])["email"] == EMAIL, params
tokens = idp.respond_to_auth_challenge(
    ClientId=CLIENT_ID,
    ChallengeName="NEW_PASSWORD_REQUIRED",
    Session=challenge["Session"],
    ChallengeResponses={
        "USERNAME": EMAIL,
        "NEW_PASSWORD": NEW,
        "userAttributes.name": "Boto Three",
    },
)["AuthenticationResult"]
assert claims(tokens["IdToken"])["name"] == "Boto Three"
user = idp.admin_get_user(UserPoolId=POOL_ID, Username=EMAIL)
assert user["UserStatus"] == "CONFIRMED", user

# ListUsers with a filter, and botocore's paginator over every user.
found = idp.list_users(UserPoolId=POOL_ID, Filter=f'email = "{EMAIL}"')["Users"]
assert [u["Username"] for u in found] == [username], found
pages = idp.get_paginator("list_users").paginate(
    UserPoolId=POOL_ID, PaginationConfig={"PageSize": 1}
)
everyone = [u["Username"] for page in pages for u in page["Users"]]
assert username in everyone and len(everyone) == len(set(everyone)) >= 2, everyone

# Groups, reflected in the tokens at the next refresh.
idp.create_group(
    UserPoolId=POOL_ID, GroupName="editors", Precedence=5, RoleArn=EDITOR_ROLE
)
idp.admin_add_user_to_group(UserPoolId=POOL_ID, Username=EMAIL, GroupName="editors")
groups = idp.admin_list_groups_for_user(UserPoolId=POOL_ID, Username=EMAIL)["Groups"]
assert [g["GroupName"] for g in groups] == ["editors"], groups
members = idp.list_users_in_group(UserPoolId=POOL_ID, GroupName="editors")["Users"]
assert [u["Username"] for u in members] == [username], members
all_groups = [
    g["GroupName"]
    for page in idp.get_paginator("list_groups").paginate(
        UserPoolId=POOL_ID, PaginationConfig={"PageSize": 1}
    )
    for g in page["Groups"]
]
assert all_groups == ["admin", "editors", "users"], all_groups
refreshed = idp.initiate_auth(
    AuthFlow="REFRESH_TOKEN_AUTH",
    ClientId=CLIENT_ID,
    AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
)["AuthenticationResult"]
id_claims = claims(refreshed["IdToken"])
assert id_claims["cognito:groups"] == ["editors"], id_claims
assert id_claims["cognito:preferred_role"] == EDITOR_ROLE, id_claims
idp.admin_remove_user_from_group(UserPoolId=POOL_ID, Username=EMAIL, GroupName="editors")
idp.delete_group(UserPoolId=POOL_ID, GroupName="editors")

# AdminResetUserPassword: the next sign-in says so; the mailed code resets.
idp.admin_reset_user_password(UserPoolId=POOL_ID, Username=EMAIL)
code, message = error_code(password_sign_in, email=EMAIL, password=NEW)
assert code == "PasswordResetRequiredException", (code, message)
# botocore maps the type to the modelled exception class.
try:
    password_sign_in(EMAIL, NEW)
    raise AssertionError("sign-in after AdminResetUserPassword should fail")
except idp.exceptions.PasswordResetRequiredException as e:
    assert e.response["Error"]["Message"] == "Password reset required for the user", e
idp.confirm_forgot_password(
    ClientId=CLIENT_ID, Username=EMAIL, ConfirmationCode=last_code(EMAIL), Password=RESET
)
assert "AuthenticationResult" in password_sign_in(EMAIL, RESET)

# Disable, enable, delete.
idp.admin_disable_user(UserPoolId=POOL_ID, Username=EMAIL)
assert error_code(password_sign_in, email=EMAIL, password=RESET) == (
    "NotAuthorizedException",
    "User is disabled.",
)
idp.admin_enable_user(UserPoolId=POOL_ID, Username=EMAIL)
assert "AuthenticationResult" in password_sign_in(EMAIL, RESET)
idp.admin_delete_user(UserPoolId=POOL_ID, Username=EMAIL)
assert error_code(idp.admin_get_user, UserPoolId=POOL_ID, Username=EMAIL)[0] == (
    "UserNotFoundException"
)

# The app client: describe, then update with PreventUserExistenceErrors
# turned off (LEGACY) the way AWS's docs suggest, keeping the rest.
app_client = idp.describe_user_pool_client(UserPoolId=POOL_ID, ClientId=CLIENT_ID)[
    "UserPoolClient"
]
assert app_client["PreventUserExistenceErrors"] == "ENABLED", app_client
assert isinstance(app_client["LastModifiedDate"], datetime.datetime), app_client
assert "ClientSecret" not in app_client, app_client
settings = {
    k: v for k, v in app_client.items() if k not in ("CreationDate", "LastModifiedDate")
}
settings["PreventUserExistenceErrors"] = "LEGACY"
updated = idp.update_user_pool_client(**settings)["UserPoolClient"]
assert updated["PreventUserExistenceErrors"] == "LEGACY", updated
assert updated["CallbackURLs"] == app_client["CallbackURLs"], updated
assert error_code(
    idp.forgot_password, ClientId=CLIENT_ID, Username="nobody@example.com"
) == ("UserNotFoundException", "Username/client id combination not found.")
settings["PreventUserExistenceErrors"] = "ENABLED"
idp.update_user_pool_client(**settings)
assert "CodeDeliveryDetails" in idp.forgot_password(
    ClientId=CLIENT_ID, Username="nobody@example.com"
)

# The same operation unsigned, as a browser would send it, is refused.
unsigned = boto3.client(
    "cognito-idp",
    region_name=REGION,
    endpoint_url=ENDPOINT,
    config=Config(signature_version=UNSIGNED),
)
assert error_code(unsigned.list_users, UserPoolId=POOL_ID) == (
    "MissingAuthenticationTokenException",
    "Missing Authentication Token",
)

print(f"boto3 {boto3.__version__} / botocore {botocore.__version__}: admin operations OK")
sys.exit(0)
