import { Command } from 'commander';
import { stopDetachedEmulator } from '../../emulator/detached';

/** `pipeline down`: stops the embedded emulator `pipeline up` started (its data goes with it). */
export function downCommand(): Command {
  return new Command('down')
    .description('stop the embedded emulator started by pipeline up (all emulated data is dropped)')
    .addHelpText('after', '\nExample:\n  pipeline down')
    .action(async () => {
      console.log(
        (await stopDetachedEmulator())
          ? 'stopped the embedded emulator'
          : 'no embedded emulator was running',
      );
    });
}
