import { runCli } from './program.js'
import { createProcessTerminal } from './terminal.js'

// `elm-infra … | head` closes the pipe early: the terminal drops later writes (no exit from an
// 'error' handler, which used to end the process with code 0 before the command had decided).
process.exitCode = await runCli(process.argv.slice(2), {
  terminal: createProcessTerminal(process.env),
  env: process.env,
  cwd: process.cwd(),
  exitCode: 0
})
