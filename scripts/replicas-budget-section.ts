/**
 * Where `npm run bench:replicas` writes in bench/RESULTS.md: only the text between its markers is
 * replaced (or appended when absent), and `npm run bench`, which rewrites the file, keeps it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const REPLICAS_BEGIN =
  '<!-- replicas-budget:begin (written by npm run bench:replicas; do not edit by hand) -->';
export const REPLICAS_END = '<!-- replicas-budget:end -->';

/** The section as it stands in `text`, markers included, or ''. */
export function replicasSectionOf(text: string): string {
  const begin = text.indexOf(REPLICAS_BEGIN);
  const end = text.indexOf(REPLICAS_END);
  return begin >= 0 && end > begin ? text.slice(begin, end + REPLICAS_END.length) : '';
}

/** Replaces the section in `file` (or appends it), leaving everything else as it was. */
export function writeReplicasSection(file: string, section: string): void {
  const block = `${REPLICAS_BEGIN}\n${section}\n${REPLICAS_END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = replicasSectionOf(current);
  const next = kept ? current.replace(kept, block) : `${current.trimEnd()}${current ? '\n\n' : ''}${block}\n`;
  writeFileSync(file, next);
}
