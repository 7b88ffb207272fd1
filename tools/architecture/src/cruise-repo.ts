import { existsSync } from 'node:fs';
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser';
import { boundaryRules } from './boundary-rules.js';

/** Top-level directories that hold code: the workspaces and the root's deploy tests and scripts. */
export const CODE_DIRECTORIES = ['apps', 'packages', 'tools', 'e2e', 'bench', 'deploy', 'scripts'];

export interface BoundaryViolation {
  rule: string;
  from: string;
  to: string;
}

export interface RepoCruise {
  violations: BoundaryViolation[];
  modules: IModule[];
}

/**
 * Runs dependency-cruiser with the boundary rules over the code under `baseDir` (the repository,
 * or a planted copy of its layout in a test). Resolves imports as TypeScript with the bundler
 * resolution does: `.js` specifiers name `.ts` files, workspace packages through their `exports`.
 */
export async function cruiseRepo(baseDir: string): Promise<RepoCruise> {
  const previous = process.cwd();
  // dependency-cruiser resolves the start paths against the working directory.
  process.chdir(baseDir);
  try {
    const { output } = await cruise(
      CODE_DIRECTORIES.filter((dir) => existsSync(`${baseDir}/${dir}`)),
      {
        baseDir,
        validate: true,
        ruleSet: { forbidden: boundaryRules },
        tsPreCompilationDeps: true,
        exclude: { path: '(^|/)(node_modules|dist|data|test-results|tmp)/' },
        doNotFollow: { path: 'node_modules' },
      },
      {
        extensionAlias: { '.js': ['.ts', '.js'] },
        extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
        conditionNames: ['import', 'node', 'default'],
        exportsFields: ['exports'],
        mainFields: ['module', 'main'],
      } as never,
    );
    const result = output as ICruiseResult;
    return {
      violations: result.summary.violations.map((violation) => ({
        rule: violation.rule.name,
        from: violation.from,
        to: violation.to,
      })),
      modules: result.modules,
    };
  } finally {
    process.chdir(previous);
  }
}
