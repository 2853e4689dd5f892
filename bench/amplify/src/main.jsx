// AWS Amplify UI's <Authenticator> configured like our app's
// public/config.json: the local emulator's user pool and app client, e-mail
// sign-in, TOTP, a Google provider, the same password policy and sign-up
// attributes. `cargo xtask bench` loads it cold beside our app.
//
// The addresses are those of the local set-up (emulator 127.0.0.1:9229, app
// 127.0.0.1:8080), as in public/config.json; the benchmark's server rewrites
// both to the ports of its run, in this app's files and in ours alike.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'ap-northeast-1_Local',
      userPoolClientId: 'localclient',
      // Amplify v6 posts the user pool API here instead of
      // https://cognito-idp.<region>.amazonaws.com/.
      userPoolEndpoint: 'http://127.0.0.1:9229/',
      loginWith: {
        email: true,
        oauth: {
          // Amplify builds https://<domain>/oauth2/authorize, so the domain
          // is a host without a scheme (the emulator speaks plain http: the
          // Google button is rendered, not followed, by the benchmark).
          domain: '127.0.0.1:9229',
          scopes: ['openid', 'email', 'profile'],
          redirectSignIn: ['http://127.0.0.1:8080/'],
          redirectSignOut: ['http://127.0.0.1:8080/'],
          responseType: 'code',
          providers: ['Google'],
        },
      },
      signUpVerificationMethod: 'code',
      userAttributes: {
        email: { required: true },
        name: { required: true },
      },
      mfa: { status: 'optional', totpEnabled: true, smsEnabled: false },
      passwordFormat: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSpecialCharacters: true,
      },
    },
  },
});

function SignedIn({ user, signOut }) {
  return (
    <main>
      <p>Signed in as {user?.signInDetails?.loginId ?? user?.username}</p>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Authenticator>{({ user, signOut }) => <SignedIn user={user} signOut={signOut} />}</Authenticator>
  </StrictMode>,
);
