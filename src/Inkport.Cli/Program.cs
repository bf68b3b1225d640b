using Inkport.Cli;

return await InkportCli.RunAsync(args, CliEnvironment.FromProcess());
