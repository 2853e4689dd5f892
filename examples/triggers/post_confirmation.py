"""PostConfirmation trigger from the Cognito guide's Lambda trigger section: stores the
new user. The guide writes to a DynamoDB table `Users`; locally, a JSON file
stands in for it (the path in USERS_FILE, default users.json in the current
directory), holding the same items: {"userId": ..., "email": ...}.

On AWS, replace `put_item` below with the guide's

    table = boto3.resource('dynamodb').Table('Users')
    table.put_item(Item={'userId': user_id, 'email': email})
"""

import json
import os
import tempfile


def put_item(item):
    """Adds (or replaces, by userId) an item in the JSON "table"."""
    path = os.environ.get('USERS_FILE', 'users.json')
    try:
        with open(path, encoding='utf-8') as f:
            items = json.load(f)
    except FileNotFoundError:
        items = []
    items = [i for i in items if i.get('userId') != item['userId']] + [item]
    # Write a new file and rename it over the old one: a crash leaves the
    # old file or the new one, never half of one.
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.users-', suffix='.json')
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        json.dump(items, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def lambda_handler(event, context):
    # DynamoDBにユーザー情報保存 (store the user)
    user_id = event['userName']
    email = event['request']['userAttributes']['email']

    put_item({'userId': user_id, 'email': email})

    return event
