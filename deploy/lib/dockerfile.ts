/** A Dockerfile parsed into stages: enough to check what each target runs and contains. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  /** The image or stage this one starts from, with global ARG defaults substituted. */
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full) logical.push(full);
  }

  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest };
    if (instruction.keyword === 'FROM') {
      const [, image = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      const from = image.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => args[arg] ?? '');
      stages.push({ name: name ?? String(stages.length), from, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [key = '', value = ''] = rest.split('=');
        args[key] = value;
      }
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** The stage and every stage it is built FROM, root first. */
export function stageChain(file: Dockerfile, target: string): Stage[] {
  const chain: Stage[] = [];
  let stage = file.stages.find((candidate) => candidate.name === target);
  while (stage) {
    chain.unshift(stage);
    const parent: string = stage.from;
    stage = file.stages.find((candidate) => candidate.name === parent);
  }
  return chain;
}

/** The image configuration a target ends with (later instructions win, as in a build). */
export function imageConfig(file: Dockerfile, target: string) {
  const chain = stageChain(file, target);
  const config = {
    baseImage: chain[0]?.from ?? '',
    env: {} as Record<string, string>,
    user: 'root',
    workdir: '/',
    entrypoint: [] as string[],
    cmd: [] as string[],
    expose: [] as number[],
    healthcheck: [] as string[],
    runs: [] as string[],
    copies: [] as string[],
  };
  for (const { keyword, args } of chain.flatMap((stage) => stage.instructions)) {
    if (keyword === 'ENV') {
      for (const match of args.matchAll(/(\w+)=("[^"]*"|\S+)/g))
        config.env[match[1]!] = match[2]!.replace(/^"|"$/g, '');
    } else if (keyword === 'USER') config.user = args;
    else if (keyword === 'WORKDIR') config.workdir = args;
    else if (keyword === 'ENTRYPOINT') config.entrypoint = JSON.parse(args);
    else if (keyword === 'CMD') config.cmd = JSON.parse(args);
    else if (keyword === 'EXPOSE')
      config.expose.push(...args.split(/\s+/).map((port) => Number.parseInt(port, 10)));
    else if (keyword === 'HEALTHCHECK') {
      const json = args.slice(args.indexOf('CMD') + 3).trim();
      config.healthcheck = JSON.parse(json);
    } else if (keyword === 'RUN') config.runs.push(args);
    else if (keyword === 'COPY') config.copies.push(args);
  }
  return config;
}
