"""PreTokenGeneration trigger (V1_0 event, the basic feature plan): adds a
`tenant` claim — the user's e-mail domain — to the ID token.

Cognito sends `"response": {"claimsOverrideDetails": null}`; the handler
replaces it. Claims such as `sub`, `iss` and `token_use` cannot be changed:
Cognito ignores such entries.
"""


def lambda_handler(event, context):
    email = event['request']['userAttributes'].get('email', '')
    tenant = email.rsplit('@', 1)[-1]
    event['response']['claimsOverrideDetails'] = {
        'claimsToAddOrOverride': {'tenant': tenant},
    }
    return event
