// Module resolve hook for the tracing-off test: appends every resolved URL that belongs to an
// OpenTelemetry package to the file named by MODULE_LOAD_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('@opentelemetry')) appendFileSync(process.env.MODULE_LOAD_LOG, `${result.url}\n`);
  return result;
}
