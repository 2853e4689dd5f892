"""The AWS CLI v1 against the local Cognito emulator: the admin smoke test
of the README (`aws cognito-idp --endpoint-url ... admin-create-user`, ...),
signed with dummy credentials, the same call unsigned refused, and
update-user-pool / describe-user-pool with their reset rule.

Run by crates/cognito-emulator/tests/clients.rs with COGNITO_ENDPOINT,
COGNITO_POOL_ID and COGNITO_CLIENT_ID set, and AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY = local. The CLI runs as `python3 -m awscli`, which is
what the `aws` command of awscli v1 starts.
"""

import datetime
import json
import os
import subprocess
import sys

ENDPOINT = os.environ["COGNITO_ENDPOINT"]
POOL_ID = os.environ["COGNITO_POOL_ID"]
CLIENT_ID = os.environ["COGNITO_CLIENT_ID"]
REGION = POOL_ID.split("_")[0]
EMAIL = "cli-user@example.com"
PASSWORD = "Cli-User-Passw0rd!"


def aws(*args, expect_failure=False):
    command = [
        sys.executable, "-m", "awscli", "cognito-idp", *args,
        "--endpoint-url", ENDPOINT, "--region", REGION, "--output", "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if expect_failure:
        assert done.returncode != 0, f"{args} should have failed: {done.stdout}"
        return done.stderr
    assert done.returncode == 0, f"aws {' '.join(args)} failed:\n{done.stderr}"
    return json.loads(done.stdout) if done.stdout.strip() else {}


created = aws(
    "admin-create-user",
    "--user-pool-id", POOL_ID,
    "--username", EMAIL,
    "--temporary-password", "Temporary-Passw0rd!",
    "--message-action", "SUPPRESS",
    "--user-attributes", "Name=email_verified,Value=true", "Name=name,Value=CLI User",
)["User"]
assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD", created
# CLI v1 prints timestamps as received (cli_timestamp_format "none"): the
# epoch-seconds number, as in the CLI's own admin-create-user example.
assert isinstance(created["UserCreateDate"], float), created
assert abs(created["UserCreateDate"] - datetime.datetime.now().timestamp()) < 3600, created

got = aws("admin-get-user", "--user-pool-id", POOL_ID, "--username", EMAIL)
assert got["Username"] == created["Username"], got
listed = aws("list-users", "--user-pool-id", POOL_ID, "--filter", f'email = "{EMAIL}"')
assert [u["Username"] for u in listed["Users"]] == [created["Username"]], listed

aws(
    "admin-set-user-password",
    "--user-pool-id", POOL_ID, "--username", EMAIL,
    "--password", PASSWORD, "--permanent",
)
signed_in = aws(
    "initiate-auth",
    "--auth-flow", "USER_PASSWORD_AUTH",
    "--client-id", CLIENT_ID,
    "--auth-parameters", json.dumps({"USERNAME": EMAIL, "PASSWORD": PASSWORD}),
)
assert "IdToken" in signed_in["AuthenticationResult"], signed_in

aws("create-group", "--user-pool-id", POOL_ID, "--group-name", "cli-group", "--precedence", "7")
aws("admin-add-user-to-group", "--user-pool-id", POOL_ID, "--username", EMAIL,
    "--group-name", "cli-group")
groups = aws("admin-list-groups-for-user", "--user-pool-id", POOL_ID, "--username", EMAIL)
assert [g["GroupName"] for g in groups["Groups"]] == ["cli-group"], groups

aws("admin-disable-user", "--user-pool-id", POOL_ID, "--username", EMAIL)
assert aws("admin-get-user", "--user-pool-id", POOL_ID, "--username", EMAIL)["Enabled"] is False
aws("admin-enable-user", "--user-pool-id", POOL_ID, "--username", EMAIL)
aws("admin-delete-user", "--user-pool-id", POOL_ID, "--username", EMAIL)
error = aws("admin-get-user", "--user-pool-id", POOL_ID, "--username", EMAIL,
            expect_failure=True)
assert "UserNotFoundException" in error, error

error = aws("list-users", "--user-pool-id", POOL_ID, "--no-sign-request", expect_failure=True)
assert "MissingAuthenticationTokenException" in error, error

# The Cognito guide's update-user-pool, with the README's warning heeded:
# settings not given are reset, so a second call with only --lambda-config
# puts MFA off and the password policy back to Cognito's default. (The
# triggers are plain URLs: this emulator has no --lambda-endpoint.)
aws(
    "update-user-pool", "--user-pool-id", POOL_ID,
    "--mfa-configuration", "OPTIONAL",
    "--policies", json.dumps({"PasswordPolicy": {
        "MinimumLength": 12, "RequireUppercase": True, "RequireLowercase": True,
        "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 7}}),
    "--lambda-config", json.dumps({
        "PreSignUp": "http://127.0.0.1:9/pre-sign-up",
        "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": "http://127.0.0.1:9/tokens"},
    }),
)
pool = aws("describe-user-pool", "--user-pool-id", POOL_ID)["UserPool"]
assert pool["MfaConfiguration"] == "OPTIONAL", pool
assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12, pool
assert pool["LambdaConfig"] == {
    "PreSignUp": "http://127.0.0.1:9/pre-sign-up",
    "PreTokenGeneration": "http://127.0.0.1:9/tokens",
    "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": "http://127.0.0.1:9/tokens"},
}, pool
aws("update-user-pool", "--user-pool-id", POOL_ID,
    "--lambda-config", json.dumps({"PostConfirmation": "http://127.0.0.1:9/post"}))
pool = aws("describe-user-pool", "--user-pool-id", POOL_ID)["UserPool"]
assert pool["MfaConfiguration"] == "OFF", pool
assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8, pool
assert pool["LambdaConfig"] == {"PostConfirmation": "http://127.0.0.1:9/post"}, pool

print("aws-cli v1: admin smoke test OK")
