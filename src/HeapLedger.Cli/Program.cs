using HeapLedger.Cli;

return HeapLedgerCli.Run(args, CliConsole.System);
