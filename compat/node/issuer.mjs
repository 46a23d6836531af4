// A local OIDC identity provider for the federation flows: discovery, JWKS, and a fresh RS256 subject token at
// /token (the URL-sourced credential) and in a file (the file-sourced credential).
import http from 'node:http';
import fs from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

const [port, tokenFile] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const kid = 'compat-issuer-1';
const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };

function subjectToken() {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject('compat-workload')
    .setAudience('compat')
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(privateKey);
}

function send(response, contentType, body) {
  response.writeHead(200, { 'Content-Type': contentType });
  response.end(body);
}

fs.writeFileSync(tokenFile, await subjectToken());
http
  .createServer(async (request, response) => {
    if (request.url === '/.well-known/openid-configuration') {
      send(response, 'application/json', JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (request.url === '/jwks') {
      send(response, 'application/json', JSON.stringify(jwks));
    } else if (request.url === '/token') {
      send(response, 'text/plain', await subjectToken());
    } else {
      response.writeHead(404).end();
    }
  })
  .listen(Number(port), '127.0.0.1');
