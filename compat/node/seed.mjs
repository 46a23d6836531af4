// Creates what the checks use, through Tollgate's HTTP API with the bootstrap admin key (README "Quick start"):
// a team and project, a key-file account and an impersonation target, an OIDC pool and provider for the local
// issuer, and the credential files a user would download. Writes them under the output directory.
import fs from 'node:fs';
import path from 'node:path';

const [base, adminKeyFile, issuerPort, out] = process.argv.slice(2);
const adminKey = fs.readFileSync(adminKeyFile, 'utf8').trim();
const team = 'compat-team';
const poolPath = '/v1/projects/compat-project/locations/global/workloadIdentityPools';

async function call(method, urlPath, body, key = adminKey) {
  const response = await fetch(base + urlPath, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${urlPath} → ${response.status} ${text}`);
  return JSON.parse(text);
}

function write(name, content) {
  const file = path.join(out, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
  return file;
}

async function credentialConfig(source, serviceAccount) {
  const query = new URLSearchParams({ credentialSource: source });
  if (serviceAccount) query.set('serviceAccount', serviceAccount);
  return call('GET', `${poolPath}/compat-pool/providers/compat-oidc:credentialConfig?${query}`);
}

await call('POST', '/v1/teams', { teamId: team, parent: 'organizations/default', displayName: 'Compat' });
const project = await call('POST', '/v1/projects', { projectId: 'compat-project', parent: `teams/${team}` });
const caller = await call('POST', `/v1/teams/${team}/serviceAccounts`, { accountId: 'compat-caller' });
const target = await call('POST', `/v1/teams/${team}/serviceAccounts`, { accountId: 'compat-target' });
const accountPath = (account) => `/v1/teams/${team}/serviceAccounts/${account.email}`;
const key = await call('POST', `${accountPath(caller)}/keys`, {});
const apiKey = await call('POST', `${accountPath(caller)}/apiKeys`, { displayName: 'compat' });

await call('POST', `${poolPath}?workloadIdentityPoolId=compat-pool`, { displayName: 'compat' });
await call('POST', `${poolPath}/compat-pool/providers?workloadIdentityPoolProviderId=compat-oidc`, {
  attributeMapping: { 'google.subject': 'assertion.sub' },
  oidc: { issuerUri: `http://127.0.0.1:${issuerPort}`, allowedAudiences: ['compat'] },
});
const tokenFile = path.join(out, 'subject-token.jwt');
const fileSourced = await credentialConfig(`file:${tokenFile}`);
const providerName = fileSourced.audience.replace(/^\/\//, '');
const poolPrincipals = `principalSet://${providerName.replace(/\/providers\/.*$/, '')}/*`;
await call('POST', `${accountPath(target)}:setIamPolicy`, {
  policy: {
    bindings: [
      { role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${caller.email}`] },
      { role: 'roles/iam.workloadIdentityUser', members: [poolPrincipals] },
    ],
  },
});

const keyFileJson = JSON.parse(Buffer.from(key.privateKeyData, 'base64').toString('utf8'));
const issuer = keyFileJson.token_uri.replace(/\/oauth2\/token$/, '');
const files = {
  keyFile: write('key-file.json', keyFileJson),
  fileSourced: write('external-file.json', fileSourced),
  urlSourced: write('external-url.json', await credentialConfig(`url:http://127.0.0.1:${issuerPort}/token`)),
  fileSourcedImpersonated: write(
    'external-file-impersonated.json',
    await credentialConfig(`file:${tokenFile}`, target.email),
  ),
  urlSourcedImpersonated: write(
    'external-url-impersonated.json',
    await credentialConfig(`url:http://127.0.0.1:${issuerPort}/token`, target.email),
  ),
  // The file `gcloud auth application-default login --impersonate-service-account` writes, with a key file as source.
  impersonated: write('impersonated.json', {
    type: 'impersonated_service_account',
    service_account_impersonation_url: `${issuer}/v1/projects/-/serviceAccounts/${target.email}:generateAccessToken`,
    source_credentials: keyFileJson,
    delegates: [],
  }),
};
// Tokens for the verification checks, minted the plain HTTP way (README "Quick start", docs/api.md).
const tokenAnswer = await fetch(`${base}/oauth2/token`, {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: caller.email,
    client_secret: apiKey.keyString,
  }),
});
const idTokenAudience = 'https://compat.example/api';
const idToken = await call('POST', `/v1/projects/-/serviceAccounts/${target.email}:generateIdToken`, {
  audience: idTokenAudience,
  includeEmail: true,
});
write('fixtures.json', {
  issuer,
  universeDomain: keyFileJson.universe_domain,
  projectId: project.projectId,
  projectNumber: project.projectNumber,
  callerEmail: caller.email,
  targetEmail: target.email,
  apiKey: apiKey.keyString,
  idTokenAudience,
  accessToken: (await tokenAnswer.json()).access_token,
  idToken: idToken.token,
  files,
});
