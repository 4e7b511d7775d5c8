using Tellal.Cli;

return await TellalCommandLine.InvokeAsync(args);
