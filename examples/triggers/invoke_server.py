#!/usr/bin/env python3
"""A small AWS Lambda Invoke API for local development and tests.

Serves `POST /2015-03-31/functions/<name>/invocations` (Lambda API
Reference, "Invoke") by calling Python handlers in this process, so a
Cognito trigger written for Lambda runs unchanged against the local Cognito
emulator (`cognito-emulator --lambda-endpoint http://127.0.0.1:3001`).
Standard library only; no Docker, unlike `sam local start-lambda`.

    python3 invoke_server.py [--port 3001] [--code-dir DIR] [NAME=module.function ...]

Without NAME=... it serves the examples next to this file under the names
their ARNs use in README.md:

    PreSignUpFunction          = pre_sign_up.lambda_handler
    PostConfirmationFunction   = post_confirmation.lambda_handler
    PreTokenGenerationFunction = pre_token_generation.lambda_handler

What it answers, as Lambda does for a synchronous (RequestResponse) call:
* the handler's return value as JSON, 200 (`None` is `null`);
* a handler that raises: 200 with `X-Amz-Function-Error: Unhandled` and
  `{"errorMessage", "errorType", "requestId", "stackTrace"}`, the body the
  Python runtime sends; a value that is not JSON-serialisable is
  `Runtime.MarshalError` the same way;
* an unknown function: 404 with `x-amzn-ErrorType: ResourceNotFoundException`.

It binds 127.0.0.1 only and prints `listening on http://127.0.0.1:PORT` on
standard output once it serves (with --port 0 the system picks the port).
There is no timeout here: the emulator gives up after Cognito's 5 seconds.
"""

import argparse
import importlib
import json
import os
import re
import sys
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULT_FUNCTIONS = {
    'PreSignUpFunction': 'pre_sign_up.lambda_handler',
    'PostConfirmationFunction': 'post_confirmation.lambda_handler',
    'PreTokenGenerationFunction': 'pre_token_generation.lambda_handler',
}

PATH = re.compile(r'^/2015-03-31/functions/([^/?]+)/invocations(?:\?.*)?$')


class Context:
    """The parts of Lambda's context object handlers commonly read."""

    def __init__(self, name, request_id, timeout_seconds=5):
        self.function_name = name
        self.function_version = '$LATEST'
        self.invoked_function_arn = (
            'arn:aws:lambda:ap-northeast-1:123456789012:function:' + name
        )
        self.memory_limit_in_mb = '128'
        self.aws_request_id = request_id
        self.log_group_name = '/aws/lambda/' + name
        self.log_stream_name = 'local'
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def load(spec):
    """`module.function` -> the function, imported from --code-dir."""
    module_name, _, function_name = spec.rpartition('.')
    if not module_name:
        raise SystemExit(f'{spec!r}: give the handler as module.function')
    module = importlib.import_module(module_name)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise SystemExit(f'{spec!r}: {module_name} has no {function_name}')


def error_body(exc, request_id, error_type=None):
    # The handler's frames only, as Lambda shows them (not this server's).
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__)
        if os.path.abspath(f.filename) != os.path.abspath(__file__)
    ]
    return {
        'errorMessage': str(exc),
        'errorType': error_type or type(exc).__name__,
        'requestId': request_id,
        'stackTrace': traceback.format_list(frames),
    }


def make_handler(functions):
    class Invoke(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def send(self, status, body, headers=()):
            data = json.dumps(body, ensure_ascii=False).encode('utf-8')
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get('Content-Length') or 0)
            raw = self.rfile.read(length)
            match = PATH.match(self.path)
            if not match:
                self.send(404, {'message': 'Not Found'})
                return
            name = match.group(1)
            handler = functions.get(name)
            if handler is None:
                self.send(
                    404,
                    {'Type': 'User', 'Message': f'Function not found: {name}'},
                    [('x-amzn-ErrorType', 'ResourceNotFoundException')],
                )
                return
            try:
                event = json.loads(raw or b'{}')
            except ValueError as e:
                self.send(
                    400,
                    {'Type': 'User', 'message': f'Could not parse request body into json: {e}'},
                    [('x-amzn-ErrorType', 'InvalidRequestContentException')],
                )
                return
            request_id = str(uuid.uuid4())
            source = event.get('triggerSource', '') if isinstance(event, dict) else ''
            started = time.monotonic()
            failed = [('X-Amz-Function-Error', 'Unhandled')]
            try:
                result = handler(event, Context(name, request_id))
            except Exception as e:  # what the Lambda runtime reports
                self.log_message('%s %s: raised %s: %s', name, source, type(e).__name__, e)
                self.send(200, error_body(e, request_id), failed)
                return
            try:
                json.dumps(result)
            except (TypeError, ValueError) as e:
                body = error_body(e, request_id, 'Runtime.MarshalError')
                body['errorMessage'] = f'Unable to marshal response: {e}'
                self.send(200, body, failed)
                return
            took = int((time.monotonic() - started) * 1000)
            self.log_message('%s %s: answered in %d ms', name, source, took)
            self.send(200, result)

        def log_message(self, fmt, *args):
            sys.stderr.write('invoke_server: ' + (fmt % args) + '\n')

    return Invoke


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--port', type=int, default=3001, help='port on 127.0.0.1 (0: any free port)')
    parser.add_argument(
        '--code-dir', default=HERE, help='where the handler modules are (default: next to this file)'
    )
    parser.add_argument('functions', nargs='*', metavar='NAME=module.function')
    args = parser.parse_args(argv)

    sys.path.insert(0, os.path.abspath(args.code_dir))
    specs = dict(DEFAULT_FUNCTIONS)
    if args.functions:
        specs = {}
        for item in args.functions:
            name, sep, spec = item.partition('=')
            if not sep or not name or not spec:
                parser.error(f'{item!r}: give NAME=module.function')
            specs[name] = spec
    functions = {name: load(spec) for name, spec in specs.items()}

    server = ThreadingHTTPServer(('127.0.0.1', args.port), make_handler(functions))
    host, port = server.server_address[:2]
    for name, spec in specs.items():
        sys.stderr.write(f'invoke_server: {name} = {spec}\n')
    print(f'listening on http://{host}:{port}', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
