"""PreSignUp trigger from the Cognito guide's Lambda trigger section: only @example.com
addresses may sign up, and they are confirmed and verified at once.

Runs unchanged on AWS Lambda, under `sam local start-lambda`, and under
`invoke_server.py` (see README.md).
"""


def lambda_handler(event, context):
    # ドメイン制限 (only this domain may sign up)
    email = event['request']['userAttributes']['email']
    if not email.endswith('@example.com'):
        # Cognito answers SignUp with UserLambdaValidationException
        # "PreSignUp failed with error Only @example.com emails allowed."
        raise Exception('Only @example.com emails allowed')

    # 自動確認（メール確認スキップ） (no confirmation code needed)
    event['response']['autoConfirmUser'] = True
    event['response']['autoVerifyEmail'] = True

    return event
