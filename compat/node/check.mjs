// One compatibility check: `node check.mjs <package> <flow>`. Prints what it obtained and exits 0, or prints the
// library's error and exits 1. The user-side code of each flow is what docs/clients.md shows.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [packageName, flow] = process.argv.slice(2);
const fixtures =
  packageName === '--list' ? {} : JSON.parse(fs.readFileSync(`${process.env.COMPAT_OUT}/fixtures.json`, 'utf8'));
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

function expectTollgateToken(jwt, expected = {}) {
  const payload = claims(jwt);
  if (payload.iss !== fixtures.issuer) throw new Error(`token issued by ${payload.iss}, not ${fixtures.issuer}`);
  for (const [claim, value] of Object.entries(expected)) {
    if (payload[claim] !== value) throw new Error(`token ${claim}=${payload[claim]}, expected ${value}`);
  }
  return `${expected.aud ? 'aud' : 'sub'}=${expected.aud ?? payload.sub}`;
}

async function adcAccessToken(library, file, expected) {
  process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
  const auth = new library.GoogleAuth({ scopes: [SCOPE] });
  const client = await auth.getClient();
  const { token } = await client.getAccessToken();
  return expectTollgateToken(token, expected);
}

const googleAuthFlows = {
  'key-file-access-token': (library) =>
    adcAccessToken(library, fixtures.files.keyFile, { email: fixtures.callerEmail }),
  'key-file-id-token': async (library) => {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = fixtures.files.keyFile;
    const client = await new library.GoogleAuth().getIdTokenClient(fixtures.idTokenAudience);
    const idToken = await client.idTokenProvider.fetchIdToken(fixtures.idTokenAudience);
    return expectTollgateToken(idToken, { aud: fixtures.idTokenAudience });
  },
  'key-file-request': async (library) => {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = fixtures.files.keyFile;
    const client = await new library.GoogleAuth({ scopes: [SCOPE] }).getClient();
    const url = `https://cloudresourcemanager.${client.universeDomain}/v1/projects/${fixtures.projectNumber}`;
    const { data } = await client.request({ url });
    if (data.projectId !== fixtures.projectId) throw new Error(`${url} answered ${JSON.stringify(data)}`);
    return `GET ${url} → projectId=${data.projectId}`;
  },
  'key-file-id-token-generate': async (library) => {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = fixtures.files.keyFile;
    const client = await new library.GoogleAuth({ scopes: [SCOPE] }).getClient();
    const account = `projects/-/serviceAccounts/${fixtures.targetEmail}`;
    const url = `https://iamcredentials.${client.universeDomain}/v1/${account}:generateIdToken`;
    const { data } = await client.request({ url, method: 'POST', data: { audience: fixtures.idTokenAudience } });
    return expectTollgateToken(data.token, { aud: fixtures.idTokenAudience });
  },
  'adc-external-file': (library) => adcAccessToken(library, fixtures.files.fileSourced),
  'adc-external-url': (library) => adcAccessToken(library, fixtures.files.urlSourced),
  'adc-external-file-impersonated': (library) =>
    adcAccessToken(library, fixtures.files.fileSourcedImpersonated, { email: fixtures.targetEmail }),
  'adc-external-url-impersonated': (library) =>
    adcAccessToken(library, fixtures.files.urlSourcedImpersonated, { email: fixtures.targetEmail }),
  'adc-external-project-id': async (library) => {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = fixtures.files.fileSourced;
    const projectId = await new library.GoogleAuth({ scopes: [SCOPE] }).getProjectId();
    if (![fixtures.projectId, fixtures.projectNumber].includes(projectId)) throw new Error(`project id ${projectId}`);
    return `projectId=${projectId}`;
  },
  'adc-impersonated': (library) =>
    adcAccessToken(library, fixtures.files.impersonated, { email: fixtures.targetEmail }),
  'verify-id-token-x509': async (library) => {
    const client = new library.OAuth2Client({
      endpoints: { oauth2FederatedSignonPemCertsUrl: `${fixtures.issuer}/oauth2/v1/certs` },
      issuers: [fixtures.issuer],
    });
    const ticket = await client.verifyIdToken({ idToken: fixtures.idToken, audience: fixtures.idTokenAudience });
    return `verified, email=${ticket.getPayload().email}`;
  },
};

async function joseVerify(token, options) {
  const { createRemoteJWKSet, jwtVerify } = await import('jose');
  const discovery = await (await fetch(`${fixtures.issuer}/.well-known/openid-configuration`)).json();
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: discovery.issuer, ...options });
  return `verified ${protectedHeader.alg} kid=${protectedHeader.kid.slice(0, 8)}… sub=${payload.sub}`;
}

const flows = {
  'google-auth-library-v11': googleAuthFlows,
  'google-auth-library-v10': googleAuthFlows,
  'google-auth-library-v9': googleAuthFlows,
  jose: {
    'verify-access-token-jwks': () => joseVerify(fixtures.accessToken, { audience: fixtures.issuer, typ: 'at+jwt' }),
    'verify-id-token-jwks': () => joseVerify(fixtures.idToken, { audience: fixtures.idTokenAudience }),
  },
  'openid-client': {
    'client-credentials-discovery': async () => {
      const client = await import('openid-client');
      const config = await client.discovery(new URL(fixtures.issuer), fixtures.callerEmail, fixtures.apiKey);
      const tokens = await client.clientCredentialsGrant(config, { scope: SCOPE });
      return expectTollgateToken(tokens.access_token, { email: fixtures.callerEmail });
    },
  },
};

// Not listed: run.sh's self-test proves that a fetch elsewhere fails the check.
const selfTest = { 'fetch-outside': () => fetch('https://example.com/') };

if (process.argv[2] === '--list') {
  for (const [name, packageFlows] of Object.entries(flows)) {
    const manifest = new URL(`node_modules/${name}/package.json`, import.meta.url);
    const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    for (const flowName of Object.keys(packageFlows)) console.log(`${name} ${version} ${flowName}`);
  }
  process.exit(0);
}

// Node's built-in fetch (jose, openid-client) ignores HTTPS_PROXY: guard it the same way the proxy guards the rest.
const directFetch = globalThis.fetch;
globalThis.fetch = (resource, options) => {
  const url = new URL(resource instanceof Request ? resource.url : resource);
  if (!['localhost', '127.0.0.1'].includes(url.hostname)) {
    fs.appendFileSync(process.env.COMPAT_RECORD, `fetch ${url.origin}\n`);
    return Promise.reject(new Error(`refused by the compatibility suite: ${url.origin}`));
  }
  return directFetch(resource, options);
};

try {
  const library = packageName.startsWith('google-auth-library') ? require(packageName) : undefined;
  console.log(await (packageName === 'self-test' ? selfTest : flows[packageName])[flow](library));
  process.exit(0);
} catch (error) {
  const message = String(error?.message ?? error).split('\n').find((line) => line.trim()) ?? '';
  console.log(`${error?.name ?? 'Error'}: ${message || error?.code || 'no message'}`);
  process.exit(1);
}
