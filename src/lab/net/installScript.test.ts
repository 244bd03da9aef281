import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { installScript } from './labNetworking.js';

describe('installScript: the lab tells users where its install script is', () => {
  it('from the repo (or an installed package), the script beside the code, relative when under the working directory', () => {
    expect(installScript(join(process.cwd(), 'dist', 'podnet.js'))).toBe(join('scripts', 'install-lab-deps.sh'));
    expect(installScript(join(process.cwd(), 'src', 'lab', 'net', 'labNetworking.ts'))).toBe(join('scripts', 'install-lab-deps.sh'));
  });

  it('an absolute path when the package lives elsewhere', () => {
    const cwd = process.cwd();
    process.chdir('/');
    try {
      expect(installScript(join(cwd, 'dist', 'podnet.js'))).toBe(join(cwd, 'scripts', 'install-lab-deps.sh'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('the repo-relative name when no copy is found', () => {
    expect(installScript('/nonexistent/a/b/podnet.js')).toBe('scripts/install-lab-deps.sh');
  });
});
