/**
 * Reads the Dockerfile into stages of instructions, so the image build can be replayed (and its
 * promises checked) without a Docker engine. Covers the syntax our Dockerfile uses: comments, line
 * continuations, `--flag=value` options, exec (JSON) and shell forms, `ENV k=v ...`, `FROM x AS y`.
 * @see https://docs.docker.com/reference/dockerfile/
 */

export interface Instruction {
  keyword: string;
  /** Leading `--name=value` options (`--from`, `--chown`, `--interval`, ...). */
  flags: Record<string, string>;
  /** Everything after the options, continuations joined. */
  args: string;
  /** 1-based line the instruction starts on, for messages. */
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of logicalLines(text)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      const stageName = as?.toUpperCase() === 'AS' && name ? name : String(stages.length);
      stages.push({ name: stageName, image, instructions: [] });
    } else {
      const current = stages.at(-1);
      if (!current)
        throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} before FROM`);
      current.instructions.push(instruction);
    }
  }
  return stages;
}

function* logicalLines(text: string): Generator<Instruction> {
  const lines = text.split(/\r?\n/);
  let pending = '';
  let startLine = 0;
  for (const [index, raw] of lines.entries()) {
    const trimmed = raw.trim();
    // Comments (and parser directives) are dropped, also between continued lines, as Docker does.
    if (trimmed.startsWith('#') || (trimmed === '' && pending === '')) continue;
    if (pending === '') startLine = index + 1;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    const whole = (pending + trimmed).trim();
    pending = '';
    if (whole !== '') yield toInstruction(whole, startLine);
  }
  if (pending.trim() !== '') yield toInstruction(pending.trim(), startLine);
}

function toInstruction(whole: string, line: number): Instruction {
  const match = /^(\S+)\s*(.*)$/s.exec(whole);
  const keyword = (match?.[1] ?? '').toUpperCase();
  let rest = match?.[2] ?? '';
  const flags: Record<string, string> = {};
  for (let flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest); flag; flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
    flags[flag[1]!] = flag[2]!;
    rest = rest.slice(flag[0].length);
  }
  return { keyword, flags, args: rest.trim(), line };
}

/** The exec (JSON array) form of CMD/RUN/HEALTHCHECK CMD/VOLUME, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`not a JSON array of strings: ${args}`);
  }
  return parsed;
}

/** `ENV a=1 b="two words"` or the legacy `ENV a 1`. */
export function envPairs(args: string): Array<[string, string]> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [name = '', ...value] = args.split(/\s+/);
    return [[name, value.join(' ')]];
  }
  const pairs: Array<[string, string]> = [];
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("((?:[^"\\]|\\.)*)"|\S*)/g)) {
    pairs.push([match[1]!, match[3] ?? match[2]!]);
  }
  return pairs;
}

/** The command a stage's HEALTHCHECK runs (`HEALTHCHECK [options] CMD ...`). */
export function healthcheckCommand(instruction: Instruction): string[] {
  const command = /^CMD\s+(.*)$/is.exec(instruction.args)?.[1];
  if (!command) throw new Error(`Dockerfile line ${instruction.line}: HEALTHCHECK without CMD`);
  return execForm(command) ?? ['/bin/sh', '-c', command];
}

export function lastInstruction(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** The environment a stage's ENV lines set, in order (later lines win). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ENV')
      for (const [name, value] of envPairs(instruction.args)) env[name] = value;
  }
  return env;
}

/** The earlier stage a `FROM <stage>` line builds on, or undefined when it starts from an image. */
export function parentStage(stages: Stage[], stage: Stage): Stage | undefined {
  const index = stages.indexOf(stage);
  return stages.slice(0, index).find((earlier) => earlier.name === stage.image);
}

/**
 * A stage as `docker run` sees it: one built `FROM` an earlier stage inherits that stage's ENV,
 * WORKDIR, USER, CMD and HEALTHCHECK, so its instructions are the ancestors' followed by its own.
 */
export function effectiveStage(stages: Stage[], stage: Stage): Stage {
  const parent = parentStage(stages, stage);
  if (!parent) return stage;
  const inherited = effectiveStage(stages, parent);
  return {
    name: stage.name,
    image: inherited.image,
    instructions: [...inherited.instructions, ...stage.instructions],
  };
}

export function stageNamed(stages: Stage[], name: string): Stage {
  const found = stages.find((stage) => stage.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage named ${name}`);
  return found;
}
