// Rewrites the generated table of docs/clients.md "Compatibility matrix" from a run's results:
// `node matrix.mjs <results.txt> <library-limits.tsv> <docs/clients.md>`.
import fs from 'node:fs';

const [resultsFile, limitsFile, docFile] = process.argv.slice(2);
const BEGIN = '<!-- compat-matrix:begin (compat/run.sh --update-docs) -->';
const END = '<!-- compat-matrix:end -->';

const limits = fs
  .readFileSync(limitsFile, 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t'));

function limitReason(library, detail) {
  const limit = limits.find(([prefix, , needle]) => library.startsWith(prefix) && detail.includes(needle));
  return limit ? limit[3] : detail;
}

const cell = (text) => text.replaceAll('|', '\\|');
const rows = fs
  .readFileSync(resultsFile, 'utf8')
  .split('\n')
  .filter((line) => /^(PASS|FAIL|LIMIT) /.test(line))
  .map((line) => {
    const [, verdict, library, flow, detail] = line.match(/^(\S+) (\S+) (.+?): (.*)$/);
    const [name, version] = library.split(/@(?=[^@]*$)/);
    const status = { PASS: 'PASS', FAIL: `FAIL: ${detail}`, LIMIT: `LIMIT: ${limitReason(library, detail)}` }[verdict];
    return `| ${cell(name)} | ${version} | ${cell(flow)} | ${cell(status)} |`;
  });

const table = ['| library | version | flow | status |', '|---|---|---|---|', ...rows].join('\n');
const doc = fs.readFileSync(docFile, 'utf8');
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start) throw new Error(`${docFile} has no ${BEGIN} … ${END} block`);
fs.writeFileSync(docFile, `${doc.slice(0, start + BEGIN.length)}\n${table}\n${doc.slice(end)}`);
