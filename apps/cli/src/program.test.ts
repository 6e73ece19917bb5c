import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';

describe('buildProgram', () => {
  const program = buildProgram();

  it('prints no default as JSON in any command’s help', () => {
    expect(program.commands.length).toBeGreaterThanOrEqual(10);
    for (const command of program.commands) {
      const help = command.helpInformation();
      expect(help, command.name()).not.toMatch(/default: [[{]/);
    }
  });

  it('shows --dataset’s default as the flag value and --hidden’s (the recipes’) as a width list', () => {
    const help = program.commands.find((c) => c.name() === 'train')?.helpInformation() ?? '';
    expect(help).toMatch(/--dataset <spec>[\s\S]*?\(default: mnist\)/);
    expect(help).toMatch(/--hidden <widths>[\s\S]*?\(default: 512\)/);
    const train = program.commands.find((c) => c.name() === 'train');
    // The parsed default of --dataset is unchanged; --hidden has none, the recipe fills it in.
    expect(train?.options.find((o) => o.long === '--dataset')?.defaultValue).toEqual({
      kind: 'mnist',
    });
    expect(train?.options.find((o) => o.long === '--hidden')?.defaultValue).toBeUndefined();
  });
});
