// The only way out for the client libraries under test (HTTPS_PROXY/HTTP_PROXY, and the metadata-server host).
// CONNECT to a host of the universe domain is tunnelled to Tollgate's TLS port; every other request is refused
// and written to the record file, one line each, so that run.sh fails the check that made it.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';

const [port, tollgatePort, universeDomain, recordFile] = process.argv.slice(2);
const record = (what) => fs.appendFileSync(recordFile, `${what}\n`);

function isUniverseHost(host) {
  const name = host.toLowerCase();
  return name === universeDomain || name.endsWith(`.${universeDomain}`);
}

const proxy = http.createServer((request, response) => {
  // An absolute URL is a proxied plain-HTTP request; anything else came straight here, as a metadata-server probe.
  const origin = `http://${request.headers.host}`;
  const what = request.url.startsWith('http') ? request.url : `metadata server ${origin}${request.url}`;
  record(`${request.method} ${what}`);
  response.writeHead(403, { 'Content-Type': 'text/plain', Connection: 'close' });
  response.end('refused by the compatibility suite: nothing may leave the machine\n');
});

proxy.on('connect', (request, client, head) => {
  const [host, targetPort] = request.url.split(':');
  if (!isUniverseHost(host) || (targetPort ?? '443') !== '443') {
    record(`CONNECT ${request.url}`);
    client.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    return;
  }
  const upstream = net.connect(Number(tollgatePort), '127.0.0.1', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});

proxy.listen(Number(port), '127.0.0.1');
