using Tellal.Cli;

return await TellalCommandLine.Create().Parse(args).InvokeAsync();
