// Rewrites the generated table of docs/clients.md "Compatibility matrix" from a run's results:
// `node matrix.mjs <results.txt> <docs/clients.md>`. A LIMIT line already carries its reason (compat/run.sh).
import fs from 'node:fs';

const [resultsFile, docFile] = process.argv.slice(2);
const BEGIN = '<!-- compat-matrix:begin (compat/run.sh --update-docs) -->';
const END = '<!-- compat-matrix:end -->';

const cell = (text) => text.replaceAll('|', '\\|');
const rows = fs
  .readFileSync(resultsFile, 'utf8')
  .split('\n')
  .filter((line) => /^(PASS|FAIL|LIMIT) /.test(line) && !line.includes(' compat/self-test '))
  .map((line) => {
    const [, verdict, library, flow, detail] = line.match(/^(\S+) (\S+) (.+?): (.*)$/);
    const [name, version] = library.split(/@(?=[^@]*$)/);
    const status = verdict === 'PASS' ? 'PASS' : `${verdict}: ${detail.replace(/ \(observed: .*\)$/, '')}`;
    return `| ${cell(name)} | ${version} | ${cell(flow)} | ${cell(status)} |`;
  });

const table = ['| library | version | flow | status |', '|---|---|---|---|', ...rows].join('\n');
const doc = fs.readFileSync(docFile, 'utf8');
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start) throw new Error(`${docFile} has no ${BEGIN} … ${END} block`);
fs.writeFileSync(docFile, `${doc.slice(0, start + BEGIN.length)}\n${table}\n${doc.slice(end)}`);
