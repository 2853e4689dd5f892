"""Signs up with boto3 and signs in with pycognito (SRP), unchanged, in the
emulator's pool that signs in by phone number and in its username pool with
aliases.

Run by crates/cognito-emulator/tests/independent_clients.rs, which starts the
emulator with the seed configuration and passes:

  COGNITO_ENDPOINT   http://127.0.0.1:PORT (no trailing slash)
  PHONE_POOL_ID, PHONE_CLIENT_ID        UsernameAttributes = [phone_number]
  USERNAME_POOL_ID, USERNAME_CLIENT_ID  a username pool with an e-mail alias
  PASSWORD           meets the pools' password policy

The confirmation codes are read from the emulator's mailbox
(GET /_local/messages?to=...), where the "SMS" to a phone number arrives
too. Each step prints one `ok:` line; any surprise raises.
"""

import json
import os
import urllib.parse
import urllib.request

import boto3
from pycognito import Cognito

ENDPOINT = os.environ["COGNITO_ENDPOINT"]
PASSWORD = os.environ["PASSWORD"]
PHONE = "+819012345678"


def idp():
    return boto3.client("cognito-idp", endpoint_url=ENDPOINT, region_name="ap-northeast-1")


def newest_code(to):
    # quote() encodes the phone number's "+" as %2B.
    url = f"{ENDPOINT}/_local/messages?to={urllib.parse.quote(to, safe='')}"
    with urllib.request.urlopen(url) as response:
        messages = json.load(response)
    assert messages, f"no message to {to}"
    return messages[-1]["code"]


def sign_up_and_confirm(client_id, username, attributes, code_to, medium):
    answer = idp().sign_up(
        ClientId=client_id, Username=username, Password=PASSWORD, UserAttributes=attributes
    )
    assert answer["UserConfirmed"] is False, answer
    details = answer["CodeDeliveryDetails"]
    assert details["DeliveryMedium"] == medium, details
    idp().confirm_sign_up(
        ClientId=client_id, Username=username, ConfirmationCode=newest_code(code_to)
    )
    return answer["UserSub"]


def sign_in(pool_id, client_id, username):
    """pycognito's USER_SRP_AUTH; the tokens are verified with the JWKS."""
    user = Cognito(
        pool_id, client_id, username=username, boto3_client_kwargs={"endpoint_url": ENDPOINT}
    )
    user.authenticate(password=PASSWORD)
    assert user.id_claims["iss"] == f"{ENDPOINT}/{pool_id}", user.id_claims
    return user.id_claims


def main():
    phone_pool, phone_client = os.environ["PHONE_POOL_ID"], os.environ["PHONE_CLIENT_ID"]
    phone = PHONE
    sub = sign_up_and_confirm(phone_client, phone, [], phone, "SMS")
    print("ok: phone sign-up: the code came by SMS, to the mailbox")
    claims = sign_in(phone_pool, phone_client, phone)
    assert claims["cognito:username"] == sub, claims
    assert claims["phone_number"] == phone, claims
    assert claims["phone_number_verified"] is True, claims
    print("ok: phone sign-in: SRP as the UUID username")

    users_pool, users_client = os.environ["USERNAME_POOL_ID"], os.environ["USERNAME_CLIENT_ID"]
    username, email = "Hanako", "hanako@example.com"
    sign_up_and_confirm(
        users_client, username, [{"Name": "email", "Value": email}], email, "EMAIL"
    )
    print("ok: username sign-up: the code came by e-mail")
    for name in (username.lower(), email.upper()):
        claims = sign_in(users_pool, users_client, name)
        assert claims["cognito:username"] == username, (name, claims)
    print("ok: alias sign-in: SRP by username and by the verified e-mail alias")


if __name__ == "__main__":
    main()
