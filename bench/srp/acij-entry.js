// esbuild entry: amazon-cognito-identity-js's SRP pieces as one browser
// global (`window.acij`), exactly the modules CognitoUser uses for
// USER_SRP_AUTH (AuthenticationHelper, its jsbn BigInteger, @aws-crypto's
// SHA-256 HMAC for the claim signature, and the `buffer` polyfill).
import { AuthenticationHelper } from 'amazon-cognito-identity-js';
import BigInteger from 'amazon-cognito-identity-js/es/BigInteger';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Buffer } from 'buffer';

window.acij = { AuthenticationHelper, BigInteger, Sha256, Buffer };
