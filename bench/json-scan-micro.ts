/**
 * Micro-benchmark of the check every verbatim Graph answer gets before it is written inside the
 * service's envelope (src/graph/json-text.ts): the full JSON scan against what it replaced (a
 * look at the first and last byte) and against the alternative (JSON.parse). Best of 5 runs.
 *
 *   node --conditions=source --import tsx bench/json-scan-micro.ts
 */
import { isJsonObjectText } from '../src/graph/json-text.js';

const user = {
  id: 'a1d5e3f0-0002-4a1e-9000-00000000a002',
  businessPhones: ['+1 425 555 0109'],
  displayName: "Oscar O'Brien",
  givenName: 'Oscar',
  jobTitle: 'Engineer',
  mail: "o'brien@contoso.onmicrosoft.com",
  mobilePhone: null,
  officeLocation: '18/2111',
  preferredLanguage: 'en-US',
  surname: "O'Brien",
  userPrincipalName: "o'brien@contoso.onmicrosoft.com",
};
const page = (n: number) => ({
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName)',
  value: Array.from({ length: n }, (_, i) => ({
    id: `a1d5e3f0-0002-4a1e-9000-${String(i).padStart(12, '0')}`,
    displayName: `User ${i} Ñame`,
    mail: `user${i}@contoso.onmicrosoft.com`,
    userPrincipalName: `user${i}@contoso.onmicrosoft.com`,
  })),
  '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$skiptoken=RFNwdAIAAQAAACpVc2VyXzE',
});
const cases = [
  [
    'read-user answer',
    { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', ...user },
  ],
  ['query page, 100 users', page(100)],
  ['query page, 999 users', page(999)],
] as const;
function time(fn: () => unknown, n: number): number {
  for (let i = 0; i < n / 5; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  return best;
}
for (const [name, value] of cases) {
  const text = JSON.stringify(value);
  const buf = Buffer.from(text);
  const n = Math.max(200, Math.floor(20_000_000 / buf.length / 10));
  const before = time(() => buf[0] === 0x7b && buf[buf.length - 1] === 0x7d, n);
  const scan = time(() => isJsonObjectText([buf]), n);
  const parse = time(() => JSON.parse(buf.toString('utf8')), n);
  console.log(
    `${name} (${buf.length} B): first/last byte ${before.toFixed(2)} µs | scan ${scan.toFixed(2)} µs | JSON.parse ${parse.toFixed(2)} µs`,
  );
}
